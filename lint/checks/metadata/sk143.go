package metadata

import (
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// metadataValues is SK143: metadata should map string keys to string values. Documented in docs/SK143.md.
var metadataValues = &analysis.Rule{
	ID: "SK143", Alias: "metadata-values", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "metadata should map string keys to string values",
	Skill:   checkMetadataValues,
}

func checkMetadataValues(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "metadata")
	if f == nil {
		return
	}
	for _, kv := range frontmatter.Pairs(f.Value) {
		k, v := kv[0], kv[1]
		if slices.Contains(documentedKeys, k.Value) {
			header.Report(p, s, k, "metadata key %q reuses a frontmatter field name; Claude Code's documentation warns against it", k.Value)
			continue
		}
		if _, ok := frontmatter.String(v); !ok {
			header.Report(valuePass(p), s, v, "metadata value of %q is %s: the specification allows only strings (quote it)", k.Value, frontmatter.KindName(v))
		}
	}
}

// valuePass is the pass for a metadata value that is not a string: info for
// Claude Code, which keeps metadata as it is and never acts on it; the
// rule's severity in the portable profile, whose validators reject it.
func valuePass(p *analysis.Pass) *analysis.Pass {
	if p.Profile == analysis.Portable {
		return p
	}
	return p.AtMost(analysis.Info)
}
