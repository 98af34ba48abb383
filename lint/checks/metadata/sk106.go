package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// yamlInvalid is SK106: frontmatter must be valid YAML. Documented in docs/SK106.md.
var yamlInvalid = &analysis.Rule{
	ID: "SK106", Alias: "yaml-invalid", Severity: analysis.Error,
	Summary: "frontmatter must be valid YAML",
	Skill:   checkYAMLInvalid,
}

func checkYAMLInvalid(p *analysis.Pass, s *skill.Skill) {
	h := s.Header
	if h.Closed && h.Err != nil && h.Err.Kind == frontmatter.Syntax && h.Repair == nil {
		p.Reportf(s.File, h.Err.Offset,
			"frontmatter is not valid YAML (%s): Claude Code loads the skill with empty metadata, so it is never chosen automatically", h.Err.Message)
	}
}
