package code

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// complete reports whether a block declares itself complete code, held to
// compile or parse as written, so that its failures are errors. A block is
// complete when it says so (the strict attribute), when the configuration
// says every block is (code: strict), when it is a listing or a named file
// (source=, file=), when Claude Code runs it (a ```! block), when its skill
// rests on reference packages (metadata.reference), when it is a Go file in
// a skill that lives in a Go module, or a JSON document naming a JSON
// Schema. Every other block is an example: placeholders, fragments,
// comments and JSON Lines are read as a reader would, and what still fails
// is a warning at most.
func complete(p *analysis.Pass, s *skill.Skill, c codeBlock) bool {
	switch {
	case p.StrictCode, c.info.Strict, c.info.Source != "", c.info.File != "", c.b.Injection():
		return true
	case s.References().Node != nil:
		return true
	}
	content := c.b.Content()
	switch checkedLangs[c.info.Lang] {
	case "go":
		return gocode.PackageName(content) != "" && inModule(s)
	case "json":
		// A document naming its schema claims to be a whole file, unless it
		// leaves parts of itself out.
		return strings.Contains(content, `"$schema"`) && !elidesJSON(content)
	}
	return false
}

// inModule reports a skill that lives in the Go module it was written in.
func inModule(s *skill.Skill) bool {
	mod, foreign := gocode.ForSkill(s.Dir, s.OriginModule())
	return mod != nil && !foreign
}

// examplePass returns the pass to report a failing block through: the rule's
// own for complete code, at most a warning for an example.
func examplePass(p *analysis.Pass, s *skill.Skill, c codeBlock) (*analysis.Pass, bool) {
	if complete(p, s, c) {
		return p, true
	}
	return p.AtMost(analysis.Warning), false
}

// exampleNote ends the message of a finding in an example block.
const exampleNote = " (an example block: mark it `ignore`, or `strict` if it is complete code)"
