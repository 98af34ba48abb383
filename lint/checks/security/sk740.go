package security

import (
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkHTTP is SK740: links should use https, not http. Documented in docs/SK740.md.
var linkHTTP = &analysis.Rule{
	ID: "SK740", Alias: "link-http", Severity: analysis.Warning,
	Summary: "links should use https, not http",
	Skill:   checkLinkHTTP,
}

func checkLinkHTTP(p *analysis.Pass, s *skill.Skill) {
	c := newCapped(p, "http links")
	for _, u := range skillURLs.Of(p, s) {
		if u.url.Scheme == "http" && !localHost(u.url.Hostname()) {
			c.report(u.file, u.off, 1, "%s %s uses http: anyone on the network path can change what Claude or the reader gets; use https", u.what, msg.Quote(u.raw))
		}
	}
	c.done()
}
