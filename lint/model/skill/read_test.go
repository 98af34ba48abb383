package skill

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFileRefusesWhatCannotBeLinted(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	big := filepath.Join(dir, "big.md")
	require.NoError(t, os.WriteFile(big, nil, 0o644))
	require.NoError(t, os.Truncate(big, 1<<30)) // sparse: never read
	fifo := filepath.Join(dir, "pipe.md")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	loop := filepath.Join(dir, "loop.md")
	require.NoError(t, os.Symlink(loop, loop))
	dangling := filepath.Join(dir, "moved.md")
	require.NoError(t, os.Symlink("../gone/SKILL.md", dangling))

	for _, tc := range []struct {
		path, msg string
		offset    int
	}{
		{write("empty.md", nil), "file is empty", -1},
		{write("blank.md", []byte("\uFEFF \n\t\n")), "file is empty", -1},
		{write("nul.md", []byte("---\nname: x\x00\n")), "binary file", -1},
		{write("latin1.md", []byte("caf\xe9\n")), "not valid UTF-8 (byte 0xE9)", 3},
		{big, "file is 1024.0 MiB, over the 4.0 MiB limit; not read", -1},
		{fifo, "is not a regular file", -1},
		{loop, "cannot read the file: too many levels of symbolic links", -1},
		{filepath.Join(dir, "missing.md"), "cannot read the file: no such file or directory", -1},
		{dangling, "cannot read the file: it is a symbolic link to ../gone/SKILL.md, which does not exist", -1},
	} {
		f, prob := ReadFile(tc.path, 0)
		require.NotNil(t, prob, tc.path)
		assert.Nil(t, f, tc.path)
		assert.Contains(t, prob.Message, tc.msg, tc.path)
		assert.Equal(t, tc.offset, prob.Offset, tc.path)
	}
}

func TestReadFileHonoursTheLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "SKILL.md")
	require.NoError(t, os.WriteFile(p, []byte("---\nname: x\n---\n"), 0o644))
	_, prob := ReadFile(p, 8)
	require.NotNil(t, prob)
	assert.Contains(t, prob.Message, "over the 8 bytes limit")
	f, prob := ReadFile(p, 0)
	require.Nil(t, prob)
	assert.Equal(t, "---\nname: x\n---\n", string(f.Src))
}

func TestOverlayStandsInForTheDisk(t *testing.T) {
	dir := t.TempDir()
	onDisk := filepath.Join(dir, "SKILL.md")
	require.NoError(t, os.WriteFile(onDisk, []byte("on disk\n"), 0o644))
	unsaved := filepath.Join(dir, "new.md")
	o := Overlay{filepath.Join(dir, ".", "new.md"): []byte("unsaved\n")}

	f, prob := o.ReadFile(unsaved, 0)
	require.Nil(t, prob)
	assert.Equal(t, "unsaved\n", string(f.Src), "a file only the editor has")
	f, prob = o.ReadFile(onDisk, 0)
	require.Nil(t, prob)
	assert.Equal(t, "on disk\n", string(f.Src))

	_, prob = o.ReadKnownFile(unsaved, 0, 0, 4)
	require.NotNil(t, prob)
	assert.Equal(t, "file is 8 bytes, over the 4 bytes limit; not read", prob.Message)
	o[unsaved] = []byte("caf\xe9\n")
	_, prob = o.ReadFile(unsaved, 0)
	require.NotNil(t, prob)
	assert.Equal(t, 3, prob.Offset, "the buffer is checked as a file is")
}
