package shell

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shellTexts are blocks that parse and blocks that do not, in the shapes
// that could make one text's error land in another when they share a script.
var shellTexts = []string{
	"echo ok\n",
	"if [ -f x ]; then\n  echo yes\n",
	"",
	"cat <<EOF\nno end of the here-document\n",
	"echo fine\n",
	"echo \"unclosed\n",
	"ls \\\n",
	"}\n",
	"case $x in\n a) echo a;;\nesac\n",
	"for f in *; do\n  echo $f\ndone\n",
	"echo $((1 +))\n",
	"exit 3\n",
	"( echo sub\n",
	"echo last\n",
}

// TestBashSyntaxEqualsOneRunPerText checks that checking the texts together
// finds, for every text, exactly what checking it alone finds.
func TestBashSyntaxEqualsOneRunPerText(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	alone := func(text string) Error {
		got := Syntax([]string{text})
		require.Len(t, got, 1)
		return got[0]
	}
	want := map[string]Error{}
	for _, text := range shellTexts {
		want[text] = alone(text)
	}
	reversed := slices.Clone(shellTexts)
	slices.Reverse(reversed)
	sets := [][]string{shellTexts, reversed}
	for n := 2; n <= 4; n++ {
		for start := 0; start+n <= len(shellTexts); start++ {
			sets = append(sets, shellTexts[start:start+n])
		}
	}
	for _, texts := range sets {
		got := Syntax(texts)
		require.Len(t, got, len(texts))
		for i, text := range texts {
			assert.Equal(t, want[text], got[i], "text %q among %q", text, texts)
		}
	}
}

func TestWrapShellLines(t *testing.T) {
	script, starts := wrapShell([]string{"a\nb\n", "", "c"})
	lines := strings.Split(script, "\n")
	assert.Equal(t, []int{1, 7, 12}, starts)
	assert.Equal(t, "__skillcheck_block_1() {", lines[starts[1]-1])
	assert.Equal(t, "c", lines[starts[2]+1])
	assert.Equal(t, 0, blockAt(starts, 6))
	assert.Equal(t, 1, blockAt(starts, 7))
	assert.Equal(t, 2, blockAt(starts, 99))
}

// BenchmarkBashSyntax checks 200 blocks, one of them broken: one script and
// two runs alone, where there used to be 200 runs.
func BenchmarkBashSyntax(b *testing.B) {
	texts := make([]string, 200)
	for i := range texts {
		texts[i] = "for f in *.md; do\n  echo \"$f\"\ndone\n"
	}
	texts[120] = "echo \"unclosed\n"
	for b.Loop() {
		Syntax(texts)
	}
}

// BenchmarkBashSyntaxPerText is the way it was: one bash a block, reading
// its script from a pipe.
func BenchmarkBashSyntaxPerText(b *testing.B) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		b.Skip("bash is not installed")
	}
	texts := make([]string, 200)
	for i := range texts {
		texts[i] = "for f in *.md; do\n  echo \"$f\"\ndone\n"
	}
	texts[120] = "echo \"unclosed\n"
	for b.Loop() {
		for _, t := range texts {
			cmd := exec.Command(bash, "-n")
			cmd.Stdin = strings.NewReader(t)
			_ = cmd.Run()
		}
	}
}
