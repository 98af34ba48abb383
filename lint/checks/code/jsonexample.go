package code

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// jsonExampleParses reports whether an example JSON block parses as a reader
// reads it: one or more documents (JSON Lines), with // and /* */ comments
// and trailing commas (JSONC), # comments at the end of a line, with placeholders (..., …, <name>, {{name}},
// bare words) standing for values, or as the members of an object or the
// items of an array shown without their brackets.
func jsonExampleParses(src string) bool {
	t := normalizeJSONExample(src)
	for _, candidate := range []string{t, "{" + t + "}", "[" + t + "]"} {
		if jsonDocuments(dropStrayCommas(candidate)) {
			return true
		}
	}
	return false
}

// jsonDocuments reports whether text is one or more JSON objects or arrays
// (a run of bare values is prose, not an example).
func jsonDocuments(text string) bool {
	dec := json.NewDecoder(strings.NewReader(text))
	n := 0
	for {
		var v json.RawMessage
		err := dec.Decode(&v)
		if err == io.EOF {
			return n > 0
		}
		if err != nil || len(v) == 0 || v[0] != '{' && v[0] != '[' {
			return false
		}
		n++
	}
}

// normalizeJSONExample rewrites what is not JSON in an example, outside
// strings: comments and ellipses go, placeholders and bare words become
// strings.
func normalizeJSONExample(src string) string {
	var b strings.Builder
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '"':
			j := stringEnd(src, i)
			b.WriteString(src[i:j])
			i = j
		case strings.HasPrefix(src[i:], "//"), c == '#' && (lineStartsAt(src, i) || i > 0 && (src[i-1] == ' ' || src[i-1] == '\t')):
			i = lineEnd(src, i)
		case strings.HasPrefix(src[i:], "/*"):
			if end := strings.Index(src[i+2:], "*/"); end >= 0 {
				i += end + 4
			} else {
				i = len(src)
			}
		case strings.HasPrefix(src[i:], "..."):
			i += 3
		case strings.HasPrefix(src[i:], "…"):
			i += len("…")
		case c == '<' || strings.HasPrefix(src[i:], "{{"):
			end := placeholderEnd(src, i)
			if end < 0 {
				b.WriteByte(c)
				i++
				continue
			}
			b.WriteString(`"x"`)
			i = end
		case isWordStart(c):
			j := i
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			switch w := src[i:j]; w {
			case "true", "false", "null":
				b.WriteString(w)
			default:
				b.WriteString(`"x"`)
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// elidesJSON reports an ellipsis (... or …) outside the strings of a JSON
// block: its author left part of the document out.
func elidesJSON(src string) bool {
	for i := 0; i < len(src); {
		switch {
		case src[i] == '"':
			i = stringEnd(src, i)
		case strings.HasPrefix(src[i:], "..."), strings.HasPrefix(src[i:], "…"):
			return true
		default:
			i++
		}
	}
	return false
}

// dropStrayCommas removes the commas an ellipsis or a trailing comma leaves
// where JSON allows none: before a closing bracket, after an opening one,
// and doubled.
func dropStrayCommas(text string) string {
	var out []byte
	pending := false // a comma waiting for a value after it
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '"':
			j := stringEnd(text, i)
			if pending {
				out = append(out, ',')
				pending = false
			}
			out = append(out, text[i:j]...)
			i = j - 1
		case c == ',':
			if last := lastNonSpace(out); last != 0 && last != '[' && last != '{' && last != ',' {
				pending = true
			}
		case c == ']' || c == '}':
			pending = false
			out = append(out, c)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			out = append(out, c)
		default:
			if pending {
				out = append(out, ',')
				pending = false
			}
			out = append(out, c)
		}
	}
	return string(out)
}

func lastNonSpace(b []byte) byte {
	t := bytes.TrimRight(b, " \t\r\n")
	if len(t) == 0 {
		return 0
	}
	return t[len(t)-1]
}

// stringEnd returns the index after the JSON string that starts at i (or the
// end of the line for one left open).
func stringEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		case '\n':
			return j
		}
	}
	return len(s)
}

// placeholderEnd returns the index after a <name> or {{name}} placeholder
// that starts at i on one line, or -1.
func placeholderEnd(s string, i int) int {
	closer := ">"
	if strings.HasPrefix(s[i:], "{{") {
		closer = "}}"
	}
	end := strings.Index(s[i:], closer)
	if end <= 0 || strings.ContainsAny(s[i:i+end], "\n\"") {
		return -1
	}
	return i + end + len(closer)
}

func lineEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(s)
}

func lineStartsAt(s string, i int) bool {
	return strings.TrimSpace(s[strings.LastIndexByte(s[:i], '\n')+1:i]) == ""
}

func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isWordByte(c byte) bool {
	return isWordStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}
