package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillcheck-dev/skillcheck/lint"
)

// FuzzLintSkill runs the whole pipeline — discovery, reading, parsing, every
// rule but those that start other programs, suppressions, fixes — on a skill whose SKILL.md and reference file are
// the fuzzer's input. No rule may panic, and every position must lie inside
// its file.
func FuzzLintSkill(f *testing.F) {
	f.Add([]byte("---\nname: s\ndescription: Does x. Use when y.\n---\n\nSee [r](ref.md).\n"), []byte("# R\n"))
	f.Add([]byte("\uFEFF---\ndescription: a --- b: c\n\tx: [\n---\n<!-- skillcheck-disable SK2xx -- r -->\n```!\nls\n"), []byte("[x](../y)"))
	f.Add([]byte("---\nhooks:\n  Stop: [{hooks: [{type: command}]}]\nallowed-tools: Bash(x\narguments: a\n---\n$ARGUMENTS[3] ${CLAUDE_X}\n"), []byte{})
	f.Fuzz(func(t *testing.T, skillMD, ref []byte) {
		dir := filepath.Join(t.TempDir(), "s")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		write := func(name string, data []byte) {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write("SKILL.md", skillMD)
		write("ref.md", ref)
		// Fast: the toolchain checks start the go command, too slow per input;
		// everything else runs.
		res, err := lint.Run(context.Background(), lint.Options{Paths: []string{dir}, Jobs: 1, Fast: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range res.Internal {
			t.Fatal(e)
		}
		for _, d := range res.Diagnostics {
			if d.Line < 0 || d.Col < 0 || d.Line == 0 && d.Col != 0 {
				t.Fatalf("bad position in %s", d)
			}
		}
		if _, err := lint.PlanFixes(res.Diagnostics); err != nil {
			t.Fatal(err)
		}
	})
}
