package metadata

import (
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// licenseType is SK140: license must be a string. Documented in docs/SK140.md.
var licenseType = &analysis.Rule{
	ID: "SK140", Alias: "license-type", Severity: analysis.Error,
	Summary: "license must be a string",
	Skill:   checkLicenseType,
}

func checkLicenseType(p *analysis.Pass, s *skill.Skill) {
	if f := header.Field(s, "license"); f != nil {
		if v, ok := frontmatter.String(f.Value); !ok || strings.TrimSpace(v) == "" {
			header.Report(p, s, f.Value, "license is %s; name a license (e.g. \"Apache-2.0\") or a bundled license file", emptyOr(f))
		}
	}
}
