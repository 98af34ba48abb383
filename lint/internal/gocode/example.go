package gocode

import (
	"regexp"
	"strings"
)

// goPlaceholder is a <name> placeholder standing for an expression or a
// name in an example.
var goPlaceholder = regexp.MustCompile(`<([A-Za-z][A-Za-z0-9_]*)>`)

// commentValue is a /* comment */ standing for a value after = or := or
// inside a call: client := /* get a client */.
var commentValue = regexp.MustCompile(`([=(,]\s*)/\*[^\n]*?\*/`)

// ParseExample reports whether an example block parses as a reader reads
// it, and the block's syntax error as written when it does not. On top of
// Parse's readings (a file, declarations, statements, imports then
// statements) it accepts ellipses, <name> placeholders and /* comments */
// standing for code; declarations and statements mixed in one block (a
// helper func, then the statements that call it); the fields of a struct
// or the methods of an interface shown alone; the elements of a composite
// literal shown alone (Steps: []resource.TestStep{…},); and a signature
// shown without its body (func F(x int) error { followed by a blank line or
// the end). A block that still fails but holds an ellipsis standing for code
// is a sketch and passes too, and so is a block that is not only Go: go.mod
// directives, SQL, assembly or a "// Python" section beside the Go, or a
// good/bad comparison marked ✅/❌.
//
// When every reading fails, the error is the one of the reading that got
// furthest into the block: a block that mixes a func declaration and
// statements is reported where its statements break, not where the
// statements start.
func ParseExample(src string) *Error {
	_, strictErr := Parse(src)
	if strictErr == nil {
		return nil
	}
	if notGo(src) {
		return nil
	}
	text := strings.NewReplacer("...", "", "…", "").Replace(src)
	text = goPlaceholder.ReplaceAllString(text, "$1")
	text = commentValue.ReplaceAllString(text, "${1}_")
	text = bodilessSignatures(text)
	text = bracePlaceholder.ReplaceAllString(text, "x")
	if _, err := Parse(text); err == nil {
		return nil
	}
	mixedErr := mixedParses(text)
	if mixedErr == nil {
		return nil
	}
	for _, wrap := range []struct{ head, tail string }{
		{"type _ struct {\n", "\n}\n"},
		{"type _ interface {\n", "\n}\n"},
		{"var _ = _{\n", "\n}\n"},
		{"var _ = _{\n", ",\n}\n"},
		{"switch {\n", "\n}\n"},
		{"", "\n}\n"},
	} {
		if wrap.head == "" && !strings.HasSuffix(strings.TrimSpace(text), "{") {
			continue // only a signature (or a block opener) shown without its body
		}
		body := text
		if strings.HasPrefix(wrap.tail, ",") {
			body = strings.TrimRight(text, " \t\r\n") // the last element, without its comma
		}
		if _, err := Parse(wrap.head + body + wrap.tail); err == nil {
			return nil
		}
	}
	if placeholderEllipsis(src) {
		return nil
	}
	if further(mixedErr, strictErr) {
		return mixedErr
	}
	return strictErr
}

// further reports whether a lies after b in the block.
func further(a, b *Error) bool {
	return a.Line > b.Line || a.Line == b.Line && a.Col > b.Col
}

// mixedParses reads the block as a run of parts, each declarations or
// statements: lines are gathered until what is gathered parses, then the
// next part starts. It returns nil when every part parses, or the error of
// the part that does not, at the block's line and column.
func mixedParses(text string) *Error {
	lines := strings.SplitAfter(text, "\n")
	start := 0 // the first line of the part being gathered
	for i := range lines {
		part := strings.Join(lines[start:i+1], "")
		if strings.TrimSpace(part) == "" {
			start = i + 1
			continue
		}
		if _, err := Parse(part); err == nil {
			start = i + 1
		} else if _, err := Parse("var _ = _{\n" + part + "\n}\n"); err == nil {
			start = i + 1 // composite-literal elements, after a statement
		}
	}
	part := strings.Join(lines[start:], "")
	if strings.TrimSpace(part) == "" {
		return nil
	}
	if start == 0 {
		_, err := Parse(part)
		return err
	}
	// The part that fails: report its error as statements (declarations
	// were taken off before it), where the block has it.
	_, err := Parse(part)
	err.Line += start
	return err
}

