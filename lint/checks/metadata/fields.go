package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
)

// compatibilityMax is the specification's limit on compatibility.
const compatibilityMax = 500

// emptyOr describes a field's value type for messages.
func emptyOr(f *frontmatter.Field) string {
	if v, ok := frontmatter.String(f.Value); ok && strings.TrimSpace(v) == "" {
		return "empty"
	}
	return frontmatter.KindName(f.Value)
}
