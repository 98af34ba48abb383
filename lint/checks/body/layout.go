package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// uploadMax is the Skills API's limit on a skill's total size.
const uploadMax = 8 << 20

// layoutProblem returns a Layout check reporting layout problems of one kind.
func layoutProblem(kind layout.ProblemKind, message func(layout.Problem) string) func(*analysis.Pass, *layout.Layout) {
	return func(p *analysis.Pass, res *layout.Layout) {
		for _, f := range res.Problems {
			if f.Kind == kind {
				p.ReportPath(f.Path, "%s", message(f))
			}
		}
	}
}

// reader names who loads the skills of a skills folder, and whether that is
// several agents: Claude Code for .claude/skills and plugins; for
// .agents/skills and .github/skills, the agents that read those.
func reader(skillsDir string) (who string, many bool) {
	switch parent, _ := layout.ProjectSkillsDir(skillsDir); parent {
	case ".agents":
		return "Codex, GitHub Copilot and Gemini CLI (which read .agents/skills)", true
	case ".github":
		return "GitHub Copilot (which reads .github/skills)", false
	}
	return "Claude Code", false
}
