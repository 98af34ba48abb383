package components

import (
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
)

// defaultPath returns the path of the plugin's default file of kind k.
func defaultPath(pl *manifest.Plugin, k plugincfg.Kind) string {
	return filepath.Join(pl.Root, filepath.FromSlash(k.Default))
}

// namesDefault reports whether a path plugin.json names is the default
// file of kind k.
func namesDefault(pl *manifest.Plugin, k plugincfg.Kind, rel string) bool {
	return filepath.Join(pl.Root, filepath.FromSlash(rel)) == defaultPath(pl, k)
}
