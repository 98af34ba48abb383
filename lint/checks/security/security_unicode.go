package security

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"golang.org/x/text/unicode/runenames"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// hiddenClass is the kind of hidden text a run of code points is.
type hiddenClass int

const (
	// hiddenBidi: explicit bidirectional embeddings, overrides and isolates,
	// which reorder the display of the text around them (Trojan Source).
	hiddenBidi hiddenClass = iota + 1
	// hiddenSmuggled: Unicode tag characters or runs of variation selectors,
	// which encode whole hidden strings.
	hiddenSmuggled
	// hiddenInvisible: zero-width and other invisible format characters,
	// controls, stray variation selectors.
	hiddenInvisible
)

// hiddenRun is a run of adjacent hidden code points of one class.
type hiddenRun struct {
	class      hiddenClass
	start, end int // byte offsets in the file
	first      rune
	count      int
	mixed      bool // the run holds more than one distinct code point
	// fixable is true when removing the run changes nothing a reader should
	// see.
	fixable bool
}

// hiddenRule returns the check of one class of hidden text over every text
// file of the skill.
func hiddenRule(class hiddenClass) func(*analysis.Pass, *skill.Skill) {
	return func(p *analysis.Pass, s *skill.Skill) {
		c := newCapped(p, classWords[class])
		c.fixMsg = "remove the hidden characters"
		// Findings that are likely deliberate are infos, capped apart.
		ci := newCapped(p.AtMost(analysis.Info), classWords[class])
		ci.fixMsg = c.fixMsg
		hidden := textsWithHidden.Of(p, s)
		for i, tf := range s.Texts() {
			if !hidden[i] || vendored(tf.Rel) {
				continue
			}
			src := tf.File.Src
			md, code := links.IsMarkdown(tf.Rel), !prose(tf.Rel)
			var blocks []span
			if tf.Doc != nil {
				for _, b := range tf.Doc.CodeBlocks {
					blocks = append(blocks, span{b.Offset, b.End})
				}
			}
			lines := lineCursor{src: src, named: -1}
			scanHidden(src, func(h hiddenRun) {
				if h.class != class || !md && inCharacterClass(src, h) || escapesFence(src, h) || codeSpanSeparator(src, h) {
					return
				}
				format := h.class == hiddenInvisible && !control(h.first)
				lineStart, lineEnd := lines.at(h.start)
				if format && lines.namesCharacters() {
					return
				}
				rc, fixable, literal := c, h.fixable, false
				switch {
				case payloadList(tf.Rel):
					rc = ci // a list of test inputs, hostile on purpose
				case !format:
				case (code || inSpans(blocks, h.start)) && inLiteral(src[lineStart:lineEnd], h.start-lineStart, h.end-lineStart):
					// A character class or string of code (a script, or a
					// fenced block of Markdown) that means the character:
					// removing it would change what the code does.
					rc, fixable, literal = ci, false, true
				case zeroWidthSpace(h) && inSpans(blocks, h.start):
					rc = ci // text pasted into a sample: no meaning hidden
				case zeroWidthSpace(h) && besideCJK(src, h):
					rc = ci // a word-break hint in text written without spaces
				}
				edit := analysis.Edit{Start: h.start, End: h.end}
				if rc.full(tf.File) {
					rc.count(tf.File, h.start, h.count, edit, fixable)
					return
				}
				message := hiddenMessage(h, src[h.start:h.end])
				if literal {
					verb := " is written as itself"
					if h.count > 1 {
						verb = " are written as themselves"
					}
					message = describeRun(h) + verb + " in a string or character class: the code means the character, but a reviewer cannot see it; write it as an escape such as " + escapeOf(h.first)
				}
				rc.reportFix(tf.File, h.start, h.count, edit, fixable, "%s", message)
			})
		}
		c.done()
		ci.done()
	}
}

// control reports a C0 or C1 control character or DEL.
func control(r rune) bool { return r < 0x20 || r >= 0x7F && r <= 0x9F }

// zeroWidthSpace reports a run made only of zero-width spaces and word
// joiners.
func zeroWidthSpace(h hiddenRun) bool {
	return !h.mixed && (h.first == 0x200B || h.first == 0x2060)
}

