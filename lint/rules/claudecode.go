package rules

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Values Claude Code accepts for its own frontmatter fields, per
// code.claude.com/docs/en/skills (frontmatter reference, 2026-08-22) and
// code.claude.com/docs/en/hooks.
var (
	booleanFields = []string{"disable-model-invocation", "user-invocable", "background"}
	stringFields  = []string{"when_to_use", "when-to-use", "argument-hint", "version"}
	effortLevels  = []string{"low", "medium", "high", "xhigh", "max"}
	shells        = []string{"bash", "powershell"}
	modelAliases  = []string{"inherit", "default", "sonnet", "opus", "haiku", "opusplan", "best"}
	builtinAgents = []string{"Explore", "Plan", "general-purpose"}
	hookEvents    = []string{
		"SessionStart", "Setup", "UserPromptSubmit", "UserPromptExpansion", "PreToolUse",
		"PermissionRequest", "PermissionDenied", "PostToolUse", "PostToolUseFailure", "PostToolBatch",
		"Notification", "MessageDisplay", "SubagentStart", "SubagentStop", "TaskCreated",
		"TaskCompleted", "Stop", "StopFailure", "TeammateIdle", "InstructionsLoaded", "ConfigChange",
		"CwdChanged", "DirectoryAdded", "FileChanged", "WorktreeCreate", "WorktreeRemove",
		"PreCompact", "PostCompact", "Elicitation", "ElicitationResult", "SessionEnd",
	}
	hookTypes = map[string]string{ // handler type → the key it requires
		"command": "command", "http": "url", "mcp_tool": "tool", "prompt": "prompt", "agent": "prompt",
	}
	argumentName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	agentName    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]*$`)
)

// looksLikeModel accepts the /model aliases (optionally with a context
// suffix such as [1m]), full Claude model IDs and provider model IDs.
func looksLikeModel(v string) bool {
	base, _, _ := strings.Cut(v, "[")
	if contains(modelAliases, strings.ToLower(base)) {
		return true
	}
	lower := strings.ToLower(v)
	return strings.Contains(lower, "claude") || strings.ContainsAny(v, "/:") && !strings.ContainsAny(v, " \t")
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK150", Alias: "boolean-field", Severity: analysis.Error,
			Summary: "boolean fields must be true or false (or yes, no, on, off, 1, 0)",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, key := range booleanFields {
					if f := field(s, key); f != nil {
						if _, ok := frontmatter.Bool(f.Value); !ok {
							reportNode(p, s, f.Value, "%s must be true or false, not %s", key, describe(f.Value))
						}
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK151", Alias: "string-field", Severity: analysis.Error,
			Summary: "when_to_use and argument-hint must be strings",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, key := range stringFields {
					if f := field(s, key); f != nil {
						if _, ok := frontmatter.String(f.Value); !ok {
							reportNode(p, s, f.Value, "%s must be a string, not %s; quote it", key, frontmatter.KindName(f.Value))
						}
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK152", Alias: "model-value", Severity: analysis.Warning,
			Summary: "model must be a /model value or inherit",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "model")
				if f == nil {
					return
				}
				v, ok := frontmatter.String(f.Value)
				if !ok || strings.TrimSpace(v) == "" {
					reportNode(p, s, f.Value, "model must be a string such as \"sonnet\", \"inherit\" or a full model ID, not %s", describe(f.Value))
					return
				}
				if !looksLikeModel(v) {
					reportNode(p, s, f.Value, "model %s is not an alias (%s) or a model ID", quote(v), strings.Join(modelAliases, ", "))
				}
			},
		},
		&analysis.Rule{
			ID: "SK153", Alias: "enum-field", Severity: analysis.Error,
			Summary: "effort, context and shell must take one of their documented values",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, e := range []struct {
					key    string
					values []string
				}{{"effort", effortLevels}, {"context", []string{"fork"}}, {"shell", shells}} {
					f := field(s, e.key)
					if f == nil {
						continue
					}
					if v, ok := frontmatter.String(f.Value); !ok || !contains(e.values, v) {
						reportNode(p, s, f.Value, "%s must be one of %s, not %s", e.key, strings.Join(e.values, ", "), describe(f.Value))
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK154", Alias: "fork-only-field", Severity: analysis.Warning,
			Summary: "agent and background only apply with context: fork",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if c := field(s, "context"); c != nil {
					if v, _ := frontmatter.String(c.Value); v == "fork" {
						return
					}
				}
				for _, key := range []string{"agent", "background"} {
					if f := field(s, key); f != nil {
						reportNode(p, s, f.KeyN, "%s has no effect without \"context: fork\"", key)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK155", Alias: "agent-value", Severity: analysis.Error,
			Summary: "agent must name a built-in or custom subagent",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "agent")
				if f == nil {
					return
				}
				v, ok := frontmatter.String(f.Value)
				switch {
				case !ok || strings.TrimSpace(v) == "":
					reportNode(p, s, f.Value, "agent must be a subagent name (%s, or one from .claude/agents/), not %s", strings.Join(builtinAgents, ", "), describe(f.Value))
				case !agentName.MatchString(v):
					reportNode(p, s, f.Value, "agent %s is not a subagent name", quote(v))
				case !contains(builtinAgents, v):
					if near := closest(v, builtinAgents); near != "" {
						reportNode(p, s, f.Value, "agent %s is not a built-in subagent: did you mean %q? (custom agents come from .claude/agents/)", quote(v), near)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK156", Alias: "paths-value", Severity: analysis.Error,
			Summary: "paths must be a comma-separated string or a list of glob patterns",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "paths")
				if f == nil {
					return
				}
				globs, problems := stringOrList(f, ",")
				for _, pr := range problems {
					reportNode(p, s, pr.node, "paths %s", pr.text)
				}
				for _, g := range globs {
					if _, err := path.Match(strings.ReplaceAll(g.text, "**", "*"), ""); err != nil {
						reportNode(p, s, g.node, "paths entry %s is not a valid glob pattern", quote(g.text))
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK157", Alias: "arguments-value", Severity: analysis.Error,
			Summary: "arguments must be a space-separated string or a list of names",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "arguments")
				if f == nil {
					return
				}
				names, problems := stringOrList(f, " ")
				for _, pr := range problems {
					reportNode(p, s, pr.node, "arguments %s", pr.text)
				}
				seen := map[string]bool{}
				for _, n := range names {
					switch {
					case !argumentName.MatchString(n.text):
						reportNode(p, s, n.node, "argument name %s must be letters, digits and underscores, so that $%s can refer to it", quote(n.text), n.text)
					case seen[n.text]:
						reportNode(p, s, n.node, "argument %q is declared twice", n.text)
					}
					seen[n.text] = true
				}
			},
		},
		&analysis.Rule{
			ID: "SK158", Alias: "hooks-value", Severity: analysis.Error,
			Summary: "hooks must follow the settings hooks format",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				f := field(s, "hooks")
				if f == nil {
					return
				}
				walkHooks(f.Value, func(n *yaml.Node, format string, args ...any) {
					reportNode(p, s, n, format, args...)
				}, nil)
			},
		},
	)
}

// describe shows a value in a message: its text for scalars, its kind otherwise.
func describe(n *yaml.Node) string {
	n = frontmatter.Resolve(n)
	if n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return quote(n.Value)
	}
	return frontmatter.KindName(n)
}

type textAt struct {
	text string
	node *yaml.Node
}

// stringOrList reads a field written as a string split on sep or as a YAML
// list of strings. problems lists what is wrong, each at its node; values
// holds the usable entries.
func stringOrList(f *frontmatter.Field, sep string) (values []textAt, problems []textAt) {
	n := frontmatter.Resolve(f.Value)
	if v, ok := frontmatter.String(n); ok {
		for _, part := range strings.Split(v, sep) {
			if part = strings.TrimSpace(part); part != "" {
				values = append(values, textAt{part, n})
			}
		}
		if len(values) == 0 {
			problems = append(problems, textAt{"is empty", n})
		}
		return values, problems
	}
	if n.Kind != yaml.SequenceNode {
		return nil, []textAt{{fmt.Sprintf("is %s; write a string or a YAML list of strings", frontmatter.KindName(n)), n}}
	}
	for _, item := range frontmatter.Items(n) {
		v, ok := frontmatter.String(item)
		if !ok || strings.TrimSpace(v) == "" {
			problems = append(problems, textAt{fmt.Sprintf("list item is %s, not a string", emptyKind(item)), item})
			continue
		}
		values = append(values, textAt{strings.TrimSpace(v), item})
	}
	if len(values) == 0 && len(problems) == 0 {
		problems = append(problems, textAt{"is an empty list", n})
	}
	return values, problems
}

func emptyKind(n *yaml.Node) string {
	if v, ok := frontmatter.String(n); ok && strings.TrimSpace(v) == "" {
		return "empty"
	}
	return frontmatter.KindName(n)
}

// hookHandler is one well-formed handler of a hooks field.
type hookHandler struct {
	event string
	typ   string
	// fields are the handler's keys; fields[key] for the key its type
	// requires (command, url, tool or prompt) is a string.
	fields map[string]*yaml.Node
}

// walkHooks walks the hooks structure, reporting through report what breaks
// it, and passes each well-formed handler to handler (when not nil):
//
//	hooks:
//	  EventName:
//	    - matcher: "Bash"        # optional
//	      hooks:
//	        - type: command
//	          command: "…"
func walkHooks(v *yaml.Node, report func(*yaml.Node, string, ...any), handler func(hookHandler)) {
	v = frontmatter.Resolve(v)
	if v.Kind != yaml.MappingNode {
		report(v, "hooks must be a mapping of event names to lists of hook groups, not %s", frontmatter.KindName(v))
		return
	}
	for _, ev := range frontmatter.Pairs(v) {
		event, groups := ev[0], ev[1]
		if !contains(hookEvents, event.Value) {
			hint := ""
			if near := closest(event.Value, hookEvents); near != "" {
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
			walkHookGroup(report, handler, event.Value, g)
		}
	}
}

func walkHookGroup(report func(*yaml.Node, string, ...any), handler func(hookHandler), event string, g *yaml.Node) {
	if g.Kind != yaml.MappingNode {
		report(g, "a hook group in hooks.%s must be a mapping with \"hooks\" (and an optional \"matcher\"), not %s", event, frontmatter.KindName(g))
		return
	}
	var handlers *yaml.Node
	for _, kv := range frontmatter.Pairs(g) {
		switch kv[0].Value {
		case "hooks":
			handlers = kv[1]
		case "matcher":
			if _, ok := frontmatter.String(kv[1]); !ok {
				report(kv[1], "matcher must be a string, not %s", frontmatter.KindName(kv[1]))
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
		need, known := hookTypes[typ]
		switch {
		case fields["type"] == nil:
			report(h, "a hook handler needs a type (command, http, mcp_tool, prompt or agent)")
		case !ok || !known:
			report(fields["type"], "hook type must be command, http, mcp_tool, prompt or agent, not %s", describe(fields["type"]))
		case fields[need] == nil:
			report(h, "a %s hook needs %q", typ, need)
		default:
			if _, ok := frontmatter.String(fields[need]); !ok {
				report(fields[need], "%s must be a string, not %s", need, frontmatter.KindName(fields[need]))
			} else if handler != nil {
				handler(hookHandler{event: event, typ: typ, fields: fields})
			}
		}
		if t := fields["timeout"]; t != nil && frontmatter.Resolve(t).Tag != "!!int" && frontmatter.Resolve(t).Tag != "!!float" {
			report(t, "timeout must be a number of seconds, not %s", describe(t))
		}
		if o := fields["once"]; o != nil {
			if _, ok := frontmatter.Bool(o); !ok {
				report(o, "once must be true or false, not %s", describe(o))
			}
		}
	}
}
