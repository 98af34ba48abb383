package body

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// bodyTooManyTokens is SK202: SKILL.md instructions should stay under about 5,000 tokens. Documented in docs/SK202.md.
var bodyTooManyTokens = &analysis.Rule{
	ID: "SK202", Alias: "body-too-many-tokens", Severity: analysis.Warning,
	Summary:   "SKILL.md instructions should stay under about 5,000 tokens",
	FileScope: true,
	Skill:     checkBodyTooManyTokens,
}

func checkBodyTooManyTokens(p *analysis.Pass, s *skill.Skill) {
	body := s.File.Src[s.Body.Start:]
	n := source.EstimateTokens(body)
	if n <= bodyMaxTokens {
		return
	}
	rp := p
	if n <= bodyMaxTokens*6/5 {
		rp = p.AtMost(analysis.Info) // within the estimate's margin of error
	}
	rp.Reportf(s.File, s.Body.Start, "the body is about %d tokens (estimated); keep it under %d: it stays in context once loaded, and only its first 5,000 tokens survive compaction", n, bodyMaxTokens)
}
