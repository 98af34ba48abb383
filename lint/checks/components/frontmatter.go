package components

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
)

// reportUnusableHeader reports a component whose frontmatter Claude Code
// cannot use: the file cannot be read, Claude Code finds no header, the
// header is not closed, or its YAML is not a mapping even after Claude
// Code's repair. consequence says what Claude Code then does. needHeader
// is false for kinds that work without frontmatter.
func reportUnusableHeader(p *analysis.Pass, cf *component.File, needHeader bool, consequence string) {
	h := cf.Header
	switch {
	case cf.Problem != nil:
		p.ReportPath(cf.Problem.Path, "%s; %s", cf.Problem.Message, consequence)
	case !h.Found:
		if needHeader {
			p.Reportf(cf.File, 0, "%s does not start with frontmatter (a \"---\" line, the keys, a closing \"---\" line); %s", cf.Kind, consequence)
		}
	case !h.Closed:
		p.Reportf(cf.File, h.Open, "frontmatter has no closing \"---\" line; %s", consequence)
	case !h.Claude.Found:
		p.Reportf(cf.File, h.Open, "Claude Code finds no frontmatter: it must start on the first line, with no byte order mark or blank line before \"---\"; %s", consequence)
	case h.Err != nil && h.Repair == nil:
		switch h.Err.Kind {
		case frontmatter.Syntax:
			p.Reportf(cf.File, h.Err.Offset, "frontmatter is not valid YAML (%s), even after Claude Code's repair; %s", h.Err.Message, consequence)
		default:
			p.Reportf(cf.File, h.Err.Offset, "frontmatter %s; %s", h.Err.Message, consequence)
		}
	}
}
