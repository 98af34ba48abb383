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

// yamlBracketPlaceholder is a [Some Words] placeholder standing for a value
// (title: [Container Name] API), which YAML would read as a flow sequence.
var yamlBracketPlaceholder = regexp.MustCompile(`\[[A-Za-z][^\[\]\n,:#]* [^\[\]\n,:#]*\]`)

// templateMarker is a template construct where YAML needs a value or a
// line: {{ ... }} or {%- ... %} starting a line, a list item or a value
// (Helm, Jinja, Go templates). ${{ }} GitHub expressions inside a value are
// not template markers: they are YAML strings.
var templateMarker = regexp.MustCompile(`(?m)^[ \t]*(?:- +)?(?:[\w.-]+:[ \t]+)?(?:\{\{|\{%)|\{%`)

// markdownHeading is a Markdown heading line.
var markdownHeading = regexp.MustCompile(`^#{1,6} +\S`)

// tomlTable and tomlKey are a TOML table header and a key = value line.
var (
	tomlTable = regexp.MustCompile(`(?m)^[ \t]*\[\[?[\w.-]+\]\]?[ \t]*$`)
	tomlKey   = regexp.MustCompile(`(?m)^[ \t]*[\w.-]+[ \t]*=[ \t]*\S`)
)

// yamlNotYAML reports an example block that is not YAML meant to be loaded
// as written: a template that is YAML only after rendering (Helm, Jinja, Go
// templates), a Markdown document (a heading first, or frontmatter followed
// by a body of text), TOML, properties or .env lines under a yaml tag, a
// file tree, notes with arrows, or reference notation ("a" | "b",
// [key: <type> | default = x], crontab lines).
func yamlNotYAML(src string) bool {
	if templateMarker.MatchString(src) {
		return true
	}
	lines := strings.Split(strings.TrimLeft(src, "\r\n"), "\n")
	if len(lines) == 0 {
		return false
	}
	first := strings.TrimSpace(lines[0])
	if strings.HasPrefix(first, "##") && markdownHeading.MatchString(first) {
		return true
	}
	if markdownHeading.MatchString(first) {
		for _, l := range lines[1:] {
			if t := strings.TrimSpace(l); strings.HasPrefix(t, "##") && markdownHeading.MatchString(t) {
				return true
			}
		}
	}
	if first == "---" {
		for i, l := range lines[1:] {
			if strings.TrimSpace(l) != "---" {
				continue
			}
			for _, b := range lines[i+2:] {
				t := strings.TrimSpace(b)
				if t == "" {
					continue
				}
				// A body of Markdown, not a second YAML document.
				return markdownHeading.MatchString(t) || !strings.Contains(t, ":") && !strings.HasPrefix(t, "- ")
			}
			return false
		}
	}
	if tomlTable.MatchString(src) && tomlKey.MatchString(src) {
		return true
	}
	// A file tree, or notes with arrows, are not configuration.
	if yamlNotation.MatchString(src) {
		return true
	}
	for _, marker := range []string{"├──", "└──", "→", "⇒", "↓"} {
		if strings.Contains(src, marker) {
			return true
		}
	}
	// Java properties or .env lines (key=value), most of the block.
	keys, other := 0, 0
	for _, l := range lines {
		switch t := strings.TrimSpace(l); {
		case t == "" || strings.HasPrefix(t, "#"):
		case propertyLine.MatchString(t):
			keys++
		default:
			other++
		}
	}
	return keys > 0 && keys >= 2*other
}

// yamlSnakePlaceholder is a [snake_name] placeholder inside a key or a
// value ([role_name]_port: [custom_port]).
var yamlSnakePlaceholder = regexp.MustCompile(`\[[a-z][a-z0-9]*(?:_[a-z0-9]+)+\]`)

// yamlEllipsisLine is a line that only says "code left out" (... or …),
// which YAML would read as the end of a document.
var yamlEllipsisLine = regexp.MustCompile(`(?m)^[ \t]*(?:\.\.\.|…)[ \t]*$`)

// yamlNotation is reference notation rather than YAML: "a" | "b"
// alternatives, [key: <type> | default = x] option lines of a reference
// manual, or crontab lines.
var yamlNotation = regexp.MustCompile(`(?m)"[ \t]*\|[ \t]*"|^[ \t]*\[[\w.-]+:[ \t]*<\w+>|^[ \t]*(?:[0-9*/,-]+[ \t]+){5}/`)

// propertyLine is a key=value line of a properties or .env file.
var propertyLine = regexp.MustCompile(`^[\w.-]+=\S`)

// yamlParagraphsParse reads a block as variants shown side by side (a
// GitHub Actions step, then the GitLab job doing the same): paragraphs,
// split at blank lines, are joined until what is gathered parses, then the
// next part starts. It reports whether every part parses.
func yamlParagraphsParse(text string) bool {
	paragraphs := strings.Split(text, "\n\n")
	if len(paragraphs) < 2 {
		return false
	}
	part := ""
	for _, para := range paragraphs {
		part += para + "\n\n"
		if strings.TrimSpace(part) == "" {
			part = ""
			continue
		}
		if line, _ := yamlError(part); line == 0 {
			part = ""
		}
	}
	return strings.TrimSpace(part) == ""
}

// skillKey is a line that starts a frontmatter field of a skill.
var skillKey = regexp.MustCompile(`(?m)^(name|description|argument-hint|allowed-tools|when_to_use|disable-model-invocation):`)

// yamlExampleParses reports whether an example YAML block parses as a
// reader reads it: {{name}} placeholders stand for values; a whole SKILL.md
// shown in a yaml block (frontmatter between --- lines, then a Markdown
// body) is judged by its frontmatter; and a skill's frontmatter is read as
// Claude Code reads it, after its repair step (which quotes values such as
// argument-hint: [a] [b]); and variants shown side by side, separated by
// blank lines, are read one by one.
func yamlExampleParses(src string) bool {
	text := yamlPlaceholder.ReplaceAllString(src, "x")
	text = yamlBracketPlaceholder.ReplaceAllString(text, "x")
	text = yamlSnakePlaceholder.ReplaceAllString(text, "x")
	text = yamlEllipsisLine.ReplaceAllString(text, "")
	if line, _ := yamlError(text); line == 0 {
		return true
	}
	if yamlParagraphsParse(text) {
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
