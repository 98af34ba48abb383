package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// toolsOverbroadUserInvoked is SK711: allowed-tools should pre-approve only the commands and paths a skill needs. Documented in docs/SK711.md.
var toolsOverbroadUserInvoked = &analysis.Rule{
	ID: "SK711", Alias: "tools-overbroad-user-invoked", Severity: analysis.Warning,
	Summary: "allowed-tools should pre-approve only the commands and paths a skill needs",
	Skill:   checkToolsOverbroadUserInvoked,
}

func checkToolsOverbroadUserInvoked(p *analysis.Pass, s *skill.Skill) {
	if !header.UserOnly(s) {
		return
	}
	eachBroadTool(p, s, func(rp *analysis.Pass, e tools.Entry, what, fix string) {
		rp.Reportf(s.File, tools.Offset(s, e), "allowed-tools entry %s pre-approves %s whenever the user runs this skill; %s", msg.Quote(e.Text), what, fix)
	})
}
