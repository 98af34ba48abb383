package manifest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

func write(t *testing.T, root, name, content string) {
	t.Helper()
	path := filepath.Join(root, ".claude-plugin", name)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func TestPositionsSurviveAByteOrderMark(t *testing.T) {
	root := t.TempDir()
	write(t, root, "plugin.json", "\uFEFF{\"name\": \"forms\"}\n")
	p := manifest.LoadPlugin(root, 0, nil)
	require.Nil(t, p.Problem)
	require.Nil(t, p.Err)
	name := p.JSON.Get("name")
	require.NotNil(t, name)
	assert.Equal(t, "forms", name.Str)
	assert.Equal(t, 1, p.File.Position(name.Offset).Line)
	assert.Equal(t, 10, p.File.Position(name.Offset).Col, "the BOM is not a column")
	assert.Equal(t, `"forms"`, string(p.File.Src[name.Offset:name.Offset+7]))
}

func TestSyntaxErrorsHaveTheirOffset(t *testing.T) {
	root := t.TempDir()
	write(t, root, "marketplace.json", "\uFEFF{\n  \"plugins\": [,]\n}\n")
	m := manifest.LoadMarketplace(root, 0, nil)
	require.Nil(t, m.JSON)
	require.NotNil(t, m.Err)
	assert.Equal(t, byte(','), m.File.Src[m.Err.Offset])
}

func TestUnreadableManifests(t *testing.T) {
	root := t.TempDir()
	p := manifest.LoadPlugin(root, 0, nil)
	assert.Nil(t, p.Problem, "a plugin needs no manifest")
	assert.Nil(t, p.File)

	require.NoError(t, os.MkdirAll(filepath.Join(root, ".claude-plugin", "plugin.json"), 0o755))
	p = manifest.LoadPlugin(root, 0, nil)
	require.NotNil(t, p.Problem, "a folder named plugin.json")
	assert.Contains(t, p.Problem.Message, "is not a regular file")
	require.NoError(t, os.Remove(filepath.Join(root, ".claude-plugin", "plugin.json")))

	write(t, root, "plugin.json", `{"name": "`+string(make([]byte, 100))+`"}`)
	p = manifest.LoadPlugin(root, 50, nil)
	require.NotNil(t, p.Problem)
	assert.Contains(t, p.Problem.Message, "over the 50 bytes limit")
}
