package components

import (
	"strconv"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// hookTimeout is SK805: a hook's timeout is a positive number of seconds. Documented in docs/SK805.md.
var hookTimeout = &analysis.Rule{
	ID: "SK805", Alias: "hook-timeout", Severity: analysis.Warning,
	Summary: "a hook's timeout is a positive number of seconds",
	Plugin:  checkHookTimeout,
}

// millisecondsFrom is the smallest timeout read as written in milliseconds:
// a thousand seconds and more is 17 minutes and more, past the 10-minute
// default of command hooks.
const millisecondsFrom = 1000

func checkHookTimeout(p *analysis.Pass, pl *manifest.Plugin) {
	plugincfg.WalkHooks(pl, func(*source.File, int, string, ...any) {}, func(h plugincfg.Hook) {
		t := h.Fields["timeout"]
		if t == nil || t.Tag != "!!int" && t.Tag != "!!float" {
			return // SK802 reports a timeout that is not a number
		}
		secs, err := strconv.ParseFloat(t.Value, 64)
		switch {
		case err != nil:
		case secs <= 0:
			p.Reportf(h.File, h.Offset(t), "timeout %s of the %s hook is not a positive number of seconds", t.Value, h.Event)
		case secs >= millisecondsFrom:
			p.Reportf(h.File, h.Offset(t), "timeout %s of the %s hook is in seconds (%s minutes): if milliseconds were meant, write %s", t.Value, h.Event,
				strconv.FormatFloat(secs/60, 'f', 0, 64), strconv.FormatFloat(secs/1000, 'f', -1, 64))
		}
	})
}
