package security

import (
	"net"
	"net/url"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/hooks"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// skillURL is an absolute URL a skill points at: a link or image of its
// Markdown, or the url of an http hook.
type skillURL struct {
	file *source.File
	off  int
	raw  string
	url  *url.URL
	what string // "link", "image", "http hook"
	hook bool   // an http hook's url, which Claude Code calls
}

// skillURLs is the skill's absolute http and https URLs, read once for the
// rules that judge them.
var skillURLs = analysis.NewResult(readSkillURLs)

func readSkillURLs(s *skill.Skill) []skillURL {
	var out []skillURL
	add := func(f *source.File, off int, raw, what string, hook bool) {
		raw = strings.TrimSpace(raw)
		if n := links.SchemeLen(raw); n != 4 && n != 5 { // http or https
			return
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		out = append(out, skillURL{f, off, raw, u, what, hook})
	}
	for _, d := range links.AllDocs(s) {
		for _, l := range d.Doc.Links {
			add(d.Doc.File, l.Offset, l.Dest, links.Word(l), false)
		}
	}
	if f := header.Field(s, "hooks"); f != nil {
		hooks.Walk(f.Value, func(*yaml.Node, string, ...any) {}, func(h hooks.Handler) {
			if h.Type == "http" {
				v, _ := frontmatter.String(h.Fields["url"])
				add(s.File, s.Header.NodeOffset(h.Fields["url"]), v, "the "+h.Event+" http hook's url", true)
			}
		})
	}
	return out
}

// localHost reports hosts that never leave the machine or exist only in
// documentation: loopback, the unspecified address, RFC 2606 and RFC 6761
// names (example.com, .test, .localhost, .invalid, .example) and the
// documentation address blocks (RFC 5737, RFC 3849).
func localHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || ip.IsUnspecified() || documentationNets.contains(ip)
	}
	for _, d := range []string{"localhost", "test", "invalid", "example", "example.com", "example.org", "example.net"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

type ipNets []*net.IPNet

func (ns ipNets) contains(ip net.IP) bool {
	for _, n := range ns {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

var documentationNets = func() ipNets {
	var out ipNets
	for _, cidr := range []string{"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"} {
		_, n, _ := net.ParseCIDR(cidr)
		out = append(out, n)
	}
	return out
}()
