package code

import (
	"bytes"
	"os"
	"path"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// shippedCodeDir is the folder of a skill that holds copies of its module's
// files, at the paths they have in the module. Its leading underscore keeps
// the go command from building the copies as packages of whatever module
// contains the skill, and go:embed still takes it with the all: prefix.
const shippedCodeDir = "_go/"

// maxModuleFile bounds the module file read to compare with a shipped copy.
const maxModuleFile = 16 << 20

// fileDrift is SK403: a file a skill ships under _go/ must equal the module's file at the same path, and a package ship whole. Documented in docs/SK403.md.
var fileDrift = &analysis.Rule{
	ID: "SK403", Alias: "file-drift", Severity: analysis.Error, Fixable: true,
	Summary: "a file a skill ships under _go/ must equal the module's file at the same path, and a package ship whole",
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
	checkPackagesWhole(p, mod, shipped)
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

// checkPackagesWhole reports the Go files of a package that a skill ships
// in part: each folder under _go/ that holds Go files must hold every
// non-test Go file of the module's package at that path, or the copy does
// not build as the tested package did.
func checkPackagesWhole(p *analysis.Pass, mod *gocode.Module, shipped []skill.TextFile) {
	first := map[string]skill.TextFile{} // a shipped Go file per folder
	has := map[string]bool{}
	var folders []string
	for _, t := range shipped {
		if !isPackageFile(t.Rel) {
			continue
		}
		has[t.Rel] = true
		dir := path.Dir(t.Rel)
		if _, ok := first[dir]; !ok {
			first[dir] = t
			folders = append(folders, dir)
		}
	}
	for _, dir := range folders {
		rel := strings.TrimPrefix(dir+"/", shippedCodeDir)
		modDir, ok := mod.Resolve(rel)
		if !ok {
			continue // reported per file
		}
		entries, err := os.ReadDir(modDir)
		if err != nil {
			continue // the module has no such package: reported per file
		}
		var missing []string
		for _, e := range entries {
			if e.Type().IsRegular() && isPackageFile(e.Name()) && !has[dir+"/"+e.Name()] {
				missing = append(missing, e.Name())
			}
		}
		if len(missing) > 0 {
			p.Reportf(first[dir].File, 0, "%s/ ships package %s of module %s without %s: the copy does not build as the tested package did; copy the missing files from the module",
				dir, strings.TrimSuffix(rel, "/"), mod.Path, strings.Join(missing, ", "))
		}
	}
}

// isPackageFile reports a Go file that is part of a package's build, not
// of its tests.
func isPackageFile(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}
