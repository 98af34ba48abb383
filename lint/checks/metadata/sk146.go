package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// toolsNotPortable is SK146: the specification wants allowed-tools as one space-separated string. Documented in docs/SK146.md.
var toolsNotPortable = &analysis.Rule{
	ID: "SK146", Alias: "tools-not-portable", Severity: analysis.Off, Portable: analysis.Error,
	Summary: "the specification wants allowed-tools as one space-separated string",
	Skill:   checkToolsNotPortable,
}

func checkToolsNotPortable(p *analysis.Pass, s *skill.Skill) {
	eachToolField(s, func(key string, _ []tools.Entry, form tools.Form, commas bool, _ string, off func() int) {
		if key != "allowed-tools" {
			return
		}
		switch {
		case form == tools.ListForm:
			p.Reportf(s.File, off(), "allowed-tools is a YAML list: Claude Code accepts it, but the specification defines a space-separated string and its validator rejects flow lists")
		case commas:
			p.Reportf(s.File, off(), "allowed-tools is separated with commas: Claude Code accepts it, but the specification defines a space-separated string")
		}
	})
}
