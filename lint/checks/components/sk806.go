package components

import (
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// hookMatcherIgnored is SK806: a matcher on an event without matcher support is ignored. Documented in docs/SK806.md.
var hookMatcherIgnored = &analysis.Rule{
	ID: "SK806", Alias: "hook-matcher-ignored", Severity: analysis.Warning,
	Summary: "a matcher on an event without matcher support is ignored",
	Plugin:  checkHookMatcherIgnored,
}

// unmatchedEvents are the events with no matcher support, per the hooks
// reference's table "What the matcher filters".
var unmatchedEvents = []string{
	"UserPromptSubmit", "PostToolBatch", "Stop", "TeammateIdle", "TaskCreated", "TaskCompleted",
	"WorktreeCreate", "WorktreeRemove", "MessageDisplay", "CwdChanged",
}

// matchAll are the matchers that match every occurrence anyway.
var matchAll = []string{"", "*", ".*"}

func checkHookMatcherIgnored(p *analysis.Pass, pl *manifest.Plugin) {
	seen := map[*yaml.Node]bool{}
	plugincfg.WalkHooks(pl, func(*source.File, int, string, ...any) {}, func(h plugincfg.Hook) {
		m := h.Matcher
		if m == nil || seen[m] || !slices.Contains(unmatchedEvents, h.Event) || slices.Contains(matchAll, m.Value) {
			return
		}
		seen[m] = true
		p.Reportf(h.File, h.Offset(m), "matcher %s is ignored: %s has no matcher support, so its hooks run on every occurrence", msg.Quote(m.Value), h.Event)
	})
}
