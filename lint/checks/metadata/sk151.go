package metadata

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"go.yaml.in/yaml/v3"
)

// stringField is SK151: when_to_use and argument-hint must be text, not mappings. Documented in docs/SK151.md.
var stringField = &analysis.Rule{
	ID: "SK151", Alias: "string-field", Severity: analysis.Error,
	Summary: "when_to_use and argument-hint must be text, not mappings",
	Skill:   checkStringField,
}

func checkStringField(p *analysis.Pass, s *skill.Skill) {
	for _, key := range stringFields {
		if f := header.Field(s, key); f != nil {
			// Claude Code turns numbers, booleans and lists into text, as its
			// own documentation's unquoted argument-hint: [issue-number] relies
			// on; a mapping has no text to show.
			if n := frontmatter.Resolve(f.Value); n.Kind == yaml.MappingNode || nestedList(n) {
				rp := p
				if key == "argument-hint" || key == "version" {
					rp = p.AtMost(analysis.Warning) // only a hint or a label is lost
				}
				header.Report(rp, s, f.Value, "%s must be text, not %s; quote it", key, frontmatter.KindName(f.Value))
			}
		}
	}
}

// nestedList reports a list that holds a list or a mapping.
func nestedList(n *yaml.Node) bool {
	if n.Kind != yaml.SequenceNode {
		return false
	}
	for _, item := range frontmatter.Items(n) {
		if item.Kind != yaml.ScalarNode {
			return true
		}
	}
	return false
}
