package body

import (
	"strconv"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// argumentIndexUndeclared is SK230: indexed arguments must be within the declared arguments. Documented in docs/SK230.md.
var argumentIndexUndeclared = &analysis.Rule{
	ID: "SK230", Alias: "argument-index-undeclared", Severity: analysis.Warning,
	Summary: "indexed arguments must be within the declared arguments",
	Skill:   checkArgumentIndexUndeclared,
}

func checkArgumentIndexUndeclared(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "arguments")
	if f == nil {
		return
	}
	names, problems := header.StringOrList(f, " ")
	if len(problems) > 0 {
		return
	}
	body := s.File.Src[s.Body.Start:]
	for _, m := range indexedArg.FindAllSubmatchIndex(body, -1) {
		if m[3] > m[2] { // escaped with a backslash
			continue
		}
		var digits []byte
		if m[4] >= 0 {
			digits = body[m[4]:m[5]]
		} else {
			digits = body[m[6]:m[7]]
		}
		n, err := strconv.Atoi(string(digits))
		if err != nil || n < len(names) {
			continue
		}
		p.Reportf(s.File, s.Body.Start+m[0], "%s refers to argument %d, but arguments declares only %d (counting from 0); without it Claude Code leaves the text as written", body[m[0]:m[1]], n, len(names))
	}
}
