package discover

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// tree creates files (content "x") and symbolic links ("name -> target").
func tree(t *testing.T, entries ...string) string {
	root := t.TempDir()
	for _, e := range entries {
		if name, target, ok := strings.Cut(e, " -> "); ok {
			p := filepath.Join(root, name)
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.Symlink(target, p))
			continue
		}
		p := filepath.Join(root, e)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte("x"), 0o644))
	}
	return root
}

func skillDirs(root string, res *layout.Layout) []string {
	var out []string
	for _, s := range res.Skills {
		rel, _ := filepath.Rel(root, s.Dir)
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

func findings(root string, res *layout.Layout) []string {
	var out []string
	for _, f := range res.Problems {
		rel, _ := filepath.Rel(root, f.Path)
		out = append(out, []string{"", "misnamed", "no-skill-file", "flat", "loop", "unreadable", "no-skills"}[f.Kind]+" "+filepath.ToSlash(rel))
	}
	return out
}

func TestNestedSkillsOwnTheirFiles(t *testing.T) {
	root := tree(t,
		"outer/SKILL.md", "outer/ref.md", "outer/scripts/run.sh",
		"outer/inner/SKILL.md", "outer/inner/data.json",
		".git/SKILL.md", "node_modules/pkg/SKILL.md",
	)
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"outer", "outer/inner"}, skillDirs(root, res))
	rels := func(s *layout.SkillDir) (out []string) {
		for _, f := range s.Files {
			out = append(out, f.Rel)
		}
		return out
	}
	assert.Equal(t, []string{"ref.md", "scripts/run.sh"}, rels(res.Skills[0]), "the inner skill's files are its own")
	assert.Equal(t, []string{"data.json"}, rels(res.Skills[1]))
	assert.Equal(t, "outer", res.Skills[0].Name)
	assert.Empty(t, res.Problems)
}

func TestSymlinkedFoldersAreFollowedOnceAndLoopsReported(t *testing.T) {
	root := tree(t,
		"real/pdf/SKILL.md",
		".claude/skills/pdf -> ../../real/pdf",
		"real/up -> ..",
		"elsewhere -> real",
	)
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"real/pdf"}, skillDirs(root, res), "one folder, walked once, under its own path rather than a link's")
	assert.Equal(t, []string{"loop real/up"}, findings(root, res), "up leads to the root, on the path being walked")
}

func TestSkillsBelowALoadedSkillAreItsFiles(t *testing.T) {
	root := tree(t,
		".claude/skills/sdk/SKILL.md",
		".claude/skills/sdk/web/SKILL.md",
		".claude/skills/sdk/assets/sample/SKILL.md",
		"repo/SKILL.md",
		"repo/scrape/SKILL.md",
	)
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{".claude/skills/sdk", "repo", "repo/scrape"}, skillDirs(root, res),
		"Claude Code loads skills/<name>/SKILL.md and nothing deeper; outside a skills folder a nested SKILL.md is a skill")
	var files []string
	for _, f := range res.Skills[0].Files {
		files = append(files, f.Rel)
	}
	assert.Equal(t, []string{"assets/sample/SKILL.md", "web/SKILL.md"}, files)
}

func TestMarketplaceSourcesArePluginRoots(t *testing.T) {
	root := tree(t,
		"plugins/media/skills/mp3/SKILL.md",
		"plugins/devops/skills/ci/SKILL.md",
		"remote/skills/x/SKILL.md",
	)
	require.NoError(t, os.MkdirAll(filepath.Join(root, ".claude-plugin"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, ".claude-plugin", "marketplace.json"), []byte(`{"name": "m", "owner": {"name": "o"},
		"metadata": {"pluginRoot": "./plugins"},
		"plugins": [{"name": "media", "source": "./media", "strict": false}, {"name": "devops", "source": "./devops"},
			{"name": "r", "source": {"source": "github", "repo": "o/r"}}]}`), 0o644))
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	plugins := map[string]string{}
	for _, sd := range res.Skills {
		rel, _ := filepath.Rel(root, sd.Dir)
		plugin := ""
		if sd.Plugin != "" {
			plugin, _ = filepath.Rel(root, sd.Plugin)
		}
		plugins[filepath.ToSlash(rel)] = filepath.ToSlash(plugin)
	}
	assert.Equal(t, map[string]string{
		"plugins/media/skills/mp3": "plugins/media", "plugins/devops/skills/ci": "plugins/devops", "remote/skills/x": "",
	}, plugins)
	assert.Equal(t, []string{filepath.Join(root, "plugins", "devops"), filepath.Join(root, "plugins", "media")}, res.Plugins,
		"the plugins the marketplace names are plugin roots without a plugin.json")
}

