package rules

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/skillcheck-dev/skillcheck/lint/rule"
	"github.com/skillcheck-dev/skillcheck/lint/skill"
	"github.com/skillcheck-dev/skillcheck/lint/source"
)

// secretFormat is a credential format a provider documents, with literals
// one of which every match contains (to skip files without them cheaply).
type secretFormat struct {
	name     string
	literals []string
	re       *regexp.Regexp
}

// secretFormats follow the providers' documented prefixes and lengths (as
// gitleaks and GitHub secret scanning use them).
var secretFormats = []secretFormat{
	{"AWS access key ID", []string{"AKIA", "ASIA", "ABIA", "ACCA", "A3T"}, regexp.MustCompile(`\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b`)},
	{"GitHub token", []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}, regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36,251}\b`)},
	{"GitHub fine-grained token", []string{"github_pat_"}, regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{82}\b`)},
	{"GitLab token", []string{"glpat-"}, regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20}\b`)},
	{"Slack token", []string{"xox"}, regexp.MustCompile(`\bxox[abposr]-[0-9]{6,}-[0-9A-Za-z-]{6,}`)},
	{"Slack webhook URL", []string{"hooks.slack.com"}, regexp.MustCompile(`https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{20,}`)},
	{"Stripe live key", []string{"_live_"}, regexp.MustCompile(`\b[sr]k_live_[0-9A-Za-z]{20,}\b`)},
	{"Google API key", []string{"AIza"}, regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"Anthropic API key", []string{"sk-ant-"}, regexp.MustCompile(`\bsk-ant-[a-z]+[0-9]*-[A-Za-z0-9_-]{40,}`)},
	{"OpenAI API key", []string{"sk-"}, regexp.MustCompile(`\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]*T3BlbkFJ[A-Za-z0-9_-]{20,}|\bsk-[A-Za-z0-9]{48}\b`)},
	{"npm token", []string{"npm_"}, regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`)},
	{"PyPI token", []string{"pypi-"}, regexp.MustCompile(`\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`)},
	{"Hugging Face token", []string{"hf_"}, regexp.MustCompile(`\bhf_[A-Za-z]{34}\b`)},
	{"SendGrid API key", []string{"SG."}, regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b`)},
	{"JSON Web Token", []string{"eyJ"}, regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`)},
}

var (
	privateKeyBegin = regexp.MustCompile(`-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----`)
	privateKeyEnd   = []byte("-----END ")
	// secretAssignment is a key that names a secret, an assignment operator
	// and a value made of token characters.
	// secretNames are the words that make a key name a secret (in any
	// letter case, anywhere in the key: API_KEY, db_password, x-auth-token).
	secretNames = []string{
		"api_key", "api-key", "apikey", "auth_key", "auth-key", "authkey", "access_key", "access-key",
		"accesskey", "private_key", "private-key", "privatekey", "secret", "token", "passw", "pwd",
		"credential",
	}
	// assignedValue reads, from the end of a secret name, the rest of the
	// key, an assignment operator and a value of token characters.
	assignedValue = regexp.MustCompile(`^[A-Za-z0-9_.-]*["']?[ \t]*(?::=|=>|=|:)[ \t]*["'\x60]?([A-Za-z0-9+/=_.~-]{16,})`)
	// bearerValue reads an Authorization header's token after "bearer".
	bearerValue = regexp.MustCompile(`^[ \t]+([A-Za-z0-9+/=_.~-]{20,})`)
	// knownExamples are credentials published as documentation examples.
	knownExamples = []string{
		"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", // jwt.io's sample token
	}
	placeholderWords = []string{
		"example", "xxxx", "changeme", "change_me", "change-me", "placeholder", "your", "dummy",
		"fake", "sample", "redacted", "insert", "replace", "todo", "test", "<", ">", "${", "{{",
		"$", "...", "…", "*", "0123456789", "123456789", "abcdefgh",
	}
)

