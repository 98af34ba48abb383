package tools

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplitTools(t *testing.T) {
	parts, commas := split("Read, Bash(git diff *) Grep,Bash(npm run test:*)")
	assert.True(t, commas)
	var texts []string
	for _, p := range parts {
		texts = append(texts, p.text)
	}
	assert.Equal(t, []string{"Read", "Bash(git diff *)", "Grep", "Bash(npm run test:*)"}, texts)
	assert.Equal(t, 6, parts[1].off)
}
