package body

import (
	"bytes"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// referenceTooDeep is SK205: reference files should be linked directly from SKILL.md. Documented in docs/SK205.md.
var referenceTooDeep = &analysis.Rule{
	ID: "SK205", Alias: "reference-too-deep", Severity: analysis.Warning,
	Summary: "reference files should be linked directly from SKILL.md",
	Skill:   checkReferenceTooDeep,
}

func checkReferenceTooDeep(p *analysis.Pass, s *skill.Skill) {
	depth, via := links.Depths(s)
	for rel, d := range depth {
		if d < 2 || namesPath(s.Body.File.Src, rel) {
			continue
		}
		by := via[rel]
		p.Reportf(s.Doc(by.From).File, by.Link.Offset, "%s is reached only through %s, %d links away from SKILL.md: Claude may read nested references only partly; link it from SKILL.md", rel, by.From, d)
	}
}

// namesPath reports whether text names the file at rel (relative to the
// skill folder) by its whole path, in a code span or in prose
// ("`references/errors.md`", "./references/errors.md"): Claude can open it
// from there as it would follow a link.
func namesPath(text []byte, rel string) bool {
	needle := []byte(rel)
	for i := 0; ; {
		j := bytes.Index(text[i:], needle)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(needle)
		if bytes.HasSuffix(text[:start], []byte("./")) {
			start -= 2
		}
		if (start == 0 || !pathByte(text[start-1])) && (end == len(text) || !pathByte(text[end]) || text[end] == '.') {
			return true
		}
		i += j + 1
	}
}

// pathByte reports a byte that can be part of a path written in text.
func pathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || bytes.IndexByte([]byte("_-./"), c) >= 0
}
