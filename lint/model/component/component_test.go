package component

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) layout.Component {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return layout.Component{Kind: layout.Agent, Path: p}
	}

	ok := Load(write("ok.md", "---\nname: a\ndescription: Does a.\n---\nbody\n"), 0)
	require.NotNil(t, ok.Fields())
	assert.Equal(t, "a", ok.Fields().Get("name").Value.Value)

	// Claude Code's repair quotes the value, so the keys can be checked.
	repaired := Load(write("repaired.md", "---\nname: b\ndescription: Use when: b\n---\n"), 0)
	require.NotNil(t, repaired.Fields())
	assert.NotEmpty(t, repaired.Header.Repair)

	broken := Load(write("broken.md", "---\nname: c\ndescription: \"c\n---\n"), 0)
	assert.Nil(t, broken.Fields())
	assert.NotNil(t, broken.Header.Err)

	unclosed := Load(write("unclosed.md", "---\nname: d\n"), 0)
	assert.Nil(t, unclosed.Fields())

	missing := Load(layout.Component{Kind: layout.Command, Path: filepath.Join(dir, "missing.md")}, 0)
	assert.Nil(t, missing.File)
	require.NotNil(t, missing.Problem)
	assert.Nil(t, missing.Fields())
}
