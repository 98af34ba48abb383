package body

import (
	"bytes"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
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
	nested := map[string]int{} // nested SKILL.md files and the files only they link
	for _, rel := range slices.Sorted(maps.Keys(depth)) {
		d := depth[rel]
		if d < 2 || namesPath(s.Body.File.Src, rel) || namesFolder(s.Body.File.Src, rel) {
			continue
		}
		by := via[rel]
		if path.Base(by.From) == layout.SkillFileName {
			nested[by.From]++ // an index in its own right: reported once below
			continue
		}
		p.Reportf(s.Doc(by.From).File, by.Link.Offset, "%s is reached only through %s, %d links away from SKILL.md: Claude may read nested references only partly; link it from SKILL.md", rel, by.From, d)
	}
	for _, index := range slices.Sorted(maps.Keys(nested)) {
		p.AtMost(analysis.Info).Reportf(s.Doc(index).File, 0, "%s is a SKILL.md inside this skill, which Claude Code reads only as a reference file: the %d files that only it links are two links from SKILL.md; make it a skill of its own, or keep it as a deliberate second-level index", index, nested[index])
	}
}

// namesFolder reports whether text names a folder of the file at rel, two
// levels deep or more, with its trailing slash ("`reference/scenarios/`"):
// Claude lists that folder and finds the file. A top-level folder alone
// ("references/") says too little to count.
func namesFolder(text []byte, rel string) bool {
	for dir := path.Dir(rel); strings.Contains(dir, "/"); dir = path.Dir(dir) {
		if namesPath(text, dir+"/") {
			return true
		}
	}
	return false
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
