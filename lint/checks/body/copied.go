package body

import (
	"os"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// maxSiblings bounds the sibling folders searched for the original of a
// copied document, so that a skill among thousands costs no more than one
// among dozens.
const maxSiblings = 256

// siblings are the folders next to a skill's folder, computed once per
// skill: the places a document shared between skills is copied from.
var siblings = analysis.NewResult(func(s *skill.Skill) []string {
	parent := filepath.Dir(filepath.Clean(s.Dir))
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	self := filepath.Base(filepath.Clean(s.Dir))
	var out []string
	for _, e := range entries {
		if len(out) == maxSiblings {
			break
		}
		if e.IsDir() && e.Name() != self {
			out = append(out, filepath.Join(parent, e.Name()))
		}
	}
	return out
})

// copiedFrom returns the name of a sibling skill folder that holds the same
// document (doc, relative to the skill folder) and the file its link points
// at (target): the document was copied from there without that file. It
// returns "" when there is none.
func copiedFrom(p *analysis.Pass, s *skill.Skill, doc, target string) string {
	if doc == "" {
		return "" // SKILL.md is each skill's own
	}
	for _, dir := range siblings.Of(p, s) {
		if exists(filepath.Join(dir, filepath.FromSlash(doc))) && exists(filepath.Join(dir, filepath.FromSlash(target))) {
			return filepath.Base(dir)
		}
	}
	return ""
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
