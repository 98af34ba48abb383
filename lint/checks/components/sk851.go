package components

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// evalsJSONInvalid is SK851: a skill's evals/evals.json must be readable JSON. Documented in docs/SK851.md.
var evalsJSONInvalid = &analysis.Rule{
	ID: "SK851", Alias: "evals-json-invalid", Severity: analysis.Warning,
	Summary: "a skill's evals/evals.json must be readable JSON",
	Skill:   checkEvalsJSONInvalid,
}

const evalsConsequence = "skill-creator and other eval runners cannot read the skill's test cases"

func checkEvalsJSONInvalid(p *analysis.Pass, s *skill.Skill) {
	ef := evalsOf.Of(p, s)
	switch {
	case !ef.Found:
	case ef.Problem != nil:
		p.ReportPath(ef.Problem.Path, "%s; %s", ef.Problem.Message, evalsConsequence)
	case ef.File.HasBOM():
		p.ReportFix(ef.File, 0, &analysis.Fix{Message: "remove the byte order mark", Edits: []analysis.Edit{{Start: 0, End: len(source.BOM)}}},
			"%s starts with a byte order mark, which JSON parsers reject; %s", evalsPath, evalsConsequence)
	case ef.Err != nil:
		p.Reportf(ef.File, ef.Err.Offset, "%s is not valid JSON: %s; %s", evalsPath, ef.Err.Message, evalsConsequence)
	}
}
