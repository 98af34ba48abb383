package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// toolsOverbroad is SK710: a skill Claude may invoke on its own must not pre-approve open-ended tools. Documented in docs/SK710.md.
var toolsOverbroad = &analysis.Rule{
	ID: "SK710", Alias: "tools-overbroad", Severity: analysis.Warning,
	Summary: "a skill Claude may invoke on its own must not pre-approve open-ended tools",
	Skill:   checkToolsOverbroad,
}

func checkToolsOverbroad(p *analysis.Pass, s *skill.Skill) {
	if header.UserOnly(s) {
		return
	}
	eachBroadTool(p, s, func(rp *analysis.Pass, e tools.Entry, what, fix string) {
		rp.Reportf(s.File, tools.Offset(s, e), "allowed-tools entry %s pre-approves %s, and Claude can invoke this skill on its own (no disable-model-invocation: true): anything that steers Claude while the skill is active runs it without asking; %s", msg.Quote(e.Text), what, fix)
	})
}
