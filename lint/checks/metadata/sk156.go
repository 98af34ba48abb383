package metadata

import (
	"path"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// pathsValue is SK156: paths must be a comma-separated string or a list of glob patterns. Documented in docs/SK156.md.
var pathsValue = &analysis.Rule{
	ID: "SK156", Alias: "paths-value", Severity: analysis.Error,
	Summary: "paths must be a comma-separated string or a list of glob patterns",
	Skill:   checkPathsValue,
}

func checkPathsValue(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "paths")
	if f == nil {
		return
	}
	globs, problems := header.StringOrList(f, ",")
	for _, pr := range problems {
		header.Report(p, s, pr.Node, "paths %s", pr.Text)
	}
	for _, g := range globs {
		if _, err := path.Match(strings.ReplaceAll(g.Text, "**", "*"), ""); err != nil {
			header.Report(p, s, g.Node, "paths entry %s is not a valid glob pattern", msg.Quote(g.Text))
		}
	}
}
