package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// yamlTooComplex is SK109: frontmatter must not expand beyond the YAML size and depth limits. Documented in docs/SK109.md.
var yamlTooComplex = &analysis.Rule{
	ID: "SK109", Alias: "yaml-too-complex", Severity: analysis.Error,
	Summary: "frontmatter must not expand beyond the YAML size and depth limits",
	Skill:   checkYAMLTooComplex,
}

func checkYAMLTooComplex(p *analysis.Pass, s *skill.Skill) {
	if h := s.Header; h.Err != nil && h.Err.Kind == frontmatter.Limit {
		p.Reportf(s.File, h.Err.Offset, "%s; Claude Code refuses such YAML (\"Excessive aliasing\") and loads the skill with empty metadata", h.Err.Message)
	}
}
