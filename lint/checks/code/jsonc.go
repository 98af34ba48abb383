package code

import (
	"path"
	"regexp"
	"strings"
)

// jsonCaption is a first line that names the file a JSON block holds:
// "// turbo.json", "# apps/web/project.json", "// File: tsconfig.json",
// perhaps with a note after a dash or a colon ("// vercel.json — example:
// a database in Mumbai").
var jsonCaption = regexp.MustCompile(`^[ \t]*(?://|#)[ \t]*(?:(?i:file(?:name)?|path|in)[ \t]*:?[ \t]*)?([\w@~.\[\]/-]*\.(?:jsonc|json5|json|[a-z]+rc))[ \t]*:?[ \t]*(?:\([^)\n]*\))?[ \t]*(?:(?:—|–|--?|:)[ \t][^\n]*)?$`)

// stripJSONCaption blanks a caption line at the top of a block (keeping
// every offset) and returns the file name it gives, or the block unchanged
// and "". A caption names the file; it is not content, and it does not make
// the block complete.
func stripJSONCaption(src string) (string, string) {
	lead := len(src) - len(strings.TrimLeft(src, " \t\r\n"))
	end := lineEnd(src, lead)
	m := jsonCaption.FindStringSubmatch(src[lead:end])
	if m == nil {
		return src, ""
	}
	return src[:lead] + strings.Repeat(" ", end-lead) + src[end:], m[1]
}

// infoFileName returns a file name the info string gives the block
// (title="tsconfig.json", filename=.vscode/settings.json), or "".
func infoFileName(unknown []string) string {
	for _, u := range unknown {
		k, v, ok := strings.Cut(u, "=")
		if !ok {
			continue
		}
		switch strings.ToLower(k) {
		case "title", "file", "filename", "name", "path":
			return strings.Trim(v, `"'`)
		}
	}
	return ""
}

// jsoncDialect says what a tool that reads a JSONC file allows: comments
// always, trailing commas where its parser takes them.
type jsoncDialect struct{ known, trailingCommas bool }

// jsoncFile returns the dialect of a file that its tool reads as JSONC:
// Turborepo, Nx, TypeScript, VS Code, Dev Containers, ESLint (comments
// only: eslintrc strips comments, then JSON.parse) and Deno.
func jsoncFile(name string) jsoncDialect {
	name = strings.ToLower(strings.TrimPrefix(name, "./"))
	base := path.Base(name)
	switch {
	case base == ".eslintrc.json" || base == ".eslintrc":
		return jsoncDialect{known: true}
	case base == "turbo.json", base == "nx.json", base == "project.json",
		base == "devcontainer.json", base == ".devcontainer.json",
		base == "deno.json", base == "deno.jsonc",
		base == "jsconfig.json",
		strings.HasPrefix(base, "tsconfig") && strings.HasSuffix(base, ".json"),
		strings.HasPrefix(name, ".vscode/") || strings.Contains(name, "/.vscode/"),
		strings.HasSuffix(base, ".jsonc"):
		return jsoncDialect{known: true, trailingCommas: true}
	}
	return jsoncDialect{}
}

// schemaURL is the $schema member of a JSON document.
var schemaURL = regexp.MustCompile(`"\$schema"\s*:\s*"([^"]*)"`)

// jsoncSchemas map a $schema URL to the JSONC file it describes.
var jsoncSchemas = []struct{ part, file string }{
	{"turbo.build", "turbo.json"}, {"turborepo", "turbo.json"},
	{"nx-schema", "nx.json"}, {"nx/schemas/project", "project.json"}, {"project-schema", "project.json"},
	{"tsconfig", "tsconfig.json"}, {"jsconfig", "jsconfig.json"},
	{"devcontainer", "devcontainer.json"}, {"deno", "deno.json"},
	{"eslintrc", ".eslintrc.json"},
}

// jsoncFromSchema returns the JSONC file a block's $schema names, or "".
func jsoncFromSchema(src string) string {
	m := schemaURL.FindStringSubmatch(src)
	if m == nil {
		return ""
	}
	url := strings.ToLower(m[1])
	for _, s := range jsoncSchemas {
		if strings.Contains(url, s.part) {
			return s.file
		}
	}
	return ""
}

// blankJSONC blanks // and /* */ comments outside strings and, when asked,
// the trailing commas before a closing bracket, keeping every offset (line
// breaks stay), so that what is left can be parsed as JSON and its errors
// point into the block as written.
func blankJSONC(src string, trailingCommas bool) string {
	b := []byte(src)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '"':
			i = stringEnd(src, i) - 1
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '/':
			for ; i < len(b) && b[i] != '\n'; i++ {
				b[i] = ' '
			}
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			stop := len(b)
			if end := strings.Index(src[i+2:], "*/"); end >= 0 {
				stop = i + 2 + end + 2
			}
			for ; i < stop; i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
			i--
		}
	}
	if trailingCommas {
		for i := 0; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = stringEnd(string(b), i) - 1
			case ',':
				j := i + 1
				for j < len(b) && strings.IndexByte(" \t\r\n", b[j]) >= 0 {
					j++
				}
				if j < len(b) && (b[j] == ']' || b[j] == '}') {
					b[i] = ' '
				}
			}
		}
	}
	return string(b)
}

// jsonIllustrationLine are lines that show an exchange or a comparison
// rather than a document: HTTP status and request lines, "Request:" and
// "Response:" labels.
var jsonIllustrationLine = regexp.MustCompile(`(?m)^[ \t]*(?:HTTP/[0-9.]+ [0-9]{3}\b|(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) +\S|(?i:request|response|input|output)\b[^:"\n]{0,40}:)`)

// jsonCall is a function call outside strings, as in a MongoDB shell
// document: ObjectId("…"), ISODate("…").
var jsonCall = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_.]*\(`)

// jsonIllustration reports an example block that is an illustration, not a
// JSON document: it does not start with { or [ (after a caption), or it
// holds placeholders (... or …), function calls (ObjectId(...)), an HTTP
// exchange, Request:/Response: labels, ✅/❌ markers, → annotations, |
// alternatives ("a" | "b") or template substitutions (${file:x},
// {PARAMETERS}).
func jsonIllustration(src string) bool {
	t := strings.TrimLeft(src, " \t\r\n\uFEFF")
	if t == "" || t[0] != '{' && t[0] != '[' {
		return true
	}
	if strings.Contains(src, "...") || strings.Contains(src, "…") || jsonIllustrationLine.MatchString(src) {
		return true
	}
	for _, marker := range []string{"✅", "❌", "✓", "✗", "⚠"} {
		if strings.Contains(src, marker) {
			return true
		}
	}
	code := outsideJSONStrings(src)
	return jsonCall.MatchString(code) || jsonTemplate.MatchString(code) ||
		strings.Contains(code, "|") || strings.Contains(code, "→") || strings.Contains(code, "=>")
}

// jsonTemplate is a template substitution standing for a value or a whole
// document: ${file:./x.json}, {ANALYSIS_PARAMETERS}.
var jsonTemplate = regexp.MustCompile(`\$\{|\{[A-Z][A-Z0-9_]*\}`)

// outsideJSONStrings blanks the JSON strings of a text.
func outsideJSONStrings(src string) string {
	b := []byte(src)
	for i := 0; i < len(b); i++ {
		if b[i] == '"' {
			j := stringEnd(src, i)
			for k := i; k < j; k++ {
				b[k] = ' '
			}
			i = j - 1
		}
	}
	return string(b)
}
