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
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
	// StrictCode holds every checked code block to compile or parse (code:
	// strict); by default only blocks that declare themselves complete are.
	StrictCode bool
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

// yamlLine reads the line out of a YAML syntax error, which the YAML
// library reports only in its message.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Load reads and checks a configuration file against the rule set.
func Load(path string, rules analysis.Set) (*Config, error) {
	src, err := safefs.ReadFile(path, maxConfigSize)
	if err != nil {
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	return Parse(path, src, rules)
}

// Parse checks configuration text read from path. Every error names the
// line of the key or value at fault.
func Parse(path string, src []byte, rules analysis.Set) (*Config, error) {
	c := Default()
	c.Path, c.Dir = path, filepath.Dir(path)
	if abs, err := filepath.Abs(c.Dir); err == nil {
		c.Dir = abs
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &Error{Path: path, Line: line, Msg: m[2]}
		}
		return nil, &Error{Path: path, Msg: msg}
	}
	if len(doc.Content) == 0 {
		return c, nil // an empty file: the defaults
	}
	top := doc.Content[0]
	fail := func(n *yaml.Node, format string, args ...any) error {
		return &Error{Path: path, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
	}
	if top.Kind != yaml.MappingNode {
		return nil, fail(top, "the configuration must be a mapping of settings (profile, fail-on, rules, …)")
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		key, value := top.Content[i], top.Content[i+1]
		set, ok := settings[key.Value]
		if !ok {
			return nil, fail(key, "unknown setting %q (want %s)", key.Value, strings.Join(settingNames(), ", "))
		}
		if err := set(c, value, rules); err != nil {
			var at *Error // an error at a line inside the value
			if errors.As(err, &at) {
				at.Path = path
				return nil, at
			}
			return nil, fail(value, "%s: %v", key.Value, err)
		}
	}
	return c, nil
}

// settings reads each key of the configuration into c.
var settings = map[string]func(c *Config, v *yaml.Node, rules analysis.Set) error{
	"profile": func(c *Config, v *yaml.Node, _ analysis.Set) (err error) {
		c.Profile, err = analysis.ParseProfile(v.Value)
		return err
	},
	"fail-on": func(c *Config, v *yaml.Node, _ analysis.Set) (err error) {
		c.FailOn, err = analysis.ParseFailOn(v.Value)
		return err
	},
	"max-file-size": func(c *Config, v *yaml.Node, _ analysis.Set) (err error) {
		c.MaxFileSize, err = ParseSize(v.Value)
		return err
	},
	"skill-timeout": func(c *Config, v *yaml.Node, _ analysis.Set) error {
		d, err := time.ParseDuration(v.Value)
		if err != nil || d < 0 {
			return fmt.Errorf("want a duration such as 10s, or 0 for none, not %q", v.Value)
		}
		c.SkillTimeout = d
		return nil
	},
	"code": func(c *Config, v *yaml.Node, _ analysis.Set) error {
		switch v.Value {
		case "strict":
			c.StrictCode = true
		case "examples":
			c.StrictCode = false
		default:
			return fmt.Errorf("want strict (every block must compile or parse) or examples (the default), not %q", v.Value)
		}
		return nil
	},
	"security": func(c *Config, v *yaml.Node, rules analysis.Set) error {
		switch v.Value {
		case "strict":
			o, err := ParseOverride("SK7xx", "error", rules)
			if err != nil {
				return err
			}
			c.Overrides = append(c.Overrides, o)
		case "default":
		default:
			return fmt.Errorf("want strict (every SK7xx finding is an error) or default, not %q", v.Value)
		}
		return nil
	},
	"rules": func(c *Config, v *yaml.Node, rules analysis.Set) error {
		if v.Kind != yaml.MappingNode {
			return errors.New("must map rule IDs, aliases or blocks to off, info, warning or error")
		}
		for i := 0; i+1 < len(v.Content); i += 2 {
			k, level := v.Content[i], v.Content[i+1]
			if level.Kind != yaml.ScalarNode {
				return &Error{Line: level.Line, Msg: fmt.Sprintf("rules: %s: want off, info, warning or error", k.Value)}
			}
			o, err := ParseOverride(k.Value, level.Value, rules)
			if err != nil {
				return &Error{Line: k.Line, Msg: "rules: " + err.Error()}
			}
			c.Overrides = append(c.Overrides, o)
		}
		return nil
	},
	"exclude": func(c *Config, v *yaml.Node, _ analysis.Set) error {
		if err := v.Decode(&c.Exclude); err != nil {
			return errors.New("must be a list of glob patterns")
		}
		for _, pattern := range c.Exclude {
			if !doublestar.ValidatePattern(filepath.ToSlash(pattern)) {
				return fmt.Errorf("%q is not a valid glob pattern", pattern)
			}
		}
		return nil
	},
}

func settingNames() []string {
	names := make([]string, 0, len(settings))
	for n := range settings {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ParseOverride reads one severity override, RULE=LEVEL on the command line
// or RULE: LEVEL in the configuration: RULE is an ID, an alias, a block such
// as SK2xx, or all; LEVEL is off, info, warning or error.
func ParseOverride(name, level string, rules analysis.Set) (Override, error) {
	matched, err := rules.Match(name)
	if err != nil {
		return Override{}, err
	}
	sev, err := analysis.ParseSeverity(level)
	if err != nil {
		return Override{}, fmt.Errorf("%s: %w", name, err)
	}
	return Override{Name: name, Rules: matched, Severity: sev}, nil
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
