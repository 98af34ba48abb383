package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// toolFields are the frontmatter keys that list tools.
var toolFields = []string{"allowed-tools", "disallowed-tools"}

// eachToolField calls fn for each tools field of the skill that is present.
func eachToolField(s *skill.Skill, fn func(key string, entries []tools.Entry, form tools.Form, commas bool, typeErr string, f func() int)) {
	for _, key := range toolFields {
		fld := header.Field(s, key)
		if fld == nil {
			continue
		}
		entries, form, commas, typeErr := tools.Parse(fld.Value)
		fn(key, entries, form, commas, typeErr, func() int { return s.Header.NodeOffset(fld.Value) })
	}
}
