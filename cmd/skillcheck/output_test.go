package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// countingWriter counts the writes made to it.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// TestReportWritesOncePerSkill lints two skills with many findings each:
// every format reaches standard output in one write a skill (and one for
// the closing summary), not one a finding, and the JSON is whole.
func TestReportWritesOncePerSkill(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"one", "two"} {
		var body bytes.Buffer
		fmt.Fprintf(&body, "---\nname: %s\ndescription: Does %s things. Use when testing.\n---\n\n# %s\n\n", name, name, name)
		for i := range 20 {
			fmt.Fprintf(&body, "See [missing %d](missing-%d.md).\n\n", i, i)
		}
		if err := os.MkdirAll(filepath.Join(dir, "skills", name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "skills", name, "SKILL.md"), body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"json", "text", "github", "sarif"} {
		var stdout, stderr countingWriter
		code := run([]string{"lint", "--fast", "--format", format, "--fail-on", "never", dir}, &stdout, &stderr)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr.String())
		}
		// Two skills and the summary, and a write for each full buffer
		// (SARIF's table of rules alone fills one).
		if most := 3 + stdout.Len()/(64<<10); stdout.writes > most {
			t.Errorf("%s: %d writes of %d bytes to standard output for 2 skills, want at most %d", format, stdout.writes, stdout.Len(), most)
		}
		if format == "json" {
			var doc struct{ Diagnostics []json.RawMessage }
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || len(doc.Diagnostics) < 40 {
				t.Errorf("json: %d diagnostics, err %v", len(doc.Diagnostics), err)
			}
		}
	}
}
