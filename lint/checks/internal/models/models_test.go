package models

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValid(t *testing.T) {
	for _, m := range []string{"sonnet", "Opus", "fable", "sonnet[1m]", "inherit", "claude-sonnet-4-6", "us.anthropic.claude-opus-4-1:0", "accounts/fireworks/models/x"} {
		assert.True(t, Valid(m), m)
	}
	for _, m := range []string{"fastest", "gpt 4", ""} {
		assert.False(t, Valid(m), m)
	}
}
