package source

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPositionCountsCodePointsAndSkipsBOM(t *testing.T) {
	f := New("x.md", []byte("\uFEFFab\r\nÄé x\nlast"))
	assert.Equal(t, Pos{1, 1}, f.Position(0), "inside the BOM")
	assert.Equal(t, Pos{1, 1}, f.Position(3), "first character after the BOM")
	assert.Equal(t, Pos{1, 3}, f.Position(5), "the carriage return ends line 1")
	assert.Equal(t, Pos{2, 1}, f.Position(7))
	assert.Equal(t, Pos{2, 4}, f.Position(7+2+2+1), "two 2-byte letters and a space")
	assert.Equal(t, Pos{3, 5}, f.Position(len(f.Src)))
	assert.Equal(t, Pos{3, 5}, f.Position(len(f.Src)+10), "clamped")
	assert.Equal(t, 3, f.Lines())
}

func TestOffsetInvertsPosition(t *testing.T) {
	f := New("x.md", []byte("\uFEFFab\r\nÄé x\nlast\n"))
	for off := 3; off <= len(f.Src); off++ {
		p := f.Position(off)
		back := f.Offset(p)
		assert.Equal(t, p, f.Position(back), "offset %d", off)
	}
	assert.Equal(t, 7+5, f.Offset(Pos{2, 4}))
	assert.Equal(t, f.LineEnd(1), f.Offset(Pos{1, 99}), "column past the line end")
}

func TestLineAndLines(t *testing.T) {
	f := New("x.md", []byte("a\r\nb\n\nc"))
	assert.Equal(t, "a", string(f.Line(1)))
	assert.Equal(t, "b", string(f.Line(2)))
	assert.Equal(t, "", string(f.Line(3)))
	assert.Equal(t, "c", string(f.Line(4)))
	assert.Equal(t, 4, f.Lines())
	assert.Equal(t, 2, New("x", []byte("a\nb\n")).Lines())
	assert.Equal(t, 1, New("x", nil).Lines())
}
