package lsp_test

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/skillcheck-dev/skillcheck/internal/lsp"
	"github.com/skillcheck-dev/skillcheck/lint"
)

// client is an editor's side of the protocol, on a pipe to a server.
type client struct {
	t     testing.TB
	conn  jsonrpc2.Conn
	diags chan protocol.PublishDiagnosticsParams
}

// start runs a server for a test and returns an initialized client; the
// session is shut down and the server's end awaited when the test ends.
func start(t testing.TB, opts lsp.Options) *client {
	t.Helper()
	opts.Lint.Fast = true
	ctx := context.Background()
	serverEnd, clientEnd := net.Pipe()
	served := make(chan error, 1)
	go func() { served <- lsp.Serve(ctx, serverEnd, opts) }()
	c := &client{t: t, conn: jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd)), diags: make(chan protocol.PublishDiagnosticsParams, 1024)}
	c.conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				return err
			}
			c.diags <- p
		}
		return reply(ctx, nil, nil)
	})
	var init protocol.InitializeResult
	c.call(protocol.MethodInitialize, &protocol.InitializeParams{}, &init)
	require.Equal(t, "skillcheck", init.ServerInfo.Name)
	require.NoError(t, c.conn.Notify(ctx, protocol.MethodInitialized, &protocol.InitializedParams{}))
	t.Cleanup(func() {
		c.call(protocol.MethodShutdown, nil, nil)
		require.NoError(t, c.conn.Notify(ctx, protocol.MethodExit, nil))
		select {
		case err := <-served:
			assert.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Error("the server did not end after exit")
		}
		c.conn.Close()
	})
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	_, err := c.conn.Call(context.Background(), method, params, result)
	require.NoError(c.t, err, method)
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	require.NoError(c.t, c.conn.Notify(context.Background(), method, params), method)
}

func (c *client) open(file, text string, version int32) {
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri.File(file), LanguageID: "markdown", Version: version, Text: text}})
}

func (c *client) change(file, text string, version int32) {
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.File(file)}, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: text}},
	})
}

// waitDiagnostics returns the diagnostics published for version of file,
// and every publication received on the way.
func (c *client) waitDiagnostics(file string, version int32) (protocol.PublishDiagnosticsParams, []protocol.PublishDiagnosticsParams) {
	c.t.Helper()
	var seen []protocol.PublishDiagnosticsParams
	timeout := time.After(20 * time.Second)
	for {
		select {
		case p := <-c.diags:
			seen = append(seen, p)
			if p.URI == uri.File(file) && p.Version == uint32(version) {
				return p, seen
			}
		case <-timeout:
			c.t.Fatalf("no diagnostics for version %d of %s; got %+v", version, file, seen)
		}
	}
}

// writeSkill writes a skill's SKILL.md under dir/skills/name and returns its path.
func writeSkill(t testing.TB, dir, name, text string) string {
	t.Helper()
	file := filepath.Join(dir, "skills", name, "SKILL.md")
	require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
	require.NoError(t, os.WriteFile(file, []byte(text), 0o644))
	return file
}

const (
	// unquoted has a value with ": " in it, which Claude Code quotes
	// before loading (SK107, with a fix); the fix makes the skill clean.
	unquoted = "---\nname: pdf-forms\ndescription: Fills PDF forms. Use when: the user asks to fill a form.\n---\n\n# PDF forms\n\nFill.\n"
	clean    = "---\nname: pdf-forms\ndescription: Fills PDF forms from structured data. Use when the user asks to fill in a PDF form.\n---\n\n# PDF forms\n\nFill.\n"
)

// applyEdits applies text edits to ASCII text.
func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	off := func(p protocol.Position) int {
		n := 0
		for _, l := range lines[:p.Line] {
			n += len(l)
		}
		return n + int(p.Character)
	}
	slices.SortFunc(edits, func(a, b protocol.TextEdit) int { return off(b.Range.Start) - off(a.Range.Start) })
	for _, e := range edits {
		text = text[:off(e.Range.Start)] + e.NewText + text[off(e.Range.End):]
	}
	return text
}

