package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// maxLayoutLines bounds the lines of the layout record in a sample file.
const maxLayoutLines = 20

// Sample returns a configuration file for the folder dir, in which a walk
// found l: first the layout found, as comments (skillcheck finds it again
// on every run, so it is a record, not a setting), then every setting, each
// under a comment that explains it. The profile is profile, or when "" the
// one the layout suggests (SuggestProfile); every other setting has its
// default value, so the file lints as no file does with that profile.
func Sample(dir string, l *layout.Layout, profile analysis.Profile) []byte {
	why := "it was asked for"
	if profile == "" {
		profile, why = SuggestProfile(l)
	}
	var b strings.Builder
	b.WriteString("# skillcheck configuration: it applies to every path below this folder;\n")
	b.WriteString("# a command-line flag wins over it. Written by skillcheck init.\n#\n")
	b.WriteString("# What skillcheck found here (it looks again on every run: a record, not a\n# setting):\n")
	for _, line := range describeLayout(dir, l) {
		b.WriteString("#   " + line + "\n")
	}
	fmt.Fprintf(&b, sampleSettings, profile, why, profile)
	return []byte(b.String())
}

// SuggestProfile returns the profile that fits a layout, and why (a clause
// that follows "because"): portable
// when skills sit in .agents/skills or .github/skills, which other agents
// read, so that the Agent Skills specification's demands are checked too;
// claude-code otherwise.
func SuggestProfile(l *layout.Layout) (analysis.Profile, string) {
	for _, sd := range l.Skills {
		if parent, ok := layout.ProjectSkillsDir(filepath.Dir(sd.Dir)); ok && parent != ".claude" {
			return analysis.Portable, "skills sit in " + parent + "/skills, which other agents read"
		}
	}
	return analysis.ClaudeCode, "the skills here are laid out for Claude Code"
}

// describeLayout lists, relative to dir, the folders that hold skills (with
// how many each holds), dir itself when it is a skill, the plugins and the
// marketplaces of l, at most maxLayoutLines lines.
func describeLayout(dir string, l *layout.Layout) []string {
	rel := func(p string) string {
		if r, err := filepath.Rel(dir, p); err == nil {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(p)
	}
	var lines []string
	folders := map[string]int{} // skills folder -> its line
	counts := map[string]int{}
	for _, sd := range l.Skills {
		if filepath.Clean(sd.Dir) == filepath.Clean(dir) {
			lines = append(lines, "skill: .")
			continue
		}
		parent := filepath.Dir(sd.Dir)
		if _, ok := folders[parent]; !ok {
			folders[parent] = len(lines)
			lines = append(lines, "")
		}
		counts[parent]++
	}
	for folder, i := range folders {
		lines[i] = fmt.Sprintf("skills folder: %s (skills: %d)", rel(folder), counts[folder])
	}
	for _, p := range l.Plugins {
		lines = append(lines, "plugin: "+rel(p)+" (.claude-plugin/plugin.json)")
	}
	for _, m := range l.Markets {
		lines = append(lines, "marketplace: "+rel(m)+" (.claude-plugin/marketplace.json)")
	}
	if len(lines) == 0 {
		return []string{"no skills, plugins or marketplaces yet"}
	}
	if len(lines) > maxLayoutLines {
		more := len(lines) - maxLayoutLines + 1
		lines = append(lines[:maxLayoutLines-1], fmt.Sprintf("and %d more", more))
	}
	return lines
}

// sampleSettings are the settings of a sample file, each under its
// explanation; the verbs are the profile, why it was chosen, and the
// profile again.
const sampleSettings = `
# profile: whose reading of a skill the rules check. claude-code reports
# what breaks or misleads Claude Code; portable adds what the Agent Skills
# specification (read by Codex, GitHub Copilot, Gemini CLI and others) and
# uploads to Claude apps demand. Chosen here: %s, because
# %s.
profile: %s

# fail-on: the lowest severity that makes skillcheck lint exit 1: error,
# warning, or never (report only).
fail-on: error

# max-file-size: the largest file read; a larger one is reported, not read.
max-file-size: 4MiB

# skill-timeout: the time budget of each skill's checks; a skill over it
# gets one SK223 finding and the run goes on. 0 turns it off.
skill-timeout: 5s

# code: examples checks only code blocks that declare themselves complete
# (a Go block with a package clause must compile); strict holds every
# checked block to compile or parse.
code: examples

# security: default reports the SK7xx rules (what a skill can do to the
# people who install it) as warnings; strict makes them errors.
security: default

# rules: severity overrides, by rule ID, alias, block (SK2xx) or all:
# off, info, warning or error. Later entries win. For example:
#   file-unreferenced: off
#   SK135: error
rules: {}

# exclude: paths not linted, as globs relative to this file's folder.
# For example:
#   - drafts/**
exclude: []
`
