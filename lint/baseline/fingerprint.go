// Package baseline identifies findings across edits and records them, so
// that a team adopting skillcheck on an existing pack can fail only on the
// findings it adds.
//
// A finding's identity is its [Fingerprint]: the rule, the file (relative to
// the linted root, with forward slashes), the text of the offending line
// with its white space collapsed, and which occurrence of that same rule,
// file and text it is, counted down the file. The line number and column
// are not part of it, so a finding keeps its fingerprint when lines above it
// are added or removed, or when its line is re-indented. This follows what
// GitHub code scanning does with SARIF's partialFingerprints: a hash of the
// content, and an occurrence index to tell identical lines apart.
//
// A [File] is a recorded set of findings: [Read] and [File.Write] store it
// as a versioned JSON document (see [Version]), sorted so that it diffs
// well, with each finding's fields written out for review.
package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

// maxText is how many characters of the offending line a fingerprint keeps:
// enough to tell lines apart, while a long description line does not fill
// the baseline.
const maxText = 120

// Key is what identifies a finding, before occurrences are counted.
type Key struct {
	// Rule is the rule's ID, e.g. "SK123".
	Rule string
	// Path is the file, relative to the linted root, with forward slashes.
	Path string
	// Text is the offending line, normalised by [Normalize]; empty for a
	// finding about a whole file or folder, and for the findings of a rule
	// marked [analysis.Rule.FileScope].
	Text string
}

// Fingerprint is the identity of the occurrence-th finding (1-based) with
// key k in its file: 16 hex digits of a SHA-256 of the key, a colon, and the
// occurrence, e.g. "5b0fa1e0c2d4a9b1:1".
func (k Key) Fingerprint(occurrence int) string {
	h := sha256.Sum256([]byte(k.Rule + "\x00" + k.Path + "\x00" + k.Text))
	return hex.EncodeToString(h[:8]) + ":" + strconv.Itoa(occurrence)
}

// Normalize returns the text of a line as fingerprints hold it: valid UTF-8,
// white space runs collapsed to one space and trimmed, at most maxText
// characters.
func Normalize(line string) string {
	s := strings.Join(strings.Fields(strings.ToValidUTF8(line, "\uFFFD")), " ")
	if utf8.RuneCountInString(s) <= maxText {
		return s
	}
	return strings.TrimRight(string([]rune(s)[:maxText]), " ")
}

// Source returns line n (1-based) of the file at path, as the diagnostics
// name it, and whether it has one; report.FileSource reads files from disk.
type Source func(path string, n int) (string, bool)

// Fingerprinter computes the fingerprints of a run's findings. It counts
// occurrences as the findings come, so it must see every finding of the
// run, in the order they are reported: a file's findings together, by
// position, as a run reports them. It keeps the counts of one file at a
// time, so its memory does not grow with the run. It is not safe for
// concurrent use.
type Fingerprinter struct {
	root   string
	source Source
	path   string      // the file whose findings are being counted
	seen   map[Key]int // occurrences so far in that file
}

// NewFingerprinter returns a Fingerprinter for findings under root (see
// [Root]), reading offending lines through source.
func NewFingerprinter(root string, source Source) *Fingerprinter {
	return &Fingerprinter{root: root, source: source}
}

// Finding returns d as a baseline finding: its key, occurrence and
// fingerprint.
func (f *Fingerprinter) Finding(d analysis.Diagnostic) Finding {
	k := Key{Rule: d.Rule.ID, Path: f.rel(d.Path)}
	if d.Line > 0 && !d.Rule.FileScope {
		if line, ok := f.source(d.Path, d.Line); ok {
			k.Text = Normalize(line)
		}
	}
	if d.Path != f.path || f.seen == nil {
		f.path, f.seen = d.Path, map[Key]int{}
	}
	f.seen[k]++
	n := f.seen[k]
	return Finding{Fingerprint: k.Fingerprint(n), Rule: k.Rule, Path: k.Path, Text: k.Text, Occurrence: n, Message: d.Message}
}

// rel returns path relative to the root, with forward slashes; a path
// outside the root stays as it is.
func (f *Fingerprinter) rel(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		if rel, err := filepath.Rel(f.root, abs); err == nil && filepath.IsLocal(rel) {
			path = rel
		}
	}
	return filepath.ToSlash(path)
}

// Root returns the linted root of a run over paths (empty means "."): the
// deepest folder that holds them all, as an absolute path. A file's folder
// stands for the file. Fingerprints are relative to it, so a baseline
// matches a later run over the same paths from any working folder.
func Root(paths []string) (string, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var root string
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		if info, err := os.Stat(abs); err == nil && !info.IsDir() {
			abs = filepath.Dir(abs)
		}
		if i == 0 {
			root = abs
			continue
		}
		for !within(root, abs) {
			root = filepath.Dir(root)
		}
	}
	return root, nil
}

// within reports whether path is dir or inside it (both absolute and clean).
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}
