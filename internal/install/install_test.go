package install

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	skillcheck "github.com/skillcheck-dev/skillcheck"
	"github.com/skillcheck-dev/skillcheck/lint"
)

func kinds(changes []Change, root string) map[string]Kind {
	out := map[string]Kind{}
	for _, c := range changes {
		rel, _ := filepath.Rel(root, c.Path)
		out[filepath.ToSlash(rel)] = c.Kind
	}
	return out
}

// TestInstalledPackLintsClean installs the real pack into an empty project
// and lints it with every check: the copies are self-contained and clean.
func TestInstalledPackLintsClean(t *testing.T) {
	project := t.TempDir()
	dest := filepath.Join(project, ".claude", "skills")
	changes, err := Install(skillcheck.Skills(), skillcheck.SkillNames(), Options{Dest: dest})
	require.NoError(t, err)
	require.NotEmpty(t, changes)
	for _, c := range changes {
		assert.Equal(t, Create, c.Kind, c.Path)
	}
	for _, name := range skillcheck.SkillNames() {
		assert.FileExists(t, filepath.Join(dest, name, "SKILL.md"))
		assert.FileExists(t, filepath.Join(dest, name, ManifestName))
	}
	res, err := lint.Run(context.Background(), lint.Options{Paths: []string{project}, CodeCache: "-"})
	require.NoError(t, err)
	assert.Empty(t, res.Diagnostics)
	assert.Equal(t, len(skillcheck.SkillNames()), res.Skills)
}

func pack(version string) fstest.MapFS {
	return fstest.MapFS{
		"demo/SKILL.md":     {Data: []byte("skill " + version + "\n")},
		"demo/reference.md": {Data: []byte("reference " + version + "\n")},
	}
}

func TestUpdatesWhatTheUserDidNotChange(t *testing.T) {
	dest := t.TempDir()
	_, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest})
	require.NoError(t, err)

	// Same pack again: nothing to do.
	changes, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest})
	require.NoError(t, err)
	assert.Equal(t, map[string]Kind{"demo/SKILL.md": Unchanged, "demo/reference.md": Unchanged}, kinds(changes, dest))

	// A new version replaces untouched files.
	changes, err = Install(pack("v2"), []string{"demo"}, Options{Dest: dest})
	require.NoError(t, err)
	assert.Equal(t, map[string]Kind{"demo/SKILL.md": Update, "demo/reference.md": Update}, kinds(changes, dest))
	data, _ := os.ReadFile(filepath.Join(dest, "demo", "SKILL.md"))
	assert.Equal(t, "skill v2\n", string(data))
}

func TestRefusesToOverwriteUserChangesUnlessForced(t *testing.T) {
	dest := t.TempDir()
	_, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest})
	require.NoError(t, err)
	mine := filepath.Join(dest, "demo", "SKILL.md")
	require.NoError(t, os.WriteFile(mine, []byte("my edits\n"), 0o644))

	changes, err := Install(pack("v2"), []string{"demo"}, Options{Dest: dest})
	require.True(t, errors.Is(err, ErrConflict))
	assert.Equal(t, map[string]Kind{"demo/SKILL.md": Conflict, "demo/reference.md": Update}, kinds(changes, dest))
	data, _ := os.ReadFile(mine)
	assert.Equal(t, "my edits\n", string(data), "nothing is written when there is a conflict")
	ref, _ := os.ReadFile(filepath.Join(dest, "demo", "reference.md"))
	assert.Equal(t, "reference v1\n", string(ref), "not even the files without conflict")

	changes, err = Install(pack("v2"), []string{"demo"}, Options{Dest: dest, Force: true})
	require.NoError(t, err)
	assert.Equal(t, Conflict, kinds(changes, dest)["demo/SKILL.md"], "reported as a conflict, and overwritten")
	data, _ = os.ReadFile(mine)
	assert.Equal(t, "skill v2\n", string(data))
}

func TestAFileThatWasNotInstalledIsTheUsers(t *testing.T) {
	dest := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dest, "demo"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dest, "demo", "SKILL.md"), []byte("hand-written\n"), 0o644))
	changes, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest})
	assert.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, Foreign, kinds(changes, dest)["demo/SKILL.md"], "not called changed since installed: it never was")
}

func TestDryRunWritesNothing(t *testing.T) {
	dest := t.TempDir()
	changes, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest, DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, map[string]Kind{"demo/SKILL.md": Create, "demo/reference.md": Create}, kinds(changes, dest))
	_, err = os.Stat(filepath.Join(dest, "demo"))
	assert.True(t, errors.Is(err, os.ErrNotExist))
}

