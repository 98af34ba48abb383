// Package hooks walks the hooks field of a skill's frontmatter as Claude
// Code reads it (code.claude.com/docs/en/hooks): events, groups and
// handlers, reporting what breaks the structure and handing on each
// well-formed handler.
package hooks

import (
	"fmt"
	"slices"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"go.yaml.in/yaml/v3"
)

// The events and handler types of hooks, per code.claude.com/docs/en/hooks
// (2026-08-22) and Claude Code v2.1.251 (2026-08-28), which added
// PreModelSwitch and PostModelSwitch.
var (
	// Events are the hook events Claude Code fires.
	Events = []string{
		"SessionStart", "Setup", "UserPromptSubmit", "UserPromptExpansion", "PreToolUse",
		"PermissionRequest", "PermissionDenied", "PostToolUse", "PostToolUseFailure", "PostToolBatch",
		"Notification", "MessageDisplay", "SubagentStart", "SubagentStop", "TaskCreated",
		"TaskCompleted", "Stop", "StopFailure", "TeammateIdle", "InstructionsLoaded", "ConfigChange",
		"CwdChanged", "DirectoryAdded", "FileChanged", "WorktreeCreate", "WorktreeRemove",
		"PreCompact", "PostCompact", "Elicitation", "ElicitationResult", "SessionEnd",
		"PreModelSwitch", "PostModelSwitch",
	}
	types = map[string]string{ // handler type → the key it requires
		"command": "command", "http": "url", "mcp_tool": "tool", "prompt": "prompt", "agent": "prompt",
	}
)

// Handler is one well-formed handler of a hooks field.
type Handler struct {
	Event string
	Type  string
	// Matcher is the matcher of the handler's group, nil when it has none.
	Matcher *yaml.Node
	// Fields are the handler's keys; Fields[key] for the key its type
	// requires (command, url, tool or prompt) is a string.
	Fields map[string]*yaml.Node
}

// Walk walks the hooks structure, reporting through report what breaks
// it, and passes each well-formed handler to handler (when not nil):
//
//	hooks:
//	  EventName:
//	    - matcher: "Bash"        # optional
//	      hooks:
//	        - type: command
//	          command: "…"
func Walk(v *yaml.Node, report func(*yaml.Node, string, ...any), handler func(Handler)) {
	v = frontmatter.Resolve(v)
	if v.Kind != yaml.MappingNode {
		report(v, "hooks must be a mapping of event names to lists of hook groups, not %s", frontmatter.KindName(v))
		return
	}
	for _, ev := range frontmatter.Pairs(v) {
		event, groups := ev[0], ev[1]
		if !slices.Contains(Events, event.Value) {
			hint := ""
			if near := msg.Closest(event.Value, Events); near != "" {
				hint = fmt.Sprintf(": did you mean %q?", near)
			}
			report(event, "unknown hook event %q%s", event.Value, hint)
			continue
		}
		if groups.Kind != yaml.SequenceNode {
			report(groups, "hooks.%s must be a list of hook groups, not %s", event.Value, frontmatter.KindName(groups))
			continue
		}
		for _, g := range frontmatter.Items(groups) {
			walkGroup(report, handler, event.Value, g)
		}
	}
}

func walkGroup(report func(*yaml.Node, string, ...any), handler func(Handler), event string, g *yaml.Node) {
	if g.Kind != yaml.MappingNode {
		report(g, "a hook group in hooks.%s must be a mapping with \"hooks\" (and an optional \"matcher\"), not %s", event, frontmatter.KindName(g))
		return
	}
	var handlers, matcher *yaml.Node
	for _, kv := range frontmatter.Pairs(g) {
		switch kv[0].Value {
		case "hooks":
			handlers = kv[1]
		case "matcher":
			if _, ok := frontmatter.String(kv[1]); !ok {
				report(kv[1], "matcher must be a string, not %s", frontmatter.KindName(kv[1]))
			} else {
				matcher = kv[1]
			}
		}
	}
	if handlers == nil {
		report(g, "a hook group in hooks.%s has no \"hooks\" list", event)
		return
	}
	if handlers.Kind != yaml.SequenceNode {
		report(handlers, "\"hooks\" in hooks.%s must be a list of handlers, not %s", event, frontmatter.KindName(handlers))
		return
	}
	for _, h := range frontmatter.Items(handlers) {
		if h.Kind != yaml.MappingNode {
			report(h, "a hook handler must be a mapping with a type, not %s", frontmatter.KindName(h))
			continue
		}
		fields := map[string]*yaml.Node{}
		for _, kv := range frontmatter.Pairs(h) {
			fields[kv[0].Value] = kv[1]
		}
		typ, ok := frontmatter.String(fields["type"])
		need, known := types[typ]
		switch {
		case fields["type"] == nil:
			report(h, "a hook handler needs a type (command, http, mcp_tool, prompt or agent)")
		case !ok || !known:
			report(fields["type"], "hook type must be command, http, mcp_tool, prompt or agent, not %s", header.Describe(fields["type"]))
		case fields[need] == nil:
			report(h, "a %s hook needs %q", typ, need)
		default:
			if _, ok := frontmatter.String(fields[need]); !ok {
				report(fields[need], "%s must be a string, not %s", need, frontmatter.KindName(fields[need]))
			} else if handler != nil {
				handler(Handler{Event: event, Type: typ, Matcher: matcher, Fields: fields})
			}
		}
		if t := fields["timeout"]; t != nil && frontmatter.Resolve(t).Tag != "!!int" && frontmatter.Resolve(t).Tag != "!!float" {
			report(t, "timeout must be a number of seconds, not %s", header.Describe(t))
		}
		if o := fields["once"]; o != nil {
			if _, ok := frontmatter.Bool(o); !ok {
				report(o, "once must be true or false, not %s", header.Describe(o))
			}
		}
	}
}
