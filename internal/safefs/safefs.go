// Package safefs is how skillcheck touches files in trees it does not
// trust: the skills it lints, the folders it installs into, the temporary
// modules of its code checks and its caches.
//
// Writes go through a [Root], a folder skillcheck was asked to touch. A name
// must be local to the root (no "..", no absolute path), no element of it may
// be a symbolic link, and the root itself is opened with [os.Root], so that
// even a folder swapped for a link between the check and the write cannot
// take a write out of it. A file is written to a temporary file beside it
// and renamed over it, so a reader (or a later run after a kill) sees the
// old content or the new, never a truncated file.
//
// Reads of files found in an untrusted tree go through [ReadFile], which
// opens regular files only: a named pipe, a device or a socket is refused
// without blocking, and a file larger than the caller's limit is not read.
package safefs

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Errors callers can test with errors.Is.
var (
	// ErrNotLocal: a name that leaves its root (absolute, "..", empty).
	ErrNotLocal = errors.New("path is not inside the folder")
	// ErrSymlink: an element of the name is a symbolic link.
	ErrSymlink = errors.New("path goes through a symbolic link")
	// ErrNotRegular: the file is a folder, pipe, device or socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is over the caller's size limit.
	ErrTooLarge = errors.New("file is over the size limit")
)

// Root is a folder that files are written in, and nowhere else. It is safe
// for concurrent use.
type Root struct {
	root *os.Root
	dir  string
	temp bool // made by MkdirTemp: Close removes it
}

// OpenRoot opens the folder dir (which must exist) as a root.
func OpenRoot(dir string) (*Root, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Root{root: r, dir: dir}, nil
}

// MkdirTemp creates a new folder in the system's temporary folder (pattern
// as in [os.MkdirTemp]) and opens it as a root; Close removes it with all it
// holds.
func MkdirTemp(pattern string) (*Root, error) {
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		return nil, err
	}
	r, err := OpenRoot(dir)
	if err != nil {
		_ = os.Remove(dir)
		return nil, err
	}
	r.temp = true
	return r, nil
}

// Dir returns the root's folder as it was given.
func (r *Root) Dir() string { return r.dir }

// Close releases the root; a root made by MkdirTemp is removed.
func (r *Root) Close() error {
	err := r.root.Close()
	if r.temp {
		err = errors.Join(err, os.RemoveAll(r.dir))
	}
	return err
}

// Local returns path (a path as the user gave it, inside the root's folder)
// as a name relative to the root, or ErrNotLocal.
func (r *Root) Local(path string) (string, error) {
	rel, err := filepath.Rel(r.dir, path)
	if err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("%s: %w %s", path, ErrNotLocal, r.dir)
	}
	return rel, nil
}

