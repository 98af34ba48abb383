package rules

import (
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/rule"
	"github.com/skillcheck-dev/skillcheck/lint/skill"
	"github.com/skillcheck-dev/skillcheck/lint/source"
)

// injectionPhrases are the stock phrases of prompt injection: overriding
// earlier instructions, reassigning the model's role, extracting the system
// prompt, and keeping the user in the dark. Words may be separated by any
// white space, line breaks included.
var injectionPhrases = func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, p := range []string{
		`ignore (?:all |any )?(?:of )?(?:the |your |my )?(?:previous|prior|above|earlier|preceding|foregoing|former|system) (?:instructions?|prompts?|messages?|directions?|rules|context|guidelines|commands|directives)`,
		`disregard (?:all |any )?(?:of )?(?:the |your )?(?:previous|prior|above|earlier|preceding|foregoing|system)\b`,
		`forget (?:all |everything |any )?(?:of )?(?:the |your )?(?:previous|prior|above|earlier) (?:instructions?|prompts?|messages?|context|rules)`,
		`forget everything (?:you (?:were told|know)|above)`,
		`you are now (?:a|an|no longer|free|unrestricted|jailbroken|DAN|in developer mode)\b`,
		`(?:reveal|print|output|show|repeat|leak|disclose|dump|display) (?:me )?(?:your|the) (?:full |entire |original |hidden |initial )?system prompt`,
		`(?:new|updated|override|overriding|real|actual) system prompt\b`,
		`(?:do not|don['’]?t|never) (?:tell|inform|alert|notify|warn) the user\b`,
		`(?:do not|don['’]?t|never) (?:mention|reveal|disclose|show) (?:this|these|it|that) to the user\b`,
		`without (?:telling|informing|notifying|alerting|warning) the user\b`,
		`(?:hide|conceal|keep) (?:this|these|it) (?:secret )?from the user\b`,
		`(?:override|bypass) (?:your|all|the|any) (?:previous |prior |safety )?(?:instructions|rules|guidelines|restrictions|safeguards)\b`,
	} {
		out = append(out, regexp.MustCompile(`(?i)\b`+strings.ReplaceAll(p, " ", `\s+`)))
	}
	return out
}()

func init() {
	register(&rule.Rule{
		ID: "SK750", Alias: "instruction-in-data", Severity: rule.Warning,
		Summary: "reference and data files should not address the model with injection phrases",
		Skill: func(p *rule.Pass, s *skill.Skill) {
			report := func(f *source.File, text []byte, base int, where string) {
				for _, re := range injectionPhrases {
					for _, m := range re.FindAllIndex(text, -1) {
						phrase := strings.Join(strings.Fields(string(text[m[0]:m[1]])), " ")
						p.Reportf(f, base+m[0], "%s %s reads as an order to the model: Claude reads this as data, and text like this is how prompt injection takes over; remove it, or if it is an example, say so", quote(phrase), where)
					}
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
		},
	})
}
