package body

import (
	"bytes"
	"regexp"

	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
)

// asideHeading matches the headings of sections that point readers
// elsewhere rather than instruct: "See also", "Related", "References",
// "Further reading", "Resources", "Credits" (and their Chinese and Japanese
// forms).
var asideHeading = regexp.MustCompile(`(?i)\b(see also|related|references?|resources|further reading|learn more|more information|sources|citations|credits|acknowledg\w*|navigation)\b|相关|相關|参考|參考|参见|另见|延伸阅读|関連|参照`)

// seeAlso matches the words that make a heading or a line a "see also"
// in the narrow sense, pointing at neighbours rather than at the skill's
// own material ("References" may list the skill's own files).
var seeAlso = regexp.MustCompile(`(?i)\b(see also|related)\b|参见|另见|相关|相關|関連`)

// inAside reports a link at offset off that lies in a "see also" section:
// under a heading such as "Related" or "References", up to the next heading,
// or on a line that says "see also" before it. A document's title (a level-1
// heading, "# API Reference") names the document, not an aside. For a link
// into the skill (inside), only "see also" and "related" count: a
// "References" section there lists the skill's own files.
func inAside(d *markdown.Document, off int, inside bool) bool {
	var section string
	for _, h := range d.Headings {
		if h.Offset > off {
			break
		}
		section = ""
		if h.Level > 1 {
			section = h.Text
		}
	}
	words := asideHeading
	if inside {
		words = seeAlso
	}
	src := d.File.Src
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	return section != "" && words.MatchString(section) || seeAlso.Match(src[lineStart:off])
}

// placeholder matches a bracketed placeholder of a document template that is
// not a link: "[Description]", "[Component Name]" (a capital letter, then
// words), not followed by "(" or "[" or ":".
var placeholder = regexp.MustCompile(`\[[A-Z][A-Za-z0-9 /_.,'-]*\]([^(\[:]|$)`)

// onTemplateLine reports a link at offset off whose line also holds a
// placeholder to fill in ("- [file-1.md](./file-1.md) - [Description]"):
// the line is a model of a document the skill makes, and the link points
// where that document will live.
func onTemplateLine(src []byte, off int) bool {
	return placeholder.Match(lineAround(src, off))
}

// lineAround returns the line of src that holds offset off.
func lineAround(src []byte, off int) []byte {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	end := len(src)
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		end = off + i
	}
	return src[start:end]
}

// navigation matches a line that moves the reader around the documents
// rather than instructing ("> **Back to:** [Main README](../README.md)",
// "**Navigation**: [Plugin CLAUDE.md](../../CLAUDE.md)", "Hub: …"): a
// breadcrumb or a footer for people browsing the files. "Next:" is left
// out: in a procedure it starts an instruction.
var navigation = regexp.MustCompile(`^\s*(?:[>*-]\s*)*(?:\*\*|__)?(?:back to|navigation|hub)(?:\*\*|__)?\s*:`)

// onNavigationLine reports a link at offset off on a navigation line.
func onNavigationLine(src []byte, off int) bool {
	return navigation.Match(bytes.ToLower(lineAround(src, off)))
}
