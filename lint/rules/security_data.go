package rules

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/skillcheck-dev/skillcheck/lint/rule"
	"github.com/skillcheck-dev/skillcheck/lint/skill"
	"github.com/skillcheck-dev/skillcheck/lint/source"
)

// injectionPhrases are the stock phrases of prompt injection: overriding
// earlier instructions, reassigning the model's role, extracting the system
// prompt, and keeping the user in the dark. Words may be separated by any
// white space, line breaks included. Role play that a prompt template
// legitimately asks for ("you are now a strict grader") is not among them.
var injectionPhrases = func() *regexp.Regexp {
	var out []string
	for _, p := range []string{
		`ignore (?:all |any )?(?:of )?(?:the |your |my )?(?:previous|prior|above|earlier|preceding|foregoing|former|system) (?:instructions?|prompts?|messages?|directions?|rules|context|guidelines|commands|directives)`,
		`disregard (?:all |any )?(?:of )?(?:the |your )?(?:previous|prior|above|earlier|preceding|foregoing|system)\b`,
		`forget (?:all |everything |any )?(?:of )?(?:the |your )?(?:previous|prior|above|earlier) (?:instructions?|prompts?|messages?|context|rules)`,
		`forget everything (?:you (?:were told|know)|above)`,
		`you are now (?:no longer bound|free of|unrestricted|jailbroken|DAN|in developer mode)\b`,
		`(?:reveal|print|output|show|repeat|leak|disclose|dump|display) (?:me )?(?:your|the) (?:full |entire |original |hidden |initial )?system prompt`,
		`(?:new|updated|override|overriding|real|actual) system prompt\s*:`,
		`(?:do not|don['’]?t|never) (?:tell|inform|alert|notify|warn) the user\b`,
		`(?:do not|don['’]?t|never) (?:mention|reveal|disclose|show) (?:this|these|it|that) to the user\b`,
		`without (?:telling|informing|notifying|alerting|warning) the user\b`,
		`(?:hide|conceal|keep) (?:this|these|it) (?:secret )?from the user\b`,
		`(?:override|bypass) (?:your|all|the|any) (?:previous |prior |safety )?(?:instructions|rules|guidelines|restrictions|safeguards)\b`,
	} {
		out = append(out, strings.ReplaceAll(p, " ", `\s+`))
	}
	return regexp.MustCompile(`(?i)\b(?:` + strings.Join(out, "|") + `)`)
}()

// injectionWords are words one of which every injection phrase holds: a
// file without any of them is not searched.
var injectionWords = []string{"ignore", "disregard", "forget", "you", "system", "user", "override", "bypass"}

// quoteMarks pairs opening and closing quotation marks.
var quoteMarks = map[rune]rune{'"': '"', '\'': '\'', '`': '`', '“': '”', '‘': '’', '«': '»'}

// quotedMention reports a phrase that text quotes rather than says: an
// opening quotation mark right before it and its closing mark later on the
// same line, as in: a project named "ignore previous instructions" is valid.
func quotedMention(text []byte, start, end int) bool {
	open, _ := utf8.DecodeLastRune(text[:start])
	closing, ok := quoteMarks[open]
	if !ok {
		return false
	}
	rest := text[end:]
	if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	return bytes.ContainsRune(rest, closing)
}

func init() {
	register(&rule.Rule{
		ID: "SK750", Alias: "instruction-in-data", Severity: rule.Warning,
		Summary: "reference and data files should not address the model with injection phrases",
		Skill: func(p *rule.Pass, s *skill.Skill) {
			c := newCapped(p, "injection phrases")
			report := func(f *source.File, text []byte, base int, where string) {
				if !containsAny(bytes.ToLower(text), injectionWords) {
					return
				}
				for _, m := range injectionPhrases.FindAllIndex(text, -1) {
					if quotedMention(text, m[0], m[1]) {
						continue
					}
					phrase := strings.Join(strings.Fields(string(text[m[0]:m[1]])), " ")
					c.report(f, base+m[0], 1, "%s %s reads as an order to the model: Claude reads this as data, and text like this is how prompt injection takes over; remove it, or if it is an example, say so", quote(phrase), where)
				}
			}
			for _, c := range s.Body.Comments {
				if !strings.HasPrefix(c.Text, "skillcheck-") {
					report(s.File, s.File.Src[c.Offset:c.End], c.Offset, "in an HTML comment of SKILL.md (hidden when rendered)")
				}
			}
			for _, tf := range s.Texts()[1:] { // SKILL.md comes first
				report(tf.File, tf.File.Src, 0, "in "+tf.Rel)
			}
			c.done()
		},
	})
}

// containsAny reports whether text holds one of the words.
func containsAny(text []byte, words []string) bool {
	for _, w := range words {
		if bytes.Contains(text, []byte(w)) {
			return true
		}
	}
	return false
}
