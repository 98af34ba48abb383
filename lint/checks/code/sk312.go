package code

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// jsonSchemaInvalid is SK312: JSON Schema code blocks must compile as schemas. Documented in docs/SK312.md.
var jsonSchemaInvalid = &analysis.Rule{
	ID: "SK312", Alias: "json-schema-invalid", Severity: analysis.Error,
	Summary: "JSON Schema code blocks must compile as schemas",
	Skill:   checkJSONSchemaInvalid,
}

func checkJSONSchemaInvalid(p *analysis.Pass, s *skill.Skill) {
	for _, c := range codeBlocks(p, s, "json") {
		src := c.b.Content()
		if !strings.Contains(src, `"$schema"`) {
			continue
		}
		v, err := jsonpos.Parse([]byte(src))
		if err != nil {
			continue
		}
		if off, msg, bad := checkSchema(v); bad {
			p.Reportf(c.Doc.File, c.b.ContentOffset(off), "JSON Schema does not compile: %s", msg)
		}
	}
}
