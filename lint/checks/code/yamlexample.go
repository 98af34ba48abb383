package code

import (
	"regexp"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// yamlPlaceholder is a {{name}} placeholder, which YAML would read as a
// flow mapping.
var yamlPlaceholder = regexp.MustCompile(`\{\{[^{}\n]*\}\}`)

// skillKey is a line that starts a frontmatter field of a skill.
var skillKey = regexp.MustCompile(`(?m)^(name|description|argument-hint|allowed-tools|when_to_use|disable-model-invocation):`)

// yamlExampleParses reports whether an example YAML block parses as a
// reader reads it: {{name}} placeholders stand for values; a whole SKILL.md
// shown in a yaml block (frontmatter between --- lines, then a Markdown
// body) is judged by its frontmatter; and a skill's frontmatter is read as
// Claude Code reads it, after its repair step (which quotes values such as
// argument-hint: [a] [b]).
func yamlExampleParses(src string) bool {
	text := yamlPlaceholder.ReplaceAllString(src, "x")
	if line, _ := yamlError(text); line == 0 {
		return true
	}
	header := text
	if !strings.HasPrefix(text, "---\n") && !strings.HasPrefix(text, "---\r\n") {
		if !skillKey.MatchString(text) {
			return false // not frontmatter: no repair step reads it
		}
		header = "---\n" + text + "\n---\n"
	}
	h := frontmatter.Parse(source.New("example.md", []byte(header)))
	return h.Found && h.Closed && (h.Err == nil || h.Repair != nil)
}
