// Package lsp is skillcheck's language server: it speaks the Language
// Server Protocol to an editor and answers with the lint engine. It
// publishes a skill's findings when one of its files is opened, changed
// (after a pause in typing) or saved, linting only that skill with the
// editor's unsaved buffers standing in for the files on disk; it offers the
// rules' safe fixes as quick fixes, shows the documentation of a rule ID or
// a frontmatter key on hover, and completes frontmatter keys and values.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/skillcheck-dev/skillcheck/lint"
	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
)

// DefaultDebounce is how long the server waits after a change before it
// lints: typing on resets the wait.
const DefaultDebounce = 200 * time.Millisecond

// Options configure a server.
type Options struct {
	// Lint are the engine's options, as `skillcheck lint` builds them from
	// its flags; Paths, Overlay and OnSkill are the server's to set. The
	// configuration is the .skillcheck.yaml found upward from each file
	// (its unsaved buffer when open) unless Lint.Config is set.
	Lint lint.Options
	// Debounce is the wait after a change (DefaultDebounce when 0).
	Debounce time.Duration
	// Version is reported to the editor as the server's version.
	Version string
}

// Serve answers the editor on rwc until it sends exit, the stream ends or
// ctx is done.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Lint.Rules == nil {
		opts.Lint.Rules = checks.All()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(rwc))
	s := newServer(ctx, conn, opts)
	conn.Go(ctx, s.handle)
	var err error
	select {
	case <-conn.Done():
		if !s.exited() {
			err = conn.Err()
		}
	case <-ctx.Done():
		conn.Close()
		<-conn.Done()
	}
	cancel()
	s.wait()
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return err
}

// server is one editor's session.
type server struct {
	ctx  context.Context
	conn jsonrpc2.Conn
	opts Options

	mu   sync.Mutex
	docs map[string]*document // open documents by cleaned path
	// findings are the diagnostics last published for each file, with the
	// content they were computed on (for code actions).
	findings map[string]findings
	// published are the files each lint target last published for.
	published map[string][]string
	runs      map[string]*run // the latest run of each target
	done      bool            // exit received
	wg        sync.WaitGroup  // scheduled and running lints
}

// document is an open file's content in the editor.
type document struct {
	version int32
	text    []byte
}

func newServer(ctx context.Context, conn jsonrpc2.Conn, opts Options) *server {
	return &server{ctx: ctx, conn: conn, opts: opts,
		docs: map[string]*document{}, findings: map[string]findings{},
		published: map[string][]string{}, runs: map[string]*run{}}
}

// handle answers one message; it runs on the connection's reader, one
// message at a time, so the order of the editor's edits is kept.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case protocol.MethodInitialize:
		return reply(ctx, s.initialize(), nil)
	case protocol.MethodInitialized, "$/cancelRequest", "$/setTrace":
		return reply(ctx, nil, nil)
	case protocol.MethodShutdown:
		s.stop()
		return reply(ctx, nil, nil)
	case protocol.MethodExit:
		s.stop()
		err := reply(ctx, nil, nil)
		s.conn.Close()
		return err
	case protocol.MethodTextDocumentDidOpen:
		var p protocol.DidOpenTextDocumentParams
		return notification(ctx, reply, req, &p, func() { s.opened(p) })
	case protocol.MethodTextDocumentDidChange:
		var p protocol.DidChangeTextDocumentParams
		return notification(ctx, reply, req, &p, func() { s.changed(p) })
	case protocol.MethodTextDocumentDidSave:
		var p protocol.DidSaveTextDocumentParams
		return notification(ctx, reply, req, &p, func() { s.saved(p) })
	case protocol.MethodTextDocumentDidClose:
		var p protocol.DidCloseTextDocumentParams
		return notification(ctx, reply, req, &p, func() { s.closed(p) })
	case protocol.MethodTextDocumentCodeAction:
		var p protocol.CodeActionParams
		return request(ctx, reply, req, &p, func() any { return s.codeActions(p) })
	case protocol.MethodTextDocumentHover:
		var p protocol.HoverParams
		return request(ctx, reply, req, &p, func() any { return s.hover(p) })
	case protocol.MethodTextDocumentCompletion:
		var p protocol.CompletionParams
		return request(ctx, reply, req, &p, func() any { return s.completion(p) })
	}
	return jsonrpc2.MethodNotFoundHandler(ctx, reply, req)
}

