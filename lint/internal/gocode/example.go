package gocode

import (
	"regexp"
	"strings"
)

// goPlaceholder is a <name> placeholder standing for an expression or a
// name in an example.
var goPlaceholder = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9_]*)>`)

// ParseExample reports whether an example block parses as a reader reads
// it, and the block's first syntax error as written when it does not. On
// top of Parse's readings (a file, declarations, statements, imports then
// statements) it accepts ellipses and <name> placeholders standing for
// code, declarations and statements mixed in one block, and the fields of
// a struct or the methods of an interface shown alone.
func ParseExample(src string) *Error {
	_, strictErr := Parse(src)
	if strictErr == nil {
		return nil
	}
	text := strings.NewReplacer("...", "", "…", "").Replace(src)
	text = goPlaceholder.ReplaceAllString(text, "$1")
	if _, err := Parse(text); err == nil {
		return nil
	}
	if mixedParses(text) {
		return nil
	}
	for _, wrap := range []string{"type _ struct {\n", "type _ interface {\n"} {
		if _, err := Parse(wrap + text + "\n}\n"); err == nil {
			return nil
		}
	}
	return strictErr
}

// mixedParses reports whether the block reads as a run of parts, each
// declarations or statements: paragraphs (split at blank lines) are joined
// until what is gathered parses, then the next part starts.
func mixedParses(text string) bool {
	paragraphs := strings.Split(text, "\n\n")
	if len(paragraphs) < 2 {
		return false
	}
	part := ""
	for _, para := range paragraphs {
		if part != "" {
			part += "\n\n"
		}
		part += para
		if strings.TrimSpace(part) == "" {
			part = ""
			continue
		}
		if _, err := Parse(part); err == nil {
			part = ""
		}
	}
	return strings.TrimSpace(part) == ""
}
