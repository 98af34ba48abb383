package rules

import (
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// codeBlock is a fenced block of one of the skill's Markdown files.
type codeBlock struct {
	doc  *markdown.Document
	b    *markdown.CodeBlock
	info markdown.Info
}

// checkedLangs are the languages whose blocks skillcheck checks.
var checkedLangs = map[string]string{
	"go": "go", "json": "json", "yaml": "yaml", "yml": "yaml", "sh": "shell", "bash": "shell", "shell": "shell",
}

// codeBlocks returns the skill's closed code blocks of a checked kind
// ("go", "json", "yaml", "shell"), "!" injection blocks counting as shell.
// Blocks marked ignore are left out.
func codeBlocks(p *analysis.Pass, s *skill.Skill, kind string) []codeBlock {
	return blocksByKind.Of(p, s)[kind]
}

// blocksByKind is the skill's checked code blocks by kind, sorted once.
var blocksByKind = analysis.NewResult(func(s *skill.Skill) map[string][]codeBlock {
	m := map[string][]codeBlock{}
	for _, d := range skillDocs(s) {
		for _, b := range d.doc.CodeBlocks {
			if !b.Closed {
				continue // reported by SK209; its "content" is the rest of the file
			}
			info := b.ParseInfo()
			k := checkedLangs[info.Lang]
			if b.Injection() {
				k = "shell"
			}
			if k != "" && !info.Ignore {
				m[k] = append(m[k], codeBlock{d.doc, b, info})
			}
		}
	}
	return m
})

func init() {
	register(
		&analysis.Rule{
			ID: "SK301", Alias: "go-type-error", Severity: analysis.Error, Engine: true, Slow: true,
			Summary: "Go file blocks must type-check in the skill's module",
		},
		&analysis.Rule{
			ID: "SK302", Alias: "go-vet", Severity: analysis.Warning, Engine: true, Slow: true,
			Summary: "go vet should find nothing in Go file blocks",
		},
		&analysis.Rule{
			ID: "SK305", Alias: "go-compile-fail-compiles", Severity: analysis.Error, Engine: true, Slow: true,
			Summary: "a compile_fail block must fail to type-check",
		},
		&analysis.Rule{
			ID: "SK306", Alias: "go-import-unavailable", Severity: analysis.Warning, Engine: true, Slow: true,
			Summary: "imports must be provided by the skill's module to be checked",
		},
		&analysis.Rule{
			ID: "SK308", Alias: "go-toolchain-missing", Severity: analysis.Error, Engine: true, Slow: true,
			Summary: "the Go toolchain must be installed to check Go code blocks",
		},
		&analysis.Rule{
			ID: "SK303", Alias: "go-syntax", Severity: analysis.Error,
			Summary: "Go code blocks must parse, as a file or as declarations or statements",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, c := range codeBlocks(p, s, "go") {
					if _, err := gocode.Parse(c.b.Content()); err != nil {
						p.Reportf(c.doc.File, c.b.LineOffset(err.Line, err.Col), "Go syntax error: %s", err.Msg)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK304", Alias: "go-not-gofmt", Severity: analysis.Error, Fixable: true,
			Summary: "Go code blocks must be formatted as gofmt formats them",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, c := range codeBlocks(p, s, "go") {
					src := c.b.Content()
					formatted, err := gocode.Format(src)
					if err != nil || formatted == src {
						continue // a syntax error is SK303's
					}
					var fix *analysis.Fix
					if start, end, text, ok := c.b.ReplaceContent(c.doc, formatted); ok {
						fix = &analysis.Fix{Message: "format the block with gofmt", Edits: []analysis.Edit{{Start: start, End: end, New: text}}}
					}
					line := firstDifference(src, formatted)
					p.ReportFix(c.doc.File, c.b.LineOffset(line, 1), fix, "Go code block is not gofmt-clean (first difference on this line): Claude copies it as written")
				}
			},
		},
		&analysis.Rule{
			ID: "SK307", Alias: "code-block-attribute", Severity: analysis.Warning,
			Summary: "code block attributes must be ones skillcheck knows, used where they apply",
			Skill:   checkAttributes,
		},
		&analysis.Rule{
			ID: "SK309", Alias: "code-block-file-name", Severity: analysis.Error,
			Summary: "file= must name a plain Go file: letters, digits and underscores, then .go",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, d := range skillDocs(s) {
					for _, b := range d.doc.CodeBlocks {
						if info := b.ParseInfo(); info.BadFile != "" {
							p.Reportf(d.doc.File, b.InfoOffset, "file=%s is not a plain Go file name (letters, digits and _ then .go): the block is checked as an unnamed file", info.BadFile)
						}
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK311", Alias: "json-invalid", Severity: analysis.Error,
			Summary: "JSON code blocks must parse",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, c := range codeBlocks(p, s, "json") {
					src := []byte(c.b.Content())
					if json.Valid(src) {
						continue
					}
					if _, err := jsonpos.Parse(src); err != nil {
						p.Reportf(c.doc.File, c.b.ContentOffset(err.Offset), "%s (mark the block `json ignore` or use `jsonc` if it is not meant to be valid JSON)", err.Message)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK312", Alias: "json-schema-invalid", Severity: analysis.Error,
			Summary: "JSON Schema code blocks must compile as schemas",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, c := range codeBlocks(p, s, "json") {
					src := c.b.Content()
					if !strings.Contains(src, `"$schema"`) {
						continue
					}
					v, err := jsonpos.Parse([]byte(src))
					if err != nil {
						continue
					}
					if off, msg, bad := checkSchema(v); bad {
						p.Reportf(c.doc.File, c.b.ContentOffset(off), "JSON Schema does not compile: %s", msg)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK313", Alias: "yaml-block-invalid", Severity: analysis.Error,
			Summary: "YAML code blocks must parse",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, c := range codeBlocks(p, s, "yaml") {
					if line, msg := yamlError(c.b.Content()); msg != "" {
						p.Reportf(c.doc.File, c.b.LineOffset(line, 1), "YAML does not parse: %s", msg)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK314", Alias: "shell-syntax", Severity: analysis.Error, Slow: true,
			Summary: "shell code blocks must pass bash -n",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				blocks := codeBlocks(p, s, "shell")
				texts := make([]string, len(blocks))
				for i, c := range blocks {
					texts[i] = c.b.Content()
				}
				for i, e := range bashSyntax(texts) {
					if e.Msg != "" {
						c := blocks[i]
						p.Reportf(c.doc.File, c.b.LineOffset(e.Line, 1), "shell syntax error (bash -n): %s", e.Msg)
					}
				}
			},
		},
	)
}

// firstDifference returns the first 1-based line where a and b differ.
func firstDifference(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl))
}

// checkAttributes reports unknown attributes on the blocks skillcheck checks,
// and attributes that cannot apply.
func checkAttributes(p *analysis.Pass, s *skill.Skill) {
	files := map[string]map[string]bool{} // package name → file names
	for _, d := range skillDocs(s) {
		for _, b := range d.doc.CodeBlocks {
			info := b.ParseInfo()
			if _, checked := checkedLangs[info.Lang]; !checked {
				continue
			}
			report := func(format string, args ...any) { p.Reportf(d.doc.File, b.InfoOffset, format, args...) }
			for _, u := range info.Unknown {
				report("unknown code block attribute %q: skillcheck knows ignore, compile_fail, file=NAME.go and source=PATH#Name", u)
			}
			for _, prob := range info.Problems {
				report("%s", prob)
			}
			if info.Lang != "go" {
				if info.CompileFail || info.File != "" || info.BadFile != "" || info.Source != "" {
					report("compile_fail, file= and source= apply to go blocks only")
				}
				continue
			}
			pkg := gocode.PackageName(b.Content())
			switch {
			case info.Ignore && (info.CompileFail || info.Source != ""):
				report("ignore turns off every check; drop compile_fail or source=")
			case info.CompileFail && info.Source != "":
				report("a source= listing copies code that compiles; it cannot be compile_fail")
			case info.CompileFail && pkg == "":
				report("compile_fail needs a complete file (with a package clause): a fragment cannot be type-checked")
			}
			if info.File == "" {
				continue
			}
			switch {
			case pkg == "":
				report("file= names a file of a snippet package, but this block has no package clause")
			default:
				if files[pkg] == nil {
					files[pkg] = map[string]bool{}
				}
				if files[pkg][info.File] {
					report("file=%s is used twice in package %s", info.File, pkg)
				}
				files[pkg][info.File] = true
			}
		}
	}
}

var yamlLineErr = regexp.MustCompile(`line (\d+): (.*)$`)

// yamlError returns the first problem with a YAML text (all its documents),
// with its 1-based line, or "".
func yamlError(text string) (int, string) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			return 0, ""
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineErr.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return line, m[2]
		}
		return 1, msg
	}
}
