//go:build !unix

package discover

import (
	"io/fs"
	"path/filepath"
)

// fileID identifies a folder by its path with symbolic links resolved.
type fileID struct{ path string }

func idOf(path string, _ fs.FileInfo) fileID {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if abs, err := filepath.Abs(real); err == nil {
			return fileID{path: abs}
		}
	}
	return fileID{path: path}
}
