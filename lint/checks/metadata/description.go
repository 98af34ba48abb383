package metadata

import (
	"regexp"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

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
			if slices.Contains(personPhrases, pair) {
				return pair
			}
		}
		start := i == 0 || strings.ContainsAny(words[i-1][len(words[i-1])-1:], ".!?")
		if start && slices.Contains(personStarts, w) {
			return w
		}
	}
	return ""
}

// descriptionValue returns the description field when it is a string.
func descriptionValue(s *skill.Skill) (*frontmatter.Field, string, bool) {
	f := header.Field(s, "description")
	if f == nil {
		return nil, "", false
	}
	v, ok := frontmatter.String(f.Value)
	return f, v, ok
}

// whenToUse returns the when_to_use field, also spelled when-to-use.
func whenToUse(s *skill.Skill) *frontmatter.Field {
	if f := header.Field(s, "when_to_use"); f != nil {
		return f
	}
	return header.Field(s, "when-to-use")
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
