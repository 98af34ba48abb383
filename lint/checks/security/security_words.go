package security

import (
	"bytes"
	"encoding/base64"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// placeholderVocabulary are words that values written by hand for
// documentation are made of ("generate-with-openssl-rand-base64-32",
// "mySecretPassword123", "sk-or-v1-project2-key"): credential vocabulary,
// environments and common English. A generated secret is not made of them.
var placeholderVocabulary = wordSet(`
about access account action add admin after again agent all api app application auth author
authentication authorization backend bad base bearer bot bucket build bytes cache change char chars
check client cloud code config connection console copy create cred credential credentials custom
data database default demo deploy dev development device different do does dont encoded encrypt
encrypted end env environment example fake file for from gen generate generated get good google hard
hardcoded hash header here hmac host http https info insecure internal just key keys least length
live local long login main make manager master max min mock my name new next not now old only open
openssl org other our pass passphrase password passwords pat personal placeholder plain please
private process prod production project public put rand random read real ref refresh replace
request rest root run sample secret secrets secure server service session set setup should sign
signing site some ssl stage staging std step store strong super system team temp temporary test
testing the this token tokens tunnel update use used user username value very webhook with word
workspace write wrong you your
aws azure db gcp gpg id jwt oauth pgp sql ssh uri url stg prd uat qa
`)

// maxHandWritten is the longest value read as one written by hand: longer
// ones are data.
const maxHandWritten = 160

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// leet maps the digits and signs written for letters in made-up secrets
// ("R4d1u5_S3cr3t").
var leet = strings.NewReplacer("4", "a", "3", "e", "1", "i", "0", "o", "5", "s", "7", "t", "@", "a", "$", "s")

// madeOfWords reports a value written by hand from words: split at
// punctuation, case changes and digits, each piece of letters is a word
// of placeholderVocabulary (or splits into such words), a run of the
// alphabet (ABCDEF), at most two letters, or pronounceable; and at least two
// pieces are vocabulary words. A value in leetspeak is read again with
// its digits as letters.
func madeOfWords(v string) bool {
	if len(v) > maxHandWritten {
		return false
	}
	return wordsIn(v) || strings.ContainsAny(v, "013457@$") && wordsIn(leet.Replace(v))
}

func wordsIn(v string) bool {
	words := 0
	for _, piece := range letterPieces(v) {
		t := strings.ToLower(piece)
		switch {
		case placeholderVocabulary[t]:
			words++
		case len(t) >= 4 && alphabetRun(t):
			words++
		case len(t) <= 2:
		default:
			if n := segmentWords(t); n > 0 {
				words += n
			} else if !pronounceable(t) {
				return false
			}
		}
	}
	return words >= 2
}

// letterPieces splits v into runs of letters, at anything else and where
// the case changes from lower to upper ("mySecret": "my", "Secret") or
// an upper-case run ends in a word ("HTTPServer": "HTTP", "Server").
func letterPieces(v string) []string {
	var out []string
	rs := []rune(v)
	start := -1
	for i := 0; i <= len(rs); i++ {
		letter := i < len(rs) && rs[i] < utf8.RuneSelf && unicode.IsLetter(rs[i])
		boundary := letter && start >= 0 && (unicode.IsLower(rs[i-1]) && unicode.IsUpper(rs[i]) ||
			i+1 < len(rs) && unicode.IsUpper(rs[i-1]) && unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i+1]))
		if start >= 0 && (!letter || boundary) {
			out = append(out, string(rs[start:i]))
			start = -1
		}
		if letter && start < 0 {
			start = i
		}
	}
	return out
}

// alphabetRun reports letters that follow the alphabet ("abcdef", "ghijkl").
func alphabetRun(t string) bool {
	for i := 1; i < len(t); i++ {
		if t[i] != t[i-1]+1 {
			return false
		}
	}
	return true
}

// segmentWords returns how many vocabulary words of three letters or more
// t is made of, glued together ("encodedhmac"), or 0.
func segmentWords(t string) int {
	if len(t) > 64 {
		return 0
	}
	best := make([]int, len(t)+1) // words in the best split of t[:i]; -1 for none
	for i := 1; i <= len(t); i++ {
		best[i] = -1
		for j := max(0, i-16); j+3 <= i; j++ {
			if best[j] >= 0 && placeholderVocabulary[t[j:i]] && best[j]+1 > best[i] {
				best[i] = best[j] + 1
			}
		}
	}
	return max(best[len(t)], 0)
}

