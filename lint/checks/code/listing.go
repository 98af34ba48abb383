package code

import (
	"os"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// listingState is what a source= block refers to.
type listingState struct {
	c        codeBlock
	want     string // the source's text, gofmt-ed
	problem  string // why the source cannot be read, "" when it can
	resolved bool
}

// listings resolves the skill's source= blocks against its module.
func listings(p *analysis.Pass, s *skill.Skill) []listingState {
	var blocks []codeBlock
	for _, c := range codeBlocks(p, s, "go") {
		if c.info.Source != "" {
			blocks = append(blocks, c)
		}
	}
	if len(blocks) == 0 {
		return nil
	}
	mod, foreign := gocode.ForSkill(s.Dir, s.OriginModule())
	if foreign {
		return nil // copied out of the module its listings come from
	}
	var out []listingState
	for _, c := range blocks {
		st := listingState{c: c}
		l, err := gocode.ParseListing(c.info.Source)
		switch {
		case err != nil:
			st.problem = err.Error()
		case mod == nil:
			st.problem = "source= paths are relative to the Go module, and this skill is not inside one (no go.mod above it)"
		default:
			path, ok := mod.Resolve(l.Path)
			if !ok {
				st.problem = "source=" + l.Path + " leaves the module"
				break
			}
			if _, err := os.Stat(path); err != nil {
				st.problem = "source file " + l.Path + " does not exist in module " + mod.Path
				break
			}
			if st.want, err = gocode.Extract(path, l); err != nil {
				st.problem = err.Error()
				break
			}
			st.resolved = true
		}
		out = append(out, st)
	}
	return out
}

func checkReferences(p *analysis.Pass, s *skill.Skill) {
	if header.Fields(s) == nil {
		return
	}
	ref := s.References()
	if ref.Node == nil {
		return
	}
	if ref.Problem != "" {
		header.Report(p, s, ref.Node, "%s", ref.Problem)
		return
	}
	mod, foreign := gocode.ForSkill(s.Dir, s.OriginModule())
	switch {
	case foreign:
		return // copied out of the module its reference packages live in
	case mod == nil:
		header.Report(p, s, ref.Node, "metadata.reference names Go packages relative to the module, and this skill is not inside a Go module")
		return
	}
	for _, rel := range ref.Paths {
		dir, ok := mod.Resolve(rel)
		switch {
		case !ok:
			header.Report(p, s, ref.Node, "metadata.reference %s leaves the module", rel)
		case !isGoPackage(dir):
			header.Report(p, s, ref.Node, "metadata.reference %s is not a Go package of module %s (no .go files there)", rel, mod.Path)
		}
	}
}

// isGoPackage reports whether dir holds a non-test .go file.
func isGoPackage(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			return true
		}
	}
	return false
}
