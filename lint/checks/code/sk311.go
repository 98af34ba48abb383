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
		// A first-line caption (// turbo.json) names the file; it is
		// blanked, offsets kept, and the name tells the file's dialect.
		src, name := stripJSONCaption(c.b.Content())
		if json.Valid([]byte(src)) {
			continue
		}
		if name == "" {
			name = infoFileName(c.info.Unknown)
		}
		if name == "" {
			name = jsoncFromSchema(src)
		}
		if d := jsoncFile(name); d.known {
			// The tool reads the file as JSONC: what it allows is fine.
			src = blankJSONC(src, d.trailingCommas)
			if json.Valid([]byte(src)) {
				continue
			}
		}
		rp, whole := examplePass(p, s, c)
		if stripped := blankJSONC(src, false); whole && json.Valid([]byte(stripped)) {
			// Comments alone never make an error: the block is whole
			// JSON once a reader drops them, and many tools read JSONC.
			p.AtMost(analysis.Warning).Reportf(c.Doc.File, c.b.ContentOffset(firstDifferentByte(src, stripped)),
				"comments are not JSON: the block parses without them (use `jsonc` if its tool reads comments, or drop them)")
			continue
		}
		if !whole && (jsonExampleParses(src) || jsonIllustration(src)) {
			continue
		}
		if _, err := jsonpos.Parse([]byte(src)); err != nil {
			note := " (mark the block `json ignore` or use `jsonc` if it is not meant to be valid JSON)"
			if !whole {
				note = exampleNote
			}
			rp.Reportf(c.Doc.File, c.b.ContentOffset(err.Offset), "%s%s", err.Message, note)
		}
	}
}

// firstDifferentByte returns the first offset where a and b differ.
func firstDifferentByte(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
