package security

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// secretFormat is a credential format a provider documents, with literals
// one of which every match contains: re runs only on lines that hold one.
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
	// Slack's tokens carry a team or user number of 8 to 14 digits and at
	// least 18 more characters (xoxb-{number}-{number}-{24 characters}).
	{"Slack token", []string{"xox"}, regexp.MustCompile(`\bxox[abposr]-[0-9]{8,14}-[0-9A-Za-z-]{18,}`)},
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
	// secretNames are the words that make a key name a secret (in any
	// letter case, anywhere in the key: API_KEY, db_password, x-auth-token).
	secretNames = [][]byte{
		[]byte("api_key"), []byte("api-key"), []byte("apikey"), []byte("auth_key"), []byte("auth-key"),
		[]byte("authkey"), []byte("access_key"), []byte("access-key"), []byte("accesskey"),
		[]byte("private_key"), []byte("private-key"), []byte("privatekey"), []byte("secret"),
		[]byte("token"), []byte("passw"), []byte("pwd"), []byte("credential"),
	}
	// assignedValue reads, from an assignment operator, the value of token
	// characters it assigns.
	assignedValue = regexp.MustCompile(`^(?::=|=>|=|:)[ \t]*["'\x60]?([A-Za-z0-9+/=_.~-]{16,})`)
	// bearerValue reads an Authorization header's token after "bearer".
	bearerValue = regexp.MustCompile(`^[ \t]+([A-Za-z0-9+/=_.~-]{20,})`)
	// knownExamples are credentials published as documentation examples.
	knownExamples = []string{
		"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", // jwt.io's sample token
		// MinIO's documented keys: rclone's and MinIO's own examples, and
		// the public play.min.io server.
		"USWUXHGYZQYFYFFIT3RE", "MOJRH0mkL1IPauahWITSVvyDrQbEEIwljvmxdq03",
		"Q3AM3UQ867SPQQA43P2F", "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG",
	}
	placeholderWords = []string{
		"example", "xxxx", "changeme", "change_me", "change-me", "placeholder", "your", "dummy",
		"fake", "sample", "redacted", "insert", "replace", "todo", "test", "<", ">", "${", "{{",
		"$", "...", "…", "*", "0123456789", "123456789", "abcdefgh", "a1b2c3", "1a2b3c", "abc123", "123abc",
	}
)

// minSecretEntropy is the Shannon entropy, in bits a character, from which a
// value assigned to a secret-named key counts as a secret: random
// alphanumerics carry about 5 bits, hexadecimal about 4, English words and
// identifiers less than 3.5.
const minSecretEntropy = 3.5

// formatStarts lists, by first byte, the literals of secretFormats with the
// index of their format; formatPairs is the set of their first two bytes.
var formatStarts, formatPairs = func() (starts [256][]formatLiteral, pairs pairSet) {
	for i, sf := range secretFormats {
		for _, lit := range sf.literals {
			starts[lit[0]] = append(starts[lit[0]], formatLiteral{[]byte(lit), i})
			pairs.add(lit[0], lit[1])
		}
	}
	return starts, pairs
}()

type formatLiteral struct {
	text   []byte
	format int
}

// pairSet is a set of byte pairs, one bit each.
type pairSet [1 << 16 / 64]uint64

func (s *pairSet) add(a, b byte) {
	k := uint16(a)<<8 | uint16(b)
	s[k/64] |= 1 << (k % 64)
}

func (s *pairSet) has(a, b byte) bool {
	k := uint16(a)<<8 | uint16(b)
	return s[k/64]&(1<<(k%64)) != 0
}

