package rules

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Limits on descriptions.
const (
	// descriptionMax is the specification's limit (agentskills.io, §description).
	descriptionMax = 1024
	// listingCap is where Claude Code cuts description + when_to_use in the
	// skill listing (code.claude.com/docs/en/skills, frontmatter reference).
	listingCap = 1536
)

var (
	xmlTag = regexp.MustCompile(`<[A-Za-z/!?][^<>]*>`)
	// personPhrases are first- and second-person phrasings; "Use when…" is
	// imperative and fine.
	personPhrases = []string{"i can", "i will", "i'll", "you can", "you should", "you will", "we can", "we will", "we'll", "let me"}
	// personStarts are sentence openings in the first or second person.
	personStarts = []string{"i", "we", "you"}
)

// personVoice returns the first first- or second-person phrasing in text,
// or "".
func personVoice(text string) string {
	lower := strings.ToLower(text)
	words := strings.FieldsFunc(lower, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
	for i, w := range words {
		if i+1 < len(words) {
			pair := w + " " + strings.TrimRight(words[i+1], ".,;:!?")
			if contains(personPhrases, pair) {
				return pair
			}
		}
		start := i == 0 || strings.ContainsAny(words[i-1][len(words[i-1])-1:], ".!?")
		if start && contains(personStarts, w) {
			return w
		}
	}
	return ""
}

// descriptionValue returns the description field when it is a string.
func descriptionValue(s *skill.Skill) (*frontmatter.Field, string, bool) {
	f := field(s, "description")
	if f == nil {
		return nil, "", false
	}
	v, ok := frontmatter.String(f.Value)
	return f, v, ok
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK130", Alias: "description-missing", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "a skill needs a description, which is how Claude decides to use it",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				h := fields(s)
				if h == nil || h.Get("description") != nil {
					return
				}
				p.Reportf(s.File, h.Open, "frontmatter has no description: Claude Code falls back to the first paragraph of the body, and other agents skip the skill; say what it does and when to use it")
			},
		},
		&analysis.Rule{
			ID: "SK131", Alias: "description-type", Severity: analysis.Error,
			Summary: "description must be a non-empty string",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "description")
				if f == nil {
					return
				}
				v, ok := frontmatter.String(f.Value)
				switch {
				case !ok:
					reportNode(p, s, f.Value, "description is %s, not a string", frontmatter.KindName(f.Value))
				case strings.TrimSpace(v) == "":
					reportNode(p, s, f.Value, "description is empty")
				}
			},
		},
		&analysis.Rule{
			ID: "SK132", Alias: "description-too-long", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "description must be at most 1,024 characters",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if f, v, ok := descriptionValue(s); ok && runeLen(v) > descriptionMax {
					reportNode(p, s, f.Value, "description is %d characters; the specification and uploads allow %d", runeLen(v), descriptionMax)
				}
			},
		},
		&analysis.Rule{
			ID: "SK133", Alias: "description-cut-in-listing", Severity: analysis.Error,
			Summary: "description and when_to_use together must fit Claude Code's 1,536-character listing",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f, v, ok := descriptionValue(s)
				if !ok {
					return
				}
				total := runeLen(v)
				what := "description"
				if w := whenToUse(s); w != nil {
					if wv, ok := frontmatter.String(w.Value); ok {
						total += runeLen(wv)
						what = "description and when_to_use"
					}
				}
				if total > listingCap {
					reportNode(p, s, f.Value, "%s total %d characters: Claude Code cuts the skill listing at %d, so Claude never sees the rest", what, total, listingCap)
				}
			},
		},
		&analysis.Rule{
			ID: "SK134", Alias: "description-xml", Severity: analysis.Warning, Portable: analysis.Error,
			Summary: "description must not contain XML tags",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f, v, ok := descriptionValue(s)
				if !ok {
					return
				}
				if tag := xmlTag.FindString(v); tag != "" {
					reportNode(p, s, f.Value, "description contains the XML tag %s: uploads to Claude apps reject it, and in the system prompt it reads as markup", tag)
				}
			},
		},
		&analysis.Rule{
			ID: "SK135", Alias: "description-voice", Severity: analysis.Warning,
			Summary: "description should be written in the third person",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f, v, ok := descriptionValue(s)
				if !ok {
					return
				}
				if m := personVoice(v); m != "" {
					reportNode(p, s, f.Value, "description speaks in the first or second person (%s): it is injected into the system prompt, so write it in the third person (\"Extracts tables… Use when…\")", quote(m))
				}
			},
		},
		&analysis.Rule{
			ID: "SK136", Alias: "description-multiline", Severity: analysis.Warning, Fixable: true,
			Summary: "description should be a single line",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f, v, ok := descriptionValue(s)
				if !ok {
					return
				}
				h := s.Header
				start := h.NodeOffset(f.Value)
				end := valueEnd(s, f)
				if !strings.Contains(strings.TrimRight(string(s.File.Src[start:end]), " \t\r\n"), "\n") {
					return
				}
				kind := "wrapped over several lines"
				switch f.Value.Style {
				case yaml.LiteralStyle, yaml.FoldedStyle:
					kind = "a block scalar (| or >)"
				}
				var fix *analysis.Fix
				if single := strings.Join(strings.Fields(v), " "); !hasComment(s, start, end) {
					fix = &analysis.Fix{Message: "put the description on one line",
						Edits: []analysis.Edit{{Start: start, End: end, New: strconv.Quote(single)}}}
				}
				p.ReportFix(s.File, start, fix, "description is %s: Claude Code has shown such values to the model as a bare \"|\" or lost them when a formatter rewrapped them, and many tools read only one line; put it on one line", kind)
			},
		},
		&analysis.Rule{
			ID: "SK137", Alias: "description-no-trigger", Severity: analysis.Info,
			Summary: "description should say when to use the skill",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f, v, ok := descriptionValue(s)
				if !ok || strings.TrimSpace(v) == "" {
					return
				}
				if whenToUse(s) != nil {
					return
				}
				lower := strings.ToLower(v)
				for _, cue := range []string{"when", "use for", "use this", "use to", "used for", "used to", "if the user", "if you", "for tasks", "whenever", "invoke"} {
					if strings.Contains(lower, cue) {
						return
					}
				}
				reportNode(p, s, f.Value, "description says what the skill does but not when to use it; add \"Use when …\" with the situations and keywords that should trigger it")
			},
		},
	)
}

// whenToUse returns the when_to_use field, also spelled when-to-use.
func whenToUse(s *skill.Skill) *frontmatter.Field {
	if f := field(s, "when_to_use"); f != nil {
		return f
	}
	return field(s, "when-to-use")
}

// valueEnd returns the offset where a top-level field's value ends: the end
// of the last indented, non-comment line that continues it (blank lines
// between continuation lines included).
func valueEnd(s *skill.Skill, f *frontmatter.Field) int {
	h := s.Header
	file := s.File
	line := file.Position(h.NodeOffset(f.Value)).Line
	end := file.LineEnd(line)
	last := file.Position(h.End).Line - 1 // the line before the closing ---
	for n := line + 1; n <= last; n++ {
		text := file.Line(n)
		trimmed := strings.TrimSpace(string(text))
		switch {
		case trimmed == "":
			continue
		case text[0] != ' ' && text[0] != '\t', strings.HasPrefix(trimmed, "#"):
			return end
		}
		end = file.LineEnd(n)
	}
	return end
}

// hasComment reports a YAML comment line between start and end.
func hasComment(s *skill.Skill, start, end int) bool {
	for _, line := range strings.Split(string(s.File.Src[start:end]), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			return true
		}
	}
	return false
}
