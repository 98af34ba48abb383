package code

import (
	"bytes"
	"os"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// shippedCodeDir is the folder of a skill that holds copies of its module's
// files, at the paths they have in the module.
const shippedCodeDir = "go/"

// maxModuleFile bounds the module file read to compare with a shipped copy.
const maxModuleFile = 16 << 20

// fileDrift is SK403: a file a skill ships under go/ must equal the module's file at the same path. Documented in docs/SK403.md.
var fileDrift = &analysis.Rule{
	ID: "SK403", Alias: "file-drift", Severity: analysis.Error, Fixable: true,
	Summary: "a file a skill ships under go/ must equal the module's file at the same path",
	Skill:   checkFileDrift,
}

func checkFileDrift(p *analysis.Pass, s *skill.Skill) {
	var shipped []skill.TextFile
	for _, t := range s.Texts() {
		if strings.HasPrefix(t.Rel, shippedCodeDir) {
			shipped = append(shipped, t)
		}
	}
	if len(shipped) == 0 {
		return
	}
	mod, foreign := gocode.ForSkill(s.Dir, s.OriginModule())
	switch {
	case foreign:
		return // an installed copy: its files were proved where it was written
	case mod == nil:
		p.Reportf(shipped[0].File, 0, "files under %s copy the files of the skill's Go module, and this skill is in none (no go.mod above it, no metadata.module in a workspace)", shippedCodeDir)
		return
	}
	for _, t := range shipped {
		rel := strings.TrimPrefix(t.Rel, shippedCodeDir)
		path, ok := mod.Resolve(rel)
		if !ok {
			p.Reportf(t.File, 0, "%s would copy %s, which leaves module %s", t.Rel, rel, mod.Path)
			continue
		}
		if _, err := os.Stat(path); err != nil {
			p.Reportf(t.File, 0, "%s copies %s, which module %s does not have: the skill ships code that is not tested; remove it or restore the module's file", t.Rel, rel, mod.Path)
			continue
		}
		want, err := safefs.ReadFile(path, maxModuleFile)
		if err != nil {
			p.Reportf(t.File, 0, "cannot read %s of module %s to compare: %v", rel, mod.Path, err)
			continue
		}
		if bytes.Equal(t.File.Src, want) {
			continue
		}
		fix := &analysis.Fix{Message: "copy " + rel + " from module " + mod.Path,
			Edits: []analysis.Edit{{Start: 0, End: len(t.File.Src), New: string(want)}}}
		line := firstDifference(string(t.File.Src), string(want))
		p.ReportFix(t.File, t.File.LineStart(line), fix,
			"%s differs from %s in module %s (first difference on this line): the skill ships code that is not the tested code; `skillcheck lint --fix` copies it again", t.Rel, rel, mod.Path)
	}
}
