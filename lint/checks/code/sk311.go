package code

import (
	"encoding/json"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// jsonInvalid is SK311: JSON code blocks must parse. Documented in docs/SK311.md.
var jsonInvalid = &analysis.Rule{
	ID: "SK311", Alias: "json-invalid", Severity: analysis.Error,
	Summary: "JSON code blocks must parse",
	Skill:   checkJSONInvalid,
}

func checkJSONInvalid(p *analysis.Pass, s *skill.Skill) {
	for _, c := range codeBlocks(p, s, "json") {
		src := []byte(c.b.Content())
		if json.Valid(src) {
			continue
		}
		rp, whole := examplePass(p, s, c)
		if !whole && jsonExampleParses(string(src)) {
			continue
		}
		if _, err := jsonpos.Parse(src); err != nil {
			note := " (mark the block `json ignore` or use `jsonc` if it is not meant to be valid JSON)"
			if !whole {
				note = exampleNote
			}
			rp.Reportf(c.Doc.File, c.b.ContentOffset(err.Offset), "%s%s", err.Message, note)
		}
	}
}