// WriteFile writes data to the file name (relative to the root) atomically,
// as Create, Write and Commit do.
func (r *Root) WriteFile(name string, data []byte, perm fs.FileMode) error {
	f, err := r.Create(name, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// Create starts replacing the file name (relative to the root): what is
// written goes to a temporary file in the same folder, which Commit syncs and
// renames over name, so the file holds the old content or the new, never a
// part. Missing parent folders are created. It refuses a name that leaves the
// root, any element that is a symbolic link, and an existing name that is not
// a regular file. perm applies to a new file; 0 means 0644, or an existing
// file's permissions.
func (r *Root) Create(name string, perm fs.FileMode) (*PendingFile, error) {
	if err := r.check(name, true); err != nil {
		return nil, err
	}
	info, err := r.root.Lstat(name)
	switch {
	case err == nil && !info.Mode().IsRegular():
		return nil, r.errorf(name, ErrNotRegular)
	case err == nil && perm == 0:
		perm = info.Mode().Perm()
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	if perm == 0 {
		perm = 0o644
	}
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".skillcheck-"+rand.Text()[:12]+".tmp")
	f, err := r.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(perm); err != nil { // exact, whatever the umask
		f.Close()
		_ = r.root.Remove(tmp)
		return nil, err
	}
	return &PendingFile{root: r, name: name, tmp: tmp, f: f}, nil
}

// PendingFile is a file being written that replaces its name only on
// Commit.
type PendingFile struct {
	root      *Root
	name, tmp string
	f         *os.File
}

// Write writes to the temporary file.
func (p *PendingFile) Write(b []byte) (int, error) { return p.f.Write(b) }

// Commit syncs the temporary file and renames it over the name.
func (p *PendingFile) Commit() error {
	err := p.f.Sync()
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = p.root.root.Rename(p.tmp, p.name)
	}
	if err != nil {
		_ = p.root.root.Remove(p.tmp)
		return err
	}
	p.root.syncDir(filepath.Dir(p.name))
	return nil
}

// Abort drops what was written; the name keeps its old content.
func (p *PendingFile) Abort() {
	p.f.Close()
	_ = p.root.root.Remove(p.tmp)
}

// syncDir makes a rename in the folder durable; failures only weaken
// durability, never correctness, and are ignored.
func (r *Root) syncDir(dir string) {
	if d, err := r.root.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Remove removes the regular file name (relative to the root). It refuses
// names that leave the root or go through a symbolic link, and files that
// are not regular.
func (r *Root) Remove(name string) error {
	if err := r.check(name, false); err != nil {
		return err
	}
	info, err := r.root.Lstat(name)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return r.errorf(name, ErrNotRegular)
	}
	return r.root.Remove(name)
}

// ReadFile reads the regular file name (relative to the root), refusing
// names that leave the root or go through a symbolic link, files that are
// not regular and files over limit bytes (no limit when limit <= 0).
func (r *Root) ReadFile(name string, limit int64) ([]byte, error) {
	if err := r.check(name, false); err != nil {
		return nil, err
	}
	f, err := r.root.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readRegular(f, name, limit)
}

// Lstat describes name (relative to the root) without following a final
// symbolic link; it refuses names that leave the root.
func (r *Root) Lstat(name string) (fs.FileInfo, error) {
	if !local(name) {
		return nil, r.errorf(name, ErrNotLocal)
	}
	return r.root.Lstat(name)
}

// check refuses a name that is not local and clean, or whose folders (and,
// unless it is about to be written, the name itself) include a symbolic
// link; with mkdir, missing folders are created.
func (r *Root) check(name string, mkdir bool) error {
	if !local(name) {
		return r.errorf(name, ErrNotLocal)
	}
	elems := strings.Split(name, string(filepath.Separator))
	for i := range elems {
		prefix := filepath.Join(elems[:i+1]...)
		info, err := r.root.Lstat(prefix)
		last := i == len(elems)-1
		switch {
		case errors.Is(err, fs.ErrNotExist) && mkdir && !last:
			if err := r.root.Mkdir(prefix, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			if info, err = r.root.Lstat(prefix); err != nil {
				return err
			}
		case errors.Is(err, fs.ErrNotExist):
			return nil // the rest does not exist either
		case err != nil:
			return err
		}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			return r.errorf(prefix, ErrSymlink)
		case !last && !info.IsDir():
			return r.errorf(prefix, fs.ErrInvalid)
		}
	}
	return nil
}

func (r *Root) errorf(name string, err error) error {
	return &fs.PathError{Op: "safefs", Path: filepath.Join(r.dir, name), Err: err}
}

// local reports a clean name inside its root.
func local(name string) bool {
	return filepath.IsLocal(name) && filepath.Clean(name) == name && !strings.ContainsRune(name, 0)
}

// ReadFile reads the regular file at path: a pipe, device or socket is
// refused without blocking (ErrNotRegular), and a file over limit bytes is
// not read (ErrTooLarge; no limit when limit <= 0). It follows symbolic
// links; callers that must not decide that before calling.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readRegular(f, path, limit)
}

// Open opens the regular file at path for reading, refusing without
// blocking a pipe, device or socket (ErrNotRegular).
func Open(path string) (*os.File, error) {
	// Stat first: opening some devices has effects, even without reading.
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	return OpenRegular(path)
}

// OpenRegular is Open for a path the caller has already seen to be a regular
// file (with os.Stat or a directory listing): it opens without blocking and
// checks the open file again, in case the path was swapped for a pipe or a
// device since.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
		}
		return nil, err
	}
	return f, nil
}

// readRegular reads an open file, checking that it is regular and within
// limit, and noticing a file that grows while it is read.
func readRegular(f *os.File, name string, limit int64) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	}
	if limit > 0 && info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	var r io.Reader = f
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	var b bytes.Buffer
	b.Grow(int(info.Size()) + 1) // one byte more, to notice a file that grew
	if _, err := b.ReadFrom(r); err != nil {
		return nil, err
	}
	data := b.Bytes()
	if limit > 0 && int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrTooLarge}
	}
	return data, nil
}
