// Package rules is skillcheck's rule set. Each rule is a analysis.Rule value
// declared in the file of its family; its documentation is the Markdown file
// docs/<ID>.md, embedded so that `skillcheck explain`, SARIF output and the
// generated docs/rules.md all read the same text.
package rules

import (
	"embed"
	"fmt"
	"sort"
	"sync"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

//go:embed docs/*.md
var docs embed.FS

// doc returns the documentation of rule id.
func doc(id string) string {
	b, err := docs.ReadFile("docs/" + id + ".md")
	if err != nil {
		return ""
	}
	return string(b)
}

var all analysis.Set

// register adds rules to the set; each family file calls it from init.
func register(rs ...*analysis.Rule) {
	for _, r := range rs {
		if r.Doc == "" {
			r.Doc = doc(r.ID)
		}
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
}

// All returns every rule, in ID order. A malformed rule is a programming
// error: All panics on it, and the package's tests catch it.
func All() analysis.Set {
	if err := validate(); err != nil {
		panic(fmt.Sprintf("skillcheck rule set: %v", err))
	}
	return all
}

var validate = sync.OnceValue(func() error { return all.Validate() })
