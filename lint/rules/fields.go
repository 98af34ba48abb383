package rules

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// compatibilityMax is the specification's limit on compatibility.
const compatibilityMax = 500

func init() {
	register(
		&analysis.Rule{
			ID: "SK140", Alias: "license-type", Severity: analysis.Error,
			Summary: "license must be a string",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if f := field(s, "license"); f != nil {
					if v, ok := frontmatter.String(f.Value); !ok || strings.TrimSpace(v) == "" {
						reportNode(p, s, f.Value, "license is %s; name a license (e.g. \"Apache-2.0\") or a bundled license file", emptyOr(f))
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK141", Alias: "compatibility-invalid", Severity: analysis.Error,
			Summary: "compatibility must be a string of 1 to 500 characters",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "compatibility")
				if f == nil {
					return
				}
				v, ok := frontmatter.String(f.Value)
				switch {
				case !ok || strings.TrimSpace(v) == "":
					reportNode(p, s, f.Value, "compatibility is %s; describe the environment the skill needs, or remove the key", emptyOr(f))
				case runeLen(v) > compatibilityMax:
					reportNode(p, s, f.Value, "compatibility is %d characters; the limit is %d", runeLen(v), compatibilityMax)
				}
			},
		},
		&analysis.Rule{
			ID: "SK142", Alias: "metadata-type", Severity: analysis.Error,
			Summary: "metadata must be a mapping",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "metadata")
				if f == nil || frontmatter.Resolve(f.Value).Kind == yaml.MappingNode {
					return
				}
				reportNode(p, s, f.Value, "metadata is %s, not a mapping: Claude Code drops it", frontmatter.KindName(f.Value))
			},
		},
		&analysis.Rule{
			ID: "SK143", Alias: "metadata-values", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "metadata should map string keys to string values",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "metadata")
				if f == nil {
					return
				}
				for _, kv := range frontmatter.Pairs(f.Value) {
					k, v := kv[0], kv[1]
					if contains(documentedKeys, k.Value) {
						reportNode(p, s, k, "metadata key %q reuses a frontmatter field name; Claude Code's documentation warns against it", k.Value)
						continue
					}
					if _, ok := frontmatter.String(v); !ok {
						reportNode(p, s, v, "metadata value of %q is %s: the specification allows only strings (quote it)", k.Value, frontmatter.KindName(v))
					}
				}
			},
		},
	)
}

// emptyOr describes a field's value type for messages.
func emptyOr(f *frontmatter.Field) string {
	if v, ok := frontmatter.String(f.Value); ok && strings.TrimSpace(v) == "" {
		return "empty"
	}
	return frontmatter.KindName(f.Value)
}
