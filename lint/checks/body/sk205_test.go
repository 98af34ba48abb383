package body

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNamesPath(t *testing.T) {
	for text, want := range map[string]bool{
		"See `references/errors.md` for codes.": true,
		"- ./references/errors.md -- codes":     true,
		"Read references/errors.md.":            true,
		"references/errors.md":                  true,
		"See errors.md.":                        false,
		"See ../references/errors.md":           false,
		"See old/references/errors.md":          false,
		"See references/errors.mdx":             false,
	} {
		assert.Equal(t, want, namesPath([]byte(text), "references/errors.md"), text)
	}
}