// formatLines returns, for each of secretFormats, the lines of src that hold
// one of its literals, in order, found in a single pass rather than one
// search a literal: a bit set of the literals' first two bytes rules out
// almost every offset. No credential spans lines, so searching these lines
// finds what searching the whole file would.
func formatLines(src []byte) [][]span {
	lines := make([][]span, len(secretFormats))
	for i := 0; i+1 < len(src); i++ {
		if !formatPairs.has(src[i], src[i+1]) {
			continue
		}
		for _, lit := range formatStarts[src[i]] {
			seen := lines[lit.format]
			if len(seen) > 0 && i < seen[len(seen)-1].end || !bytes.HasPrefix(src[i:], lit.text) {
				continue
			}
			line := span{start: bytes.LastIndexByte(src[:i], '\n') + 1, end: len(src)}
			if nl := bytes.IndexByte(src[i:], '\n'); nl >= 0 {
				line.end = i + nl
			}
			lines[lit.format] = append(seen, line)
		}
	}
	return lines
}

// span is a range of byte offsets.
type span struct{ start, end int }

// eachAssignment calls fn, in order, for each value assigned to a key that
// names a secret (api_key = "…", "client_secret": "…", token: …) and each
// token after "Bearer". It reads src once: at every assignment operator it
// looks back for the key, and at every "b" it looks for "bearer".
func eachAssignment(src []byte, fn func(key string, valueAt int, value string)) {
	lastValue := -1
	emit := func(keyStart, keyEnd, valueAt, valueEnd int) {
		if valueAt > lastValue {
			lastValue = valueAt
			fn(string(src[keyStart:keyEnd]), valueAt, string(src[valueAt:valueEnd]))
		}
	}
	for i := 0; i < len(src); i++ {
		for i < len(src) && !assignmentTrigger[src[i]] {
			i++
		}
		if i == len(src) {
			break
		}
		switch src[i] {
		case ':', '=':
			keyEnd := assignedKeyEnd(src, i)
			keyStart := secretKeyStart(src, keyEnd)
			if keyStart == keyEnd || !namesSecret(src[keyStart:keyEnd]) {
				continue
			}
			if m := assignedValue.FindSubmatchIndex(restOfLine(src, i)); m != nil && !calls(src, i+m[3]) {
				emit(keyStart, keyEnd, i+m[2], i+m[3])
			}
		case 'b', 'B':
			at := i + len("bearer")
			if at > len(src) || src[i+1]|0x20 != 'e' || !bytes.EqualFold(src[i:at], []byte("bearer")) {
				continue
			}
			if m := bearerValue.FindSubmatchIndex(restOfLine(src, at)); m != nil {
				emit(secretKeyStart(src, i), at, at+m[2], at+m[3])
			}
		}
	}
}

// assignmentTrigger holds the bytes eachAssignment stops at.
var assignmentTrigger = func() (t [256]bool) {
	for _, c := range ":=bB" {
		t[c] = true
	}
	return t
}()

// assignedKeyEnd returns where the key assigned by the operator at op ends:
// before the blanks and the closing quote between key and operator.
func assignedKeyEnd(src []byte, op int) int {
	i := op
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && (src[i-1] == '"' || src[i-1] == '\'') {
		i--
	}
	return i
}

// secretNameStarts holds the first two bytes of every secret name: a key
// holds a name only where one of them starts.
var secretNameStarts = func() (s pairSet) {
	for _, w := range secretNames {
		s.add(w[0], w[1])
	}
	return s
}()

// namesSecret reports whether a key holds one of the secret names, in any
// letter case.
func namesSecret(key []byte) bool {
	var buf [64]byte
	lower := buf[:0]
	if len(key) > len(buf) {
		lower = make([]byte, 0, len(key))
	}
	starts := false
	for i, c := range key { // keys are ASCII: isKeyByte
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
		starts = starts || i > 0 && secretNameStarts.has(lower[i-1], c)
	}
	if !starts {
		return false
	}
	for _, w := range secretNames {
		if bytes.Contains(lower, w) {
			return true
		}
	}
	return false
}

// restOfLine returns src from i to the end of its line: a match never spans
// lines.
func restOfLine(src []byte, i int) []byte {
	if nl := bytes.IndexByte(src[i:], '\n'); nl >= 0 {
		return src[i : i+nl]
	}
	return src[i:]
}

