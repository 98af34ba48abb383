package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// nameMixedScript is SK704: name and folder name must not mix look-alike letters of different scripts. Documented in docs/SK704.md.
var nameMixedScript = &analysis.Rule{
	ID: "SK704", Alias: "name-mixed-script", Severity: analysis.Warning,
	Summary: "name and folder name must not mix look-alike letters of different scripts",
	Skill:   checkNameMixedScript,
}

func checkNameMixedScript(p *analysis.Pass, s *skill.Skill) {
	if f, v, ok := header.Name(s); ok {
		if why := mixedScript(v); why != "" {
			header.Report(p, s, f.Value, "name %s %s", msg.Quote(v), why)
		}
	}
	if why := mixedScript(s.Name); why != "" {
		p.ReportPath(s.Dir, "folder name %s %s; Claude Code names the command after the folder", msg.Quote(s.Name), why)
	}
}
