// Package skillcheck_test checks what each module of the repository drags into
// the module graph of whoever depends on it.
package skillcheck_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// graph returns the module paths in `go mod graph` of the module in dir,
// outside the workspace, as an importer sees it.
func graph(t *testing.T, dir string) []string {
	t.Helper()
	cmd := exec.Command("go", "mod", "graph")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod graph in %s: %v", dir, err)
	}
	seen := map[string]bool{}
	var paths []string
	for _, field := range strings.Fields(string(out)) {
		path, _, _ := strings.Cut(field, "@")
		if !seen[path] {
			seen[path] = true
			paths = append(paths, path)
		}
	}
	return paths
}

// forbid fails for every module path of the graph that starts with one of
// the prefixes.
func forbid(t *testing.T, module string, paths []string, prefixes ...string) {
	t.Helper()
	for _, p := range paths {
		for _, prefix := range prefixes {
			if strings.HasPrefix(p, prefix) {
				t.Errorf("module %s depends on %s", module, p)
			}
		}
	}
}

// A service that imports the reference code gets broker and database
// clients, never Temporal, gRPC, a code generator or the linter.
func TestReferenceModuleIsLean(t *testing.T) {
	paths := graph(t, "reference")
	forbid(t, "reference", paths,
		"go.temporal.io", "google.golang.org/grpc", "github.com/oapi-codegen/oapi-codegen",
		"github.com/spf13/cobra", "github.com/yuin/goldmark", "github.com/adrg/frontmatter")
	for _, p := range paths {
		if p != "github.com/skillcheck-dev/skillcheck/reference" && strings.HasPrefix(p, "github.com/skillcheck-dev/skillcheck") {
			t.Errorf("the reference module depends on %s", p)
		}
	}
}

// The linter's module holds no broker, database or workflow client.
func TestLinterModuleHasNoServiceClients(t *testing.T) {
	forbid(t, "the linter", graph(t, "."),
		"github.com/rabbitmq", "github.com/jackc/pgx", "github.com/nats-io", "go.temporal.io",
		"modernc.org/sqlite", "github.com/sony/gobreaker", "github.com/oapi-codegen",
		"github.com/skillcheck-dev/skillcheck/reference")
}
