package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// metadataType is SK142: metadata must be a mapping. Documented in docs/SK142.md.
var metadataType = &analysis.Rule{
	ID: "SK142", Alias: "metadata-type", Severity: analysis.Error,
	Summary: "metadata must be a mapping",
	Skill:   checkMetadataType,
}

func checkMetadataType(p *analysis.Pass, s *skill.Skill) {
	f := header.Field(s, "metadata")
	if f == nil || frontmatter.Resolve(f.Value).Kind == yaml.MappingNode {
		return
	}
	header.Report(p, s, f.Value, "metadata is %s, not a mapping: Claude Code drops it", frontmatter.KindName(f.Value))
}
