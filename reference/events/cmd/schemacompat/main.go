// Command schemacompat checks that changes to JSON Schemas are compatible,
// for CI. It exits with status 0 when they are, 1 when they are not (after
// printing every incompatibility with its path and reason), and 2 on a usage
// or read error.
//
// Usage:
//
//	schemacompat [-mode MODE] FILE...
//	schemacompat [-mode MODE] -against REV FILE...
//
// In the first form the files are the versions of one schema, oldest first.
// In the second, each file is checked against its own version in the git
// revision REV (such as origin/main), so a CI job can run
//
//	schemacompat -mode FORWARD_TRANSITIVE -against origin/main schemas/*.json
//
// on every pull request; files that do not exist in REV are new and pass.
// MODE is one of BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE,
// FULL, FULL_TRANSITIVE and NONE (default BACKWARD, as in Confluent Schema
// Registry). See package reference/events/compat for the rules.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/skillcheck-dev/skillcheck/reference/events/compat"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("schemacompat", flag.ContinueOnError)
	fl.SetOutput(stderr)
	modeName := fl.String("mode", "BACKWARD", "compatibility `mode`")
	against := fl.String("against", "", "check each file against its version in git revision `REV`")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: schemacompat [-mode MODE] FILE...\n       schemacompat [-mode MODE] -against REV FILE...")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	mode, err := compat.ParseMode(*modeName)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	files := fl.Args()
	if len(files) == 0 || (*against == "" && len(files) < 2) {
		fl.Usage()
		return 2
	}
	var histories [][]compat.Version
	if *against == "" {
		h, err := readFiles(files)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		histories = append(histories, h)
	} else {
		for _, f := range files {
			h, err := againstRevision(*against, f)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 2
			}
			histories = append(histories, h)
		}
	}
	status := 0
	for _, h := range histories {
		err := compat.Check(mode, h...)
		var cerr *compat.Error
		switch {
		case errors.As(err, &cerr):
			for _, p := range cerr.Problems {
				fmt.Fprintln(stdout, p)
			}
			status = max(status, 1)
		case err != nil:
			fmt.Fprintln(stderr, err)
			status = 2
		}
	}
	if status == 0 {
		fmt.Fprintf(stdout, "compatible under %s\n", mode)
	}
	return status
}

func readFiles(files []string) ([]compat.Version, error) {
	h := make([]compat.Version, len(files))
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		h[i] = compat.Version{Name: f, Schema: b}
	}
	return h, nil
}

// againstRevision returns the history [file at rev, file], or just [file]
// when the file does not exist at rev.
func againstRevision(rev, file string) ([]compat.Version, error) {
	cur, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	now := compat.Version{Name: file, Schema: cur}
	dir, base := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	var stderr bytes.Buffer
	cmd := exec.Command("git", "cat-file", "-e", rev+":./"+base)
	cmd.Dir = dir
	if cmd.Run() != nil {
		return []compat.Version{now}, nil // new file
	}
	cmd = exec.Command("git", "show", rev+":./"+base)
	cmd.Dir, cmd.Stderr = dir, &stderr
	old, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git show %s:%s: %v: %s", rev, file, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return []compat.Version{{Name: file + "@" + rev, Schema: old}, now}, nil
}
