package safefs_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/internal/safefs"
)

// sandbox returns a root folder inside a parent folder that also holds an
// "outside" folder, so a test can list what was written outside the root.
func sandbox(t *testing.T) (root *safefs.Root, dir, outside string) {
	t.Helper()
	parent := t.TempDir()
	dir, outside = filepath.Join(parent, "root"), filepath.Join(parent, "outside")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.Mkdir(outside, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "victim.txt"), []byte("precious"), 0o644))
	root, err := safefs.OpenRoot(dir)
	require.NoError(t, err)
	t.Cleanup(func() { root.Close() })
	return root, dir, outside
}

// assertOutsideUntouched checks that the outside folder holds only its
// victim, unchanged.
func assertOutsideUntouched(t *testing.T, outside string) {
	t.Helper()
	entries, err := os.ReadDir(outside)
	require.NoError(t, err)
	require.Len(t, entries, 1, "something was written outside the root")
	data, err := os.ReadFile(filepath.Join(outside, "victim.txt"))
	require.NoError(t, err)
	assert.Equal(t, "precious", string(data))
	parentEntries, err := os.ReadDir(filepath.Dir(outside))
	require.NoError(t, err)
	assert.Len(t, parentEntries, 2, "something was written beside the root")
}

func TestWriteFileCreatesFoldersAndReplacesAtomically(t *testing.T) {
	root, dir, _ := sandbox(t)
	require.NoError(t, root.WriteFile(filepath.Join("a", "b", "c.txt"), []byte("one"), 0))
	require.NoError(t, os.Chmod(filepath.Join(dir, "a", "b", "c.txt"), 0o600))
	require.NoError(t, root.WriteFile(filepath.Join("a", "b", "c.txt"), []byte("two"), 0))

	data, err := os.ReadFile(filepath.Join(dir, "a", "b", "c.txt"))
	require.NoError(t, err)
	assert.Equal(t, "two", string(data))
	info, err := os.Stat(filepath.Join(dir, "a", "b", "c.txt"))
	require.NoError(t, err)
	assert.Equal(t, fs.FileMode(0o600), info.Mode().Perm(), "an existing file keeps its permissions")
	entries, err := os.ReadDir(filepath.Join(dir, "a", "b"))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

func TestNamesThatLeaveTheRootAreRefused(t *testing.T) {
	root, dir, outside := sandbox(t)
	for _, name := range []string{
		"../outside/victim.txt", "a/../../outside/victim.txt", filepath.Join(outside, "victim.txt"),
		"", "a/./b", "a\x00b",
	} {
		err := root.WriteFile(name, []byte("pwned"), 0)
		assert.ErrorIs(t, err, safefs.ErrNotLocal, "write %q", name)
		assert.ErrorIs(t, root.Remove(name), safefs.ErrNotLocal, "remove %q", name)
		_, err = root.ReadFile(name, 0)
		assert.ErrorIs(t, err, safefs.ErrNotLocal, "read %q", name)
	}
	assertOutsideUntouched(t, outside)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestSymbolicLinksAreNeverFollowed(t *testing.T) {
	root, dir, outside := sandbox(t)
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "folder")))
	require.NoError(t, os.Symlink(filepath.Join(outside, "victim.txt"), filepath.Join(dir, "file.txt")))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "inner"), 0o755))
	require.NoError(t, os.Symlink("inner", filepath.Join(dir, "inside"))) // stays in the root, still a link
	require.NoError(t, os.Symlink(filepath.Join(outside, "new.txt"), filepath.Join(dir, "dangling.txt")))

	for name, want := range map[string]error{
		"folder/victim.txt": safefs.ErrSymlink,
		"folder/new.txt":    safefs.ErrSymlink,
		"inside/x.txt":      safefs.ErrSymlink,
		"file.txt":          safefs.ErrSymlink,
		"dangling.txt":      safefs.ErrSymlink,
	} {
		assert.ErrorIs(t, root.WriteFile(name, []byte("pwned"), 0), want, "write %s", name)
	}
	for _, name := range []string{"folder/victim.txt", "file.txt", "inside/x.txt"} {
		_, err := root.ReadFile(name, 0)
		assert.Error(t, err, "read %s", name)
	}
	assert.ErrorIs(t, root.Remove("folder/victim.txt"), safefs.ErrSymlink)
	assert.ErrorIs(t, root.Remove("file.txt"), safefs.ErrSymlink)
	assertOutsideUntouched(t, outside)
	_, err := os.Lstat(filepath.Join(outside, "new.txt"))
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