func TestQuickFixClearsTheFinding(t *testing.T) {
	file := writeSkill(t, t.TempDir(), "pdf-forms", unquoted)
	c := start(t, lsp.Options{})

	c.open(file, unquoted, 1)
	got, _ := c.waitDiagnostics(file, 1)
	require.Len(t, got.Diagnostics, 1, "%+v", got.Diagnostics)
	d := got.Diagnostics[0]
	assert.Equal(t, "SK107", d.Code)
	assert.Equal(t, protocol.DiagnosticSeverityWarning, d.Severity)
	assert.Equal(t, protocol.Range{Start: protocol.Position{Line: 2, Character: 13}, End: protocol.Position{Line: 2, Character: 69}}, d.Range,
		"the value after description:, which the fix quotes")

	var actions []protocol.CodeAction
	c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(file)},
		Range:        d.Range,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}},
	}, &actions)
	require.Len(t, actions, 1)
	assert.Equal(t, protocol.QuickFix, actions[0].Kind)
	assert.Equal(t, "Quote the value (SK107)", actions[0].Title)
	fixed := applyEdits(t, unquoted, actions[0].Edit.Changes[uri.File(file)])
	assert.Contains(t, fixed, `description: "Fills PDF forms. Use when: the user asks to fill a form."`)

	c.change(file, fixed, 2)
	got, _ = c.waitDiagnostics(file, 2)
	assert.Empty(t, got.Diagnostics)
	onDisk, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, unquoted, string(onDisk), "the fix is the editor's to apply; the server lints its buffer")
}

func TestTypingIsLintedOnceItPauses(t *testing.T) {
	file := writeSkill(t, t.TempDir(), "pdf-forms", clean)
	c := start(t, lsp.Options{Debounce: time.Second})
	c.open(file, clean, 1)
	c.waitDiagnostics(file, 1)

	c.change(file, unquoted, 2)
	c.change(file, clean, 3)
	c.change(file, unquoted, 4)
	got, seen := c.waitDiagnostics(file, 4)
	assert.Len(t, got.Diagnostics, 1)
	assert.Len(t, seen, 1, "versions 2 and 3 were replaced before the pause: %+v", seen)
}

func TestOnlyTheChangedSkillIsLinted(t *testing.T) {
	dir := t.TempDir()
	file := writeSkill(t, dir, "pdf-forms", clean)
	other := writeSkill(t, dir, "broken", unquoted)
	c := start(t, lsp.Options{})

	c.open(file, unquoted, 1)
	got, seen := c.waitDiagnostics(file, 1)
	require.Len(t, got.Diagnostics, 1)
	c.change(file, clean, 2)
	_, more := c.waitDiagnostics(file, 2)
	for _, p := range append(seen, more...) {
		assert.NotEqual(t, uri.File(other), p.URI, "a skill nobody edits is not linted")
	}
}

func TestSaveAfterOutsideEditLintsAgain(t *testing.T) {
	file := writeSkill(t, t.TempDir(), "pdf-forms", clean)
	c := start(t, lsp.Options{})
	c.open(file, clean, 1)
	got, _ := c.waitDiagnostics(file, 1)
	require.Empty(t, got.Diagnostics)

	// Closed, the file on disk counts: an outside tool broke it.
	c.notify(protocol.MethodTextDocumentDidClose, &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(file)}})
	// Written whole, by rename: the lint on close must never see the file
	// half-written (an empty SKILL.md is an error of its own, SK216).
	tmp := file + ".tmp"
	require.NoError(t, os.WriteFile(tmp, []byte(unquoted), 0o644))
	require.NoError(t, os.Rename(tmp, file))
	c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(file)}})
	got, _ = c.waitDiagnostics(file, 0)
	for len(got.Diagnostics) == 0 { // the lint on close may come first
		got, _ = c.waitDiagnostics(file, 0)
	}
	require.Len(t, got.Diagnostics, 1)
	assert.Equal(t, "SK107", got.Diagnostics[0].Code)
}

func TestConfigurationBufferApplies(t *testing.T) {
	dir := t.TempDir()
	file := writeSkill(t, dir, "pdf-forms", unquoted)
	cfg := filepath.Join(dir, ".skillcheck.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("profile: claude-code\n"), 0o644))
	c := start(t, lsp.Options{})
	c.open(file, unquoted, 1)
	got, _ := c.waitDiagnostics(file, 1)
	require.Len(t, got.Diagnostics, 1)

	// Unsaved: a rule turned off in the configuration's buffer.
	c.open(cfg, "profile: claude-code\nrules:\n  SK107: off\n", 1)
	got, _ = c.waitDiagnostics(cfg, 1)
	assert.Empty(t, got.Diagnostics, "a valid configuration")
	got, _ = c.waitDiagnostics(file, 1)
	for len(got.Diagnostics) != 0 {
		got, _ = c.waitDiagnostics(file, 1)
	}

	c.change(cfg, "profile: claude-code\nrules:\n  SK107: loud\n", 2)
	got, _ = c.waitDiagnostics(cfg, 2)
	require.Len(t, got.Diagnostics, 1)
	assert.Equal(t, uint32(2), got.Diagnostics[0].Range.Start.Line, "the line of the bad level")
}

func TestPluginManifestBuffer(t *testing.T) {
	dir := t.TempDir()
	writeSkill(t, dir, "pdf-forms", clean)
	manifest := filepath.Join(dir, ".claude-plugin", "plugin.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(manifest), 0o755))
	require.NoError(t, os.WriteFile(manifest, []byte(`{"name": "pdf-tools"}`), 0o644))
	c := start(t, lsp.Options{})

	c.open(manifest, `{"name": "pdf-tools",}`, 1)
	got, _ := c.waitDiagnostics(manifest, 1)
	require.Len(t, got.Diagnostics, 1)
	assert.Equal(t, "SK601", got.Diagnostics[0].Code)
	assert.Equal(t, protocol.Position{Character: 21}, got.Diagnostics[0].Range.Start)
	c.change(manifest, `{"name": "pdf-tools"}`, 2)
	got, _ = c.waitDiagnostics(manifest, 2)
	assert.Empty(t, got.Diagnostics)
}

func TestExcludedSkillShowsNothing(t *testing.T) {
	dir := t.TempDir()
	file := writeSkill(t, dir, "pdf-forms", unquoted)
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".skillcheck.yaml"), []byte("exclude:\n  - skills/pdf-forms\n"), 0o644))
	c := start(t, lsp.Options{})
	c.open(file, unquoted, 1)
	got, _ := c.waitDiagnostics(file, 1)
	assert.Empty(t, got.Diagnostics, "lint skips the skill; so does the editor")
}

