package frontmatter

import (
	"testing"

	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// FuzzParse checks that any input parses without a panic and that every
// offset the header reports lies inside the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("---\nname: a\ndescription: b\n---\nbody\n"))
	f.Add([]byte("\uFEFF---\r\nname: a\r\n---\r\n"))
	f.Add([]byte("---\ndescription: Use when: x\n\tk: v\n---\n"))
	f.Add([]byte("---\na: &a [x, *a]\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := source.New("SKILL.md", data)
		h := Parse(file)
		in := func(what string, off int) {
			if off < 0 || off > len(data) {
				t.Fatalf("%s offset %d outside [0, %d]", what, off, len(data))
			}
		}
		if !h.Found {
			return
		}
		in("start", h.Start)
		in("end", h.End)
		in("body", h.BodyStart)
		if h.Start > h.End {
			t.Fatalf("start %d after end %d", h.Start, h.End)
		}
		if h.Claude.Found {
			in("claude start", h.Claude.Start)
			in("claude end", h.Claude.End)
		}
		if h.Err != nil {
			in("error", h.Err.Offset)
		}
		for _, r := range h.Repair {
			if r.Kind == Quoted {
				in("repair start", r.ValueStart)
				in("repair end", r.ValueEnd)
			}
		}
		for _, fl := range h.Fields {
			in("key", h.NodeOffset(fl.KeyN))
			in("value", h.NodeOffset(fl.Value))
			_ = KindName(fl.Value)
		}
	})
}
