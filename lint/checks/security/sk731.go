package security

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// secretAssignment is SK731: values assigned to keys named like secrets should not look random. Documented in docs/SK731.md.
var secretAssignment = &analysis.Rule{
	ID: "SK731", Alias: "secret-assignment", Severity: analysis.Warning,
	Summary: "values assigned to keys named like secrets should not look random",
	Skill:   checkSecretAssignment,
}

func checkSecretAssignment(p *analysis.Pass, s *skill.Skill) {
	c := newCapped(p, "random-looking values of secret-named keys")
	for _, tf := range s.Texts() {
		if testFile(tf.Rel) {
			continue // made-up secrets that test the code handling them
		}
		eachAssignment(tf.File.Src, func(key string, valueAt int, value string) {
			if !secretKey(key) || !randomLooking(value) || isFormatSecret(value) {
				return
			}
			what := "the value of " + key
			if strings.EqualFold(key, "bearer") {
				what = "the bearer token"
			}
			c.report(tf.File, valueAt, 1, "%s, %s, looks random (%.1f bits a character): if it is a real secret, revoke it and read it from the environment; if it is an example, write a placeholder such as <your-key>", what, redact(value), entropy(value))
		})
	}
	c.done()
}
