// Package config reads .skillcheck.yaml, the file that sets a lint run's
// profile, rule severities, exclusions, failure threshold and file size limit.
//
// A configuration applies to the paths below the folder that holds it; the
// lint engine finds it by looking upward from each path it lints.
//
//	profile: portable          # claude-code (default) or portable
//	fail-on: warning           # error (default), warning or never
//	max-file-size: 4MiB        # largest file read (default 4MiB)
//	skill-timeout: 5s          # per-skill time budget (default 5s; 0: none)
//	rules:                     # by ID, alias, block (SK2xx) or all
//	  SK208: off
//	  description-voice: error
//	exclude:                   # globs relative to this file's folder
//	  - archive/**
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// FileName is the name of the configuration file.
const FileName = ".skillcheck.yaml"

// Config is one configuration file, or the defaults when there is none.
type Config struct {
	// Path is the file read ("" for the defaults); Dir the folder its
	// exclusions are relative to.
	Path, Dir   string
	Profile     analysis.Profile
	FailOn      analysis.FailOn
	MaxFileSize int64
	// SkillTimeout is the per-skill time budget; 0 turns it off.
	SkillTimeout time.Duration
	// Severity overrides, in the order written (later entries win).
	Overrides []Override
	Exclude   []string
}

// Override sets the severity of the rules a name selects.
type Override struct {
	Name     string
	Rules    []*analysis.Rule
	Severity analysis.Severity
}

// DefaultSkillTimeout is the per-skill time budget when none is configured:
// far above what an ordinary skill of a few megabytes takes.
const DefaultSkillTimeout = 5 * time.Second

// maxConfigSize bounds the configuration file read.
const maxConfigSize = 1 << 20

// Default returns the configuration used when no file is found.
func Default() *Config {
	return &Config{Profile: analysis.ClaudeCode, FailOn: analysis.FailOnError, SkillTimeout: DefaultSkillTimeout}
}

// Error is a configuration problem at a line of the file.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Find looks for FileName in start (a folder, or the folder of a file) and its
// parents, and returns its path, or "" when there is none.
func Find(start string) (string, error) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		candidate := filepath.Join(dir, FileName)
		if info, err := os.Stat(candidate); err == nil && !info.IsDir() {
			return candidate, nil
		}
		if filepath.Dir(dir) == dir {
			return "", nil
		}
	}
}

type file struct {
	Profile      string    `yaml:"profile"`
	FailOn       string    `yaml:"fail-on"`
	MaxFileSize  yaml.Node `yaml:"max-file-size"`
	SkillTimeout yaml.Node `yaml:"skill-timeout"`
	Rules        yaml.Node `yaml:"rules"`
	Exclude      []string  `yaml:"exclude"`
}

var yamlLine = regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): (.*)$`)

// Load reads and checks a configuration file against the rule set.
func Load(path string, rules analysis.Set) (*Config, error) {
	src, err := safefs.ReadFile(path, maxConfigSize)
	if err != nil {
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	return Parse(path, src, rules)
}

// Parse checks configuration text read from path.
func Parse(path string, src []byte, rules analysis.Set) (*Config, error) {
	c := Default()
	c.Path, c.Dir = path, filepath.Dir(path)
	if abs, err := filepath.Abs(c.Dir); err == nil {
		c.Dir = abs
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &Error{Path: path, Line: line, Msg: m[2]}
		}
		return nil, &Error{Path: path, Msg: strings.TrimPrefix(msg, "yaml: ")}
	}
	fail := func(n *yaml.Node, format string, args ...any) error {
		line := 0
		if n != nil {
			line = n.Line
		}
		return &Error{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if f.Profile != "" {
		p, err := analysis.ParseProfile(f.Profile)
		if err != nil {
			return nil, fail(nil, "profile: %v", err)
		}
		c.Profile = p
	}
	if f.FailOn != "" {
		fo, err := analysis.ParseFailOn(f.FailOn)
		if err != nil {
			return nil, fail(nil, "fail-on: %v", err)
		}
		c.FailOn = fo
	}
	if f.MaxFileSize.Kind != 0 {
		n, err := ParseSize(f.MaxFileSize.Value)
		if err != nil {
			return nil, fail(&f.MaxFileSize, "max-file-size: %v", err)
		}
		c.MaxFileSize = n
	}
	if f.SkillTimeout.Kind != 0 {
		d, err := time.ParseDuration(f.SkillTimeout.Value)
		if err != nil || d < 0 {
			return nil, fail(&f.SkillTimeout, "skill-timeout: want a duration such as 10s, or 0 for none, not %q", f.SkillTimeout.Value)
		}
		c.SkillTimeout = d
	}
	if f.Rules.Kind != 0 {
		if f.Rules.Kind != yaml.MappingNode {
			return nil, fail(&f.Rules, "rules must map rule IDs, aliases or blocks to off, info, warning or error")
		}
		for i := 0; i+1 < len(f.Rules.Content); i += 2 {
			k, v := f.Rules.Content[i], f.Rules.Content[i+1]
			matched, err := rules.Match(k.Value)
			if err != nil {
				return nil, fail(k, "rules: %v", err)
			}
			sev, err := analysis.ParseSeverity(v.Value)
			if err != nil || v.Kind != yaml.ScalarNode {
				return nil, fail(v, "rules: %s: want off, info, warning or error, not %q", k.Value, v.Value)
			}
			c.Overrides = append(c.Overrides, Override{Name: k.Value, Rules: matched, Severity: sev})
		}
	}
	for _, pattern := range f.Exclude {
		if !doublestar.ValidatePattern(filepath.ToSlash(pattern)) {
			return nil, fail(nil, "exclude: %q is not a valid glob pattern", pattern)
		}
	}
	c.Exclude = f.Exclude
	return c, nil
}

// Severity returns a rule's severity: the profile's default, changed by the
// overrides in order.
func (c *Config) Severity(r *analysis.Rule) analysis.Severity {
	sev := r.SeverityIn(c.Profile)
	for _, o := range c.Overrides {
		for _, x := range o.Rules {
			if x == r {
				sev = o.Severity
			}
		}
	}
	return sev
}

// Excluded reports whether path (as walked) matches an exclude pattern.
func (c *Config) Excluded(path string) bool {
	if len(c.Exclude) == 0 || c.Dir == "" {
		return false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, p := range c.Exclude {
		if ok, _ := doublestar.Match(filepath.ToSlash(p), rel); ok {
			return true
		}
	}
	return false
}

var sizePattern = regexp.MustCompile(`^(\d+)\s*(|B|KB|KiB|MB|MiB|GB|GiB)$`)

// ParseSize reads a byte count such as 4194304, 512KiB or 4MiB (KB and MB
// are read as KiB and MiB).
func ParseSize(s string) (int64, error) {
	m := sizePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("%q is not a size such as 4MiB", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive size", s)
	}
	shift := map[string]uint{"": 0, "B": 0, "KB": 10, "KiB": 10, "MB": 20, "MiB": 20, "GB": 30, "GiB": 30}[m[2]]
	if n > (1<<62)>>shift {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n << shift, nil
}
