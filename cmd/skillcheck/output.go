package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/baseline"
	"github.com/skillcheck-dev/skillcheck/lint/report"
)

// output is one requested format and where it goes.
type output struct {
	name string
	path string // "" for standard output
}

func parseOutputs(specs []string) ([]output, error) {
	var outs []output
	stdout := 0
	for _, s := range specs {
		name, path, _ := strings.Cut(s, "=")
		if _, ok := report.Formats[name]; !ok {
			return nil, fmt.Errorf("unknown format %q (want %s)", name, strings.Join(report.Names(), ", "))
		}
		if path == "" {
			stdout++
		}
		outs = append(outs, output{name: name, path: path})
	}
	if stdout > 1 {
		return nil, errors.New("more than one format writes to standard output; give the others a file (--format sarif=out.sarif)")
	}
	return outs, nil
}

// toStdout reports whether one of the formats named writes to standard
// output.
func toStdout(outs []output, names ...string) bool {
	for _, o := range outs {
		for _, n := range names {
			if o.path == "" && o.name == n {
				return true
			}
		}
	}
	return false
}

// sinks hands a run's diagnostics to every requested format as they come,
// and keeps what the exit status needs: whether a diagnostic reached its
// fail-on threshold. A format with a file writes to a temporary file that
// replaces the file only when the report is complete.
type sinks struct {
	failOn analysis.FailOn
	// fingerprints, when set, fingerprints every diagnostic, for a baseline
	// and for the formats that write fingerprints.
	fingerprints *baseline.Fingerprinter
	// known is the baseline whose findings are not reported (--baseline);
	// record collects every finding instead of reporting it
	// (--write-baseline).
	known, record *baseline.File

	mu        sync.Mutex
	baselined int
	printers  []report.Printer
	// stdout buffers what the printers write to standard output; it is
	// written out after each part of the run, one system call a skill
	// rather than one a finding.
	stdout *bufio.Writer
	files  []*pendingOutput
	begun  bool
	failed bool
}

// pendingOutput is a report file being written.
type pendingOutput struct {
	root *safefs.Root
	file *safefs.PendingFile
	buf  *bufio.Writer
}

// openSinks makes a printer for each output: the text format on a terminal
// writes its rich form, reading source lines from disk.
func openSinks(stdout io.Writer, outs []output, meta *report.Meta, term terminal, failOn analysis.FailOn) (*sinks, error) {
	s := &sinks{failOn: failOn}
	for _, o := range outs {
		if o.path == "" && s.stdout == nil {
			s.stdout = bufio.NewWriterSize(stdout, 64<<10)
		}
		var w io.Writer = s.stdout
		if o.path != "" {
			pending, err := createOutput(o.path)
			if err != nil {
				s.abort()
				return nil, err
			}
			s.files = append(s.files, pending)
			w = pending.buf
		}
		p := report.Formats[o.name](w, meta)
		if o.name == "text" && o.path == "" && term.rich {
			p = report.NewText(w, report.TextOptions{Rich: true, Color: true, Width: term.width, Source: report.FileSource(sourceLimit)})
		}
		s.printers = append(s.printers, p)
	}
	return s, nil
}

// sourceLimit is the largest file whose lines the rich form shows.
const sourceLimit = 16 << 20

func createOutput(path string) (*pendingOutput, error) {
	root, err := safefs.OpenRoot(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	fh, err := root.Create(filepath.Base(path), 0)
	if err != nil {
		root.Close()
		return nil, err
	}
	return &pendingOutput{root: root, file: fh, buf: bufio.NewWriter(fh)}, nil
}

// diagnostics writes the diagnostics of one part of the run (a skill, or
// everything at once), sorted, to every format. It may be called from any
// goroutine.
func (s *sinks) diagnostics(ds []analysis.Diagnostic) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(); err != nil {
		return err
	}
	ds, fingerprints := s.filter(ds)
	for _, d := range ds {
		threshold := s.failOn
		if threshold == "" {
			threshold = d.FailOn
		}
		if threshold.Fails(d.Severity) {
			s.failed = true
		}
	}
	for _, p := range s.printers {
		var err error
		if fp, ok := p.(report.FingerprintPrinter); ok && fingerprints != nil {
			err = fp.FingerprintedDiagnostics(ds, fingerprints)
		} else {
			err = p.Diagnostics(ds)
		}
		if err != nil {
			return err
		}
	}
	return s.flush()
}

// flush writes out what the printers wrote to standard output.
func (s *sinks) flush() error {
	if s.stdout == nil {
		return nil
	}
	return s.stdout.Flush()
}

// filter fingerprints the diagnostics, when a baseline or a format needs
// it, and returns those to report with their fingerprints: all of them, or
// without a baseline's findings, or none when the run writes a baseline.
func (s *sinks) filter(ds []analysis.Diagnostic) ([]analysis.Diagnostic, []string) {
	if s.fingerprints == nil {
		return ds, nil
	}
	kept := make([]analysis.Diagnostic, 0, len(ds))
	fingerprints := make([]string, 0, len(ds))
	for _, d := range ds {
		f := s.fingerprints.Finding(d)
		switch {
		case s.record != nil:
			s.record.Add(f)
		case s.known != nil && s.known.Match(f.Fingerprint):
		default:
			kept = append(kept, d)
			fingerprints = append(fingerprints, f.Fingerprint)
			continue
		}
		s.baselined++
	}
	return kept, fingerprints
}

// begin starts every format, once: the first time there is something to
// write, so that a run that fails before it writes nothing at all.
func (s *sinks) begin() error {
	if s.begun {
		return nil
	}
	s.begun = true
	for _, p := range s.printers {
		if err := p.Begin(); err != nil {
			return err
		}
	}
	return nil
}

// end completes every format with the summary, and puts report files in
// place.
func (s *sinks) end(scope report.Scope) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.begin(); err != nil {
		return err
	}
	scope.Baselined = s.baselined
	if s.known != nil {
		scope.BaselineFixed = s.known.Unmatched()
	}
	for _, p := range s.printers {
		if err := p.End(scope); err != nil {
			return err
		}
	}
	if err := s.flush(); err != nil {
		return err
	}
	for len(s.files) > 0 {
		f := s.files[0]
		err := f.buf.Flush()
		if err == nil {
			err = f.file.Commit()
		} else {
			f.file.Abort()
		}
		f.root.Close()
		s.files = s.files[1:]
		if err != nil {
			return err
		}
	}
	return nil
}

// abort drops the report files not yet in place; their names keep their old
// content.
func (s *sinks) abort() {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.flush() // what standard output has is kept
	for _, f := range s.files {
		f.file.Abort()
		f.root.Close()
	}
	s.files = nil
}

// failedRun reports whether a diagnostic reached its fail-on threshold.
func (s *sinks) failedRun() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed
}
