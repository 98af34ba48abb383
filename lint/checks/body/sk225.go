package body

import (
	"bytes"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// skillCopiesDiffer is SK225: a skill kept in two of .claude/skills, .agents/skills and .github/skills should be the same in both. Documented in docs/SK225.md.
var skillCopiesDiffer = &analysis.Rule{
	ID: "SK225", Alias: "skill-copies-differ", Severity: analysis.Info,
	Summary: "a skill kept in two of .claude/skills, .agents/skills and .github/skills differs between them",
	Layout: func(p *analysis.Pass, res *layout.Layout) {
		type key struct{ project, name string }
		var order []key
		copies := map[key][]*layout.SkillDir{}
		for _, sd := range res.Skills {
			skills := filepath.Dir(sd.Dir)
			if _, ok := layout.ProjectSkillsDir(skills); !ok {
				continue
			}
			k := key{filepath.Dir(filepath.Dir(skills)), filepath.Base(sd.Dir)}
			if copies[k] == nil {
				order = append(order, k)
			}
			copies[k] = append(copies[k], sd)
		}
		for _, k := range order {
			group := copies[k]
			if len(group) < 2 {
				continue
			}
			// Every other copy is compared with the one Claude Code reads
			// (.claude/skills) when there is one, else with the first by path.
			ref := group[0]
			for _, sd := range group {
				if parent, _ := layout.ProjectSkillsDir(filepath.Dir(sd.Dir)); parent == layout.ProjectSkillsParents[0] {
					ref = sd
					break
				}
			}
			for _, sd := range group {
				if sd == ref {
					continue
				}
				if diff := firstDifference(ref, sd, k.project); diff != "" {
					p.ReportPath(sd.Dir, "skill %q differs from its copy in %s (%s): agents that read one folder get other instructions than those that read the other",
						k.name, projectRel(k.project, ref.Dir), diff)
				}
			}
		}
	},
}

// firstDifference compares two skill folders file by file, in path order,
// and describes the first difference: a file only one of them holds, or a
// file whose bytes differ. A file reached through a link out of its skill is
// not read (as everywhere): only its size is compared. Codex's own metadata
// file is left out. A file that cannot be read counts as the same. Folders
// are named relative to project; "" means no difference.
func firstDifference(a, b *layout.SkillDir, project string) string {
	fa, fb := skillFiles(a), skillFiles(b)
	i, j := 0, 0
	for i < len(fa) || j < len(fb) {
		switch {
		case j == len(fb) || i < len(fa) && fa[i].Rel < fb[j].Rel:
			return fa[i].Rel + " is only in " + projectRel(project, a.Dir)
		case i == len(fa) || fb[j].Rel < fa[i].Rel:
			return fb[j].Rel + " is only in " + projectRel(project, b.Dir)
		}
		x, y := fa[i], fb[j]
		i, j = i+1, j+1
		if x.Size != y.Size {
			return x.Rel + " differs"
		}
		if x.Outside || y.Outside {
			continue
		}
		if same, err := sameBytes(filepath.Join(a.Dir, x.Rel), filepath.Join(b.Dir, y.Rel)); err == nil && !same {
			return x.Rel + " differs"
		}
	}
	return ""
}

// projectRel names a skill folder relative to its project, with forward
// slashes: .claude/skills/pdf.
func projectRel(project, dir string) string {
	if rel, err := filepath.Rel(project, dir); err == nil {
		return filepath.ToSlash(rel)
	}
	return dir
}

// codexMetadata is the file of a skill that only Codex reads (its name and
// icon in the Codex app): a copy kept for Codex may hold it and the others
// not.
const codexMetadata = "agents/openai.yaml"

// skillFiles returns SKILL.md (unless it could not be read) and the skill's
// other files but codexMetadata, sorted by path.
func skillFiles(sd *layout.SkillDir) []layout.File {
	var files []layout.File
	if sd.Info.Rel != "" {
		files = append(files, sd.Info)
	}
	for _, f := range sd.Files {
		if f.Rel != codexMetadata {
			files = append(files, f)
		}
	}
	slices.SortFunc(files, func(x, y layout.File) int { return strings.Compare(x.Rel, y.Rel) })
	return files
}

// sameBytes reports whether two regular files hold the same bytes, reading
// both a block at a time.
func sameBytes(a, b string) (bool, error) {
	fa, err := safefs.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := safefs.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	ba, bb := make([]byte, 32<<10), make([]byte, 32<<10)
	for {
		na, errA := io.ReadFull(fa, ba)
		nb, errB := io.ReadFull(fb, bb)
		if !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil
		}
		endA, endB := errA == io.EOF || errA == io.ErrUnexpectedEOF, errB == io.EOF || errB == io.ErrUnexpectedEOF
		switch {
		case endA && endB:
			return true, nil
		case errA != nil && !endA:
			return false, errA
		case errB != nil && !endB:
			return false, errB
		case endA || endB:
			return false, nil
		}
	}
}
