package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// frontmatterCutShort is SK105: a --- inside the frontmatter ends it early for Claude Code. Documented in docs/SK105.md.
var frontmatterCutShort = &analysis.Rule{
	ID: "SK105", Alias: "frontmatter-cut-short", Severity: analysis.Error,
	Summary: "a --- inside the frontmatter ends it early for Claude Code",
	Skill:   checkFrontmatterCutShort,
}

func checkFrontmatterCutShort(p *analysis.Pass, s *skill.Skill) {
	h := s.Header
	if !h.Closed || !h.Claude.Found || h.Claude.End >= h.End {
		return
	}
	if h.Err != nil && h.Err.Kind == frontmatter.Syntax && h.Repair == nil {
		// Not YAML up to its closing line either: the closing line is
		// missing and the body ran into the frontmatter, which SK106
		// reports; rewording the dashes would fix nothing.
		return
	}
	key := fieldAt(h, h.Claude.End)
	p.Reportf(s.File, h.Claude.End,
		"Claude Code ends the frontmatter at this \"---\"%s: everything after it is lost from the metadata and shown as body text; reword without three dashes",
		key)
}