// pronounceable reports letters that could be a word of some language: a
// vowel in every four letters and no more than three consonants in a row.
func pronounceable(t string) bool {
	vowels, run := 0, 0
	for _, c := range t {
		if strings.ContainsRune("aeiouy", c) {
			vowels++
			run = 0
			continue
		}
		if run++; run > 3 {
			return false
		}
	}
	return vowels*4 >= len(t)
}

// encodedWords reports a base64 value that decodes to text written by hand
// (a Kubernetes secret holding "mySecretPassword", "tok:dev_token_here"):
// printable ASCII made of words or a placeholder.
func encodedWords(v string) bool {
	if len(v) > maxHandWritten {
		return false
	}
	trimmed := strings.TrimRight(v, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(trimmed)
		if err != nil || len(b) < 6 {
			continue
		}
		printable := true
		for _, c := range b {
			printable = printable && c >= 0x20 && c < 0x7F
		}
		if printable && (madeOfWords(string(b)) || isPlaceholder(string(b)) || !randomLooking(string(b))) {
			return true
		}
	}
	return false
}

// dottedReference matches a value that names a variable or field rather
// than holding a literal: env.R2_SECRET, process.env.API_KEY,
// random_id.tunnel_secret.b64_std.
var dottedReference = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)+$`)

// chainAddress matches an Ethereum-style address, public by design.
var chainAddress = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)

// notCredentialModifiers are words that, before "token" or "secret" in a
// key, make it name something other than a credential: Zoom's plainToken
// challenge and its encryptedToken answer, pagination cursors.
var notCredentialModifiers = map[string]bool{
	"plain": true, "encrypted": true, "hashed": true, "next": true, "page": true, "continuation": true,
	"sync": true, "csrf": true, "xsrf": true,
}

// modifiedKey reports a key such as plainToken or next_page_token, whose
// secret word is qualified by one of notCredentialModifiers.
func modifiedKey(key string) bool {
	pieces := letterPieces(key[strings.LastIndexAny(key, ".")+1:])
	for i := len(pieces) - 1; i > 0; i-- {
		last := strings.ToLower(pieces[i])
		if last == "token" || last == "secret" {
			return notCredentialModifiers[strings.ToLower(pieces[i-1])]
		}
	}
	return false
}

// exampleFile reports a file that is a template of settings to fill in:
// .env.example, config.sample.yaml, env_development.template.
func exampleFile(rel string) bool {
	base := strings.ToLower(path.Base(rel))
	for _, w := range []string{".example", ".sample", ".template", ".dist", "example.env", "sample.env"} {
		if strings.Contains(base, w) {
			return true
		}
	}
	return false
}

// badMarkers and goodMarkers label the examples of a "do / don't" pair, in
// lower case: a value under a bad marker is shown to be avoided.
var (
	badMarkers = []string{
		"bad", "❌", "✗", "✘", "🚫", "⛔", "vulnerable", "insecure", "kötü", "yanlış", "don't", "dont", "do not",
		"never", "wrong", "avoid", "anti-pattern", "antipattern", "hardcoded", "hard-coded", "security issue",
	}
	goodMarkers = []string{"good", "✅", "✔", "✓", "correct", "better", "iyi", "doğru", "recommended", "instead"}
)

// maxMarkerLine bounds how much of a line (its end) is searched for a
// marker.
const maxMarkerLine = 512

// markerLines is how far above a value a bad or good marker is looked for.
const markerLines = 8

// underBadMarker reports a value on a line marked as a bad example (a
// marker anywhere on it, "# NEVER!" after the value), or
// under such a marker with no good marker between: "# KÖTÜ", "// ❌ Bad",
// "**Don't:**".
func underBadMarker(src []byte, off int) bool {
	end := bytes.IndexByte(src[off:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += off
	}
	for n := 0; n <= markerLines && end > 0; n++ {
		start := bytes.LastIndexByte(src[:end], '\n') + 1
		line := strings.ToLower(string(src[max(start, end-maxMarkerLine):end]))
		if hasMarker(line, goodMarkers) && n > 0 {
			return false
		}
		if hasMarker(line, badMarkers) {
			return true
		}
		end = start - 1
	}
	return false
}

// hasMarker reports one of markers in line as a word of its own.
func hasMarker(line string, markers []string) bool {
	for _, m := range markers {
		for i := 0; ; {
			j := strings.Index(line[i:], m)
			if j < 0 {
				break
			}
			at := i + j
			before, _ := utf8.DecodeLastRuneInString(line[:at])
			after, _ := utf8.DecodeRuneInString(line[at+len(m):])
			if !isWordRune(before) && !isWordRune(after) {
				return true
			}
			i = at + len(m)
		}
	}
	return false
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
}
