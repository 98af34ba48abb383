package security

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// instructionInData is SK750: reference and data files should not address the model with injection phrases. Documented in docs/SK750.md.
var instructionInData = &analysis.Rule{
	ID: "SK750", Alias: "instruction-in-data", Severity: analysis.Warning,
	Summary: "reference and data files should not address the model with injection phrases",
	Skill:   checkInstructionInData,
}

func checkInstructionInData(p *analysis.Pass, s *skill.Skill) {
	c := newCapped(p, "injection phrases")
	report := func(f *source.File, text []byte, base int, where string) {
		eachInjection(text, func(start, end int) {
			if quotedMention(text, start, end) {
				return
			}
			phrase := strings.Join(strings.Fields(string(text[start:end])), " ")
			c.report(f, base+start, 1, "%s %s reads as an order to the model: Claude reads this as data, and text like this is how prompt injection takes over; remove it, or if it is an example, say so", msg.Quote(phrase), where)
		})
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
}
