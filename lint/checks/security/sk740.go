package security

import (
	"path"
	"slices"
	"strings"

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
	warn, note := newCapped(p, "http links"), newCapped(lowered(p), "http reading links")
	for _, u := range skillURLs.Of(p, s) {
		if u.url.Scheme != "http" || localHost(u.url.Hostname()) {
			continue
		}
		c := note
		if u.hook || downloadable(u.url.Path) {
			c = warn
		}
		c.report(u.file, u.off, 1, "%s %s uses http: anyone on the network path can change what Claude or the reader gets; use https", u.what, msg.Quote(u.raw))
	}
	warn.done()
	note.done()
}

// downloadExts are the endings of files people download to run or unpack.
var downloadExts = []string{
	".sh", ".ps1", ".py", ".exe", ".msi", ".dmg", ".pkg", ".deb", ".rpm", ".apk", ".appimage", ".bin",
	".jar", ".whl", ".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z",
}

// downloadable reports a URL path that names a program, script or archive:
// fetched over http, what runs or unpacks can be swapped on the way. A
// page to read only misleads the reader, which SK740 reports as info.
func downloadable(urlPath string) bool {
	ext := strings.ToLower(path.Ext(urlPath))
	return ext != "" && slices.Contains(downloadExts, ext)
}
