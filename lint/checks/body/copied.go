package body

import (
	"os"
	"path"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
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
// document (doc, relative to the skill folder: at the same path, or at the
// sibling's top) and the file its link dest points at from there: the
// document was copied from there without that file. It returns "" when
// there is none.
func copiedFrom(p *analysis.Pass, s *skill.Skill, doc, dest string) string {
	if doc == "" {
		return "" // SKILL.md is each skill's own
	}
	places := []string{doc}
	if base := path.Base(doc); base != doc {
		places = append(places, base)
	}
	for _, dir := range siblings.Of(p, s) {
		for _, at := range places {
			t := links.Resolve(at, dest)
			if t.Kind == links.Inside && exists(filepath.Join(dir, filepath.FromSlash(at))) && exists(filepath.Join(dir, filepath.FromSlash(t.Path))) {
				return filepath.Base(dir)
			}
		}
	}
	return ""
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
