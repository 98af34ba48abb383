package rules

import (
	"bytes"
	"net"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
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
}

// skillURLs is the skill's absolute http and https URLs, read once for the
// rules that judge them.
var skillURLs = analysis.NewResult(readSkillURLs)

func readSkillURLs(s *skill.Skill) []skillURL {
	var out []skillURL
	add := func(f *source.File, off int, raw, what string) {
		raw = strings.TrimSpace(raw)
		if n := schemeLen(raw); n != 4 && n != 5 { // http or https
			return
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		out = append(out, skillURL{f, off, raw, u, what})
	}
	for _, d := range skillDocs(s) {
		for _, l := range d.doc.Links {
			add(d.doc.File, l.Offset, l.Dest, linkWord(l))
		}
	}
	if f := field(s, "hooks"); f != nil {
		walkHooks(f.Value, func(*yaml.Node, string, ...any) {}, func(h hookHandler) {
			if h.typ == "http" {
				v, _ := frontmatter.String(h.fields["url"])
				add(s.File, s.Header.NodeOffset(h.fields["url"]), v, "the "+h.event+" http hook's url")
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

func init() {
	register(
		&analysis.Rule{
			ID: "SK740", Alias: "link-http", Severity: analysis.Warning,
			Summary: "links should use https, not http",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				c := newCapped(p, "http links")
				for _, u := range skillURLs.Of(p, s) {
					if u.url.Scheme == "http" && !localHost(u.url.Hostname()) {
						c.report(u.file, u.off, 1, "%s %s uses http: anyone on the network path can change what Claude or the reader gets; use https", u.what, quote(u.raw))
					}
				}
				c.done()
			},
		},
		&analysis.Rule{
			ID: "SK741", Alias: "link-ip-address", Severity: analysis.Warning,
			Summary: "links should name hosts, not raw IP addresses",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				c := newCapped(p, "links to raw addresses")
				for _, u := range skillURLs.Of(p, s) {
					if ip := net.ParseIP(u.url.Hostname()); ip != nil && !localHost(u.url.Hostname()) {
						c.report(u.file, u.off, 1, "%s %s points at the raw address %s: nothing says whose server it is, and addresses such as 169.254.169.254 or private ones reach into the user's network; link to a named host", u.what, quote(u.raw), ip)
					}
				}
				c.done()
			},
		},
		&analysis.Rule{
			ID: "SK742", Alias: "executable-unreferenced", Severity: analysis.Warning,
			Summary: "executable files of a skill must be mentioned where Claude and reviewers look",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				shebang := map[string]bool{}
				for _, tf := range s.Texts() {
					shebang[tf.Rel] = bytes.HasPrefix(tf.File.Src, []byte("#!"))
				}
				executable := func(f layout.File) bool {
					return f.Mode.IsRegular() && (f.Mode.Perm()&0o111 != 0 || shebang[f.Rel])
				}
				for _, rel := range unreferenced(p, s, executable) {
					p.ReportPath(path.Join(s.Dir, rel), "%s is executable, but nothing in SKILL.md or the files it refers to mentions it: a program no reviewer is pointed to can still be run; mention it in SKILL.md or remove it", rel)
				}
			},
		},
		&analysis.Rule{
			ID: "SK743", Alias: "symlink-outside-skill", Severity: analysis.Warning,
			Summary: "symbolic links must not lead out of the skill folder",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, l := range s.Links {
					if !l.Outside {
						continue
					}
					what, followed := "file", ""
					if l.Dir {
						what, followed = "folder", " (skillcheck does not follow it)"
					}
					p.ReportPath(filepath.Join(s.Dir, filepath.FromSlash(l.Rel)), "symbolic link to the %s %s leaves the skill folder%s: installed or copied elsewhere, it reaches whatever is at that place on the user's machine, or nothing; copy what it points to into the skill", what, quote(l.Target), followed)
				}
			},
		},
	)
}
