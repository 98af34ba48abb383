package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// GenerateGo writes a Go module into dir with a small library package and
// skills skills, each with blocks Go file blocks (package clauses, imports of
// the library and the standard library), as a pack for benchmarking the Go
// checks. It returns the blocks written, for comparison runs.
func GenerateGo(dir string, skills, blocks int) ([]string, error) {
	files := map[string]string{
		"go.mod":     "module example.com/bench\n\ngo 1.26\n",
		"lib/lib.go": "// Package lib is what the snippets use.\npackage lib\n\n// Scale multiplies.\nfunc Scale(x, by int) int { return x * by }\n",
	}
	var all []string
	for s := 0; s < skills; s++ {
		name := fmt.Sprintf("skill-%04d", s)
		var b strings.Builder
		fmt.Fprintf(&b, "---\nname: %s\ndescription: Scales numbers in step %d. Use when numbers need scaling.\n---\n\n# %s\n\n", name, s, name)
		for i := 0; i < blocks; i++ {
			block := goBlock(s, i)
			all = append(all, block)
			fmt.Fprintf(&b, "Step %d:\n\n```go file=step%d.go\n%s```\n\n", i, i, block)
		}
		files[filepath.Join("skills", name, "SKILL.md")] = b.String()
	}
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// goBlock is block i of skill s: one file of package steps.
func goBlock(s, i int) string {
	return fmt.Sprintf(`package steps

import (
	"fmt"
	"strings"

	"example.com/bench/lib"
)

// Step%d scales and labels a value.
func Step%d(x int) string {
	return strings.ToUpper(fmt.Sprintf("skill %d step %d: %%d", lib.Scale(x, %d)))
}
`, i, i, s, i, i+1)
}
