package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	v1     = `{"type":"object","properties":{"id":{"type":"string"}}}`
	v2     = `{"type":"object","properties":{"id":{"type":"string"},"note":{"type":"string"}}}`
	broken = `{"type":"object","properties":{"id":{"type":"integer"}}}`
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := write(t, dir, "1.json", v1), write(t, dir, "2.json", v2)
	tests := []struct {
		args   []string
		status int
		out    string
	}{
		{[]string{"-mode", "FORWARD", a, b}, 0, "compatible under FORWARD"},
		{[]string{a, b}, 1, "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"},
		{[]string{"-mode", "sideways", a, b}, 2, "unknown mode"},
		{[]string{a}, 2, "usage"},
		{[]string{a, filepath.Join(dir, "missing.json")}, 2, "no such file"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		status := run(tt.args, &out, &errOut)
		if status != tt.status || !strings.Contains(out.String()+errOut.String(), tt.out) {
			t.Errorf("run(%q) = %d\nstdout: %s\nstderr: %s\nwant %d and %q", tt.args, status, out.String(), errOut.String(), tt.status, tt.out)
		}
	}
}

func TestAgainstGitRevision(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	gitRun := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitRun("init", "-q")
	f := write(t, dir, "order.v1.json", v1)
	gitRun("add", ".")
	gitRun("commit", "-qm", "v1")

	write(t, dir, "order.v1.json", v2)
	fresh := write(t, dir, "new.v1.json", broken)
	var out, errOut bytes.Buffer
	if status := run([]string{"-mode", "FORWARD_TRANSITIVE", "-against", "HEAD", f, fresh}, &out, &errOut); status != 0 {
		t.Fatalf("compatible change: status %d\n%s%s", status, out.String(), errOut.String())
	}
	write(t, dir, "order.v1.json", broken)
	out.Reset()
	if status := run([]string{"-mode", "FORWARD", "-against", "HEAD", f}, &out, &errOut); status != 1 || !strings.Contains(out.String(), "@HEAD (forward): #/properties/id: TYPE_CHANGED") {
		t.Fatalf("incompatible change: status %d\n%s%s", status, out.String(), errOut.String())
	}
}
