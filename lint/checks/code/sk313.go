package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// yamlBlockInvalid is SK313: YAML code blocks must parse. Documented in docs/SK313.md.
var yamlBlockInvalid = &analysis.Rule{
	ID: "SK313", Alias: "yaml-block-invalid", Severity: analysis.Error,
	Summary: "YAML code blocks must parse",
	Skill:   checkYAMLBlockInvalid,
}

func checkYAMLBlockInvalid(p *analysis.Pass, s *skill.Skill) {
	for _, c := range codeBlocks(p, s, "yaml") {
		line, msg := yamlError(c.b.Content())
		if msg == "" {
			continue
		}
		rp, whole := examplePass(p, s, c)
		if whole {
			rp.Reportf(c.Doc.File, c.b.LineOffset(line, 1), "YAML does not parse: %s", msg)
		} else if !yamlExampleParses(c.b.Content()) && !yamlNotYAML(c.b.Content()) {
			rp.Reportf(c.Doc.File, c.b.LineOffset(line, 1), "YAML does not parse: %s%s", msg, exampleNote)
		}
	}
}
