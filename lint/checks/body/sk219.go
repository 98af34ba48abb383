package body

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkOutsideSkillInPlugin is SK219: links to other parts of the plugin or to sibling skills break when the skill folder is used alone. Documented in docs/SK219.md.
var linkOutsideSkillInPlugin = &analysis.Rule{
	ID: "SK219", Alias: "link-outside-skill-in-plugin", Severity: analysis.Warning,
	Summary: "links to other parts of the plugin or to sibling skills break when the skill folder is used alone",
	Skill:   checkLinkOutsideSkillInPlugin,
}

func checkLinkOutsideSkillInPlugin(p *analysis.Pass, s *skill.Skill) {
	links.Each(p, s, func(d links.Doc, l markdown.Link, t links.Target) {
		if t.Kind != links.Outside || !existsFrom(s, t.Path) {
			return
		}
		if s.OutsidePlugin {
			return // a copy the plugin never loads (SK610), linking back to the original's files
		}
		switch sibling := siblingSkill(s, t.Path); {
		case onNavigationLine(d.Doc.File.Src, l.Offset):
			p.AtMost(analysis.Info).Reportf(d.Doc.File, l.Offset, "%s %s leaves the skill folder on a navigation line for people browsing the files: it dangles when this skill is copied alone, which costs Claude nothing", links.Word(l), msg.Quote(l.Dest))
		case namesSkill(s, t.Path) || sibling != "" && strings.Trim(linkText(d.Doc.File.Src, l.Offset), "`*_ ") == sibling:
			// A "see also" to another skill, or a link into it that bears its
			// name ("moved to the [systems-paper](../systems-paper/templates/)
			// skill"): Claude finds that skill by its name anyway, so the
			// skill loses a pointer, not an instruction.
			p.AtMost(analysis.Info).Reportf(d.Doc.File, l.Offset, "%s %s points to another skill as a whole: it works while both are installed and dangles when this skill is copied alone; naming the skill in prose works everywhere", links.Word(l), msg.Quote(l.Dest))
		case inPlugin(s, t.Path):
			p.Reportf(d.Doc.File, l.Offset, "%s %s leaves the skill folder for another part of the plugin: it works when the plugin is installed, not when the skill folder is copied into .claude/skills/", links.Word(l), msg.Quote(l.Dest))
		case sibling != "":
			p.Reportf(d.Doc.File, l.Offset, "%s %s points into the sibling skill %s: it works while both are installed side by side, not when this skill is copied alone", links.Word(l), msg.Quote(l.Dest), sibling)
		}
	})
}

// linkText returns the text of the inline link that starts at off in src
// ("[text](dest)", or an image), or "" for another form.
func linkText(src []byte, off int) string {
	if off < len(src) && src[off] == '!' {
		off++
	}
	if off >= len(src) || src[off] != '[' {
		return ""
	}
	rest := src[off+1 : min(len(src), off+1+maxLinkText)]
	end := bytes.IndexByte(rest, ']')
	if end < 0 || bytes.IndexByte(rest[:end], '\n') >= 0 {
		return ""
	}
	return string(rest[:end])
}

// maxLinkText bounds the text of a link that can name a skill.
const maxLinkText = 200

// namesSkill reports a target (relative to the skill folder) that is
// another skill as a whole: its folder or its SKILL.md, not a file inside it.
func namesSkill(s *skill.Skill, target string) bool {
	p := onDisk(s, target)
	if filepath.Base(p) == layout.SkillFileName {
		return true
	}
	_, err := os.Stat(filepath.Join(p, layout.SkillFileName))
	return err == nil
}