func TestHover(t *testing.T) {
	text := "---\nname: pdf-forms\ndescription: Fills PDF forms.\n---\n\n<!-- skillcheck-disable-next-line SK105 -- kept -->\nFill.\n"
	file := writeSkill(t, t.TempDir(), "pdf-forms", text)
	c := start(t, lsp.Options{})
	c.open(file, text, 1)

	hover := func(line, char uint32) *protocol.Hover {
		var h *protocol.Hover
		c.call(protocol.MethodTextDocumentHover, &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(file)}, Position: protocol.Position{Line: line, Character: char}}}, &h)
		return h
	}
	h := hover(2, 4)
	require.NotNil(t, h)
	assert.Contains(t, h.Contents.Value, "**description**")
	assert.Contains(t, h.Contents.Value, "1,536 characters")
	assert.Equal(t, protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 2, Character: 11}}, *h.Range)

	h = hover(5, 38)
	require.NotNil(t, h)
	assert.True(t, strings.HasPrefix(h.Contents.Value, "## SK105 "), h.Contents.Value)
	assert.Contains(t, h.Contents.Value, "Why this severity.")

	assert.Nil(t, hover(6, 2), "plain text")
	assert.Nil(t, hover(2, 20), "a value, not a key")
}

func TestCompletion(t *testing.T) {
	text := "---\nname: pdf-forms\nef\n---\n"
	file := writeSkill(t, t.TempDir(), "pdf-forms", text)
	c := start(t, lsp.Options{})
	c.open(file, text, 1)

	complete := func(text string, line, char uint32) map[string]protocol.CompletionItem {
		var list protocol.CompletionList
		c.change(file, text, 2)
		c.call(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(file)}, Position: protocol.Position{Line: line, Character: char}}}, &list)
		items := map[string]protocol.CompletionItem{}
		for _, it := range list.Items {
			items[it.Label] = it
		}
		return items
	}
	keys := complete(text, 2, 2)
	require.Contains(t, keys, "effort")
	assert.NotContains(t, keys, "name", "already there")
	assert.Equal(t, "effort: ", keys["effort"].TextEdit.NewText)
	assert.Equal(t, protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 2, Character: 2}}, keys["effort"].TextEdit.Range)

	values := complete("---\nname: pdf-forms\neffort: h\n---\n", 2, 9)
	assert.Equal(t, []string{"high", "low", "max", "medium", "xhigh"}, slices.Sorted(func(yield func(string) bool) {
		for k := range values {
			if !yield(k) {
				return
			}
		}
	}))
	assert.Empty(t, complete("---\nname: pdf-forms\n---\n\nef", 4, 2), "the body is not frontmatter")

	agent := filepath.Join(filepath.Dir(file), "agents", "reviewer.md")
	c.open(agent, text, 1)
	var list protocol.CompletionList
	c.call(protocol.MethodTextDocumentCompletion, &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(agent)}, Position: protocol.Position{Line: 2, Character: 2}}}, &list)
	assert.Empty(t, list.Items, "an agent's frontmatter has keys of its own")
}

// BenchmarkChangeToDiagnostics measures the time from a didChange to the
// diagnostics of the new text, for one skill, without the debounce wait.
func BenchmarkChangeToDiagnostics(b *testing.B) {
	file := writeSkill(b, b.TempDir(), "pdf-forms", clean)
	c := start(b, lsp.Options{Debounce: time.Nanosecond, Lint: lint.Options{}})
	c.open(file, clean, 1)
	c.waitDiagnostics(file, 1)
	version := int32(1)
	for b.Loop() {
		version++
		text := clean
		if version%2 == 0 {
			text = unquoted
		}
		c.change(file, text, version)
		c.waitDiagnostics(file, version)
	}
}
