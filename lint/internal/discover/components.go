package discover

import (
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// componentFolder returns the kind of Markdown component the folder at path
// holds, and the plugin it belongs to: Claude Code loads agents/ and
// commands/ (and their subfolders) at a plugin root and in a project's
// .claude folder. It returns 0 for any other folder.
func componentFolder(path string, parent *frame) (layout.ComponentKind, string) {
	kind := layout.ComponentDirs[filepath.Base(path)]
	if kind == 0 || parent == nil {
		return 0, ""
	}
	dir := filepath.Dir(path)
	switch {
	case parent.plugin != "" && filepath.Clean(parent.plugin) == dir:
		return kind, parent.plugin
	case filepath.Base(dir) == ".claude":
		return kind, ""
	}
	return 0, ""
}

// addComponent records a Markdown file of a component folder. A file
// reached through a symbolic link is not recorded: it may lead anywhere on
// the disk, and linting a folder must not read what lies outside it.
func (w *walker) addComponent(here *frame, path string, info fs.FileInfo, link bool) {
	if here.component == 0 || link || !info.Mode().IsRegular() || !strings.EqualFold(filepath.Ext(path), ".md") {
		return
	}
	w.res.Components = append(w.res.Components, layout.Component{Kind: here.component, Path: path, Plugin: here.componentPlugin})
}
