package code

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestYAMLExampleParses(t *testing.T) {
	for src, want := range map[string]bool{
		"a: 1\n": true,
		"---\nname: pdf\ndescription: Fills forms.\n---\n\n# PDF\n\n- a list: with colons\n": true,
		"argument-hint: [issue] [format]\ndescription: x\n":                                  true,
		"name: {{skill_name}}\nversion: {{version}}\n":                                       true,
		"name: x\n  bad: indent\n":                                                           false,
		"key = value\nother = 2\n":                                                           true, // a plain scalar
		"a: [1, 2\nb: 3\n":                                                                   false,
	} {
		assert.Equal(t, want, yamlExampleParses(src), "%q", src)
	}
}
