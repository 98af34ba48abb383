package rules

import (
	"path/filepath"
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

var namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// nameValue returns the skill's name field when it is a non-empty string.
func nameValue(s *skill.Skill) (*frontmatter.Field, string, bool) {
	f := field(s, "name")
	if f == nil {
		return nil, "", false
	}
	v, ok := frontmatter.String(f.Value)
	if !ok || strings.TrimSpace(v) == "" {
		return f, "", false
	}
	return f, v, true
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK120", Alias: "name-missing", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "a skill should set name (required by the specification, and for plugin-root skills)",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := fields(s)
				if h == nil || h.Get("name") != nil {
					return
				}
				switch {
				case p.Profile == analysis.Portable:
					p.Reportf(s.File, h.Open, "frontmatter has no name: the specification and uploads require one (lowercase letters, digits and hyphens, matching the folder %q)", s.Name)
				case s.PluginRoot != "" && filepath.Clean(s.PluginRoot) == filepath.Clean(s.Dir):
					p.Reportf(s.File, h.Open, "a SKILL.md at a plugin's root needs a name: without it Claude Code names the skill after the install folder, which for marketplace installs is a version string that changes on every update")
				}
			},
		},
		&analysis.Rule{
			ID: "SK121", Alias: "name-type", Severity: analysis.Error,
			Summary: "name must be a non-empty string",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "name")
				if f == nil {
					return
				}
				if _, ok := frontmatter.String(f.Value); !ok {
					reportNode(p, s, f.Value, "name is %s, not a string", frontmatter.KindName(f.Value))
				} else if strings.TrimSpace(f.Value.Value) == "" {
					reportNode(p, s, f.Value, "name is empty")
				}
			},
		},
		&analysis.Rule{
			ID: "SK122", Alias: "name-too-long", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "name must be at most 64 characters",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if f, v, ok := nameValue(s); ok && runeLen(v) > 64 {
					reportNode(p, s, f.Value, "name is %d characters; the limit is 64", runeLen(v))
				}
			},
		},
		&analysis.Rule{
			ID: "SK123", Alias: "name-format", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "name must be lowercase letters, digits and single hyphens",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f, v, ok := nameValue(s)
				if !ok || namePattern.MatchString(v) {
					return
				}
				reportNode(p, s, f.Value, "name %s %s; use lowercase letters, digits and single hyphens, e.g. %q", quote(v), nameProblem(v), suggestName(v))
			},
		},
		&analysis.Rule{
			ID: "SK124", Alias: "name-folder-mismatch", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "name should equal the skill's folder name",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f, v, ok := nameValue(s)
				if !ok || v == s.Name {
					return
				}
				reportNode(p, s, f.Value, "name %s differs from the folder %q: the specification requires them equal; Claude Code names the command after the folder (in plugins, after name)", quote(v), s.Name)
			},
		},
		&analysis.Rule{
			ID: "SK125", Alias: "name-reserved-word", Severity: analysis.Off, Portable: analysis.Error,
			Summary: "name must not contain the reserved words anthropic or claude",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f, v, ok := nameValue(s)
				if !ok {
					return
				}
				lower := strings.ToLower(v)
				for _, w := range []string{"anthropic", "claude"} {
					if strings.Contains(lower, w) {
						reportNode(p, s, f.Value, "name contains the reserved word %q: uploads to Claude apps reject it", w)
						return
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK126", Alias: "folder-name-reserved", Severity: analysis.Warning,
			Summary: "the folder name synced is reserved in Claude Code's skill locations",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if strings.EqualFold(s.Name, "synced") {
					p.ReportPath(s.Dir, "folder name %q is reserved in personal, project and enterprise skill locations (in any capitalization): Claude Code skips a skill there", s.Name)
				}
			},
		},
	)
}

func nameProblem(v string) string {
	switch {
	case strings.ToLower(v) != v:
		return "has uppercase letters"
	case strings.HasPrefix(v, "-") || strings.HasSuffix(v, "-"):
		return "starts or ends with a hyphen"
	case strings.Contains(v, "--"):
		return "has consecutive hyphens"
	case strings.ContainsAny(v, " \t"):
		return "has spaces"
	}
	return "has characters other than a-z, 0-9 and -"
}

// suggestName turns a name into the form the rule asks for.
func suggestName(v string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(v) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "my-skill"
	}
	return b.String()
}
