package rules

import (
	"github.com/skillcheck-dev/skillcheck/lint/rule"
	"github.com/skillcheck-dev/skillcheck/lint/source"
)

// maxPerFile bounds the findings of one security rule in one file: a hostile
// file with a million hidden characters or links gets 20 findings and one
// that counts the rest, not a million.
const maxPerFile = 20

// cappedReports reports one rule's findings, at most maxPerFile a file; the
// rest of a file's findings are counted in one last finding, whose fix
// merges theirs.
type cappedReports struct {
	p     *rule.Pass
	noun  string // what the last finding counts: "invisible characters"
	files map[*source.File]*fileCap
	order []*source.File
}

type fileCap struct {
	n         int
	restAt    int
	restCount int
	restFix   *rule.Fix
}

func newCapped(p *rule.Pass, noun string) *cappedReports {
	return &cappedReports{p: p, noun: noun, files: map[*source.File]*fileCap{}}
}

// report reports a finding at off in f that stands for count of the noun
// (several characters of one run count as several).
func (c *cappedReports) report(f *source.File, off, count int, fix *rule.Fix, format string, args ...any) {
	fc := c.files[f]
	if fc == nil {
		fc = &fileCap{restAt: -1}
		c.files[f] = fc
		c.order = append(c.order, f)
	}
	fc.n++
	if fc.n <= maxPerFile {
		c.p.ReportFix(f, off, fix, format, args...)
		return
	}
	if fc.restAt < 0 {
		fc.restAt = off
	}
	fc.restCount += count
	if fix != nil {
		if fc.restFix == nil {
			fc.restFix = &rule.Fix{Message: fix.Message}
		}
		fc.restFix.Edits = append(fc.restFix.Edits, fix.Edits...)
	}
}

// done reports, for each file past the cap, how many findings were left
// out.
func (c *cappedReports) done() {
	for _, f := range c.order {
		if fc := c.files[f]; fc.restAt >= 0 {
			c.p.ReportFix(f, fc.restAt, fc.restFix, "%d more %s from here to the end of the file", fc.restCount, c.noun)
		}
	}
}
