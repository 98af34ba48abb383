package analysis

import "fmt"

// Severity is how serious a diagnostic is. The zero value means "not set".
type Severity uint8

// Severities, from least to most serious.
const (
	Unset Severity = iota
	Off
	Info
	Warning
	Error
)

var severityNames = [...]string{Unset: "unset", Off: "off", Info: "info", Warning: "warning", Error: "error"}

// String returns the lower-case name: off, info, warning or error.
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", s)
}

// ParseSeverity reads off, info, warning (or warn) and error.
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "off":
		return Off, nil
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return Unset, fmt.Errorf("unknown severity %q (want off, info, warning or error)", s)
}

// Profile names the consumers a skill pack is checked for.
type Profile string

const (
	// ClaudeCode checks that skills work in Claude Code (the default).
	ClaudeCode Profile = "claude-code"
	// Portable adds what the Agent Skills specification and uploads to Claude
	// apps and the Skills API demand.
	Portable Profile = "portable"
)

// ParseProfile reads a profile name.
func ParseProfile(s string) (Profile, error) {
	switch Profile(s) {
	case ClaudeCode, Portable:
		return Profile(s), nil
	}
	return "", fmt.Errorf("unknown profile %q (want claude-code or portable)", s)
}

// FailOn is the lowest severity that makes a run fail.
type FailOn string

// Failure thresholds.
const (
	FailOnError   FailOn = "error"
	FailOnWarning FailOn = "warning"
	FailOnNever   FailOn = "never"
)

// ParseFailOn reads error, warning or never.
func ParseFailOn(s string) (FailOn, error) {
	switch FailOn(s) {
	case FailOnError, FailOnWarning, FailOnNever:
		return FailOn(s), nil
	}
	return "", fmt.Errorf("unknown fail-on %q (want error, warning or never)", s)
}

// Fails reports whether a diagnostic of severity sev fails the run; the
// zero FailOn is FailOnError.
func (f FailOn) Fails(sev Severity) bool {
	switch f {
	case FailOnNever:
		return false
	case FailOnWarning:
		return sev >= Warning
	}
	return sev >= Error
}
