package metadata

import (
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// agentValue is SK155: agent must name a built-in or custom subagent. Documented in docs/SK155.md.
var agentValue = &analysis.Rule{
	ID: "SK155", Alias: "agent-value", Severity: analysis.Error,
	Summary: "agent must name a built-in or custom subagent",
	Skill:   checkAgentValue,
}

func checkAgentValue(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "agent")
	if f == nil {
		return
	}
	v, ok := frontmatter.String(f.Value)
	switch {
	case !ok || strings.TrimSpace(v) == "":
		header.Report(p, s, f.Value, "agent must be a subagent name (%s, or one from .claude/agents/), not %s", strings.Join(builtinAgents, ", "), header.Describe(f.Value))
	case !agentName.MatchString(v):
		header.Report(p, s, f.Value, "agent %s is not a subagent name", msg.Quote(v))
	case !slices.Contains(builtinAgents, v):
		if near := msg.Closest(v, builtinAgents); near != "" {
			header.Report(p, s, f.Value, "agent %s is not a built-in subagent: did you mean %q? (custom agents come from .claude/agents/)", msg.Quote(v), near)
		}
	}
}
