package source

import "testing"

// FuzzPosition checks that Offset inverts Position on any text.
func FuzzPosition(f *testing.F) {
	f.Add([]byte("\uFEFFab\r\nÄé x\nlast"), 5)
	f.Add([]byte("\r\r\n\n"), 2)
	f.Fuzz(func(t *testing.T, data []byte, off int) {
		file := New("x", data)
		p := file.Position(off)
		if p.Line < 1 || p.Col < 1 || p.Line > len(file.lineStarts) {
			t.Fatalf("position %+v out of range", p)
		}
		back := file.Offset(p)
		if again := file.Position(back); again != p {
			t.Fatalf("offset %d → %+v → offset %d → %+v", off, p, back, again)
		}
	})
}