// minSecretEntropy is the Shannon entropy, in bits a character, from which a
// value assigned to a secret-named key counts as a secret: random
// alphanumerics carry about 5 bits, hexadecimal about 4, English words and
// identifiers less than 3.5.
const minSecretEntropy = 3.5

func init() {
	register(
		&rule.Rule{
			ID: "SK730", Alias: "secret-token", Severity: rule.Error,
			Summary: "files of a skill must not hold API keys, tokens or private keys",
			Skill: func(p *rule.Pass, s *skill.Skill) {
				c := newCapped(p, "secrets")
				for _, tf := range s.Texts() {
					eachSecret(tf.File, func(off int, kind, value string) {
						c.report(tf.File, off, 1, "%s %s in %s: everyone who installs the skill gets it; revoke it and load it from the environment instead", kind, redact(value), tf.Rel)
					})
				}
				c.done()
			},
		},
		&rule.Rule{
			ID: "SK731", Alias: "secret-assignment", Severity: rule.Warning,
			Summary: "values assigned to keys named like secrets should not look random",
			Skill: func(p *rule.Pass, s *skill.Skill) {
				c := newCapped(p, "random-looking values of secret-named keys")
				for _, tf := range s.Texts() {
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
			},
		},
	)
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

// eachAssignment calls fn, in order, for each value assigned to a key that
// names a secret (api_key = "…", "client_secret": "…", token: …) and each
// bearer token, with the key as written and the value's offset. It looks
// only where a secret name occurs, so prose costs a few byte searches.
func eachAssignment(src []byte, fn func(key string, valueAt int, value string)) {
	lower := make([]byte, len(src)) // ASCII lower case: offsets stay the same
	for i, c := range src {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	type found struct {
		keyStart, keyEnd, valueAt, valueEnd int
	}
	var all []found
	search := func(word string, re *regexp.Regexp) {
		for i := 0; ; {
			j := bytes.Index(lower[i:], []byte(word))
			if j < 0 {
				return
			}
			at := i + j + len(word)
			i = at
			end := len(src) // a match never spans lines
			if nl := bytes.IndexByte(src[at:], '\n'); nl >= 0 {
				end = at + nl
			}
			m := re.FindSubmatchIndex(src[at:end])
			if m == nil {
				continue
			}
			keyEnd := at
			for keyEnd < len(src) && isKeyByte(src[keyEnd]) {
				keyEnd++
			}
			if word == "bearer" {
				keyEnd = at
			}
			all = append(all, found{secretKeyStart(src, at-len(word)), keyEnd, at + m[2], at + m[3]})
		}
	}
	for _, w := range secretNames {
		search(w, assignedValue)
	}
	search("bearer", bearerValue)
	slices.SortFunc(all, func(a, b found) int { return a.valueAt - b.valueAt })
	all = slices.CompactFunc(all, func(a, b found) bool { return a.valueAt == b.valueAt })
	for _, f := range all {
		fn(string(src[f.keyStart:f.keyEnd]), f.valueAt, string(src[f.valueAt:f.valueEnd]))
	}
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

// secretKeyStart returns where the key that holds offset i starts: the run
// of letters, digits, "_", "." and "-" before it.
func secretKeyStart(src []byte, i int) int {
	for i > 0 && isKeyByte(src[i-1]) {
		i--
	}
	return i
}

// eachSecret calls fn for every credential of a documented format and every
// private key block in the file, placeholders left out.
func eachSecret(f *source.File, fn func(off int, kind, value string)) {
	src := f.Src
	for _, sf := range secretFormats {
		if !containsAny(src, sf.literals) {
			continue
		}
		for _, m := range sf.re.FindAllIndex(src, -1) {
			if v := string(src[m[0]:m[1]]); !isPlaceholder(v) {
				fn(m[0], sf.name, v)
			}
		}
	}
	if !bytes.Contains(src, []byte("PRIVATE KEY")) {
		return
	}
	for _, m := range privateKeyBegin.FindAllSubmatchIndex(src, -1) {
		if keyBody(src[m[1]:]) {
			kind := strings.TrimSpace(string(src[m[2]:m[3]]))
			if kind != "" {
				kind += " "
			}
			fn(m[0], "private key block", "-----BEGIN "+kind+"PRIVATE KEY-----")
		}
	}
}

// keyBody reports whether the text after a BEGIN line holds key material:
// at least 64 base64 characters before the END line, headers (Proc-Type:
// and the like) aside.
func keyBody(rest []byte) bool {
	if end := bytes.Index(rest, privateKeyEnd); end >= 0 {
		rest = rest[:end]
	} else if len(rest) > 1<<14 {
		rest = rest[:1<<14]
	}
	n := 0
	for _, line := range bytes.Split(rest, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if bytes.Contains(line, []byte(":")) {
			continue
		}
		for _, c := range line {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
				return false
			}
		}
		n += len(line)
	}
	return n >= 64
}

// isFormatSecret reports a value of a documented format (reported by
// SK730, not again by SK731).
func isFormatSecret(v string) bool {
	for _, sf := range secretFormats {
		if sf.re.MatchString(v) {
			return true
		}
	}
	return false
}

// isPlaceholder recognizes documentation values: published examples, words
// such as "example" or "your", template syntax, ellipses, runs of one
// character and counting sequences.
func isPlaceholder(v string) bool {
	for _, ex := range knownExamples {
		if strings.Contains(v, ex) {
			return true
		}
	}
	lower := strings.ToLower(v)
	for _, w := range placeholderWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	run := 1
	for i := 1; i < len(v); i++ {
		if v[i] == v[i-1] {
			run++
			if run >= 5 {
				return true
			}
		} else {
			run = 1
		}
	}
	return false
}

// notSecretSuffixes end keys that name or locate a secret rather than hold
// it: secret_name, token_url, password_file.
var notSecretSuffixes = []string{
	"name", "id", "ids", "path", "file", "url", "uri", "env", "var", "arn", "ref", "type", "length",
	"count", "limit", "header", "field", "param", "prefix", "suffix", "format", "key_id",
}

// secretKey reports a key that holds a secret rather than names one.
func secretKey(key string) bool {
	lower := strings.ToLower(key)
	for _, suffix := range notSecretSuffixes {
		if strings.HasSuffix(lower, "_"+suffix) || strings.HasSuffix(lower, "-"+suffix) || strings.HasSuffix(lower, "."+suffix) {
			return false
		}
	}
	return true
}

// randomLooking reports a value that could be a generated secret: letters
// and digits mixed, entropy at or above minSecretEntropy, no placeholder,
// and not a dotted name such as process.env.API_TOKEN.
func randomLooking(v string) bool {
	hasDigit, hasLetter := false, false
	for _, r := range v {
		hasDigit = hasDigit || unicode.IsDigit(r)
		hasLetter = hasLetter || unicode.IsLetter(r)
	}
	return hasDigit && hasLetter && entropy(v) >= minSecretEntropy && !pathLike(v) && !isPlaceholder(v)
}

// pathLike reports a value shaped like a path or resource name, such as
// "billing/prod/api-key-v2": slashes, and none of the upper-case letters,
// "+" and "=" that base64 secrets carry.
func pathLike(v string) bool {
	return strings.Contains(v, "/") && !strings.ContainsAny(v, "+=ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

// entropy is the Shannon entropy of v in bits a character.
func entropy(v string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range v {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}

// redact shows the first four characters of a secret and hides the rest.
func redact(v string) string {
	if strings.HasPrefix(v, "-----BEGIN") {
		return "(" + strings.Trim(v, "-") + ")"
	}
	r := []rune(v)
	return fmt.Sprintf("%q", string(r[:min(4, len(r))])+"…")
}
