package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// checkInvocation parses a skillcheck command line (without the program name)
// against the real command tree: the subcommand must exist and every flag
// must be one it defines.
func checkInvocation(t *testing.T, where, line string) {
	t.Helper()
	args := strings.Fields(line)
	root := newRootCmd(io.Discard, io.Discard)
	cmd, rest, err := root.Find(args)
	require.NoError(t, err, "%s: %q", where, line)
	require.NotEqual(t, root, cmd, "%s: %q names no subcommand", where, line)
	assert.NoError(t, cmd.ParseFlags(rest), "%s: %q", where, line)
}

// TestPreCommitHookNamesRealCommands checks .pre-commit-hooks.yaml.
func TestPreCommitHookNamesRealCommands(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	require.NoError(t, err)
	var hooks []struct {
		ID, Name, Entry, Language, Files string
		PassFilenames                    bool `yaml:"pass_filenames"`
	}
	require.NoError(t, yaml.Unmarshal(data, &hooks))
	require.NotEmpty(t, hooks)
	for _, h := range hooks {
		assert.NotEmpty(t, h.ID)
		assert.Equal(t, "golang", h.Language, "pre-commit builds the hook from this module")
		_, err := regexp.Compile(h.Files)
		assert.NoError(t, err, "files pattern of %s", h.ID)
		entry, ok := strings.CutPrefix(h.Entry, "skillcheck ")
		require.True(t, ok, "hook %s runs skillcheck", h.ID)
		checkInvocation(t, h.ID, entry)
	}
}

// TestActionRunsRealCommands checks action.yml: a composite action whose
// steps build this module's skillcheck and run flags it has.
func TestActionRunsRealCommands(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	require.NoError(t, err)
	var action struct {
		Name   string
		Inputs map[string]struct {
			Description string
			Default     string
		}
		Runs struct {
			Using string
			Steps []struct {
				ID, If, Uses, Run, Shell string
				Env                      map[string]string
			}
		}
	}
	require.NoError(t, yaml.Unmarshal(data, &action))
	assert.Equal(t, "composite", action.Runs.Using)
	for _, in := range []string{"paths", "format", "fail-on", "args"} {
		assert.Contains(t, action.Inputs, in)
		assert.NotEmpty(t, action.Inputs[in].Description, in)
	}
	var builds, lints int
	var uses []string
	var keyScript string
	for _, step := range action.Runs.Steps {
		if step.Uses != "" {
			uses = append(uses, step.Uses)
		}
		if step.Run == "" {
			continue
		}
		assert.Equal(t, "bash", step.Shell)
		assert.NotContains(t, step.Run, "${{", "inputs reach scripts through env, never spliced into the script")
		if strings.Contains(step.Run, "go build") && strings.Contains(step.Run, "./cmd/skillcheck") {
			builds++
			assert.Equal(t, "steps.build-cache.outputs.cache-hit != 'true'", step.If, "a cached build is not rebuilt")
		}
		if step.ID == "build-key" {
			keyScript = step.Run
		}
		if strings.Contains(step.Run, `skillcheck "${args[@]}"`) {
			lints++
		}
	}
	assert.Equal(t, 1, builds)
	assert.Equal(t, 1, lints)
	assert.Equal(t, []string{"actions/setup-go@v6", "actions/cache@v5"}, uses, "current major versions")
	require.NotEmpty(t, keyScript, "a step keys the build cache")
	checkBuildKey(t, keyScript)
	// The command line the script builds from the defaults.
	line := "lint --fail-on " + action.Inputs["fail-on"].Default
	for _, f := range strings.Fields(action.Inputs["format"].Default) {
		line += " --format " + f
	}
	checkInvocation(t, "action.yml", line+" "+action.Inputs["paths"].Default)
	_, err = os.Stat("../../cmd/skillcheck/main.go")
	assert.NoError(t, err, "the action builds ./cmd/skillcheck")
}

// checkBuildKey runs the action's cache-key script on a copy of the sources
// it hashes: the key is stable, and changes with any Go file of the linter.
func checkBuildKey(t *testing.T, script string) {
	t.Helper()
	src := t.TempDir()
	for _, name := range []string{"cmd", "internal", "lint", "go.mod", "go.sum"} {
		out, err := exec.Command("cp", "-r", filepath.Join("../..", name), src).CombinedOutput()
		require.NoError(t, err, "%s", out)
	}
	key := func() string {
		output := filepath.Join(t.TempDir(), "output")
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
		cmd.Env = append(os.Environ(), "GITHUB_ACTION_PATH="+src, "GITHUB_OUTPUT="+output,
			"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "RUNNER_TOOL_CACHE=/opt/hostedtoolcache")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		data, err := os.ReadFile(output)
		require.NoError(t, err)
		assert.Contains(t, string(data), "dir=/opt/hostedtoolcache/skillcheck/")
		return string(data)
	}
	first := key()
	assert.Equal(t, first, key())
	f := filepath.Join(src, "lint", "lint.go")
	data, err := os.ReadFile(f)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f, append(data, "\n// changed\n"...), 0o644))
	assert.NotEqual(t, first, key(), "a changed source must change the key")
}
