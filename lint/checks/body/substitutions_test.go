package body

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBashPatterns(t *testing.T) {
	allowed := []string{"git status:*", "npm run * --silent", "date"}
	for cmd, want := range map[string]bool{
		"git status":             true,
		"git status --short":     true,
		"git statusx":            false,
		"npm run build --silent": true,
		"npm run build":          false,
		"date":                   true,
		"date -u":                false,
	} {
		assert.Equal(t, want, bashAllowed(allowed, cmd), cmd)
	}
	assert.Equal(t, []string{"git log -1", "head -5", "wc -l"}, splitCommand("git log -1 | head -5 && wc -l"))
	assert.Equal(t, "git log *", suggestPattern("git log -1"))
	assert.Equal(t, "ls *", suggestPattern("ls -la"))
}

func TestReadOnly(t *testing.T) {
	for cmd, want := range map[string]bool{
		"git status":           true,
		"git log --oneline -5": true,
		"git push":             false,
		"node --version":       true,
		"ls -la":               true,
		"cat notes.txt":        true,
		"echo hi > out.txt":    false,
		"cat $(which secrets)": false,
		"rm -rf build":         false,
		"npm run build":        false,
	} {
		assert.Equal(t, want, readOnly(cmd), cmd)
	}
}
