package metadata

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLooksLikeModel(t *testing.T) {
	for _, m := range []string{"sonnet", "Opus", "sonnet[1m]", "inherit", "claude-sonnet-4-6", "us.anthropic.claude-opus-4-1:0", "accounts/fireworks/models/x"} {
		assert.True(t, looksLikeModel(m), m)
	}
	for _, m := range []string{"fastest", "gpt 4", ""} {
		assert.False(t, looksLikeModel(m), m)
	}
}
