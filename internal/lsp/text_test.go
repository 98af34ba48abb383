package lsp

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.lsp.dev/protocol"
)

func TestPositionsCountUTF16(t *testing.T) {
	// é is 2 bytes and 1 UTF-16 unit; 😀 is 4 bytes and 2 units.
	src := []byte("name: é😀x\r\nsecond\n")
	x := 6 + 2 + 4
	for _, tc := range []struct {
		off int
		pos protocol.Position
	}{
		{0, protocol.Position{}},
		{x, protocol.Position{Character: 9}},
		{x + 3, protocol.Position{Line: 1}},
		{len(src), protocol.Position{Line: 2}},
	} {
		assert.Equal(t, tc.pos, position(src, tc.off), "position of %d", tc.off)
		assert.Equal(t, tc.off, offset(src, tc.pos), "offset of %+v", tc.pos)
	}
	assert.Equal(t, x+1, offset(src, protocol.Position{Character: 99}), "past the line: its end, before \\r\\n")
	assert.Equal(t, len(src), offset(src, protocol.Position{Line: 9}), "past the file: its end")
}

func TestHeaderLines(t *testing.T) {
	src := []byte("\uFEFF---\r\nname: x\r\n---\nbody\n")
	start, end, ok := headerLines(src)
	assert.True(t, ok)
	assert.Equal(t, "name: x\r\n", string(src[start:end]))

	start, end, ok = headerLines([]byte("---\nname: x\nde"))
	assert.True(t, ok, "still being typed")
	assert.Equal(t, "name: x\nde", string([]byte("---\nname: x\nde")[start:end]))

	_, _, ok = headerLines([]byte("# Title\n---\n"))
	assert.False(t, ok)
}
