package analysis

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

// Set is an ordered collection of rules with lookups by ID, alias and block.
type Set []*Rule

var blockPattern = regexp.MustCompile(`^SK[1-9]xx$`)

// Lookup returns the rule whose ID or alias is name (IDs case-insensitively).
func (s Set) Lookup(name string) *Rule {
	for _, r := range s {
		if strings.EqualFold(r.ID, name) || r.Alias == name {
			return r
		}
	}
	return nil
}

// Match returns the rules a name selects: one rule by ID or alias, every rule
// of a block ("SK2xx"), or every rule ("all").
func (s Set) Match(name string) ([]*Rule, error) {
	if name == "all" {
		return s, nil
	}
	if blockPattern.MatchString(strings.ToUpper(name[:min(len(name), 2)]) + strings.ToLower(name[min(len(name), 2):])) {
		var out []*Rule
		prefix := strings.ToUpper(name[:3])
		for _, r := range s {
			if strings.HasPrefix(r.ID, prefix) {
				out = append(out, r)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no rules in block %s", name)
		}
		return out, nil
	}
	if r := s.Lookup(name); r != nil {
		return []*Rule{r}, nil
	}
	return nil, fmt.Errorf("unknown rule %q", name)
}

// Validate checks every rule and that IDs and aliases are unique.
func (s Set) Validate() error {
	seen := map[string]string{}
	for _, r := range s {
		if err := r.Validate(); err != nil {
			return err
		}
		for _, key := range []string{r.ID, r.Alias} {
			if other, dup := seen[key]; dup {
				return fmt.Errorf("%s: %q already used by %s", r.ID, key, other)
			}
			seen[key] = r.ID
		}
	}
	return nil
}

// Documented returns the rules as a set, each rule without a Doc given the
// Markdown file docs/<ID>.md of fsys (a family's embedded documentation).
func Documented(fsys fs.FS, rules ...*Rule) Set {
	for _, r := range rules {
		if r.Doc == "" {
			if b, err := fs.ReadFile(fsys, "docs/"+r.ID+".md"); err == nil {
				r.Doc = string(b)
			}
		}
	}
	return Set(rules)
}
