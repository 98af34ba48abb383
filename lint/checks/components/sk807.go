package components

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/jsonpos"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// scriptNotExecutable is SK807: a plugin file that a hook or server runs as a program must be executable. Documented in docs/SK807.md.
var scriptNotExecutable = &analysis.Rule{
	ID: "SK807", Alias: "plugin-script-not-executable", Severity: analysis.Warning,
	Summary: "a plugin file that a hook or server runs as a program must be executable",
	Plugin:  checkScriptNotExecutable,
}

func checkScriptNotExecutable(p *analysis.Pass, pl *manifest.Plugin) {
	if runtime.GOOS == "windows" {
		return // no executable bit to read
	}
	check := func(f *source.File, off int, command, what string) {
		if rel := programInPlugin(pl.Root, command); rel != "" {
			p.Reportf(f, off, "%s runs ${CLAUDE_PLUGIN_ROOT}/%s as a program, but the file is not executable: on macOS and Linux it fails with \"Permission denied\"; make it executable (chmod +x, and commit the mode) or run it through its interpreter", what, rel)
		}
	}
	plugincfg.WalkHooks(pl, func(*source.File, int, string, ...any) {}, func(h plugincfg.Hook) {
		if h.Type == "command" {
			cmd := h.Fields["command"]
			check(h.File, h.Offset(cmd), cmd.Value, "the "+h.Event+" hook")
		}
	})
	for _, k := range []plugincfg.Kind{plugincfg.MCP, plugincfg.LSP} {
		for _, c := range plugincfg.Configs(pl, k) {
			eachServer(c, k, func(name string, s *jsonpos.Value) {
				if cmd := s.Get("command"); cmd != nil && cmd.Kind == jsonpos.String {
					check(c.File, cmd.Offset, cmd.Str, serverNoun[k]+" "+msg.Quote(name))
				}
			})
		}
	}
}

// programInPlugin returns the path, relative to the plugin root, of the
// program a command line starts with when that is a file of the plugin
// (named through ${CLAUDE_PLUGIN_ROOT}) that exists and is not executable;
// otherwise "".
func programInPlugin(root, command string) string {
	m := pluginRootRef.FindStringSubmatchIndex(command)
	if m == nil || strings.Trim(command[:m[0]], " \t\"'") != "" {
		return ""
	}
	rel := strings.Trim(command[m[2]:m[3]], "/")
	info, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil || !info.Mode().IsRegular() || info.Mode()&0o111 != 0 {
		return ""
	}
	return rel
}
