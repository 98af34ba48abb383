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
	assert.Equal(t, []string{`pip show x`, `grep -E "^(Name|Version)"`, `echo 'a;b'`}, splitCommand(`pip show x | grep -E "^(Name|Version)" || echo 'a;b'`))
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

		"python3 --version 2>/dev/null":             true,
		"ls *.tf 2>/dev/null":                       true,
		"command -v jq >/dev/null 2>&1":             true,
		"git branch --show-current":                 true,
		"git rev-parse --show-toplevel 2>/dev/null": true,
		"jq -r .name":                               true,
		"find . -maxdepth 3 -name '*.tf'":           true,
		"echo 'N/A'":                                true,
		"git branch feature":                        false,
		"git branch -D old":                         false,
		"command npm install":                       false,
		"find . -name '*.tmp' -delete":              false,
		"find . -exec rm {} +":                      false,
		"cat x 2>/dev/null.txt":                     false,
		"echo hi 2> err.log":                        false,
		`echo "slug=$REPL_SLUG"`:                    false,
		"npm list 2>/dev/null":                      false,
		"python3 -c 'print(1)'":                     false,
	} {
		assert.Equal(t, want, readOnly(cmd), cmd)
	}
}
