package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// secretToken is SK730: files of a skill must not hold API keys, tokens or private keys. Documented in docs/SK730.md.
var secretToken = &analysis.Rule{
	ID: "SK730", Alias: "secret-token", Severity: analysis.Warning, Secret: true,
	Summary: "files of a skill must not hold API keys, tokens or private keys",
	Skill:   checkSecretToken,
}

func checkSecretToken(p *analysis.Pass, s *skill.Skill) {
	c := newCapped(p, "secrets")
	for _, tf := range s.Texts() {
		if testFile(tf.Rel) {
			continue // made-up secrets that test the code handling them
		}
		eachSecret(tf.File, func(off int, kind, value string) {
			c.report(tf.File, off, 1, "%s %s in %s: everyone who installs the skill gets it; revoke it and load it from the environment instead", kind, redact(value), tf.Rel)
		})
	}
	c.done()
}
