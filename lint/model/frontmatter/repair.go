package frontmatter

import (
	"bytes"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Claude Code's loader, when the YAML does not parse, quotes the value of every
// top-level "key: value" line whose value holds one of these characters or a
// ": ", and turns leading tabs into spaces, then parses again.
var (
	topLevelPair = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.-]*):[ \t]+(\S.*?)[ \t]*$`)
	needsQuotes  = regexp.MustCompile("[{}\\[\\]*&#!|>%@`]|: ")
)

// repair rewrites text as Claude Code's loader does before its second attempt.
// It returns the rewritten text and the lines it changed (line numbers relative
// to text, value offsets relative to the line start), or nil lines when it
// changed nothing.
func repair(text []byte) ([]byte, []RepairedLine) {
	var out bytes.Buffer
	var changed []RepairedLine
	lineNo := 0
	for off := 0; off < len(text); {
		lineNo++
		end := bytes.IndexByte(text[off:], '\n')
		next := len(text)
		if end >= 0 {
			next = off + end + 1
		}
		raw := text[off:next]
		body, eol := splitEOL(raw)

		if tabs := leadingTabs(body); tabs > 0 {
			spaces := bytes.Repeat([]byte(" "), 2*tabs)
			changed = append(changed, RepairedLine{Kind: Untabbed, Line: lineNo, Replacement: string(spaces)})
			body = append(spaces, body[tabs:]...)
		} else if m := topLevelPair.FindSubmatchIndex(body); m != nil {
			value := body[m[4]:m[5]]
			if !isQuoted(value) && needsQuotes.Match(value) {
				quoted := strconv.Quote(string(value))
				changed = append(changed, RepairedLine{Kind: Quoted, Line: lineNo,
					ValueStart: m[4], ValueEnd: m[5], Replacement: quoted})
				body = append(append(append([]byte{}, body[:m[4]]...), quoted...), body[m[5]:]...)
			}
		}
		out.Write(body)
		out.Write(eol)
		off = next
	}
	return out.Bytes(), changed
}

func splitEOL(line []byte) (body, eol []byte) {
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
		if n > 0 && line[n-1] == '\r' {
			n--
		}
	}
	return line[:n], line[n:]
}

func leadingTabs(line []byte) int {
	n := 0
	for n < len(line) && line[n] == '\t' {
		n++
	}
	return n
}

func isQuoted(v []byte) bool {
	return len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'')
}

// Needed reports whether the line needs its repair in itself. Claude Code
// quotes every plain value once one line of the header fails to parse, so a
// value that is valid YAML as the value of a key on its own line — a flow
// list such as [Read, Grep] — is quoted only because another line broke the
// header: quoting it is not the fix, and its meaning changes (the list
// becomes text). src is the file the header was parsed from.
func (r RepairedLine) Needed(src []byte) bool {
	if r.Kind != Quoted {
		return true
	}
	var n yaml.Node
	return yaml.Unmarshal(append([]byte("k: "), src[r.ValueStart:r.ValueEnd]...), &n) != nil
}
