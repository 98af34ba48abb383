package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Claude Code substitutes these variables in skill content
// (code.claude.com/docs/en/skills, "Available string substitutions").
var (
	claudeVars = []string{
		"CLAUDE_SESSION_ID", "CLAUDE_EFFORT", "CLAUDE_SKILL_DIR", "CLAUDE_PROJECT_DIR",
		"CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA",
	}
	pluginVars   = []string{"CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA"}
	claudeVarRef = regexp.MustCompile(`\$\{(CLAUDE_[A-Za-z0-9_]*)\}`)
	// indexedArg matches $ARGUMENTS[N] and the $N shorthand; a backslash
	// before the $ escapes it.
	indexedArg = regexp.MustCompile(`(\\?)\$(?:ARGUMENTS\[(\d+)\]|(\d+))`)
	// shellOperator separates simple commands in a command line.
	shellOperator = regexp.MustCompile(`&&|\|\||;|\|`)
)

func init() {
	register(
		&analysis.Rule{
			ID: "SK230", Alias: "argument-index-undeclared", Severity: analysis.Warning,
			Summary: "indexed arguments must be within the declared arguments",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "arguments")
				if f == nil {
					return
				}
				names, problems := stringOrList(f, " ")
				if len(problems) > 0 {
					return
				}
				body := s.File.Src[s.Body.Start:]
				for _, m := range indexedArg.FindAllSubmatchIndex(body, -1) {
					if m[3] > m[2] { // escaped with a backslash
						continue
					}
					var digits []byte
					if m[4] >= 0 {
						digits = body[m[4]:m[5]]
					} else {
						digits = body[m[6]:m[7]]
					}
					n, err := strconv.Atoi(string(digits))
					if err != nil || n < len(names) {
						continue
					}
					p.Reportf(s.File, s.Body.Start+m[0], "%s refers to argument %d, but arguments declares only %d (counting from 0); without it Claude Code leaves the text as written", body[m[0]:m[1]], n, len(names))
				}
			},
		},
		&analysis.Rule{
			ID: "SK231", Alias: "claude-variable-unknown", Severity: analysis.Warning,
			Summary: "${CLAUDE_…} variables must be ones Claude Code substitutes",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachVar(s, func(name string, f *source.File, off int) {
					if contains(claudeVars, name) {
						return
					}
					hint := ""
					if near := closest(name, claudeVars); near != "" {
						hint = "; did you mean ${" + near + "}?"
					}
					p.Reportf(f, off, "${%s} is not a variable Claude Code substitutes%s", name, hint)
				})
			},
		},
		&analysis.Rule{
			ID: "SK232", Alias: "plugin-variable-outside-plugin", Severity: analysis.Warning,
			Summary: "${CLAUDE_PLUGIN_ROOT} and ${CLAUDE_PLUGIN_DATA} exist only in plugin skills",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if s.PluginRoot != "" {
					return
				}
				eachVar(s, func(name string, f *source.File, off int) {
					if contains(pluginVars, name) {
						p.Reportf(f, off, "${%s} is set only for skills inside a plugin; this skill is not in one, so use ${CLAUDE_SKILL_DIR}", name)
					}
				})
			},
		},
		&analysis.Rule{
			ID: "SK233", Alias: "injection-not-allowed", Severity: analysis.Warning,
			Summary: "commands that run when the skill loads should be allowed by allowed-tools",
			Skill:   checkInjections,
		},
	)
}

// eachVar calls fn for every ${CLAUDE_…} reference in the skill's Markdown.
func eachVar(s *skill.Skill, fn func(name string, f *source.File, off int)) {
	for _, d := range skillDocs(s) {
		src := d.doc.File.Src
		for _, m := range claudeVarRef.FindAllSubmatchIndex(src, -1) {
			fn(string(src[m[2]:m[3]]), d.doc.File, m[0])
		}
	}
}

// checkInjections reports `!` commands that allowed-tools does not allow:
// Claude Code runs them when the skill loads without asking, and aborts the
// whole skill when permission is missing.
func checkInjections(p *analysis.Pass, s *skill.Skill) {
	var patterns []string
	all := false
	if f := field(s, "allowed-tools"); f != nil {
		entries, _, _, _ := parseTools(f.Value)
		for _, e := range entries {
			if e.Tool != "Bash" || e.Err != "" {
				continue
			}
			if !e.HasArgs || e.Pattern == "*" {
				all = true
			}
			patterns = append(patterns, e.Pattern)
		}
	}
	if all {
		return
	}
	check := func(cmd string, off int) {
		for _, part := range splitCommand(cmd) {
			if !bashAllowed(patterns, part) {
				p.Reportf(s.File, off, "command %s runs when the skill loads, but allowed-tools does not allow %s: unless the user's settings allow it, Claude Code aborts the skill; add Bash(%s) to allowed-tools", quote(cmd), quote(part), suggestPattern(part))
				return
			}
		}
	}
	for _, inj := range s.Body.Injections {
		check(inj.Command, inj.Offset)
	}
	for _, b := range s.Body.CodeBlocks {
		if !b.Injection() {
			continue
		}
		// A line ending in a backslash goes on on the next: one command.
		var cmd strings.Builder
		at := 0
		for _, l := range b.Lines {
			t := strings.TrimSpace(l.Text)
			if cmd.Len() == 0 {
				if t == "" || strings.HasPrefix(t, "#") {
					continue
				}
				at = l.Offset
			}
			if rest, continued := strings.CutSuffix(t, "\\"); continued {
				cmd.WriteString(rest)
				cmd.WriteByte(' ')
				continue
			}
			cmd.WriteString(t)
			check(strings.Join(strings.Fields(cmd.String()), " "), at)
			cmd.Reset()
		}
		if cmd.Len() > 0 {
			check(strings.Join(strings.Fields(cmd.String()), " "), at)
		}
	}
}

// splitCommand splits a shell command line into the simple commands that
// permission rules match one by one.
func splitCommand(cmd string) []string {
	var out []string
	for _, part := range shellOperator.Split(cmd, -1) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// bashAllowed matches a command against Bash(...) patterns: "prefix:*" allows
// commands starting with prefix, "*" is a wildcard, anything else is exact.
func bashAllowed(patterns []string, cmd string) bool {
	for _, pat := range patterns {
		if prefix, ok := strings.CutSuffix(pat, ":*"); ok {
			if cmd == prefix || strings.HasPrefix(cmd, prefix+" ") {
				return true
			}
			continue
		}
		if wildcardMatch(pat, cmd) {
			return true
		}
	}
	return false
}

// wildcardMatch matches s against a pattern in which * stands for any text.
func wildcardMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// suggestPattern proposes an allowed-tools pattern for a command: its first
// word, and its second when that is a subcommand ("git log"), then " *".
func suggestPattern(cmd string) string {
	words := strings.Fields(cmd)
	if len(words) == 0 {
		return "*"
	}
	if len(words) > 1 && !strings.HasPrefix(words[1], "-") && !strings.ContainsAny(words[1], "/.$'\"") {
		return words[0] + " " + words[1] + " *"
	}
	return words[0] + " *"
}
