package components

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// evalsFileMissing is SK853: the input files of a skill's test cases must exist. Documented in docs/SK853.md.
var evalsFileMissing = &analysis.Rule{
	ID: "SK853", Alias: "evals-file-missing", Severity: analysis.Warning,
	Summary: "the input files of a skill's test cases must exist",
	Skill:   checkEvalsFileMissing,
}

func checkEvalsFileMissing(p *analysis.Pass, s *skill.Skill) {
	ef := evalsOf.Of(p, s)
	if ef.JSON == nil || ef.JSON.Kind != jsonpos.Object {
		return
	}
	evals := ef.JSON.Get("evals")
	if evals == nil || evals.Kind != jsonpos.Array {
		return
	}
	for _, c := range evals.Items {
		files := c.Get("files")
		if files == nil || files.Kind != jsonpos.Array {
			continue
		}
		for _, f := range files.Items {
			if f.Kind == jsonpos.String && !evalInputExists(s.Dir, f.Str) {
				p.Reportf(ef.File, f.Offset, "input file %s does not exist in the skill (paths are relative to the skill folder): the test case runs without it", msg.Quote(f.Str))
			}
		}
	}
}

// evalInputExists reports whether an input path names a file of the skill,
// read relative to the skill folder (as skill-creator does) or to evals/.
// Absolute paths, URLs and paths that leave the skill are not judged.
func evalInputExists(dir, path string) bool {
	if path == "" || filepath.IsAbs(path) || strings.Contains(path, "://") || strings.HasPrefix(filepath.Clean(filepath.FromSlash(path)), "..") {
		return true
	}
	for _, base := range []string{dir, filepath.Join(dir, "evals")} {
		if _, err := os.Stat(filepath.Join(base, filepath.FromSlash(path))); err == nil {
			return true
		}
	}
	return false
}