// notification decodes a notification's parameters into p and runs do.
func notification(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request, p any, do func()) error {
	if err := json.Unmarshal(req.Params(), p); err != nil {
		return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", req.Method(), err))
	}
	do()
	return reply(ctx, nil, nil)
}

// request decodes a request's parameters into p and answers with do's
// result.
func request(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request, p any, do func() any) error {
	if err := json.Unmarshal(req.Params(), p); err != nil {
		return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", req.Method(), err))
	}
	return reply(ctx, do(), nil)
}

func (s *server) initialize() *protocol.InitializeResult {
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindFull,
				Save:      &protocol.SaveOptions{},
			},
			CodeActionProvider: &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix}},
			HoverProvider:      true,
			CompletionProvider: &protocol.CompletionOptions{TriggerCharacters: []string{":", " "}},
		},
		ServerInfo: &protocol.ServerInfo{Name: "skillcheck", Version: s.opts.Version},
	}
}

// path returns the cleaned file path of a document URI; "" for a URI that
// is not a file.
func path(u protocol.DocumentURI) string {
	if len(u) < len(uri.FileScheme) || string(u[:len(uri.FileScheme)]) != uri.FileScheme {
		return ""
	}
	return filepath.Clean(uri.URI(u).Filename())
}

func (s *server) opened(p protocol.DidOpenTextDocumentParams) {
	file := path(p.TextDocument.URI)
	if file == "" {
		return
	}
	s.mu.Lock()
	s.docs[file] = &document{version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
	s.mu.Unlock()
	s.touched(file, 0)
}

func (s *server) changed(p protocol.DidChangeTextDocumentParams) {
	file := path(p.TextDocument.URI)
	if file == "" || len(p.ContentChanges) == 0 {
		return
	}
	// The server asks for whole documents (TextDocumentSyncKindFull): the
	// last change holds the text.
	text := p.ContentChanges[len(p.ContentChanges)-1].Text
	s.mu.Lock()
	s.docs[file] = &document{version: p.TextDocument.Version, text: []byte(text)}
	s.mu.Unlock()
	s.touched(file, s.opts.Debounce)
}

func (s *server) saved(p protocol.DidSaveTextDocumentParams) {
	if file := path(p.TextDocument.URI); file != "" {
		s.touched(file, 0)
	}
}

func (s *server) closed(p protocol.DidCloseTextDocumentParams) {
	file := path(p.TextDocument.URI)
	if file == "" {
		return
	}
	s.mu.Lock()
	delete(s.docs, file)
	s.mu.Unlock()
	// What is on disk is what counts now.
	s.touched(file, 0)
}

// stop cancels the lints not started yet; after exit the server publishes
// nothing.
func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = true
	for _, r := range s.runs {
		if r.timer.Stop() {
			s.wg.Done()
		}
	}
}

func (s *server) exited() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done
}

// wait waits for the lints under way.
func (s *server) wait() {
	s.stop()
	s.wg.Wait()
}

// notify sends a notification to the editor; a failure means the editor
// is gone, which the connection reports by itself.
func (s *server) notify(method string, params any) {
	_ = s.conn.Notify(s.ctx, method, params)
}

// logf shows a message in the editor's log of the server.
func (s *server) logf(typ protocol.MessageType, format string, args ...any) {
	s.notify(protocol.MethodWindowLogMessage, &protocol.LogMessageParams{Type: typ, Message: fmt.Sprintf(format, args...)})
}

// severity maps a rule's severity to the protocol's.
func severity(sev analysis.Severity) protocol.DiagnosticSeverity {
	switch sev {
	case analysis.Error:
		return protocol.DiagnosticSeverityError
	case analysis.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}
