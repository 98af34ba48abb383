package skill

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// emptyFile is the problem of a file that holds nothing but white space.
const emptyFile = "file is empty"

// DefaultMaxFileSize is the largest file read when no limit is configured.
const DefaultMaxFileSize = 4 << 20

// Problem is a file that could not be linted: unreadable, empty, too large,
// binary or not UTF-8.
type Problem struct {
	Path string
	// Offset locates the problem in the file when it has a place (the first
	// byte that is not UTF-8); -1 otherwise.
	Offset  int
	Message string
	// File is set when the file was read (for positions), nil otherwise.
	File *source.File
}

// ReadFile reads a text file for linting. It returns a Problem instead of the
// file when the file cannot or should not be linted.
func ReadFile(path string, maxSize int64) (*source.File, *Problem) {
	// Stat before opening: opening a named pipe would block until a writer
	// comes, and a device could be endless.
	info, err := os.Stat(path)
	if err != nil {
		msg := fmt.Sprintf("cannot read the file: %v", unwrapPath(err))
		if target, lerr := os.Readlink(path); lerr == nil && errors.Is(err, fs.ErrNotExist) {
			msg = fmt.Sprintf("cannot read the file: it is a symbolic link to %s, which does not exist", target)
		}
		return nil, &Problem{Path: path, Offset: -1, Message: msg}
	}
	return ReadKnownFile(path, info.Mode(), info.Size(), maxSize)
}

// ReadKnownFile is ReadFile for a file whose mode and size were already
// read (by discovery), saving a system call per file.
func ReadKnownFile(path string, mode fs.FileMode, size, maxSize int64) (*source.File, *Problem) {
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	fail := func(format string, args ...any) (*source.File, *Problem) {
		return nil, &Problem{Path: path, Offset: -1, Message: fmt.Sprintf(format, args...)}
	}
	if !mode.IsRegular() {
		return fail("is not a regular file (%s)", mode.Type())
	}
	if size > maxSize {
		return fail("file is %s, over the %s limit; not read", humanSize(size), humanSize(maxSize))
	}
	fh, err := safefs.OpenRegular(path)
	if err != nil {
		return fail("cannot read the file: %v", unwrapPath(err))
	}
	defer fh.Close()
	// Read one byte more than expected to notice a file that grew.
	src := make([]byte, size+1)
	n, err := io.ReadFull(fh, src)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fail("cannot read the file: %v", unwrapPath(err))
	}
	if n > int(size) {
		rest, err := io.ReadAll(io.LimitReader(fh, maxSize-int64(n)+1))
		if err != nil {
			return fail("cannot read the file: %v", unwrapPath(err))
		}
		src = append(src[:n], rest...)
		n = len(src)
	}
	src = src[:n]
	if int64(len(src)) > maxSize { // grew while we read it
		return fail("file is over the %s limit; not read", humanSize(maxSize))
	}
	return text(path, src)
}

// Overlay is content that stands in for files on disk, by cleaned path: an
// editor's unsaved buffers. The zero Overlay reads every file from disk.
type Overlay map[string][]byte

// ReadFile is ReadFile with the overlay's content for a path it holds.
func (o Overlay) ReadFile(path string, maxSize int64) (*source.File, *Problem) {
	if src, ok := o[filepath.Clean(path)]; ok {
		return o.ReadKnownFile(path, 0, int64(len(src)), maxSize)
	}
	return ReadFile(path, maxSize)
}

// ReadKnownFile is ReadKnownFile with the overlay's content for a path it
// holds; mode and size are then those of the content.
func (o Overlay) ReadKnownFile(path string, mode fs.FileMode, size, maxSize int64) (*source.File, *Problem) {
	src, ok := o[filepath.Clean(path)]
	if !ok {
		return ReadKnownFile(path, mode, size, maxSize)
	}
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	if int64(len(src)) > maxSize {
		return nil, &Problem{Path: path, Offset: -1,
			Message: fmt.Sprintf("file is %s, over the %s limit; not read", humanSize(int64(len(src))), humanSize(maxSize))}
	}
	return text(path, src)
}

// text checks that src, read from path, is text to lint.
func text(path string, src []byte) (*source.File, *Problem) {
	f := source.New(path, src)
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, source.BOM))) == 0 {
		return nil, &Problem{Path: path, Offset: -1, Message: emptyFile, File: f}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, &Problem{Path: path, Offset: -1, Message: "binary file (NUL byte found); not a Markdown text file", File: f}
	}
	if i := invalidUTF8(src); i >= 0 {
		return nil, &Problem{Path: path, Offset: i,
			Message: fmt.Sprintf("not valid UTF-8 (byte 0x%02X); save the file as UTF-8", src[i]), File: f}
	}
	return f, nil
}

func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