func TestLinksInsideSkillsAreRecordedAndNotFollowedOut(t *testing.T) {
	root := tree(t,
		"shared/common.md",
		"pdf/SKILL.md", "pdf/scripts/run.sh",
		"pdf/up -> ..",
		"pdf/root -> /",
		"pdf/common.md -> ../shared/common.md",
		"pdf/tools -> scripts",
		"pdf/self -> .",
	)
	res, err := Walk(context.Background(), []string{filepath.Join(root, "pdf")}, Options{})
	require.NoError(t, err)
	require.Len(t, res.Skills, 1)
	sd := res.Skills[0]
	assert.Equal(t, []layout.Link{
		{Rel: "common.md", Target: "../shared/common.md", Outside: true},
		{Rel: "root", Target: "/", Dir: true, Outside: true},
		{Rel: "self", Target: ".", Dir: true},
		{Rel: "tools", Target: "scripts", Dir: true},
		{Rel: "up", Target: "..", Dir: true, Outside: true},
	}, sd.Links)
	var rels []string
	for _, f := range sd.Files {
		rels = append(rels, f.Rel)
	}
	assert.Equal(t, []string{"common.md", "scripts/run.sh"}, rels, "folders outside the skill are not walked; scripts/ is walked once")
	assert.Equal(t, []string{"loop pdf/self"}, findings(root, res))
}

func TestLayoutFindings(t *testing.T) {
	root := tree(t,
		".claude/skills/good/SKILL.md",
		".claude/skills/lower/skill.md",
		".claude/skills/empty/README.md",
		".claude/skills/.hidden/notes.md",
		".claude/skills/README.md",
		"skills/other/notes.md",
	)
	require.NoError(t, os.WriteFile(filepath.Join(root, ".claude/skills/deploy.md"), []byte("---\nname: deploy\n---\n"), 0o644))
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{".claude/skills/good", ".claude/skills/lower"}, skillDirs(root, res), "a misnamed skill file still makes a skill, to lint the rest")
	assert.ElementsMatch(t, []string{
		"misnamed .claude/skills/lower/skill.md",
		"no-skill-file .claude/skills/empty",
		"flat .claude/skills/deploy.md",
	}, findings(root, res), "skills/ outside .claude and plugins is an ordinary folder")
}

func TestRootsThatHoldNoSkills(t *testing.T) {
	root := tree(t, "docs/readme.md", "a/SKILL.md")
	res, err := Walk(context.Background(), []string{filepath.Join(root, "docs"), filepath.Join(root, "docs/readme.md"), filepath.Join(root, "a/SKILL.md")}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, skillDirs(root, res), "a SKILL.md given directly lints its folder")
	assert.Equal(t, []string{"no-skills docs"}, findings(root, res), "a file outside any skill is skipped")

	_, err = Walk(context.Background(), []string{filepath.Join(root, "missing")}, Options{})
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestExcludeAndManifests(t *testing.T) {
	root := tree(t,
		"plugin/.claude-plugin/plugin.json", "plugin/skills/a/SKILL.md",
		".claude-plugin/marketplace.json",
		"archive/old/SKILL.md",
	)
	res, err := Walk(context.Background(), []string{root}, Options{
		Exclude: func(p string, dir bool) bool { return dir && filepath.Base(p) == "archive" },
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"plugin/skills/a"}, skillDirs(root, res))
	assert.Equal(t, []string{filepath.Join(root, "plugin")}, res.Plugins)
	assert.Equal(t, []string{root}, res.Markets)
}

func TestWalkStopsWhenTheContextEnds(t *testing.T) {
	root := tree(t, "a/SKILL.md")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Walk(ctx, []string{root}, Options{})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestFileRootsStandForTheirSkillOrPlugin(t *testing.T) {
	root := tree(t, ".git/HEAD",
		"skills/a/SKILL.md", "skills/a/ref.md", "skills/a/scripts/run.sh",
		"plugin/.claude-plugin/plugin.json", "plugin/skills/b/SKILL.md",
		"README.md",
	)
	res, err := Walk(context.Background(), []string{
		filepath.Join(root, "skills/a/ref.md"), filepath.Join(root, "skills/a/scripts/run.sh"),
		filepath.Join(root, "plugin/.claude-plugin/plugin.json"), filepath.Join(root, "README.md"),
	}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"plugin/skills/b", "skills/a"}, skillDirs(root, res), "each skill once")
	assert.Equal(t, []string{filepath.Join(root, "plugin")}, res.Plugins)
	assert.Empty(t, findings(root, res), "the README belongs to no skill and is skipped")
}

func TestTestFixtureFoldersAreSkippedBelowARoot(t *testing.T) {
	root := tree(t,
		"skills/pdf/SKILL.md",
		"testdata/broken/SKILL.md",
		"tests/fixtures/custom-skill/SKILL.md",
	)
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"skills/pdf"}, skillDirs(root, res))
	res, err = Walk(context.Background(), []string{filepath.Join(root, "testdata")}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"testdata/broken"}, skillDirs(root, res), "a root given by name is walked")
}

