package security

import (
	"bytes"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// secretAssignment is SK731: values assigned to keys named like secrets should not look random. Documented in docs/SK731.md.
var secretAssignment = &analysis.Rule{
	ID: "SK731", Alias: "secret-assignment", Severity: analysis.Warning, Secret: true,
	Summary: "values assigned to keys named like secrets should not look random",
	Skill:   checkSecretAssignment,
}

func checkSecretAssignment(p *analysis.Pass, s *skill.Skill) {
	c := newCapped(p, "random-looking values of secret-named keys")
	for _, tf := range s.Texts() {
		if testFile(tf.Rel) || exampleFile(tf.Rel) {
			continue // made-up secrets that test the code handling them, settings to fill in
		}
		src := tf.File.Src
		eachAssignment(src, func(key string, valueAt int, value string) {
			if !secretKey(key) || modifiedKey(key) || !randomLooking(value) || isFormatSecret(value) ||
				handWritten(src, key, valueAt, value) || masked(src, valueAt+len(value)) || underBadMarker(src, valueAt) {
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

// handWritten reports a value written for the page rather than generated:
// made of words ("generate-with-openssl-rand-base64-32"), base64 of words,
// an unquoted reference to a variable (env.API_KEY), a blockchain address,
// or the download token of a public file link (Firebase's
// "alt=media&token=", also with the & written as an HTML entity).
func handWritten(src []byte, key string, valueAt int, value string) bool {
	quoted := valueAt > 0 && strings.IndexByte("\"'`", src[valueAt-1]) >= 0
	return madeOfWords(value) || encodedWords(value) || chainAddress.MatchString(value) ||
		!quoted && dottedReference.MatchString(value) && !strings.HasPrefix(value, "eyJ") ||
		strings.EqualFold(key, "token") && publicFileLink(lineBefore(src, valueAt))
}

// masked reports a value whose end is hidden by the asterisks that follow
// it (three or more, each perhaps escaped by a backslash, as Markdown
// writes them): documentation showing a key it has redacted.
func masked(src []byte, end int) bool {
	stars := 0
	for i := end; i < len(src); i++ {
		switch {
		case src[i] == '*':
			stars++
		case src[i] == '\\' && i+1 < len(src) && src[i+1] == '*':
		default:
			return stars >= 3
		}
	}
	return stars >= 3
}

// publicFileLink reports a line that ends in the query of a Firebase
// Storage download link, whose token makes the file public ("alt=media&token=",
// with the & written as itself, escaped or as an HTML entity).
func publicFileLink(before []byte) bool {
	for _, amp := range []string{"&", `\&`, "&amp;", "&#x26;", "&#38;"} {
		if bytes.HasSuffix(before, []byte("alt=media"+amp+"token=")) {
			return true
		}
	}
	return false
}

// lineBefore returns the text of off's line before off.
func lineBefore(src []byte, off int) []byte {
	return src[bytes.LastIndexByte(src[:off], '\n')+1 : off]
}
