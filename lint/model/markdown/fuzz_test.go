package markdown

import (
	"testing"

	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// FuzzParse checks that any body parses without a panic and that every
// element's offset lies inside the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("# T\n\n[a](b.md) ![c](d.png)\n\n```go\nx\n```\n<!-- c -->\n"), 0)
	f.Add([]byte("\uFEFF> ```\n> x\n\n- ```\n  y\n~~~~\n"), 3)
	f.Add([]byte("!`cmd` and [r][x]\n\n[x]: <y z>\n"), 0)
	f.Fuzz(func(t *testing.T, data []byte, start int) {
		if start < 0 || start > len(data) {
			start = 0
		}
		file := source.New("x.md", data)
		d := Parse(file, start)
		in := func(what string, off int) {
			if off < 0 || off > len(data) {
				t.Fatalf("%s offset %d outside [0, %d]", what, off, len(data))
			}
		}
		for _, h := range d.Headings {
			in("heading", h.Offset)
		}
		for _, l := range d.Links {
			in("link", l.Offset)
		}
		for _, c := range d.Comments {
			in("comment", c.Offset)
			in("comment end", c.End)
		}
		for _, b := range d.CodeBlocks {
			in("block", b.Offset)
			in("block end", b.End)
			last := b.Offset
			for _, l := range b.Lines {
				in("code line", l.Offset)
				if l.Offset < last {
					t.Fatalf("code lines out of order")
				}
				last = l.Offset
			}
		}
		for _, i := range d.Injections {
			in("injection", i.Offset)
		}
	})
}
