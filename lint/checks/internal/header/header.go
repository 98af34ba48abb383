// Package header reads what the rules of several families need from a
// skill's frontmatter: its fields when they can be checked, the name, values
// written as a string or a list, and positions for reports.
package header

import (
	"fmt"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"go.yaml.in/yaml/v3"
)

// Fields returns the skill's header when its keys can be checked: the header
// exists and its YAML parsed (as written or after Claude Code's repair).
// Rules about single fields use it so that a broken header is reported once.
func Fields(s *skill.Skill) *frontmatter.Header {
	h := s.Header
	if h == nil || !h.Found || !h.Closed {
		return nil
	}
	if h.Err != nil && h.Repair == nil {
		return nil
	}
	return h
}

// Field returns the header field key, or nil.
func Field(s *skill.Skill, key string) *frontmatter.Field {
	if h := Fields(s); h != nil {
		return h.Get(key)
	}
	return nil
}

// Report reports at a YAML node of the skill's header.
func Report(p *analysis.Pass, s *skill.Skill, n *yaml.Node, format string, args ...any) {
	p.Reportf(s.File, s.Header.NodeOffset(n), format, args...)
}

// Describe shows a value in a message: its text for scalars, its kind otherwise.
func Describe(n *yaml.Node) string {
	n = frontmatter.Resolve(n)
	if n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return msg.Quote(n.Value)
	}
	return frontmatter.KindName(n)
}

// TextAt is one value of a field and the node it was read from.
type TextAt struct {
	Text string
	Node *yaml.Node
}

// StringOrList reads a field written as a string split on sep or as a YAML
// list of strings. problems lists what is wrong, each at its node; values
// holds the usable entries.
func StringOrList(f *frontmatter.Field, sep string) (values []TextAt, problems []TextAt) {
	n := frontmatter.Resolve(f.Value)
	if v, ok := frontmatter.String(n); ok {
		for _, part := range strings.Split(v, sep) {
			if part = strings.TrimSpace(part); part != "" {
				values = append(values, TextAt{part, n})
			}
		}
		if len(values) == 0 {
			problems = append(problems, TextAt{"is empty", n})
		}
		return values, problems
	}
	if n.Kind != yaml.SequenceNode {
		return nil, []TextAt{{fmt.Sprintf("is %s; write a string or a YAML list of strings", frontmatter.KindName(n)), n}}
	}
	for _, item := range frontmatter.Items(n) {
		v, ok := frontmatter.String(item)
		if !ok || strings.TrimSpace(v) == "" {
			problems = append(problems, TextAt{fmt.Sprintf("list item is %s, not a string", emptyKind(item)), item})
			continue
		}
		values = append(values, TextAt{strings.TrimSpace(v), item})
	}
	if len(values) == 0 && len(problems) == 0 {
		problems = append(problems, TextAt{"is an empty list", n})
	}
	return values, problems
}

func emptyKind(n *yaml.Node) string {
	if v, ok := frontmatter.String(n); ok && strings.TrimSpace(v) == "" {
		return "empty"
	}
	return frontmatter.KindName(n)
}

// Name returns the skill's name field when it is a non-empty string.
func Name(s *skill.Skill) (*frontmatter.Field, string, bool) {
	f := Field(s, "name")
	if f == nil {
		return nil, "", false
	}
	v, ok := frontmatter.String(f.Value)
	if !ok || strings.TrimSpace(v) == "" {
		return f, "", false
	}
	return f, v, true
}

// SuggestName turns a name into the form the rule asks for.
func SuggestName(v string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(v) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "my-skill"
	}
	return b.String()
}

// ValueEnd returns the offset where a top-level field's value ends: the end
// of the last indented, non-comment line that continues it (blank lines
// between continuation lines included).
func ValueEnd(s *skill.Skill, f *frontmatter.Field) int {
	h := s.Header
	file := s.File
	line := file.Position(h.NodeOffset(f.Value)).Line
	end := file.LineEnd(line)
	last := file.Position(h.End).Line - 1 // the line before the closing ---
	for n := line + 1; n <= last; n++ {
		text := file.Line(n)
		trimmed := strings.TrimSpace(string(text))
		switch {
		case trimmed == "":
			continue
		case text[0] != ' ' && text[0] != '\t', strings.HasPrefix(trimmed, "#"):
			return end
		}
		end = file.LineEnd(n)
	}
	return end
}

// UserOnly reports a skill that only the user can start
// (disable-model-invocation: true): Claude never chooses it on its own.
func UserOnly(s *skill.Skill) bool {
	if f := Field(s, "disable-model-invocation"); f != nil {
		v, ok := frontmatter.Bool(f.Value)
		return ok && v
	}
	return false
}
