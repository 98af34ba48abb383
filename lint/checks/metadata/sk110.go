package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// yamlDuplicateKey is SK110: a frontmatter key must appear only once. Documented in docs/SK110.md.
var yamlDuplicateKey = &analysis.Rule{
	ID: "SK110", Alias: "yaml-duplicate-key", Severity: analysis.Warning, Portable: analysis.Error,
	Summary: "a frontmatter key must appear only once",
	Skill:   checkYAMLDuplicateKey,
}

func checkYAMLDuplicateKey(p *analysis.Pass, s *skill.Skill) {
	h := header.Fields(s)
	if h == nil {
		return
	}
	first := map[string]int{}
	for _, f := range h.Fields {
		if line, dup := first[f.Key]; dup {
			header.Report(p, s, f.KeyN, "key %q is repeated (first on line %d): Claude Code keeps the last value, strict YAML parsers reject the file", f.Key, line)
			continue
		}
		first[f.Key] = s.File.Position(h.NodeOffset(f.KeyN)).Line
	}
}
