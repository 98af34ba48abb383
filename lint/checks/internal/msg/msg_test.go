package msg

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClosest(t *testing.T) {
	keys := []string{"name", "description", "allowed-tools", "user-invocable", "disable-model-invocation"}
	tools := []string{"Bash", "Read", "Write", "Task"}
	assert.Equal(t, "allowed-tools", Closest("allowed_tools", keys))
	assert.Equal(t, "allowed-tools", Closest("allowedTools", keys))
	assert.Equal(t, "user-invocable", Closest("user-invokable", keys))
	assert.Equal(t, "", Closest("author", keys))
	assert.Equal(t, "Bash", Closest("bash", tools))
	assert.Equal(t, "", Closest("Task2Foo", tools))
	assert.Equal(t, 99, editDistance(string(make([]byte, 100)), "x"), "long words are not compared")
}

func TestQuote(t *testing.T) {
	assert.Equal(t, `"say \"hi\""`, Quote(`say "hi"`))
	assert.Equal(t, 63, RuneLen(Quote(string(make([]rune, 100)))), "60 characters, an ellipsis and the quotes")
}
