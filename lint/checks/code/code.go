package code

import (
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// codeBlock is a fenced block of one of the skill's Markdown files.
type codeBlock struct {
	Doc  *markdown.Document
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
	for _, d := range links.Docs(s) {
		for _, b := range d.Doc.CodeBlocks {
			if !b.Closed {
				continue // reported by SK209; its "content" is the rest of the file
			}
			info := b.ParseInfo()
			k := checkedLangs[info.Lang]
			if b.Injection() {
				k = "shell"
			}
			if k != "" && !info.Ignore {
				m[k] = append(m[k], codeBlock{d.Doc, b, info})
			}
		}
	}
	return m
})

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

// attributeNames are the code block attributes skillcheck reads.
var attributeNames = []string{"ignore", "compile_fail", "strict", "file", "source"}

// checkAttributes reports unknown attributes on the blocks skillcheck checks,
// and attributes that cannot apply.
func checkAttributes(p *analysis.Pass, s *skill.Skill) {
	files := map[string]map[string]bool{} // package name → file names
	for _, d := range links.Docs(s) {
		for _, b := range d.Doc.CodeBlocks {
			info := b.ParseInfo()
			if _, checked := checkedLangs[info.Lang]; !checked {
				continue
			}
			report := func(format string, args ...any) { p.Reportf(d.Doc.File, b.InfoOffset, format, args...) }
			for _, u := range info.Unknown {
				// Other tools put their own attributes here (title="x",
				// theme={null}, linenums); only a near miss of one of
				// skillcheck's is likely a mistake.
				key, _, _ := strings.Cut(u, "=")
				if near := msg.Closest(key, attributeNames); near != "" {
					report("unknown code block attribute %q: did you mean %s? skillcheck knows ignore, compile_fail, strict, file=NAME.go and source=PATH#Name", u, near)
				}
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
