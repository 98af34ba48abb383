package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// nameReservedWord is SK125: name must not contain the reserved words anthropic or claude. Documented in docs/SK125.md.
var nameReservedWord = &analysis.Rule{
	ID: "SK125", Alias: "name-reserved-word", Severity: analysis.Off, Portable: analysis.Error,
	Summary: "name must not contain the reserved words anthropic or claude",
	Skill:   checkNameReservedWord,
}

func checkNameReservedWord(p *analysis.Pass, s *skill.Skill) {
	f, v, ok := header.Name(s)
	if !ok {
		return
	}
	lower := strings.ToLower(v)
	for _, w := range []string{"anthropic", "claude"} {
		if strings.Contains(lower, w) {
			header.Report(p, s, f.Value, "name contains the reserved word %q: uploads to Claude apps reject it", w)
			return
		}
	}
}
