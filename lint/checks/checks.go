// Package checks is skillcheck's rule set, one package a family:
//
//	metadata    SK1xx  frontmatter fields as Claude Code and the specification read them
//	body        SK2xx  structure, body, links and layout of a skill folder
//	code        SK3xx  code blocks; SK4xx listings that copy source; SK5xx reference packages
//	plugin      SK6xx  plugin and marketplace manifests
//	components  SK8xx  a plugin's hooks, MCP servers and LSP servers
//	security    SK7xx  what a skill can do to the people who install it
//	components  SK83x–SK85x  agents, commands and a skill's evals/evals.json
//	directives  SK9xx  suppression directives
//
// A rule is a value in a file of its own (metadata/sk105.go), documented in
// its family's docs/SK105.md and tested by the fixtures in its family's
// testdata/SK105/.
package checks

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/body"
	"github.com/skillcheck-dev/skillcheck/lint/checks/code"
	"github.com/skillcheck-dev/skillcheck/lint/checks/components"
	"github.com/skillcheck-dev/skillcheck/lint/checks/directives"
	"github.com/skillcheck-dev/skillcheck/lint/checks/metadata"
	"github.com/skillcheck-dev/skillcheck/lint/checks/plugin"
	"github.com/skillcheck-dev/skillcheck/lint/checks/security"
)

// all is every family's rules, in ID order, checked once.
var all = sync.OnceValue(func() analysis.Set {
	var set analysis.Set
	for _, family := range []analysis.Set{metadata.Rules, body.Rules, code.Rules, plugin.Rules, security.Rules, components.Rules, directives.Rules} {
		set = append(set, family...)
	}
	slices.SortFunc(set, func(a, b *analysis.Rule) int { return strings.Compare(a.ID, b.ID) })
	if err := set.Validate(); err != nil {
		panic(fmt.Sprintf("skillcheck rule set: %v", err))
	}
	return set
})

// All returns every rule, in ID order, as a new slice the caller may change.
// A malformed rule is a programming error: All panics on it, and the
// families' tests catch it.
func All() analysis.Set { return slices.Clone(all()) }