func TestFilesDroppedFromThePack(t *testing.T) {
	dest := t.TempDir()
	_, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest})
	require.NoError(t, err)
	smaller := fstest.MapFS{"demo/SKILL.md": {Data: []byte("skill v1\n")}}
	changes, err := Install(smaller, []string{"demo"}, Options{Dest: dest})
	require.NoError(t, err)
	assert.Equal(t, Remove, kinds(changes, dest)["demo/reference.md"])
	assert.NoFileExists(t, filepath.Join(dest, "demo", "reference.md"))

	// A dropped file the user had changed stays.
	_, err = Install(pack("v1"), []string{"demo"}, Options{Dest: dest})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dest, "demo", "reference.md"), []byte("mine\n"), 0o644))
	changes, err = Install(smaller, []string{"demo"}, Options{Dest: dest})
	require.NoError(t, err)
	assert.Equal(t, Keep, kinds(changes, dest)["demo/reference.md"])
	assert.FileExists(t, filepath.Join(dest, "demo", "reference.md"))
}

func TestUnknownSkill(t *testing.T) {
	_, err := Install(pack("v1"), []string{"nope"}, Options{Dest: t.TempDir()})
	assert.Error(t, err)
}

// attackSite is a skills folder inside a parent that also holds a victim
// file and a folder, so a test can check that nothing outside the skills
// folder changed.
func attackSite(t *testing.T) (dest, outside string) {
	t.Helper()
	parent := t.TempDir()
	dest, outside = filepath.Join(parent, "project", ".claude", "skills"), filepath.Join(parent, "outside")
	require.NoError(t, os.MkdirAll(dest, 0o755))
	require.NoError(t, os.MkdirAll(outside, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(outside, "victim.txt"), []byte("precious\n"), 0o644))
	return dest, outside
}

// assertUntouched checks that the outside folder holds only its victim,
// unchanged.
func assertUntouched(t *testing.T, outside string) {
	t.Helper()
	entries, err := os.ReadDir(outside)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"victim.txt"}, names, "files written outside the skills folder")
	data, err := os.ReadFile(filepath.Join(outside, "victim.txt"))
	require.NoError(t, err)
	assert.Equal(t, "precious\n", string(data))
}

// TestPlantedManifestCannotRemoveOutside plants a manifest that records a
// file outside the skill with its true hash: install used to delete it.
func TestPlantedManifestCannotRemoveOutside(t *testing.T) {
	dest, outside := attackSite(t)
	require.NoError(t, os.MkdirAll(filepath.Join(dest, "demo"), 0o755))
	sum := sha256.Sum256([]byte("precious\n"))
	rel, err := filepath.Rel(filepath.Join(dest, "demo"), filepath.Join(outside, "victim.txt"))
	require.NoError(t, err)
	for _, planted := range []string{
		fmt.Sprintf(`{"skill":"demo","files":{%q:%q}}`, filepath.ToSlash(rel), hex.EncodeToString(sum[:])),
		fmt.Sprintf(`{"skill":"demo","files":{%q:%q}}`, filepath.Join(outside, "victim.txt"), hex.EncodeToString(sum[:])),
		`{"skill":"demo","files":{"a\\..\\..\\x":"` + hex.EncodeToString(sum[:]) + `"}}`,
		`{"skill":"demo","files":{"SKILL.md":"not a hash"}}`,
		`{"skill":"other","files":{}}`,
		`{"skill":"demo","files":{},"remove":["../../x"]}`,
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dest, "demo", ManifestName), []byte(planted), 0o644))
		_, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest, Force: true})
		require.Error(t, err, planted)
		assert.Contains(t, err.Error(), "is not a manifest skillcheck install wrote", planted)
		assert.NoFileExists(t, filepath.Join(dest, "demo", "SKILL.md"), "nothing is written when the manifest is bad")
		assertUntouched(t, outside)
	}
}

// TestSymlinksAreNotWrittenThrough links a skill folder, a file and a
// dangling name out of the skills folder: install used to write through all
// three.
func TestSymlinksAreNotWrittenThrough(t *testing.T) {
	t.Run("skill folder", func(t *testing.T) {
		dest, outside := attackSite(t)
		require.NoError(t, os.Symlink(outside, filepath.Join(dest, "demo")))
		changes, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest, Force: true})
		assert.ErrorIs(t, err, ErrBlocked)
		assert.Equal(t, map[string]Kind{"demo/SKILL.md": Blocked, "demo/reference.md": Blocked, "demo/" + ManifestName: Blocked}, kinds(changes, dest))
		assertUntouched(t, outside)
	})
	t.Run("file and dangling link", func(t *testing.T) {
		dest, outside := attackSite(t)
		require.NoError(t, os.MkdirAll(filepath.Join(dest, "demo"), 0o755))
		require.NoError(t, os.Symlink(filepath.Join(outside, "victim.txt"), filepath.Join(dest, "demo", "SKILL.md")))
		require.NoError(t, os.Symlink(filepath.Join(outside, "new.txt"), filepath.Join(dest, "demo", "reference.md")))
		changes, err := Install(pack("v1"), []string{"demo"}, Options{Dest: dest, Force: true})
		assert.ErrorIs(t, err, ErrBlocked)
		assert.Equal(t, map[string]Kind{"demo/SKILL.md": Blocked, "demo/reference.md": Blocked}, kinds(changes, dest))
		assertUntouched(t, outside)
	})
}
