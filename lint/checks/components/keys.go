package components

import (
	"fmt"
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/component"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
)

// reportUnknownKeys reports the header keys that are not in known: as a
// warning when the key is a near miss of a known key (a likely typo, whose
// setting Claude Code drops), else as info. hints give the message for
// known mistakes (an agent's allowed-tools), which are warnings too, except
// for the keys in infoHints, which Claude Code ignores harmlessly.
func reportUnknownKeys(p *analysis.Pass, cf *component.File, h *frontmatter.Header, known []string, hints map[string]string) {
	for _, f := range h.Fields {
		if slices.Contains(known, f.Key) {
			continue
		}
		if hint, ok := hints[f.Key]; ok {
			rp := p
			if slices.Contains(infoHints, f.Key) {
				rp = p.AtMost(analysis.Info)
			}
			at(rp, cf, f.KeyN, "%s key %q: %s", cf.Kind, f.Key, hint)
			continue
		}
		if near := msg.Closest(f.Key, known); near != "" {
			at(p, cf, f.KeyN, "unknown %s key %q: did you mean %q? Claude Code ignores unknown keys", cf.Kind, f.Key, near)
			continue
		}
		at(p.AtMost(analysis.Info), cf, f.KeyN, "unknown %s key %q: Claude Code ignores it", cf.Kind, f.Key)
	}
}

// infoHints are hinted keys whose loss changes nothing the author meant: a
// command's name and paths, which skills have and commands do not.
var infoHints = []string{"name", "paths"}

// toolsHint is the hint for a tools key spelled as another kind spells it.
func toolsHint(want string) string {
	return fmt.Sprintf("Claude Code ignores it here; write %q", want)
}
