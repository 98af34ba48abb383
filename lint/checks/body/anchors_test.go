package body

import (
	"regexp"
	"slices"
	"testing"
)

// anchorPattern is the regular expression htmlIDs replaced: the same
// matches, found without its cost over every file holding "name=".
var anchorPattern = regexp.MustCompile(`(?i)\b(?:id|name)\s*=\s*["']([^"']+)["']`)

func FuzzHTMLIDsMatchThePattern(f *testing.F) {
	for _, s := range []string{
		`<a id="x">`, `<a name='y'>`, `<h2 ID = "z">`, `data-id="no" valid="no"`, `id="a name='b'"`,
		`id=""`, `id="unclosed`, "id=\n\t'spaced'", `xid="no" _id="no" 9id="no"`, `name="é" id='mixed"`,
		`NAME="upper" Id="mixed case"`, `id="x=name='y'"`, `==id=="x"`, "id =\r\f\"cr\"", `id=x name=`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []string
		for _, m := range anchorPattern.FindAllStringSubmatch(s, -1) {
			want = append(want, m[1])
		}
		if got := htmlIDs([]byte(s)); !slices.Equal(got, want) {
			t.Errorf("htmlIDs(%q) = %q, the pattern finds %q", s, got, want)
		}
	})
}