// placeholderEllipsis reports an ellipsis that stands for code rather than
// Go's own ... of a variadic call (xs...) or parameter (...T), outside
// comments and strings.
func placeholderEllipsis(src string) bool {
	if strings.Contains(stripCommentsAndStrings(src), "…") {
		return true
	}
	code := stripCommentsAndStrings(src)
	for i := strings.Index(code, "..."); i >= 0; {
		before, after := byte(' '), byte(' ')
		if i > 0 {
			before = code[i-1]
		}
		if i+3 < len(code) {
			after = code[i+3]
		}
		variadicArg := (isIdentByte(before) || before == ')' || before == ']' || before == '}') && (after == ')' || after == ',' || after == '\n' || after == ' ')
		variadicParam := isIdentByte(after) || after == '*' || after == '['
		if !variadicArg && !variadicParam {
			return true
		}
		next := strings.Index(code[i+3:], "...")
		if next < 0 {
			break
		}
		i += 3 + next
	}
	return false
}

// stripCommentsAndStrings blanks out comments and string literals, so that
// what is left is code.
func stripCommentsAndStrings(src string) string {
	b := []byte(src)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '/':
			for ; i < len(b) && b[i] != '\n'; i++ {
				b[i] = ' '
			}
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			end := strings.Index(string(b[i+2:]), "*/")
			stop := len(b)
			if end >= 0 {
				stop = i + 2 + end + 2
			}
			for ; i < stop; i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
			i--
		case b[i] == '"' || b[i] == '\'' || b[i] == '`':
			q := b[i]
			b[i] = ' '
			for i++; i < len(b) && b[i] != q && (q == '`' || b[i] != '\n'); i++ {
				if b[i] == '\\' && q != '`' && i+1 < len(b) {
					b[i] = ' '
					i++
				}
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
			if i < len(b) && b[i] == q {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// bracePlaceholder is a {name} placeholder of a template (package
// {package}, {target_file}_test.go).
var bracePlaceholder = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// signatureOnly is a func line that opens a body it never shows.
var signatureOnly = regexp.MustCompile(`^func\b.*\{[ \t]*$`)

// bodilessSignatures closes the body of a func shown by its signature only
// (the next line is blank or the block ends), as in a list of signatures
// with their doc comments.
func bodilessSignatures(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if signatureOnly.MatchString(l) && (i+1 == len(lines) || strings.TrimSpace(lines[i+1]) == "") {
			lines[i] = l + "}"
		}
	}
	return strings.Join(lines, "\n")
}

// otherLanguage is a line of something that is not Go in a go block: go.mod
// and go.work directives, SQL, Go assembly, or a comment that introduces another
// language ("// Python", "// TypeScript", "// sum_amd64.s").
var otherLanguage = regexp.MustCompile(`(?m)^[ \t]*(?:module[ \t]+[\w.-]+\.[\w./-]+[ \t]*$|go[ \t]+1\.[0-9]+(?:\.[0-9]+)?[ \t]*$|use[ \t]+\(|replace[ \t]+\S+.*=>|(?:SELECT|INSERT[ \t]+INTO|CREATE[ \t]+TABLE|UPDATE[ \t]+\w+[ \t]+SET|DELETE[ \t]+FROM)\b|TEXT[ \t]+·|\{"|//[ \t]*(?:(?i:python|typescript|javascript|node(?:\.?js)?|java|rust|ruby|c#|sql)\b[^\n]*$|\S+\.(?:s|py|ts|js|sql|mod)[ \t]*$))`)

// notGo reports an example that is not Go, or not only Go: other languages
// side by side, or a good/bad comparison (✅/❌/✓/✗) of lines never meant to
// stand together.
func notGo(src string) bool {
	for _, marker := range []string{"✅", "❌", "✓", "✗"} {
		if strings.Contains(src, marker) {
			return true
		}
	}
	return otherLanguage.MatchString(src)
}
