package components

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// evalsPath is where skill-creator and agentskills.io keep a skill's test
// cases, relative to the skill folder.
const evalsPath = "evals/evals.json"

// evalsFile is a skill's evals/evals.json, read once for the rules that
// judge it.
type evalsFile struct {
	// Found is false when the skill has no evals file (or one that is a link
	// leaving the skill, which is not read).
	Found   bool
	File    *source.File
	Problem *skill.Problem
	// JSON is the parsed document; nil with Err set when it is not JSON, and
	// nil when the file starts with a byte order mark.
	JSON *jsonpos.Value
	Err  *jsonpos.SyntaxError
}

var evalsOf = analysis.NewResult(func(s *skill.Skill) *evalsFile {
	for _, f := range s.Files {
		if f.Rel != evalsPath || f.Outside {
			continue
		}
		ef := &evalsFile{Found: true}
		ef.File, ef.Problem = skill.ReadKnownFile(filepath.Join(s.Dir, filepath.FromSlash(f.Rel)), f.Mode, f.Size, 0)
		if ef.File != nil && !ef.File.HasBOM() {
			ef.JSON, ef.Err = jsonpos.Parse(ef.File.Src)
		}
		return ef
	}
	return &evalsFile{}
})
