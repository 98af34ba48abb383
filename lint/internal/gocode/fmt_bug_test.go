package gocode

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// go/format drops an empty "//" line after the first line of a comment in a
// partial source; Format must keep doc comments intact.
func TestFormatKeepsEmptyCommentLines(t *testing.T) {
	src := "// T describes:\n//\n// x\ntype T struct{}\n"
	out, err := Format(src)
	require.NoError(t, err)
	assert.Equal(t, src, out)
	stmts := "// a:\n//\n// b\nx := 1\n_ = x\n"
	out, err = Format(stmts)
	require.NoError(t, err)
	assert.Equal(t, stmts, out)

	raw := "q := `\n\tSELECT 1\nFROM t`\nif q != \"\" {\nprintln(q)\n}\n"
	out, err = Format(raw)
	require.NoError(t, err)
	assert.Equal(t, "q := `\n\tSELECT 1\nFROM t`\nif q != \"\" {\n\tprintln(q)\n}\n", out, "raw strings keep their lines")
}
