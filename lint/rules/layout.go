package rules

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// uploadMax is the Skills API's limit on a skill's total size.
const uploadMax = 8 << 20

// layoutProblem returns a Layout check reporting layout problems of one kind.
func layoutProblem(kind layout.ProblemKind, message func(layout.Problem) string) func(*analysis.Pass, *layout.Layout) {
	return func(p *analysis.Pass, res *layout.Layout) {
		for _, f := range res.Problems {
			if f.Kind == kind {
				p.ReportPath(f.Path, "%s", message(f))
			}
		}
	}
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK211", Alias: "skill-file-case", Severity: analysis.Error,
			Summary: "the skill file must be named exactly SKILL.md",
			Layout: layoutProblem(layout.Misnamed, func(f layout.Problem) string {
				return "skill file is named " + filepath.Base(f.Path) + ": Claude Code looks for SKILL.md exactly and, on case-sensitive file systems, never loads this skill"
			}),
		},
		&analysis.Rule{
			ID: "SK212", Alias: "skill-folder-without-skill-file", Severity: analysis.Warning,
			Summary: "a folder in skills/ without SKILL.md is not a skill",
			Layout: layoutProblem(layout.NoSkillFile, func(layout.Problem) string {
				return "folder in skills/ has no SKILL.md: Claude Code does not load it as a skill"
			}),
		},
		&analysis.Rule{
			ID: "SK213", Alias: "single-file-skill", Severity: analysis.Error,
			Summary: "a skill is a folder with SKILL.md, not a Markdown file in skills/",
			Layout: layoutProblem(layout.FlatSkill, func(f layout.Problem) string {
				name := filepath.Base(f.Path)
				return "Markdown file with frontmatter directly in skills/: Claude Code loads only skills/<name>/SKILL.md, so move it to skills/" +
					name[:len(name)-len(filepath.Ext(name))] + "/SKILL.md"
			}),
		},
		&analysis.Rule{
			ID: "SK214", Alias: "no-skills", Severity: analysis.Error,
			Summary: "a path given to skillcheck must contain skills",
			Layout: layoutProblem(layout.NoSkills, func(f layout.Problem) string {
				return "no skills found: " + f.Detail + " (a skill is a folder holding SKILL.md)"
			}),
		},
		&analysis.Rule{
			ID: "SK215", Alias: "symlink-loop", Severity: analysis.Error,
			Summary: "symbolic links must not loop",
			Layout: layoutProblem(layout.Loop, func(f layout.Problem) string {
				return f.Detail + "; it is not followed"
			}),
		},
		&analysis.Rule{
			ID: "SK216", Alias: "file-unreadable", Severity: analysis.Error, Input: true,
			Summary: "every file of a skill must be readable UTF-8 text within the size limit",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, prob := range s.Problems {
					if prob.File != nil && prob.Offset >= 0 {
						p.Reportf(prob.File, prob.Offset, "%s", prob.Message)
					} else {
						p.ReportPath(prob.Path, "%s", prob.Message)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK217", Alias: "folder-unreadable", Severity: analysis.Error,
			Summary: "folders and links under a skill pack must be readable",
			Layout: layoutProblem(layout.Unreadable, func(f layout.Problem) string {
				return "cannot read: " + f.Detail
			}),
		},
		&analysis.Rule{
			ID: "SK218", Alias: "upload-too-large", Severity: analysis.Off, Portable: analysis.Error, Input: true,
			Summary: "a skill uploaded to the Skills API must be under 8 MiB",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				var total int64
				for _, f := range s.Files {
					total += f.Size
				}
				if s.File != nil {
					total += int64(len(s.File.Src))
				}
				if total > uploadMax {
					p.ReportPath(s.Dir, "skill folder holds %.1f MiB: uploads to the Skills API must be under 8 MiB", float64(total)/(1<<20))
				}
			},
		},
	)
}
