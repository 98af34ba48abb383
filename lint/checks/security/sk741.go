package security

import (
	"net"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// linkIPAddress is SK741: links should name hosts, not raw IP addresses. Documented in docs/SK741.md.
var linkIPAddress = &analysis.Rule{
	ID: "SK741", Alias: "link-ip-address", Severity: analysis.Warning,
	Summary: "links should name hosts, not raw IP addresses",
	Skill:   checkLinkIPAddress,
}

func checkLinkIPAddress(p *analysis.Pass, s *skill.Skill) {
	c := newCapped(p, "links to raw addresses")
	for _, u := range skillURLs.Of(p, s) {
		if ip := net.ParseIP(u.url.Hostname()); ip != nil && !localHost(u.url.Hostname()) {
			c.report(u.file, u.off, 1, "%s %s points at the raw address %s: nothing says whose server it is, and addresses such as 169.254.169.254 or private ones reach into the user's network; link to a named host", u.what, msg.Quote(u.raw), ip)
		}
	}
	c.done()
}
