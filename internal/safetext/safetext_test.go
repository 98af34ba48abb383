package safetext_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"skills/pdf/SKILL.md":      "skills/pdf/SKILL.md",
		"C:\\skills\\x.md":         "C:\\skills\\x.md",
		"naïve — 日本語":              "naïve — 日本語",
		"\x1b[31mred\x1b[0m":       `\x1b[31mred\x1b[0m`,
		"a\nb:1:1: error: forged":  `a\nb:1:1: error: forged`,
		"tab\there\rback":          `tab\there\rback`,
		"del\x7f bell\x07 nul\x00": `del\x7f bell\x07 nul\x00`,
		"c1 \u009b31m":             `c1 \u009b31m`,
		"evil\u202etxt.md":         `evil\u202etxt.md`,
		"iso \u2066x\u2069":        `iso \u2066x\u2069`,
		"bad \xff\xfe utf8":        `bad \xff\xfe utf8`,
		"":                         "",
	} {
		assert.Equal(t, want, safetext.Text(in), "%q", in)
	}
}

func TestJSON(t *testing.T) {
	in := []byte(`{"m":"ok — 日本 \u001b` + "\u009b31m \u202e del\x7f" + `"}`)
	assert.Equal(t, `{"m":"ok — 日本 \u001b\u009b31m \u202e del\u007f"}`, string(safetext.JSON(in)))
	plain := []byte(`{"a":1}`)
	assert.Equal(t, plain, safetext.JSON(plain))
}
