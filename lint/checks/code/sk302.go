package code

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/toolchain"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// goVet is SK302: go vet should find nothing in Go file blocks. Documented in docs/SK302.md.
var goVet = &analysis.Rule{
	ID: "SK302", Alias: "go-vet", Severity: analysis.Warning, Slow: true,
	Summary: "go vet should find nothing in Go file blocks",
	Batch:   goChecks,
	Skill:   checkGoVet,
}

func checkGoVet(p *analysis.Pass, s *skill.Skill) {
	reportToolchain(p, s, toolchain.Vet)
}
