package userclient_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestGeneratedCodeIsUpToDate runs the go:generate command of generate.go
// with its output sent to a temporary file and compares that with the
// committed client.gen.go.
func TestGeneratedCodeIsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds oapi-codegen; skipped with -short")
	}
	src, err := os.ReadFile("generate.go")
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for line := range strings.Lines(string(src)) {
		if cmd, ok := strings.CutPrefix(line, "//go:generate "); ok {
			args = strings.Fields(cmd)
		}
	}
	out := slices.Index(args, "-o")
	if len(args) < 2 || out < 0 || out+1 >= len(args) {
		t.Fatalf("generate.go has no go:generate line with -o: %q", args)
	}
	committed := args[out+1]
	args[out+1] = filepath.Join(t.TempDir(), "client.gen.go")

	if msg, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	want, err := os.ReadFile(args[out+1])
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go generate ./reference/rest/userclient and commit the result", committed)
	}
}
