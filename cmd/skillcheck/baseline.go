package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/internal/safetext"
	"github.com/skillcheck-dev/skillcheck/lint/baseline"
	"github.com/skillcheck-dev/skillcheck/lint/report"
)

// useBaseline sets out up for --baseline (read the file; its findings are
// not reported) or --write-baseline (record every finding instead of
// reporting it), and fingerprints the findings when one of them, or a SARIF
// output, needs it.
func useBaseline(out *sinks, f lintFlags, paths []string, outs []output) error {
	switch {
	case f.baseline != "" && f.writeBaseline != "":
		return errors.New("--baseline and --write-baseline: give one; --write-baseline records every finding of the run, replacing the file")
	case f.baseline != "":
		known, err := baseline.Read(f.baseline)
		if err != nil {
			return fmt.Errorf("--baseline: %w", err)
		}
		out.known = known
	case f.writeBaseline != "":
		if info, err := os.Stat(filepath.Dir(f.writeBaseline)); err != nil || !info.IsDir() {
			return fmt.Errorf("--write-baseline %s: the folder %s does not exist", f.writeBaseline, filepath.Dir(f.writeBaseline))
		}
		out.record = &baseline.File{}
	}
	sarif := false
	for _, o := range outs {
		sarif = sarif || o.name == "sarif"
	}
	if out.known == nil && out.record == nil && !sarif {
		return nil
	}
	root, err := baseline.Root(paths)
	if err != nil {
		return err
	}
	out.fingerprints = baseline.NewFingerprinter(root, report.FileSource(sourceLimit))
	return nil
}

// finishBaseline writes the baseline --write-baseline recorded, and says on
// stderr what was written, or how many of --baseline's findings no longer
// occur.
func finishBaseline(stderr io.Writer, out *sinks, f lintFlags) error {
	switch {
	case out.record != nil:
		if err := out.record.Write(f.writeBaseline); err != nil {
			return fmt.Errorf("--write-baseline: %w", err)
		}
		n, word := out.record.Len(), "findings"
		if n == 1 {
			word = "finding"
		}
		fmt.Fprintf(stderr, "wrote %d %s to the baseline %s\n", n, word, safetext.Text(f.writeBaseline))
	case out.known != nil:
		if n := out.known.Unmatched(); n > 0 {
			fmt.Fprintf(stderr, "baseline: fixed: %d, run --write-baseline to prune\n", n)
		}
	}
	return nil
}
