package security

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// maxPerFile bounds the findings of one security rule in one file: a hostile
// file with a million hidden characters or links gets 20 findings and one
// that counts the rest, not a million.
const maxPerFile = 20

// cappedReports reports one rule's findings, at most maxPerFile a file; the
// rest of a file's findings are counted in one last finding, whose fix
// merges theirs.
type cappedReports struct {
	p      *analysis.Pass
	noun   string // what the last finding counts: "invisible characters"
	fixMsg string // what the fixes do, for rules with fixes
	files  map[*source.File]*fileCap
	order  []*source.File
}

type fileCap struct {
	n         int
	restAt    int
	restCount int
	// The fixes of the findings past the cap merge into one edit that
	// replaces [restStart, restEnd) with restNew: memory in proportion to
	// the text, not to the number of findings.
	restFix            bool
	restStart, restEnd int
	restNew            strings.Builder
}

func newCapped(p *analysis.Pass, noun string) *cappedReports {
	return &cappedReports{p: p, noun: noun, files: map[*source.File]*fileCap{}}
}

func (c *cappedReports) file(f *source.File) *fileCap {
	fc := c.files[f]
	if fc == nil {
		fc = &fileCap{restAt: -1}
		c.files[f] = fc
		c.order = append(c.order, f)
	}
	return fc
}

// full reports whether f has had its share of findings: the next one is
// only counted, so its message need not be built.
func (c *cappedReports) full(f *source.File) bool { return c.file(f).n >= maxPerFile }

// report reports a finding at off in f that stands for count of the noun
// (several characters of one run count as several).
func (c *cappedReports) report(f *source.File, off, count int, format string, args ...any) {
	c.reportFix(f, off, count, analysis.Edit{}, false, format, args...)
}

// reportFix is report with a fix made of one edit, when fixable. Edits of
// one file must come in order and not overlap.
func (c *cappedReports) reportFix(f *source.File, off, count int, edit analysis.Edit, fixable bool, format string, args ...any) {
	if c.full(f) {
		c.count(f, off, count, edit, fixable)
		return
	}
	c.file(f).n++
	var fix *analysis.Fix
	if fixable {
		fix = &analysis.Fix{Message: c.fixMsg, Edits: []analysis.Edit{edit}}
	}
	c.p.ReportFix(f, off, fix, format, args...)
}

// count records a finding past the cap: it is counted, and its fix merged.
func (c *cappedReports) count(f *source.File, off, count int, edit analysis.Edit, fixable bool) {
	fc := c.file(f)
	fc.n++
	if fc.restAt < 0 {
		fc.restAt = off
	}
	fc.restCount += count
	if !fixable {
		return
	}
	if !fc.restFix {
		fc.restFix, fc.restStart, fc.restEnd = true, edit.Start, edit.Start
	}
	fc.restNew.Write(f.Src[fc.restEnd:edit.Start])
	fc.restNew.WriteString(edit.New)
	fc.restEnd = edit.End
}

// done reports, for each file past the cap, how many findings were left
// out.
func (c *cappedReports) done() {
	for _, f := range c.order {
		fc := c.files[f]
		if fc.restAt < 0 {
			continue
		}
		var fix *analysis.Fix
		if fc.restFix {
			fix = &analysis.Fix{Message: c.fixMsg, Edits: []analysis.Edit{{Start: fc.restStart, End: fc.restEnd, New: fc.restNew.String()}}}
		}
		c.p.ReportFix(f, fc.restAt, fix, "%d more %s from here to the end of the file", fc.restCount, c.noun)
	}
}
