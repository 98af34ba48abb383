package security

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"
)

// injectionPhrases are the stock phrases of prompt injection: overriding
// earlier instructions, reassigning the model's role, extracting the system
// prompt. Words may be separated by any white space, line breaks included.
// Role play that a prompt template legitimately asks for ("you are now a
// strict grader") is not among them.
var injectionPhrases = phrases(
	`ignore (?:all |any )?(?:of )?(?:the |your |my )?(?:previous|prior|above|earlier|preceding|foregoing|former|system) (?:instructions?|prompts?|messages?|directions?|rules|context|guidelines|commands|directives)`,
	`disregard (?:all |any )?(?:of )?(?:the |your )?(?:previous|prior|above|earlier|preceding|foregoing|system)\b`,
	`forget (?:all |everything |any )?(?:of )?(?:the |your )?(?:previous|prior|above|earlier) (?:instructions?|prompts?|messages?|context|rules)`,
	`forget everything (?:you (?:were told|know)|above)`,
	`you are now (?:no longer bound|free of|unrestricted|jailbroken|DAN|in developer mode)\b`,
	`(?:reveal|print|output|show|repeat|leak|disclose|dump|display) (?:me )?(?:your|the) (?:full |entire |original |hidden |initial )?system prompt`,
	`(?:new|updated|override|overriding|real|actual) system prompt\s*:`,
	`(?:override|bypass) (?:your|all|the|any) (?:previous |prior |safety )?(?:instructions|rules|guidelines|restrictions|safeguards)\b`,
)

// secrecyPhrases ask the model to keep the user in the dark. Developers
// write the same words in code comments about what a program shows its user
// ("don't tell the user their config is malformed"), so they are looked for
// only in prose: Markdown and text files, and HTML comments of SKILL.md.
var secrecyPhrases = phrases(
	`(?:do not|don['’]?t|never) (?:tell|inform|alert|notify|warn) the user\b`,
	`(?:do not|don['’]?t|never) (?:mention|reveal|disclose|show) (?:this|these|it|that) to the user\b`,
	`without (?:telling|informing|notifying|alerting|warning) the user\b`,
	`(?:hide|conceal|keep) (?:this|these|it) (?:secret )?from the user\b`,
)

// phrases compiles phrases into one expression anchored at its start, case
// folded, each space matching any white space.
func phrases(list ...string) *regexp.Regexp {
	var out []string
	for _, p := range list {
		out = append(out, strings.ReplaceAll(p, " ", `\s+`))
	}
	return regexp.MustCompile(`^(?i:` + strings.Join(out, "|") + `)`)
}

// injectionStarts are the words, lower case, that injectionPhrases begin
// with ("don" for don't); only at these is the expression tried.
var injectionStarts = map[string]bool{
	"ignore": true, "disregard": true, "forget": true, "you": true, "reveal": true, "print": true,
	"output": true, "show": true, "repeat": true, "leak": true, "disclose": true, "dump": true,
	"display": true, "new": true, "updated": true, "override": true, "overriding": true, "real": true,
	"actual": true, "do": true, "don": true, "dont": true, "never": true, "without": true, "hide": true,
	"conceal": true, "keep": true, "bypass": true,
}

// injectionStartLens has, for each letter, a bit for the length of every
// word of injectionStarts that begins with it: most words are passed over
// without looking them up.
var injectionStartLens = func() (lens [26]uint32) {
	for w := range injectionStarts {
		lens[w[0]-'a'] |= 1 << len(w)
	}
	return lens
}()

// eachInjection calls fn with the start and end of every injection phrase
// in text, in order. It tries the expression, anchored, only where a word
// that starts a phrase starts: the same matches as searching the whole
// text, for a fraction of the work on long reference files.
func eachInjection(text []byte, prose bool, fn func(start, end int)) {
	var word [16]byte
	for i := 0; i < len(text); {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		start := i
		n := 0
		for i < len(text) && isASCIILetter(text[i]) {
			if n < len(word) {
				word[n] = text[i] | 0x20
			}
			n++
			i++
		}
		if start > 0 && isWordByte(text[start-1]) || n > len(word) ||
			injectionStartLens[word[0]-'a']&(1<<n) == 0 || !injectionStarts[string(word[:n])] {
			continue
		}
		m := injectionPhrases.FindIndex(text[start:])
		if m == nil && prose {
			m = secrecyPhrases.FindIndex(text[start:])
		}
		if m != nil {
			fn(start, start+m[1])
			i = start + m[1]
		}
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isWordByte reports a byte of a word as \b sees it.
func isWordByte(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' || c == '_' }

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
