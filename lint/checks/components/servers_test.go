package components

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMissingPluginPaths(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(root, "hooks"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "hooks", "run.sh"), nil, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, ".gitignore"), []byte("# build\n/dist/\n"), 0o644))
	for command, want := range map[string][]string{
		`${CLAUDE_PLUGIN_ROOT}/hooks/run.sh`:                         nil,
		`bash "${CLAUDE_PLUGIN_ROOT}/hooks/gone.sh" --fast`:          {"hooks/gone.sh"},
		`"${CLAUDE_PLUGIN_ROOT}"/hooks/gone.sh`:                      {"hooks/gone.sh"},
		`$CLAUDE_PLUGIN_ROOT/hooks/gone.sh; echo ok`:                 {"hooks/gone.sh"},
		`bash "${CLAUDE_PLUGIN_ROOT:-.}/hooks/gone.sh"`:              {"hooks/gone.sh"},
		`node ${CLAUDE_PLUGIN_ROOT}/a.js ${CLAUDE_PLUGIN_ROOT}/b.js`: {"a.js", "b.js"},
		`bash ${CLAUDE_PLUGIN_ROOT}/hooks/$NAME.sh`:                  nil, // expanded at run time
		`cat ${CLAUDE_PLUGIN_ROOT}/hooks/*.json`:                     nil, // a glob
		`echo hi > "${CLAUDE_PLUGIN_ROOT}/log.txt"`:                  nil, // written, not read
		`${CLAUDE_PLUGIN_ROOT}/.venv/bin/python -m tool`:             nil, // made by the plugin's setup
		`node ${CLAUDE_PLUGIN_ROOT}/dist/server.js`:                  nil, // build output the repository ignores
		`${CLAUDE_PLUGIN_ROOTS}/x.sh`:                                nil, // another variable
		`echo ${CLAUDE_PLUGIN_ROOT}`:                                 nil,
	} {
		assert.Equal(t, want, missingPluginPaths(root, command), command)
	}
}
