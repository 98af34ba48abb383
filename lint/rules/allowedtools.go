package rules

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// toolFields are the frontmatter keys that list tools.
var toolFields = []string{"allowed-tools", "disallowed-tools"}

// eachToolField calls fn for each tools field of the skill that is present.
func eachToolField(s *skill.Skill, fn func(key string, entries []toolEntry, form toolForm, commas bool, typeErr string, f func() int)) {
	for _, key := range toolFields {
		fld := field(s, key)
		if fld == nil {
			continue
		}
		entries, form, commas, typeErr := parseTools(fld.Value)
		fn(key, entries, form, commas, typeErr, func() int { return s.Header.NodeOffset(fld.Value) })
	}
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK144", Alias: "tools-type", Severity: analysis.Error,
			Summary: "allowed-tools and disallowed-tools must be a string or a list of strings",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachToolField(s, func(key string, _ []toolEntry, _ toolForm, _ bool, typeErr string, off func() int) {
					if typeErr != "" {
						p.Reportf(s.File, off(), "%s %s", key, typeErr)
					}
				})
			},
		},
		&analysis.Rule{
			ID: "SK145", Alias: "tools-syntax", Severity: analysis.Error,
			Summary: "each tool entry must be a tool name with an optional (pattern)",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachToolField(s, func(key string, entries []toolEntry, _ toolForm, _ bool, _ string, _ func() int) {
					for _, e := range entries {
						if e.Err != "" {
							p.Reportf(s.File, entryOffset(s, e), "%s entry %s %s", key, quote(e.Text), e.Err)
						}
					}
				})
			},
		},
		&analysis.Rule{
			ID: "SK146", Alias: "tools-not-portable", Severity: analysis.Off, Portable: analysis.Error,
			Summary: "the specification wants allowed-tools as one space-separated string",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachToolField(s, func(key string, _ []toolEntry, form toolForm, commas bool, _ string, off func() int) {
					if key != "allowed-tools" {
						return
					}
					switch {
					case form == toolList:
						p.Reportf(s.File, off(), "allowed-tools is a YAML list: Claude Code accepts it, but the specification defines a space-separated string and its validator rejects flow lists")
					case commas:
						p.Reportf(s.File, off(), "allowed-tools is separated with commas: Claude Code accepts it, but the specification defines a space-separated string")
					}
				})
			},
		},
		&analysis.Rule{
			ID: "SK147", Alias: "tools-misspelled", Severity: analysis.Warning,
			Summary: "tool names are case-sensitive and must be spelled as Claude Code spells them",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachToolField(s, func(key string, entries []toolEntry, _ toolForm, _ bool, _ string, _ func() int) {
					for _, e := range entries {
						if e.Err != "" || contains(knownTools, e.Tool) {
							continue
						}
						if near := closest(e.Tool, knownTools); near != "" {
							p.Reportf(s.File, entryOffset(s, e), "%s names %q, which is not a Claude Code tool: did you mean %q? (tool names are case-sensitive)", key, e.Tool, near)
						}
					}
				})
			},
		},
	)
}
