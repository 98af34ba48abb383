//go:build unix

package discover

import (
	"io/fs"
	"syscall"
)

// fileID identifies a folder independently of the path that reaches it.
type fileID struct{ dev, ino uint64 }

func idOf(path string, info fs.FileInfo) fileID {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return fileID{dev: uint64(st.Dev), ino: st.Ino}
	}
	return fileID{}
}
