package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// yamlNotMapping is SK108: frontmatter must be a mapping of keys to values. Documented in docs/SK108.md.
var yamlNotMapping = &analysis.Rule{
	ID: "SK108", Alias: "yaml-not-mapping", Severity: analysis.Error,
	Summary: "frontmatter must be a mapping of keys to values",
	Skill:   checkYAMLNotMapping,
}

func checkYAMLNotMapping(p *analysis.Pass, s *skill.Skill) {
	if h := s.Header; h.Err != nil && h.Err.Kind == frontmatter.NotMapping {
		p.Reportf(s.File, h.Err.Offset, "%s", h.Err.Message)
	}
}
