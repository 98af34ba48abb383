package jsonpos

import (
	"encoding/json"
	"testing"
)

// FuzzParseJSON checks the positioned parser against encoding/json: both
// accept and reject the same documents (within the depth limit), and offsets
// lie inside the input.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"name": "x", "skills": ["./a", "./b"], "author": {"name": "n"}}`))
	f.Add([]byte(`[1, 2.5e3, true, null, "s\u00e9"]`))
	f.Add([]byte(`{"a":}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if err != nil {
			if err.Offset < 0 || err.Offset > len(data) {
				t.Fatalf("error offset %d outside [0, %d]", err.Offset, len(data))
			}
			if json.Valid(data) && err.Message != errTooDeep.Error() {
				t.Fatalf("rejected valid JSON: %s", err.Message)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON")
		}
		var walk func(*Value)
		walk = func(v *Value) {
			if v.Offset < 0 || v.Offset >= len(data) {
				t.Fatalf("value offset %d outside the input", v.Offset)
			}
			for _, it := range v.Items {
				walk(it)
			}
			for _, m := range v.Fields {
				if m.KeyOffset < 0 || m.KeyOffset >= len(data) || data[m.KeyOffset] != '"' {
					t.Fatalf("key offset %d does not point at a quote", m.KeyOffset)
				}
				walk(m.Value)
			}
		}
		walk(v)
	})
}
