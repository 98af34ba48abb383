package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestFixKilledMidWriteLeavesOldOrNew runs `skillcheck lint --fix` on skills
// of 3.6 MB each whose line endings it rewrites, kills it with SIGKILL at
// varying moments, and checks that every file holds either its old content
// or the whole fixed content, never a part: --fix used to write in place.
func TestFixKilledMidWriteLeavesOldOrNew(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 90 MB per run")
	}
	bin := filepath.Join(t.TempDir(), "skillcheck")
	require.NoError(t, os.Symlink(os.Args[0], bin)) // testscript.Main runs the command named by argv[0]

	const skills = 24
	old := func(i int) []byte {
		head := fmt.Sprintf("---\r\nname: s%02d\r\ndescription: Fills PDF forms. Use when a PDF form is to be filled.\r\n---\r\n\r\n# s%02d\n\n", i, i)
		return append([]byte(head), bytes.Repeat([]byte("Some text of the skill, long enough to take a while.\r\n"), 68_000)...)
	}
	fixed := func(i int) []byte { return bytes.ReplaceAll(old(i), []byte("\r\n"), []byte("\n")) }

	for round := range 5 {
		root := t.TempDir()
		for i := range skills {
			dir := filepath.Join(root, "skills", fmt.Sprintf("s%02d", i))
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "SKILL.md"), old(i), 0o644))
		}
		cmd := exec.Command(bin, "lint", "--fast", "--fix", "--fail-on", "never", root)
		stderr, err := cmd.StderrPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		// Kill once writing has begun (the first "fixed" line), after a
		// delay that differs from round to round.
		lines := bufio.NewScanner(stderr)
		for lines.Scan() && !strings.HasPrefix(lines.Text(), "fixed ") {
		}
		time.Sleep(time.Duration(round*3) * time.Millisecond)
		_ = cmd.Process.Kill()
		go io.Copy(io.Discard, stderr)
		err = cmd.Wait()
		var exit *exec.ExitError
		killed := errors.As(err, &exit) && !exit.Exited()
		written := 0
		for i := range skills {
			data, err := os.ReadFile(filepath.Join(root, "skills", fmt.Sprintf("s%02d", i), "SKILL.md"))
			require.NoError(t, err)
			switch {
			case bytes.Equal(data, fixed(i)):
				written++
			case !bytes.Equal(data, old(i)):
				t.Fatalf("round %d: s%02d/SKILL.md holds %d bytes that are neither the old content nor the fixed one", round, i, len(data))
			}
		}
		t.Logf("round %d: killed=%v, %d of %d files fixed, the others untouched", round, killed, written, skills)
	}
}
