package rules

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/discover"
	"github.com/skillcheck-dev/skillcheck/lint/rule"
	"github.com/skillcheck-dev/skillcheck/lint/skill"
)

// uploadMax is the Skills API's limit on a skill's total size.
const uploadMax = 8 << 20

// treeFinding returns a Tree check reporting discovery findings of one kind.
func treeFinding(kind discover.FindingKind, message func(discover.Finding) string) func(*rule.Pass, *discover.Result) {
	return func(p *rule.Pass, res *discover.Result) {
		for _, f := range res.Findings {
			if f.Kind == kind {
				p.ReportPath(f.Path, "%s", message(f))
			}
		}
	}
}

func init() {
	register(
		&rule.Rule{
			ID: "SK211", Alias: "skill-file-case", Severity: rule.Error,
			Summary: "the skill file must be named exactly SKILL.md",
			Tree: treeFinding(discover.Misnamed, func(f discover.Finding) string {
				return "skill file is named " + filepath.Base(f.Path) + ": Claude Code looks for SKILL.md exactly and, on case-sensitive file systems, never loads this skill"
			}),
		},
		&rule.Rule{
			ID: "SK212", Alias: "skill-folder-without-skill-file", Severity: rule.Warning,
			Summary: "a folder in skills/ without SKILL.md is not a skill",
			Tree: treeFinding(discover.NoSkillFile, func(discover.Finding) string {
				return "folder in skills/ has no SKILL.md: Claude Code does not load it as a skill"
			}),
		},
		&rule.Rule{
			ID: "SK213", Alias: "single-file-skill", Severity: rule.Error,
			Summary: "a skill is a folder with SKILL.md, not a Markdown file in skills/",
			Tree: treeFinding(discover.FlatSkill, func(f discover.Finding) string {
				name := filepath.Base(f.Path)
				return "Markdown file with frontmatter directly in skills/: Claude Code loads only skills/<name>/SKILL.md, so move it to skills/" +
					name[:len(name)-len(filepath.Ext(name))] + "/SKILL.md"
			}),
		},
		&rule.Rule{
			ID: "SK214", Alias: "no-skills", Severity: rule.Error,
			Summary: "a path given to skillcheck must contain skills",
			Tree: treeFinding(discover.NoSkills, func(f discover.Finding) string {
				return "no skills found: " + f.Detail + " (a skill is a folder holding SKILL.md)"
			}),
		},
		&rule.Rule{
			ID: "SK215", Alias: "symlink-loop", Severity: rule.Error,
			Summary: "symbolic links must not loop",
			Tree: treeFinding(discover.Loop, func(f discover.Finding) string {
				return f.Detail + "; it is not followed"
			}),
		},
		&rule.Rule{
			ID: "SK216", Alias: "file-unreadable", Severity: rule.Error, Input: true,
			Summary: "every file of a skill must be readable UTF-8 text within the size limit",
			Skill: func(p *rule.Pass, s *skill.Skill) {
				for _, prob := range s.Problems {
					if prob.File != nil && prob.Offset >= 0 {
						p.Reportf(prob.File, prob.Offset, "%s", prob.Message)
					} else {
						p.ReportPath(prob.Path, "%s", prob.Message)
					}
				}
			},
		},
		&rule.Rule{
			ID: "SK217", Alias: "folder-unreadable", Severity: rule.Error,
			Summary: "folders and links under a skill pack must be readable",
			Tree: treeFinding(discover.Unreadable, func(f discover.Finding) string {
				return "cannot read: " + f.Detail
			}),
		},
		&rule.Rule{
			ID: "SK218", Alias: "upload-too-large", Severity: rule.Off, Portable: rule.Error, Input: true,
			Summary: "a skill uploaded to the Skills API must be under 8 MiB",
			Skill: func(p *rule.Pass, s *skill.Skill) {
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
