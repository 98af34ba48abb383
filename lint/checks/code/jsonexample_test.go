package code

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJSONExampleParses(t *testing.T) {
	for src, want := range map[string]bool{
		`{"a": 1}`: true,
		"{\n  // the port\n  \"port\": 8080, /* default */\n}": true,
		"{\"a\": 1}\n{\"a\": 2}\n":                             true,
		`{"items": [1, 2, ...]}`:                               true,
		"{\n  \"name\": \"x\",\n  ...\n}":                      true,
		`{"items": […]}`:                                       true,
		`{"user": <user-id>, "token": {{token}}}`:              true,
		`"command": "npx", "args": ["-y", "server"]`:           true,
		`{"mode": fast}`:                                       true,
		`{"a": 1, "b": [1, 2,], }`:                             true,
		"├── SKILL.md\n└── reference.md":                       false,
		`{"a": 1`:                           false,
		`{"a" 1}`:                           false,
		`Run the tool and read the output.`: false,
		`{"quote": "an unclosed string}`:    false,
	} {
		assert.Equal(t, want, jsonExampleParses(src), "%q", src)
	}
}