// besideCJK reports a run next to a Chinese, Japanese or Korean letter:
// text written without spaces between words, where machine translation and
// editors leave zero-width spaces as word-break hints.
func besideCJK(src []byte, h hiddenRun) bool {
	return cjkText(nearestLetter(src[:h.start], true)) || cjkText(nearestLetter(src[h.end:], false))
}

// nearestLetter returns the first rune of text, or its last one when
// backward, after skipping spaces and ASCII punctuation on the same line
// (the space and backtick between a translated word and a code span).
func nearestLetter(text []byte, backward bool) rune {
	for len(text) > 0 {
		var r rune
		var size int
		if backward {
			r, size = utf8.DecodeLastRune(text)
			text = text[:len(text)-size]
		} else {
			r, size = utf8.DecodeRune(text)
			text = text[size:]
		}
		if r == '\n' || r > unicode.MaxASCII || !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			return r
		}
	}
	return utf8.RuneError
}

// cjkText reports a letter of the cjk scripts, CJK punctuation or a
// full-width form.
func cjkText(r rune) bool {
	return unicode.In(r, cjk...) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// payloadList reports a file in a folder of test inputs (fuzzing corpora,
// payload and word lists), whose control characters are the point.
func payloadList(rel string) bool {
	dir := strings.ToLower(path.Dir(rel))
	return strings.Contains(dir, "fuzz") || strings.Contains(dir, "payload") || strings.Contains(dir, "wordlist")
}

// inSpans reports whether off falls in one of spans.
func inSpans(spans []span, off int) bool {
	for _, sp := range spans {
		if off >= sp.start && off < sp.end {
			return true
		}
	}
	return false
}

// codeSpanSeparator reports a single zero-width space between two
// backticks: the way Markdown authors keep two adjacent code spans, or the
// backticks of a fence shown inside another, from running together.
func codeSpanSeparator(src []byte, h hiddenRun) bool {
	return h.count == 1 && h.first == 0x200B && h.start > 0 && src[h.start-1] == '`' && h.end < len(src) && src[h.end] == '`'
}

// characterNames are words, lower case, with which a line names the
// invisible characters it shows on purpose ("ig<ZWSP>nore, written with a
// zero-width space").
var characterNames = []string{
	"zero-width", "zero width", "zerowidth", "zero_width", "zwsp", "bom", "zwj", "zwnj", "word joiner", "soft hyphen",
	"invisible", "u+200", "u+2060", "u+feff", "u+00ad", `\u200`, `\u2060`, `\ufeff`, "byte order mark",
}

// lineCursor finds the lines of offsets that come in increasing order, in
// one pass over the text however many offsets a line holds.
type lineCursor struct {
	src        []byte
	start, end int // the current line; end is its newline or the end of src
	known      bool
	named      int // whether the current line names characters: -1 unknown, 0 or 1
}

// at returns the line that holds off.
func (l *lineCursor) at(off int) (start, end int) {
	if l.known && off <= l.end {
		return l.start, l.end
	}
	if !l.known {
		l.end = -1
	}
	for l.end < off {
		l.start = l.end + 1
		if i := bytes.IndexByte(l.src[l.start:], '\n'); i >= 0 {
			l.end = l.start + i
		} else {
			l.end = len(l.src)
		}
	}
	l.known, l.named = true, -1
	return l.start, l.end
}

// namesCharacters reports whether the current line names invisible
// characters: an example the text points out, not something hidden.
func (l *lineCursor) namesCharacters() bool {
	if l.named < 0 {
		l.named = 0
		line := bytes.ToLower(l.src[l.start:min(l.end, l.start+maxNamedLine)])
		for _, w := range characterNames {
			if bytes.Contains(line, []byte(w)) {
				l.named = 1
				break
			}
		}
	}
	return l.named == 1
}

// maxNamedLine bounds how much of a line is searched for characterNames.
const maxNamedLine = 4096

// maxLiteralSpan bounds how far from a run inLiteral looks for quotes and
// brackets.
const maxLiteralSpan = 512

// inLiteral reports a run at [start, end) of its line of code that sits
// inside a string literal or a bracketed character class: an odd number of
// one kind of quote before it and that quote after it, or a "[" before it
// and a "]" after it with no bracket between.
func inLiteral(line []byte, start, end int) bool {
	before := line[max(0, start-maxLiteralSpan):start]
	after := line[end:min(len(line), end+maxLiteralSpan)]
	for _, q := range []byte{'"', '\'', '`'} {
		if unescapedCount(before, q)%2 == 1 && bytes.IndexByte(after, q) >= 0 {
			return true
		}
	}
	open := bytes.LastIndexByte(before, '[')
	closing := bytes.IndexByte(after, ']')
	return open >= 0 && bytes.IndexByte(before[open:], ']') < 0 && closing >= 0 && bytes.IndexByte(after[:closing], '[') < 0
}

// unescapedCount counts the bytes q in b not preceded by a backslash.
func unescapedCount(b []byte, q byte) int {
	n := 0
	for i, c := range b {
		if c == q && (i == 0 || b[i-1] != '\\') {
			n++
		}
	}
	return n
}

// escapeOf spells a code point as the escape most languages read in strings
// and regular expressions.
func escapeOf(r rune) string {
	if r > 0xFFFF {
		return fmt.Sprintf(`\U%08x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// textsWithHidden reports, for each of the skill's text files, whether it
// holds hidden text of any class: the files are scanned once for the three
// rules, and again only by those that find something.
var textsWithHidden = analysis.NewResult(func(s *skill.Skill) []bool {
	texts := s.Texts()
	hidden := make([]bool, len(texts))
	for i, tf := range texts {
		scanHidden(tf.File.Src, func(hiddenRun) { hidden[i] = true })
	}
	return hidden
})

var classWords = map[hiddenClass]string{
	hiddenBidi:      "bidirectional control characters",
	hiddenSmuggled:  "tag characters and variation selectors hiding text",
	hiddenInvisible: "invisible characters",
}

// hiddenMessage describes a run, whose bytes are run.
func hiddenMessage(h hiddenRun, run []byte) string {
	what := describeRun(h)
	switch h.class {
	case hiddenBidi:
		return what + " reorders how the text after it is displayed: a reviewer sees other text than Claude reads; remove it"
	case hiddenSmuggled:
		kind, decoded := "Unicode tag characters", decodeTags(run)
		if isVariationSelector(h.first) {
			kind, decoded = "variation selectors", decodeSelectors(run)
		}
		spelled := "hidden data"
		if decoded != "" {
			spelled = "the hidden text " + msg.Quote(decoded)
		}
		return fmt.Sprintf("%d invisible %s (from %s) encode %s: Claude reads it, people do not see it; remove them", h.count, kind, describeRune(h.first), spelled)
	}
	if control(h.first) && h.first < 0x7F {
		effect := "shows as nothing, or moves the cursor back,"
		if h.first == 0x1B {
			effect = "starts a terminal escape sequence, which can hide or rewrite the text shown,"
		}
		return what + " is a control character: it " + effect + " while Claude reads it; if an escape such as " + controlEscape(h.first) + " was meant (in a regular expression or a string), write the escape; otherwise remove it"
	}
	return what + " is invisible: text Claude reads differs from what a reviewer sees; remove it"
}

// controlEscape spells a C0 control character as the escape that most
// likely turned into it.
func controlEscape(r rune) string {
	switch r {
	case 0x00:
		return `\0`
	case 0x07:
		return `\a`
	case 0x08:
		return `\b`
	case 0x0B:
		return `\v`
	case 0x1B:
		return `\x1b`
	}
	return fmt.Sprintf(`\x%02x`, r)
}

// describeRun names a run: "U+200B ZERO WIDTH SPACE", "3 × U+200B ZERO
// WIDTH SPACE", or the first code point and a count for mixed runs.
func describeRun(h hiddenRun) string {
	first := describeRune(h.first)
	switch {
	case h.count == 1:
		return first
	case !h.mixed:
		return fmt.Sprintf("%d × %s", h.count, first)
	}
	return fmt.Sprintf("%d characters from %s", h.count, first)
}

// describeRune spells a code point with its Unicode name.
func describeRune(r rune) string {
	name := runenames.Name(r)
	if name == "" || strings.HasPrefix(name, "<") {
		name = "control character"
		if n, ok := controlNames[r]; ok {
			name = n
		}
	}
	return fmt.Sprintf("U+%04X %s", r, name)
}

// controlNames are the names of the C0 control characters and DELETE (the
// Unicode name list gives controls none; these are their ISO 6429 names).
var controlNames = map[rune]string{
	0x00: "NULL",
	0x01: "START OF HEADING",
	0x02: "START OF TEXT",
	0x03: "END OF TEXT",
	0x04: "END OF TRANSMISSION",
	0x05: "ENQUIRY",
	0x06: "ACKNOWLEDGE",
	0x07: "BELL",
	0x08: "BACKSPACE",
	0x09: "CHARACTER TABULATION",
	0x0A: "LINE FEED",
	0x0B: "LINE TABULATION",
	0x0C: "FORM FEED",
	0x0D: "CARRIAGE RETURN",
	0x0E: "SHIFT OUT",
	0x0F: "SHIFT IN",
	0x10: "DATA LINK ESCAPE",
	0x11: "DEVICE CONTROL ONE",
	0x12: "DEVICE CONTROL TWO",
	0x13: "DEVICE CONTROL THREE",
	0x14: "DEVICE CONTROL FOUR",
	0x15: "NEGATIVE ACKNOWLEDGE",
	0x16: "SYNCHRONOUS IDLE",
	0x17: "END OF TRANSMISSION BLOCK",
	0x18: "CANCEL",
	0x19: "END OF MEDIUM",
	0x1A: "SUBSTITUTE",
	0x1B: "ESCAPE",
	0x1C: "INFORMATION SEPARATOR FOUR",
	0x1D: "INFORMATION SEPARATOR THREE",
	0x1E: "INFORMATION SEPARATOR TWO",
	0x1F: "INFORMATION SEPARATOR ONE",
	0x7F: "DELETE",
}

// commonLetter reports code points of the scripts that most text outside
// ASCII is written in — Cyrillic, CJK symbols, kana and ideographs, Hangul
// syllables — none of which is hidden (classify returns 0 for each, which
// a test checks), so that such text skips classify.
func commonLetter(r rune) bool {
	return r >= 0x0400 && r <= 0x052F || r >= 0x3000 && r <= 0x9FFF && r != 0x3164 || r >= 0xAC00 && r <= 0xD7A3
}

// scanHidden calls fn for every run of hidden code points in src, in order.
func scanHidden(src []byte, fn func(hiddenRun)) {
	var prev rune = -1
	rtl := rtlLines{src: src}
	for i := 0; i < len(src); {
		if plainASCII[src[i]] {
			j := i + 1
			for j < len(src) && plainASCII[src[j]] {
				j++
			}
			prev, i = rune(src[j-1]), j
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if commonLetter(r) {
			prev, i = r, i+size
			continue
		}
		switch {
		case isTag(r):
			h, last := takeRun(src, i, isTag)
			if !flagTagSequence(prev, src[i:h.end]) {
				h.class, h.fixable = hiddenSmuggled, true
				fn(h)
			}
			prev, i = last, h.end
			continue
		case isVariationSelector(r):
			h, last := takeRun(src, i, isVariationSelector)
			switch {
			case h.count > 1:
				h.class, h.fixable = hiddenSmuggled, true
				fn(h)
			case !selectorFits(prev, r):
				h.class, h.fixable = hiddenInvisible, true
				fn(h)
			}
			prev, i = last, h.end
			continue
		}
		next, _ := utf8.DecodeRune(src[i+size:])
		class := classify(r, prev, next, i, &rtl)
		if class == 0 {
			prev, i = r, i+size
			continue
		}
		h, last := takeRun(src, i, func(x rune) bool { return x == r || classify(x, r, -1, i, &rtl) == class })
		h.class, h.fixable = class, class != hiddenBidi || !rtl.at(i)
		fn(h)
		prev, i = last, h.end
	}
}

// plainASCII holds the bytes that are whole visible ASCII characters or
// ordinary white space: never hidden text.
var plainASCII = func() (t [256]bool) {
	for b := 0x20; b < 0x7F; b++ {
		t[b] = true
	}
	for _, b := range "\t\n\r\f" {
		t[b] = true
	}
	return t
}()

// takeRun returns the run of code points from offset i that in accepts, and
// its last code point.
func takeRun(src []byte, i int, in func(rune) bool) (hiddenRun, rune) {
	h := hiddenRun{start: i}
	var last rune
	for i < len(src) {
		r, size := utf8.DecodeRune(src[i:])
		if !in(r) {
			break
		}
		if h.count == 0 {
			h.first = r
		}
		h.mixed = h.mixed || r != h.first
		h.count++
		last = r
		i += size
	}
	h.end = i
	return h, last
}

// classify says whether code point r at offset off, between prev and next,
// is hidden text (0 when it is not).
func classify(r, prev, next rune, off int, rtl *rtlLines) hiddenClass {
	switch {
	case r < utf8.RuneSelf && plainASCII[r]:
		return 0 // a run of hidden characters never takes the line break after it
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return hiddenBidi
	case r == 0x200E || r == 0x200F || r == 0x061C:
		// Directional marks are how right-to-left text is written.
		if rtl.at(off) {
			return 0
		}
		return hiddenInvisible
	case r == 0x200C || r == 0x200D:
		// Joiners shape Arabic and Indic text and glue emoji sequences.
		if joins(prev) || joins(next) || r == 0x200D && emojiLike(prev) && emojiLike(next) {
			return 0
		}
		return hiddenInvisible
	case r == 0xFEFF && off == 0, r == utf8.RuneError:
		return 0
	case r < 0x20 || r >= 0x7F && r <= 0x9F:
		return hiddenInvisible // controls other than tab, newline, carriage return and form feed
	case r == 0x034F, r == 0x115F, r == 0x1160, r == 0x17B4, r == 0x17B5, r == 0x3164, r == 0xFFA0,
		r == 0x2028, r == 0x2029:
		return hiddenInvisible // invisible letters, marks and separators
	case unicode.Is(unicode.Cf, r) && !unicode.Is(visibleFormat, r):
		return hiddenInvisible
	}
	return 0
}

// visibleFormat are format characters that show as marks (prepended
// concatenation marks) or lay out the scripts they belong to.
var visibleFormat = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x0600, Hi: 0x0605, Stride: 1}, {Lo: 0x06DD, Hi: 0x06DD, Stride: 1},
		{Lo: 0x070F, Hi: 0x070F, Stride: 1}, {Lo: 0x0890, Hi: 0x0891, Stride: 1},
		{Lo: 0x08E2, Hi: 0x08E2, Stride: 1},
	},
	R32: []unicode.Range32{
		{Lo: 0x110BD, Hi: 0x110BD, Stride: 1}, {Lo: 0x110CD, Hi: 0x110CD, Stride: 1},
		{Lo: 0x13430, Hi: 0x1345F, Stride: 1}, {Lo: 0x1BCA0, Hi: 0x1BCA3, Stride: 1},
	},
}

func isTag(r rune) bool { return r >= 0xE0000 && r <= 0xE007F }

func isVariationSelector(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF
}

// flagTagSequence reports an emoji tag sequence: a black flag followed by
// tag letters and digits and the cancel tag (the flags of England, Scotland
// and Wales). run holds the tag characters.
func flagTagSequence(prev rune, run []byte) bool {
	n := utf8.RuneCount(run)
	if prev != 0x1F3F4 || n < 2 || n > 8 {
		return false
	}
	for i, t := range []rune(string(run)) {
		switch {
		case i == n-1:
			return t == 0xE007F
		case !(t >= 0xE0030 && t <= 0xE0039 || t >= 0xE0061 && t <= 0xE007A):
			return false
		}
	}
	return false
}

// maxDecoded bounds how much hidden text is decoded for a message (which
// shows 60 characters).
const maxDecoded = 240

// decodeTags spells the ASCII that the tag characters of run mirror.
func decodeTags(run []byte) string {
	var b strings.Builder
	for _, t := range string(run) {
		if t >= 0xE0020 && t <= 0xE007E {
			b.WriteRune(t - 0xE0000)
		}
		if b.Len() >= maxDecoded {
			break
		}
	}
	return b.String()
}

// decodeSelectors reads a run of variation selectors as bytes (VS1–VS16 are
// 0–15, VS17–VS256 are 16–255), the way text is smuggled after an emoji, and
// returns them when they are printable UTF-8.
func decodeSelectors(run []byte) string {
	b := make([]byte, 0, min(len(run)/3, maxDecoded))
	for _, r := range string(run) {
		if r <= 0xFE0F {
			b = append(b, byte(r-0xFE00))
		} else {
			b = append(b, byte(r-0xE0100+16))
		}
		if len(b) >= maxDecoded {
			for i := 0; i < utf8.UTFMax-1 && !utf8.Valid(b); i++ {
				b = b[:len(b)-1] // a character cut at the limit
			}
			break
		}
	}
	if !utf8.Valid(b) {
		return ""
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) && r != '\n' && r != '\t' {
			return ""
		}
	}
	return string(b)
}

// selectorFits reports whether a single variation selector follows a
// character it can vary: a symbol, emoji, keycap digit or mark for VS1–VS16,
// a Han ideograph for the ideographic selectors.
func selectorFits(base, vs rune) bool {
	if vs >= 0xE0100 {
		return unicode.Is(unicode.Han, base)
	}
	switch {
	case base < 0:
		return false
	case base < utf8.RuneSelf:
		return base >= '0' && base <= '9' || base == '#' || base == '*'
	}
	return !unicode.IsSpace(base) && !unicode.Is(unicode.Latin, base)
}

// joins reports letters and marks of scripts that use zero-width joiners and
// non-joiners in ordinary text (Arabic, Indic, …): any script but Latin,
// Greek, Cyrillic and the shared Common and Inherited sets.
func joins(r rune) bool {
	if r < utf8.RuneSelf || !(unicode.IsLetter(r) || unicode.IsMark(r)) {
		return false
	}
	return !unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Common, unicode.Inherited)
}

// emojiLike reports code points that take part in emoji ZWJ sequences.
func emojiLike(r rune) bool {
	return r > utf8.RuneSelf && (unicode.Is(unicode.So, r) || r >= 0x1F3FB && r <= 0x1F3FF || r == 0xFE0F || r == 0x2640 || r == 0x2642)
}

// rtlLines answers, per line, whether it holds right-to-left letters.
type rtlLines struct {
	src       []byte
	lineStart int
	lineEnd   int
	has       bool
	known     bool
}

func (l *rtlLines) at(off int) bool {
	if l.known && off >= l.lineStart && off < l.lineEnd {
		return l.has
	}
	start := off
	for start > 0 && l.src[start-1] != '\n' {
		start--
	}
	end := off
	for end < len(l.src) && l.src[end] != '\n' {
		end++
	}
	l.lineStart, l.lineEnd, l.known, l.has = start, end+1, true, false
	for _, r := range string(l.src[start:end]) {
		if unicode.In(r, unicode.Hebrew, unicode.Arabic, unicode.Syriac, unicode.Thaana, unicode.Nko,
			unicode.Samaritan, unicode.Mandaic, unicode.Adlam) && unicode.IsLetter(r) {
			l.has = true
			break
		}
	}
	return l.has
}

// lookAlikes maps Cyrillic and Greek letters to the Latin letters they are
// drawn like (a subset of Unicode's confusables.txt).
var lookAlikes = map[rune]rune{
	'а': 'a', 'с': 'c', 'е': 'e', 'һ': 'h', 'і': 'i', 'ј': 'j', 'к': 'k', 'ӏ': 'l', 'о': 'o', 'р': 'p',
	'ԛ': 'q', 'ѕ': 's', 'т': 't', 'ս': 'u', 'ԝ': 'w', 'х': 'x', 'у': 'y', 'ԁ': 'd', 'ɡ': 'g',
	'α': 'a', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x',
	'ү': 'y', 'в': 'b', 'н': 'h', 'м': 'm', 'п': 'n',
}

// cjk are scripts that Chinese, Japanese and Korean text mixes by design
// (Unicode TS #39, "Highly Restrictive").
var cjk = []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo}

// mixedScript describes letters of different scripts in one identifier, ""
// when it uses one script (CJK combinations and Latin with them count as
// one).
func mixedScript(v string) string {
	count := map[string]int{}
	letters := map[string][]rune{}
	seen := map[rune]bool{}
	for _, r := range v {
		name := scriptOf(r)
		if name == "" {
			continue
		}
		count[name]++
		if !seen[r] {
			seen[r] = true
			letters[name] = append(letters[name], r)
		}
	}
	var scripts []string
	for name := range count {
		if !isCJK(name) {
			scripts = append(scripts, name)
		}
	}
	if len(scripts) < 2 {
		return ""
	}
	// The script with the most letters is the name's; the others are the
	// intruders.
	main := scripts[0]
	for _, name := range scripts[1:] {
		if count[name] > count[main] || count[name] == count[main] && name < main {
			main = name
		}
	}
	var intruders []string
	slices.Sort(scripts)
	for _, name := range scripts {
		if name == main {
			continue
		}
		for _, r := range letters[name] {
			like := ""
			if l, ok := lookAlikes[r]; ok && main == "Latin" {
				like = fmt.Sprintf(", drawn like Latin %q", string(l))
			}
			intruders = append(intruders, fmt.Sprintf("%s %q (%s%s)", name, string(r), describeRune(r), like))
		}
	}
	return fmt.Sprintf("mixes %s letters with %s: a look-alike name passes for another skill's", main, strings.Join(intruders, ", "))
}

func isCJK(script string) bool {
	for _, t := range cjk {
		if unicode.Scripts[script] == t {
			return true
		}
	}
	return false
}

// scriptOf returns the Unicode script of a letter ("" for other code
// points and for letters of the Common and Inherited sets).
func scriptOf(r rune) string {
	if !unicode.IsLetter(r) {
		return ""
	}
	if r < utf8.RuneSelf {
		return "Latin"
	}
	for name, t := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(t, r) {
			return name
		}
	}
	return ""
}

// vendored reports a file the skill's author did not write: minified code,
// or code in a vendor, node_modules or build folder. Its hidden characters
// are the library's (often in the very tables that detect them).
func vendored(rel string) bool {
	return links.Fixture(rel) || strings.Contains(strings.ToLower(path.Base(rel)), ".min.")
}

// inCharacterClass reports a hidden run written in a regular expression's
// character class, such as "[\u200b-\u200f]" spelled with the characters
// themselves: code that detects hidden text. The run sits between "[" and
// "]" on its line, next to a range's "-", a bracket or more such characters.
func inCharacterClass(src []byte, h hiddenRun) bool {
	lineStart := bytes.LastIndexByte(src[:h.start], '\n') + 1
	lineEnd := len(src)
	if i := bytes.IndexByte(src[h.end:], '\n'); i >= 0 {
		lineEnd = h.end + i
	}
	open := bytes.LastIndexByte(src[lineStart:h.start], '[')
	if open < 0 || bytes.IndexByte(src[lineStart+open:h.start], ']') >= 0 {
		return false
	}
	closing := bytes.IndexByte(src[h.end:lineEnd], ']')
	if closing < 0 || bytes.IndexByte(src[h.end:h.end+closing], '[') >= 0 {
		return false
	}
	classByte := func(c byte) bool { return c == '[' || c == ']' || c == '-' || c >= 0x80 }
	return h.start > 0 && classByte(src[h.start-1]) && h.end < len(src) && classByte(src[h.end])
}

// escapesFence reports invisible characters placed before a code fence at
// the start of a line, the way Markdown authors keep a fence shown inside
// a fenced example from closing it.
func escapesFence(src []byte, h hiddenRun) bool {
	if h.class != hiddenInvisible {
		return false
	}
	lineStart := bytes.LastIndexByte(src[:h.start], '\n') + 1
	if len(bytes.TrimSpace(src[lineStart:h.start])) > 0 {
		return false
	}
	rest := src[h.end:]
	return bytes.HasPrefix(rest, []byte("```")) || bytes.HasPrefix(rest, []byte("~~~"))
}
