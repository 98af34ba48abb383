package manifest

import (
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// JSONFile is a JSON configuration file of a plugin other than its
// manifest: a hooks file, .mcp.json or .lsp.json.
type JSONFile struct {
	// Path is the file's path.
	Path string
	// File is the file; nil with Problem set when it could not be read.
	File    *source.File
	Problem *skill.Problem
	// JSON is the parsed file; nil with Err set when it is not JSON.
	JSON *jsonpos.Value
	Err  *jsonpos.SyntaxError
}

// LoadJSON reads a JSON file of the plugin at path, with the size bound and
// overlay its manifest was read with.
func (p *Plugin) LoadJSON(path string) *JSONFile {
	f := &JSONFile{Path: path}
	f.File, f.Problem, f.JSON, f.Err = load(path, p.maxSize, p.overlay)
	return f
}