func TestSharedSkillsFoldersAreLoadingLocations(t *testing.T) {
	root := tree(t,
		".claude/skills/review/SKILL.md",
		".agents/skills/review/SKILL.md", ".agents/skills/review/web/SKILL.md",
		".agents/skills/empty/README.md",
		".github/skills/triage/SKILL.md",
		".gemini/skills/plan/SKILL.md", ".gemini/skills/shared/README.md",
		".cursor/rules/style.md",
	)
	for _, flat := range []string{".github/skills/deploy.md", ".gemini/skills/deploy.md", ".cursor/rules/style.md"} {
		require.NoError(t, os.WriteFile(filepath.Join(root, flat), []byte("---\nname: deploy\n---\n"), 0o644))
	}
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{".agents/skills/review", ".claude/skills/review", ".gemini/skills/plan", ".github/skills/triage"}, skillDirs(root, res),
		"dot folders are walked, each copy of a skill is a skill, and only a folder holding SKILL.md is one; below a skill in a skills folder, SKILL.md is a file")
	assert.ElementsMatch(t, []string{
		"no-skill-file .agents/skills/empty",
		"flat .github/skills/deploy.md",
	}, findings(root, res), "the layout of .agents/skills and .github/skills is checked; an agent's own folder (.gemini, .cursor) is not presumed")
}

func TestProjectSkillsDir(t *testing.T) {
	for dir, want := range map[string]string{
		".claude/skills": ".claude", "repo/.agents/skills": ".agents", "/abs/.github/skills": ".github",
		".gemini/skills": "", ".agents/skill": "", "skills": "", ".agents": "",
	} {
		parent, ok := layout.ProjectSkillsDir(filepath.FromSlash(dir))
		assert.Equal(t, want != "", ok, dir)
		if ok {
			assert.Equal(t, want, parent, dir)
		}
	}
}

func TestASkillWalkedAloneKeepsItsPlugin(t *testing.T) {
	root := tree(t,
		"plugin/.claude-plugin/plugin.json", "plugin/skills/pdf/SKILL.md",
		"loose/skills/csv/SKILL.md",
	)
	for _, tc := range []struct{ root, plugin string }{
		{filepath.Join(root, "plugin", "skills", "pdf"), filepath.Join(root, "plugin")},
		{filepath.Join(root, "plugin", "skills", "pdf", "SKILL.md"), filepath.Join(root, "plugin")},
		{filepath.Join(root, "loose", "skills", "csv"), ""},
	} {
		res, err := Walk(context.Background(), []string{tc.root}, Options{})
		require.NoError(t, err)
		require.Len(t, res.Skills, 1)
		assert.Equal(t, tc.plugin, res.Skills[0].Plugin, tc.root)
		assert.Empty(t, res.Plugins, "the plugin itself is not linted")
	}

	// A relative root: the plugin as the user would write it.
	t.Chdir(root)
	res, err := Walk(context.Background(), []string{filepath.Join("plugin", "skills", "pdf")}, Options{})
	require.NoError(t, err)
	require.Len(t, res.Skills, 1)
	assert.Equal(t, "plugin", res.Skills[0].Plugin)
}

func TestSkillsKnowTheirWalkRootWhenStreamed(t *testing.T) {
	root := tree(t, "a/SKILL.md", "b/skills/c/SKILL.md")
	var roots []string
	_, err := Walk(context.Background(), []string{root}, Options{OnSkill: func(sd *layout.SkillDir) { roots = append(roots, sd.Root) }})
	require.NoError(t, err)
	assert.Equal(t, []string{root, root}, roots, "a skill handed on while the walk goes on already knows its root")
}

// Python virtual environments (marked by pyvenv.cfg, whatever their name)
// and Claude Code's own worktrees (.claude/worktrees, copies of the
// repository on other branches) are installed or generated, like
// node_modules: their skills are not the repository's, and a virtual
// environment inside a skill is not what the skill ships.
func TestVirtualEnvironmentsAndClaudeWorktreesAreNotWalked(t *testing.T) {
	root := tree(t,
		".venv/pyvenv.cfg", ".venv/lib/python3.12/site-packages/pkg/SKILL.md",
		"env-3.12/pyvenv.cfg", "env-3.12/lib/pkg/skills/x/SKILL.md",
		".claude/worktrees/feature/.claude/skills/pdf/SKILL.md",
		".claude/skills/pdf/SKILL.md", ".claude/skills/pdf/ref.md",
		".claude/skills/pdf/.venv/pyvenv.cfg", ".claude/skills/pdf/.venv/lib/site.py",
		"tools/worktrees/SKILL.md",
	)
	res, err := Walk(context.Background(), []string{root}, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{".claude/skills/pdf", "tools/worktrees"}, skillDirs(root, res),
		"a folder named worktrees elsewhere is an ordinary folder")
	var files []string
	for _, f := range res.Skills[0].Files {
		files = append(files, f.Rel)
	}
	assert.Equal(t, []string{"ref.md"}, files)

	res, err = Walk(context.Background(), []string{filepath.Join(root, ".venv")}, Options{})
	require.NoError(t, err)
	assert.Len(t, res.Skills, 1, "a root given by name is walked whatever it is")
}
