package metadata

import (
	"regexp"
	"strings"
)

var namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func nameProblem(v string) string {
	switch {
	case strings.ToLower(v) != v:
		return "has uppercase letters"
	case strings.HasPrefix(v, "-") || strings.HasSuffix(v, "-"):
		return "starts or ends with a hyphen"
	case strings.Contains(v, "--"):
		return "has consecutive hyphens"
	case strings.ContainsAny(v, " \t"):
		return "has spaces"
	}
	return "has characters other than a-z, 0-9 and -"
}
