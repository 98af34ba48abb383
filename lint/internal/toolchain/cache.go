package toolchain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/internal/gocode"
)

// cacheVersion changes when the meaning of cached results changes.
const cacheVersion = "2"

// buildStamp identifies the running skillcheck build, so that a new build
// (whose checks may differ) never reads an older build's results.
func buildStamp() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	info, err := os.Stat(exe)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%s/%d/%d", exe, info.Size(), info.ModTime().UnixNano())
}

// cache stores unit results by content. A nil *cache caches nothing.
type cache struct {
	root *safefs.Root
	tc   *toolchain
}

// openCache returns the cache in dir ("" for the user cache directory, "-"
// for none).
func openCache(dir string, tc *toolchain) *cache {
	if dir == "-" {
		return nil
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "skillcheck", "gocheck")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	root, err := safefs.OpenRoot(dir)
	if err != nil {
		return nil
	}
	return &cache{root: root, tc: tc}
}

// close releases the cache folder.
func (c *cache) close() {
	if c != nil {
		c.root.Close()
	}
}

// moduleKey hashes what every unit of a module depends on: the toolchain
// version, and go.mod, go.sum and every Go source file (outside testdata,
// vendor and dot folders) of the module and of the other modules of its
// workspace.
func (c *cache) moduleKey(ctx context.Context, m *gocode.Module) string {
	if c == nil {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(cacheVersion + "\x00" + buildStamp() + "\x00" + c.tc.goVersion(ctx) + "\x00"))
	if m == nil {
		h.Write([]byte("no module"))
		return hex.EncodeToString(h.Sum(nil))
	}
	for _, mod := range append([]*gocode.Module{m}, m.Workspace()...) {
		h.Write([]byte(mod.Path + "\x00"))
		hashModule(h, mod.Root)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hashModule writes the Go files, go.mod and go.sum of the module at root,
// nested modules left out, to h.
func hashModule(h io.Writer, root string) {
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if d.Type().IsRegular() && (strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum") {
			data, err := safefs.ReadFile(path, maxModFile)
			if err == nil {
				rel, _ := filepath.Rel(root, path)
				h.Write([]byte(rel + "\x00"))
				h.Write(data)
				h.Write([]byte{0})
			}
		}
		return nil
	})
}

// unitKey hashes a unit's files on top of its module's key.
func (c *cache) unitKey(moduleKey string, u *Unit) string {
	if c == nil {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(moduleKey + "\x00" + u.Name + "\x00"))
	if u.CompileFail {
		h.Write([]byte("compile_fail\x00"))
	}
	for _, f := range u.Files {
		h.Write([]byte(f.Name + "\x00" + f.Src + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// name is where a key's result is stored, relative to the cache folder.
func (c *cache) name(key string) string {
	return filepath.Join(key[:2], key+".json")
}

func (c *cache) get(key string) (*unitResult, bool) {
	if c == nil {
		return nil, false
	}
	data, err := c.root.ReadFile(c.name(key), maxModFile)
	if err != nil {
		return nil, false
	}
	var r unitResult
	if json.Unmarshal(data, &r) != nil {
		return nil, false
	}
	return &r, true
}

// put stores a result; failures only cost a cache miss later.
func (c *cache) put(key string, r *unitResult) {
	if c == nil || r == nil {
		return
	}
	data, err := json.Marshal(r)
	if err != nil {
		return
	}
	_ = c.root.WriteFile(c.name(key), data, 0)
}
