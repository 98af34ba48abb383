package lint_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/skillcheck-dev/skillcheck/internal/install"
	"github.com/skillcheck-dev/skillcheck/lint"
)

// FuzzConfinement attacks the three places skillcheck writes: the code
// checks' temporary module (a file= name), --fix (a symbolic link in the
// skill, to a file it would fix) and install (a planted manifest and a
// symbolic link in the skills folder). The fuzzer chooses the name, the link
// target, where the link sits and the manifest's path. Everything happens in
// a sandbox that holds the linted tree, the skills folder installed into,
// the temporary folder (TMPDIR) and an outside folder with a victim file;
// afterwards everything outside the tree, the skills folder and the
// temporary folder must be as it was, and the temporary folder empty.
//
// Names and targets are kept inside the sandbox (absolute ones are moved
// under it, and ".." runs are cut at its top), so that a regression damages
// the sandbox, where it is seen, and never the machine.
func FuzzConfinement(f *testing.F) {
	f.Add("../../../../../outside/victim.go", "$OUT/victim.txt", uint8(0), "../../outside/victim.txt")
	f.Add("main.go", "$OUT", uint8(1), "$OUT/victim.txt")
	f.Add("/victim.go", "../../../../outside/victim.txt", uint8(2), "SKILL.md")
	f.Add("a/../../x.go", "reference.md", uint8(3), "../demo2/x")
	f.Add("x.go\x00y", "$OUT/new.md", uint8(4), "a\\..\\..\\x")
	f.Fuzz(func(t *testing.T, fileName, linkTarget string, layout uint8, manifestPath string) {
		sandbox := t.TempDir()
		tree, dest, tmp, outside := filepath.Join(sandbox, "tree"), filepath.Join(sandbox, "dest"),
			filepath.Join(sandbox, "tmp", "a", "b"), filepath.Join(sandbox, "outside")
		for _, d := range []string{tree, dest, tmp, outside} {
			mkdir(t, d)
		}
		writeFile(t, filepath.Join(outside, "victim.txt"), "precious\n")
		t.Setenv("TMPDIR", tmp)

		// The linted tree: a module with a skill whose Go block is named by
		// the fuzzer, and a symbolic link the fuzzer aims, beside a file the
		// same fix applies to.
		skill := filepath.Join(tree, "skills", "forms")
		mkdir(t, skill)
		writeFile(t, filepath.Join(tree, "go.mod"), "module example.com/pack\n\ngo 1.26\n")
		name := strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '`' || r == ' ' || r == '\t' {
				return '_'
			}
			return r
		}, keepInside(sandbox, filepath.Join(tmp, "skillcheck-snippets-x", "s0"), fileName))
		writeFile(t, filepath.Join(skill, "SKILL.md"), "---\r\nname: forms\ndescription: Fills PDF forms. Use when a PDF form is to be filled.\n---\n\n# forms\n\n"+
			"See [the reference](reference.md).\n\n```go file="+name+"\npackage forms // pwned\n```\n")
		linkAt := []string{"reference.md", "SKILL.md", "guide.md", "sub/reference.md", "sub"}[int(layout)%5]
		if linkAt == "SKILL.md" {
			linkAt = "reference.md"
		}
		symlink(t, keepInside(sandbox, filepath.Join(skill, filepath.Dir(linkAt)), aim(linkTarget, outside)), filepath.Join(skill, linkAt))
		writeFile(t, filepath.Join(outside, "new.md"), "---\r\nname: x\n---\n")

		// The skills folder: a planted manifest, and the same link.
		demo := filepath.Join(dest, "demo")
		mkdir(t, demo)
		sum := sha256.Sum256([]byte("precious\n"))
		key := keepInside(sandbox, demo, aim(manifestPath, outside))
		manifest, err := json.Marshal(map[string]any{"skill": "demo", "files": map[string]string{filepath.ToSlash(key): hex.EncodeToString(sum[:])}})
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(demo, install.ManifestName), string(manifest))
		if layout%2 == 1 {
			symlink(t, keepInside(sandbox, demo, aim(linkTarget, outside)), filepath.Join(demo, "reference.md"))
		}

		before := listOutside(t, sandbox)
		_, err = lint.Fix(context.Background(), lint.Options{Paths: []string{tree}, Jobs: 1, CodeCache: "-", SkillTimeout: -1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		pack := fstest.MapFS{"demo/SKILL.md": {Data: []byte("v1\n")}, "demo/reference.md": {Data: []byte("r1\n")}}
		_, _ = install.Install(pack, []string{"demo"}, install.Options{Dest: dest, Force: true})

		if after := listOutside(t, sandbox); !slices.Equal(before, after) {
			t.Fatalf("written outside the tree, the skills folder and the temporary folder:\nbefore %q\nafter  %q", before, after)
		}
	})
}

// aim turns "$OUT" in a fuzzed target into the outside folder.
func aim(target, outside string) string { return strings.ReplaceAll(target, "$OUT", outside) }

// keepInside returns target (absolute, or relative to from) rewritten so
// that it resolves inside sandbox: an absolute path is moved under the
// sandbox, and ".." elements that would climb above it are dropped.
func keepInside(sandbox, from, target string) string {
	target = strings.ReplaceAll(target, "\x00", "")
	if filepath.IsAbs(target) && !strings.HasPrefix(target, sandbox+string(filepath.Separator)) {
		target = filepath.Join(sandbox, "outside", target)
	}
	if filepath.IsAbs(target) {
		return target
	}
	depth, _ := filepath.Rel(sandbox, from)
	level := strings.Count(filepath.ToSlash(depth), "/") + 1
	var kept []string
	for _, elem := range strings.Split(filepath.ToSlash(target), "/") {
		if elem == ".." {
			if level == 0 {
				continue
			}
			level--
		} else if elem != "." && elem != "" {
			level++
		}
		kept = append(kept, elem)
	}
	return strings.Join(kept, "/")
}

// listOutside lists every file and folder of the sandbox outside the tree,
// the skills folder and the temporary folder, with sizes and contents'
// hashes, and every entry left in the temporary folder.
func listOutside(t *testing.T, sandbox string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(sandbox, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(sandbox, path)
		switch rel = filepath.ToSlash(rel); {
		case rel == "tree" || rel == "dest":
			return filepath.SkipDir
		case rel == "tmp/a/b" || rel == "." || rel == "tmp" || rel == "tmp/a":
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		entry := fmt.Sprintf("%s %s", rel, info.Mode().Type())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			entry += " " + hex.EncodeToString(sum[:8])
		}
		out = append(out, entry)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	mkdir(t, filepath.Dir(link))
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}