// isKeyByte reports a byte of a key name: a word byte, "." or "-".
func isKeyByte(c byte) bool { return isWordByte(c) || c == '.' || c == '-' }

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
	for i, lines := range formatLines(src) {
		for _, line := range lines {
			if patternRow(src[line.start:line.end], secretFormats[i].literals) {
				continue // a scanner's table: the format's pattern and a sample of it
			}
			for _, m := range secretFormats[i].re.FindAllIndex(src[line.start:line.end], -1) {
				if v := string(src[line.start+m[0] : line.start+m[1]]); !isPlaceholder(v) {
					fn(line.start+m[0], secretFormats[i].name, v)
				}
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

// patternRow reports a Markdown table row that holds a format's regular
// expression (one of its literals right before a bracket, parenthesis,
// brace or backslash, as in xox[baprs]- or ghp_[a-zA-Z0-9]{36}): the
// samples beside it illustrate the pattern.
func patternRow(line []byte, literals []string) bool {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '|' {
		return false
	}
	for _, lit := range literals {
		for i := 0; ; {
			j := bytes.Index(line[i:], []byte(lit))
			if j < 0 {
				break
			}
			at := i + j + len(lit)
			if at < len(line) && bytes.IndexByte([]byte(`[({\`), line[at]) >= 0 {
				return true
			}
			i = at
		}
	}
	return false
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
		// A documented example, whole or cut short in a copy.
		if strings.Contains(v, ex) || len(v) >= 12 && strings.HasPrefix(ex, v) {
			return true
		}
	}
	if demoJWT(v) {
		return true
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

// secretKey reports a key that holds a secret rather than names one, its
// last word set off by a separator (access_key_id) or by letter case
// (AccessKeyId, accessKeyID).
func secretKey(key string) bool {
	lower := strings.ToLower(key)
	for _, suffix := range notSecretSuffixes {
		if strings.HasSuffix(lower, "_"+suffix) || strings.HasSuffix(lower, "-"+suffix) || strings.HasSuffix(lower, "."+suffix) {
			return false
		}
	}
	pieces := letterPieces(key)
	return len(pieces) < 2 || !slices.Contains(notSecretSuffixes, strings.ToLower(pieces[len(pieces)-1]))
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
// "billing/prod/api-key-v2": a leading "/", "./" or "../", or slashes and
// none of the upper-case letters, "+" and "=" that base64 secrets carry.
func pathLike(v string) bool {
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") {
		return true // an absolute or relative path: sudoers' NOPASSWD: /usr/bin/python3.X
	}
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

// demoJWT reports a JSON Web Token that is made up or public: one whose
// signature is not random data (a word such as "expired", as in a test of
// expired tokens), or one issued for a local demo (Supabase's documented
// local keys carry "iss": "supabase-demo").
func demoJWT(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) != 3 || !strings.HasPrefix(parts[0], "eyJ") {
		return false
	}
	if sig := parts[2]; len(sig) < 16 || strings.IndexFunc(sig, unicode.IsDigit) < 0 {
		return true
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	return err == nil && bytes.Contains(payload, []byte("-demo"))
}

// testFile reports a file of tests or fixtures, whose secrets are made up
// to test the code that handles them: a file in a tests or fixtures folder,
// or named as test runners name tests.
func testFile(rel string) bool {
	if links.Fixture(rel) {
		return true
	}
	base := strings.ToLower(path.Base(rel))
	return strings.HasPrefix(base, "test_") || strings.Contains(base, "_test.") || strings.Contains(base, ".test.") ||
		strings.Contains(base, ".spec.") || strings.HasSuffix(strings.TrimSuffix(base, path.Ext(base)), "_spec")
}

// calls reports a value that is code, not a literal: the name of a function
// it calls ("x25519.X25519PrivateKey.generate()").
func calls(src []byte, valueEnd int) bool {
	return valueEnd < len(src) && src[valueEnd] == '('
}
