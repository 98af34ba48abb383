package rules

import (
	"os"
	"strings"

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

func init() {
	register(
		&analysis.Rule{
			ID: "SK401", Alias: "listing-drift", Severity: analysis.Error, Fixable: true,
			Summary: "a source= listing must equal the reference code it names",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, st := range listings(p, s) {
					got := st.c.b.Content()
					if !st.resolved || gocode.SameCode(got, st.want) {
						continue
					}
					var fix *analysis.Fix
					if start, end, text, ok := st.c.b.ReplaceContent(st.c.doc, st.want); ok {
						fix = &analysis.Fix{Message: "copy the listing from " + st.c.info.Source, Edits: []analysis.Edit{{Start: start, End: end, New: text}}}
					}
					line := firstDifference(strings.TrimSpace(got)+"\n", strings.TrimSpace(st.want)+"\n")
					p.ReportFix(st.c.doc.File, st.c.b.LineOffset(line, 1), fix,
						"listing differs from %s (first difference on this line): the skill teaches code that is not the tested code; `skillcheck lint --fix` copies it again", st.c.info.Source)
				}
			},
		},
		&analysis.Rule{
			ID: "SK402", Alias: "listing-source-missing", Severity: analysis.Error,
			Summary: "the file and declarations a source= listing names must exist",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, st := range listings(p, s) {
					if st.problem != "" {
						p.Reportf(st.c.doc.File, st.c.b.InfoOffset, "%s", st.problem)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK502", Alias: "reference-tests-fail", Severity: analysis.Error, Engine: true, Slow: true,
			Summary: "the reference packages a skill names must build and pass their tests (--tests)",
		},
		&analysis.Rule{
			ID: "SK501", Alias: "reference-missing", Severity: analysis.Error,
			Summary: "metadata.reference must name Go packages of the module",
			Skill:   checkReferences,
		},
	)
}

func checkReferences(p *analysis.Pass, s *skill.Skill) {
	if fields(s) == nil {
		return
	}
	ref := s.References()
	if ref.Node == nil {
		return
	}
	if ref.Problem != "" {
		reportNode(p, s, ref.Node, "%s", ref.Problem)
		return
	}
	mod, foreign := gocode.ForSkill(s.Dir, s.OriginModule())
	switch {
	case foreign:
		return // copied out of the module its reference packages live in
	case mod == nil:
		reportNode(p, s, ref.Node, "metadata.reference names Go packages relative to the module, and this skill is not inside a Go module")
		return
	}
	for _, rel := range ref.Paths {
		dir, ok := mod.Resolve(rel)
		switch {
		case !ok:
			reportNode(p, s, ref.Node, "metadata.reference %s leaves the module", rel)
		case !isGoPackage(dir):
			reportNode(p, s, ref.Node, "metadata.reference %s is not a Go package of module %s (no .go files there)", rel, mod.Path)
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
