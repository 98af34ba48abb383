// Package tools reads the tool lists of a skill's frontmatter
// (allowed-tools, disallowed-tools) as Claude Code does: a string split on
// spaces or commas, or a YAML list, each entry a tool name with an optional
// (pattern).
package tools

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Entry is one entry of allowed-tools or disallowed-tools: a tool name and
// an optional (pattern).
type Entry struct {
	Text    string
	Tool    string
	Pattern string // without the parentheses; "" when absent
	HasArgs bool
	Node    *yaml.Node // the scalar it came from
	Off     int        // byte offset of Text within the scalar's value
	Err     string     // syntax problem, "" when well-formed
}

var toolName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// Known are Claude Code's built-in tool names, used only to suggest a
// correction for a near miss: tool names are case-sensitive and new tools
// appear often, so an unknown name alone is not a finding.
var Known = []string{
	"Agent", "AskUserQuestion", "Bash", "BashOutput", "Edit", "EnterPlanMode", "ExitPlanMode",
	"Glob", "Grep", "KillShell", "LS", "LSP", "ListMcpResources", "MultiEdit", "NotebookEdit",
	"NotebookRead", "PowerShell", "Read", "ReadMcpResource", "Skill", "SlashCommand", "Task",
	"TaskOutput", "TodoRead", "TodoWrite", "WebFetch", "WebSearch", "Write",
}

// Form says how a tools field is written.
type Form int

// How a tools field is written.
const (
	StringForm Form = iota + 1 // one string, split on spaces or commas
	ListForm                   // a YAML list of strings
)

// Parse reads a tools field (a space- or comma-separated string or a
// YAML list, as Claude Code accepts). typeErr is set when the value has
// another type. commas reports a string form separated with commas.
func Parse(n *yaml.Node) (entries []Entry, form Form, commas bool, typeErr string) {
	n = frontmatter.Resolve(n)
	if frontmatter.IsNull(n) {
		return nil, 0, false, ""
	}
	if s, ok := frontmatter.String(n); ok {
		parts, usedCommas := split(s)
		for _, p := range parts {
			e := ParseEntry(p.text, n)
			e.Off = p.off
			entries = append(entries, e)
		}
		return entries, StringForm, usedCommas, ""
	}
	if n.Kind == yaml.SequenceNode {
		for _, item := range frontmatter.Items(n) {
			s, ok := frontmatter.String(item)
			if !ok {
				return nil, ListForm, false, fmt.Sprintf("list item is %s, not a string", frontmatter.KindName(item))
			}
			entries = append(entries, ParseEntry(strings.TrimSpace(s), item))
		}
		return entries, ListForm, false, ""
	}
	return nil, 0, false, fmt.Sprintf("is %s; write a space-separated string or a YAML list of strings", frontmatter.KindName(n))
}

// part is one entry of a tools string and its offset in the string.
type part struct {
	text string
	off  int
}

// splitTools splits on spaces and commas outside parentheses.
func split(s string) (parts []part, commas bool) {
	depth, start := 0, 0
	flush := func(end int) {
		raw := s[start:end]
		if p := strings.TrimSpace(raw); p != "" {
			parts = append(parts, part{p, start + strings.Index(raw, p)})
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case depth == 0 && (c == ' ' || c == '\t' || c == ','):
			if c == ',' {
				commas = true
			}
			flush(i)
			start = i + 1
		}
	}
	flush(len(s))
	return parts, commas
}

// ParseEntry reads one entry, a tool name with an optional (pattern), from
// the text of the scalar n.
func ParseEntry(text string, n *yaml.Node) Entry {
	e := Entry{Text: text, Tool: text, Node: n}
	if open := strings.IndexByte(text, '('); open >= 0 {
		e.Tool, e.HasArgs = text[:open], true
		if !strings.HasSuffix(text, ")") {
			e.Err = "has \"(\" without a closing \")\""
			return e
		}
		e.Pattern = text[open+1 : len(text)-1]
		if !balanced(e.Pattern) {
			e.Err = "has unbalanced parentheses"
			return e
		}
		if strings.TrimSpace(e.Pattern) == "" {
			e.Err = "has an empty pattern \"()\"; write the tool name alone to allow every use"
			return e
		}
	} else if strings.ContainsRune(text, ')') {
		e.Err = "has \")\" without an opening \"(\""
		return e
	}
	switch {
	case e.Tool == "":
		e.Err = "has a pattern but no tool name"
	case strings.HasPrefix(e.Tool, "mcp__"):
		// MCP tools: mcp__server__tool, mcp__server or mcp__server__*.
	case !toolName.MatchString(e.Tool):
		e.Err = "is not a tool name (letters, digits, _ and -) with an optional (pattern)"
	}
	return e
}

func balanced(s string) bool {
	depth := 0
	for _, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// Offset returns the file offset of a tools entry of the skill's header:
// inside a one-line scalar when the source there spells the entry, else the
// scalar's start.
func Offset(s *skill.Skill, e Entry) int { return HeaderOffset(s.Header, e) }

// HeaderOffset is Offset for an entry read from any file's header h.
func HeaderOffset(h *frontmatter.Header, e Entry) int {
	src := h.File().Src
	start := h.NodeOffset(e.Node)
	if e.Node.Style == yaml.DoubleQuotedStyle || e.Node.Style == yaml.SingleQuotedStyle {
		start++
	}
	off := start + e.Off
	if off+len(e.Text) <= len(src) && string(src[off:off+len(e.Text)]) == e.Text {
		return off
	}
	return h.NodeOffset(e.Node)
}
