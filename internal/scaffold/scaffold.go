// Package scaffold writes a new skill folder: a SKILL.md with the sections a
// good skill has and a reference file it links, which pass skillcheck lint,
// and a description that is a placeholder in <angle brackets>, which
// skillcheck reports (SK134, as markup in the description) until the author
// replaces it.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
)

//go:embed template/*.tmpl
var templates embed.FS

var namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ErrExists is returned when the skill folder already exists.
var ErrExists = errors.New("skill folder already exists")

// CheckName reports a name that is not a valid skill name: lowercase letters,
// digits and single hyphens, at most 64 characters.
func CheckName(name string) error {
	if len(name) > 64 || !namePattern.MatchString(name) {
		return fmt.Errorf("skill name %q must be 1 to 64 lowercase letters, digits and single hyphens (e.g. pdf-forms)", name)
	}
	return nil
}

// New writes the skill name into dir/name and returns the files written.
func New(dir, name string) ([]string, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	skillDir := filepath.Join(dir, name)
	if _, err := os.Lstat(skillDir); err == nil {
		return nil, fmt.Errorf("%s: %w", skillDir, ErrExists)
	}
	data := struct{ Name, Title string }{name, strings.ReplaceAll(name, "-", " ")}
	entries, err := fs.ReadDir(templates, "template")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := safefs.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var written []string
	for _, e := range entries {
		t, err := template.ParseFS(templates, "template/"+e.Name())
		if err != nil {
			return written, err
		}
		var out bytes.Buffer
		if err := t.Execute(&out, data); err != nil {
			return written, err
		}
		file := filepath.Join(name, strings.TrimSuffix(e.Name(), ".tmpl"))
		if err := root.WriteFile(file, out.Bytes(), 0o644); err != nil {
			return written, err
		}
		written = append(written, filepath.Join(dir, file))
	}
	return written, nil
}
