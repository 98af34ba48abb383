package markdown

import (
	"fmt"
	"regexp"
	"strings"
)

// goFileName is what a file= value may be: a plain Go file name, no folder,
// no dots but the extension's.
var goFileName = regexp.MustCompile(`^[A-Za-z0-9_]+\.go$`)

// Info is a code block's info string read as skillcheck's conventions define
// it: the language, then attributes.
//
//	go                       a Go file (with a package clause) or fragment
//	go ignore                not checked
//	go compile_fail          must fail to type-check
//	go file=NAME.go          the file's name inside the snippet package
//	go source=PATH#Name      a listing that must equal that part of PATH
//	json strict              complete code: it must parse as written
type Info struct {
	Lang        string
	Ignore      bool
	CompileFail bool
	// Strict marks a block that declares itself complete: it must compile
	// or parse as written, not as an example.
	Strict bool
	// File is the file= name; it is always a plain Go file name
	// ([A-Za-z0-9_]+.go), so it can name a file in a folder safely.
	File string
	// BadFile is a file= value that is not a plain Go file name; File is
	// empty then.
	BadFile string
	Source  string
	// Unknown are attributes skillcheck does not know, and Problems the
	// attributes it knows but cannot use (an empty value, a repeat).
	Unknown  []string
	Problems []string
}

// ParseInfo reads the attributes of the info string.
func (b *CodeBlock) ParseInfo() Info {
	fields := strings.Fields(b.Info)
	info := Info{}
	if len(fields) == 0 {
		return info
	}
	info.Lang = strings.ToLower(fields[0])
	seen := map[string]bool{}
	for _, f := range fields[1:] {
		key, value, hasValue := strings.Cut(f, "=")
		if seen[key] {
			info.Problems = append(info.Problems, fmt.Sprintf("attribute %q is repeated", key))
			continue
		}
		seen[key] = true
		switch {
		case key == "ignore" && !hasValue:
			info.Ignore = true
		case key == "compile_fail" && !hasValue:
			info.CompileFail = true
		case key == "strict" && !hasValue:
			info.Strict = true
		case key == "file" && hasValue:
			switch {
			case value == "":
				info.Problems = append(info.Problems, "file= needs a file name")
			case goFileName.MatchString(value):
				info.File = value
			default:
				info.BadFile = value
			}
		case key == "source" && hasValue:
			info.Source = value
			if value == "" {
				info.Problems = append(info.Problems, "source= needs PATH#Name")
			}
		default:
			info.Unknown = append(info.Unknown, f)
		}
	}
	return info
}

// ContentOffset maps a byte offset in Content() to an offset in the file.
func (b *CodeBlock) ContentOffset(off int) int {
	for _, l := range b.Lines {
		if off <= len(l.Text) {
			return l.Offset + off
		}
		off -= len(l.Text) + 1
	}
	return b.End
}

// LineOffset maps a 1-based line and byte column of the block's content to
// an offset in the file.
func (b *CodeBlock) LineOffset(line, col int) int {
	if line < 1 || len(b.Lines) == 0 {
		return b.InfoOffset
	}
	if line > len(b.Lines) {
		return b.End
	}
	l := b.Lines[line-1]
	return l.Offset + min(max(col-1, 0), len(l.Text))
}
