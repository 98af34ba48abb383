package components

import (
	"fmt"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// evalsShape is SK852: evals/evals.json should have the shape skill-creator reads. Documented in docs/SK852.md.
var evalsShape = &analysis.Rule{
	ID: "SK852", Alias: "evals-shape", Severity: analysis.Warning,
	Summary: "evals/evals.json should have the shape skill-creator reads",
	Skill:   checkEvalsShape,
}

func checkEvalsShape(p *analysis.Pass, s *skill.Skill) {
	ef := evalsOf.Of(p, s)
	root := ef.JSON
	if root == nil {
		return // not found, or SK851 reports it
	}
	evals := root.Get("evals")
	if root.Kind != jsonpos.Object || evals == nil {
		p.AtMost(analysis.Info).Reportf(ef.File, root.Offset,
			"%s is %s without an \"evals\" array: not the format of skill-creator and agentskills.io ({\"skill_name\": …, \"evals\": [{\"id\": 1, \"prompt\": …}]}), so their runners cannot use it", evalsPath, describeJSON(root))
		return
	}
	if evals.Kind != jsonpos.Array {
		p.Reportf(ef.File, evals.Offset, "\"evals\" must be an array of test cases, not %s", evals.Kind)
		return
	}
	if name := root.Get("skill_name"); name != nil {
		checkSkillName(p, s, ef, name)
	}
	ids := map[string]bool{}
	for i, c := range evals.Items {
		if c.Kind != jsonpos.Object {
			p.Reportf(ef.File, c.Offset, "test case %d must be an object with a prompt, not %s", i+1, c.Kind)
			continue
		}
		if pr := c.Get("prompt"); pr == nil {
			p.Reportf(ef.File, c.Offset, "test case %d has no \"prompt\", the task the runner gives Claude", i+1)
		} else if pr.Kind != jsonpos.String || strings.TrimSpace(pr.Str) == "" {
			p.Reportf(ef.File, pr.Offset, "\"prompt\" of test case %d must be non-empty text, not %s", i+1, describeJSON(pr))
		}
		if id := c.Get("id"); id != nil {
			switch key := id.Kind.String() + ":" + id.Str; {
			case id.Kind != jsonpos.Number && id.Kind != jsonpos.String:
				p.Reportf(ef.File, id.Offset, "\"id\" of test case %d must be a number, not %s", i+1, id.Kind)
			case ids[key]:
				p.Reportf(ef.File, id.Offset, "test case %d repeats id %s: runners keep each case's results under its id, so one overwrites the other", i+1, id.Str)
			default:
				ids[key] = true
			}
		}
		for _, key := range []string{"files", "expectations", "assertions"} {
			if v := c.Get(key); v != nil && v.Kind != jsonpos.Array {
				p.Reportf(ef.File, v.Offset, "%q of test case %d must be an array, not %s", key, i+1, v.Kind)
			}
		}
	}
}

// checkSkillName reports a skill_name that is not text or names another
// skill than the one the file belongs to.
func checkSkillName(p *analysis.Pass, s *skill.Skill, ef *evalsFile, name *jsonpos.Value) {
	if name.Kind != jsonpos.String {
		p.Reportf(ef.File, name.Offset, "\"skill_name\" must be the skill's name, not %s", name.Kind)
		return
	}
	_, fm, _ := header.Name(s)
	if name.Str != s.Name && name.Str != fm {
		p.Reportf(ef.File, name.Offset, "\"skill_name\" is %s, but the skill is %s: the file was copied from another skill, or the skill was renamed", msg.Quote(name.Str), msg.Quote(s.Name))
	}
}

// describeJSON names a value's kind, and says so when a string is empty.
func describeJSON(v *jsonpos.Value) string {
	if v.Kind == jsonpos.String && strings.TrimSpace(v.Str) == "" {
		return "empty"
	}
	return fmt.Sprint(v.Kind)
}