func TestPipesAndDevicesAreRefusedWithoutBlocking(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.md")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	_, err := safefs.ReadFile(fifo, 0)
	assert.ErrorIs(t, err, safefs.ErrNotRegular)
	_, err = safefs.ReadFile("/dev/zero", 0)
	assert.ErrorIs(t, err, safefs.ErrNotRegular)

	root, err := safefs.OpenRoot(dir)
	require.NoError(t, err)
	defer root.Close()
	_, err = root.ReadFile("pipe.md", 0)
	assert.ErrorIs(t, err, safefs.ErrNotRegular)
	assert.ErrorIs(t, root.WriteFile("pipe.md", []byte("x"), 0), safefs.ErrNotRegular)
}

func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.txt")
	require.NoError(t, os.WriteFile(path, bytes.Repeat([]byte("x"), 100), 0o644))
	_, err := safefs.ReadFile(path, 99)
	assert.ErrorIs(t, err, safefs.ErrTooLarge)
	data, err := safefs.ReadFile(path, 100)
	require.NoError(t, err)
	assert.Len(t, data, 100)
}

func TestMkdirTempIsRemovedOnClose(t *testing.T) {
	root, err := safefs.MkdirTemp("safefs-test-")
	require.NoError(t, err)
	require.NoError(t, root.WriteFile(filepath.Join("s0", "a.go"), []byte("package a\n"), 0))
	require.NoError(t, root.Close())
	_, err = os.Stat(root.Dir())
	assert.ErrorIs(t, err, fs.ErrNotExist)
}

// killedWriterEnv, when set, makes the test binary a writer that replaces
// the file it names, over and over, until it is killed.
const killedWriterEnv = "SAFEFS_TEST_WRITER"

func TestMain(m *testing.M) {
	if path := os.Getenv(killedWriterEnv); path != "" {
		root, err := safefs.OpenRoot(filepath.Dir(path))
		if err != nil {
			os.Exit(2)
		}
		for i := 0; ; i++ {
			if err := root.WriteFile(filepath.Base(path), content(i%2), 0); err != nil {
				os.Exit(2)
			}
		}
	}
	os.Exit(m.Run())
}

// content is one of the two versions the writer alternates between, 4 MiB
// each, so a kill lands mid-write most of the time.
func content(version int) []byte {
	return bytes.Repeat([]byte(strconv.Itoa(version)), 4<<20)
}

// TestKilledMidWriteLeavesOldOrNew kills a process that rewrites a file in a
// loop, at varying moments, and checks that the file always holds one whole
// version.
func TestKilledMidWriteLeavesOldOrNew(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "SKILL.md")
	require.NoError(t, os.WriteFile(path, content(1), 0o644))
	for i := range 12 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), killedWriterEnv+"="+path)
		require.NoError(t, cmd.Start())
		time.Sleep(time.Duration(20+15*i) * time.Millisecond) // a varying moment, not a synchronisation
		require.NoError(t, cmd.Process.Kill())
		err := cmd.Wait()
		var exit *exec.ExitError
		require.True(t, errors.As(err, &exit), "the writer stopped by itself: %v", err)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		whole := bytes.Equal(data, content(0)) || bytes.Equal(data, content(1))
		require.True(t, whole, "kill %d left %d bytes that are neither version", i, len(data))
	}
}
