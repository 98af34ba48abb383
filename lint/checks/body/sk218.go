package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// uploadTooLarge is SK218: a skill uploaded to the Skills API must be under 8 MiB. Documented in docs/SK218.md.
var uploadTooLarge = &analysis.Rule{
	ID: "SK218", Alias: "upload-too-large", Severity: analysis.Off, Portable: analysis.Error, Input: true,
	Summary: "a skill uploaded to the Skills API must be under 8 MiB",
	Skill:   checkUploadTooLarge,
}

func checkUploadTooLarge(p *analysis.Pass, s *skill.Skill) {
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
}
