package jsonpos

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseJSONKeepsOffsets(t *testing.T) {
	src := `{
  "name": "demo",
  "keywords": ["a", 2, true, null],
  "author": {"name": "X"}
}`
	v, err := Parse([]byte(src))
	require.Nil(t, err)
	require.Equal(t, Object, v.Kind)
	assert.Equal(t, 0, v.Offset)
	name := v.Get("name")
	require.NotNil(t, name)
	assert.Equal(t, "demo", name.Str)
	assert.Equal(t, strings.Index(src, `"demo"`), name.Offset)
	assert.Equal(t, strings.Index(src, `"keywords"`), v.Fields[1].KeyOffset)
	kw := v.Get("keywords")
	require.Len(t, kw.Items, 4)
	assert.Equal(t, []Kind{String, Number, Bool, Null}, []Kind{kw.Items[0].Kind, kw.Items[1].Kind, kw.Items[2].Kind, kw.Items[3].Kind})
	assert.Equal(t, strings.Index(src, "2,"), kw.Items[1].Offset)
	assert.Equal(t, strings.Index(src, `"X"`), v.Get("author").Get("name").Offset)
	assert.Nil(t, v.Get("missing"))
}

func TestParseJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		src, msg string
		off      int
	}{
		{`{"name": "x",}`, "invalid character '}'", 13},
		{`{"name": `, "unexpected end of file", 9},
		{`{"a": 1} {"b": 2}`, "unexpected data after the top-level value", 9},
		{strings.Repeat("[", 100) + strings.Repeat("]", 100), "deeper than 64 levels", 65},
		{``, "unexpected end of file", 0},
		{`{"a": 1},`, "unexpected data after the top-level value", 8},
		{`{"a": 1, …}`, "invalid character '…' looking for beginning of object key string", 9},
	} {
		_, err := Parse([]byte(tc.src))
		require.NotNil(t, err, tc.src)
		assert.Contains(t, err.Message, tc.msg, tc.src)
		assert.Equal(t, tc.off, err.Offset, tc.src)
	}
}
