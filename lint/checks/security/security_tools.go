package security

import (
	"path"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/shell"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/tools"

	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Commands whose open-ended use pre-approves far more than a skill needs,
// by what they can do. The words are matched after any folder ("/usr/bin/").
var (
	// runsAnything: shells, interpreters and wrappers that run their
	// arguments as a program.
	runsAnything = []string{
		"sh", "bash", "zsh", "dash", "ksh", "fish", "csh", "tcsh", "pwsh", "powershell", "cmd",
		"python", "python3", "python2", "node", "deno", "bun", "perl", "ruby", "php", "lua", "osascript",
		"eval", "exec", "source", ".", "xargs", "env", "nohup", "timeout", "time", "nice", "command",
		"watch", "parallel", "busybox",
	}
	// fetchesAndRuns: package runners that download and run code.
	fetchesAndRuns = []string{"npx", "bunx", "uvx", "pipx", "dlx", "pnpx"}
	// networkTools send and receive data over the network.
	networkTools = []string{"curl", "wget", "nc", "ncat", "netcat", "socat", "telnet", "ssh", "scp", "sftp", "ftp", "rsync", "http", "https", "xh"}
	// deleters remove files.
	deleters = []string{"rm", "rmdir", "unlink", "shred", "srm"}
	// fileWriters are the tools that change files.
	fileWriters = []string{"Write", "Edit", "MultiEdit", "NotebookEdit"}
	// everywhere are path patterns that match every file.
	everywhere = []string{"*", "**", "**/*", "/**", "//**", "~/**", "./**"}
)

// eachBroadTool calls fn for every allowed-tools entry that pre-approves
// open-ended use, with what it allows and how to fix it, through the pass
// that reports it: open-ended file changes are reported one severity lower
// than commands, network and deletion (see writerPass).
func eachBroadTool(p *analysis.Pass, s *skill.Skill, fn func(rp *analysis.Pass, e tools.Entry, what, fix string)) {
	f := header.Field(s, "allowed-tools")
	if f == nil {
		return
	}
	entries, _, _, _ := tools.Parse(f.Value)
	for _, e := range entries {
		if e.Err != "" {
			continue
		}
		if what, fix := broadTool(e); what != "" {
			rp := p
			if slices.Contains(fileWriters, e.Tool) {
				rp = lowered(p)
			}
			fn(rp, e, what, fix)
		}
	}
}

// broadTool says what an entry pre-approves when that is open-ended, and how
// to narrow it; what is "" for an entry of bounded reach.
func broadTool(e tools.Entry) (what, fix string) {
	switch {
	case e.Tool == "Bash" || e.Tool == "PowerShell":
		return broadCommand(e)
	case slices.Contains(fileWriters, e.Tool):
		if !e.HasArgs || slices.Contains(everywhere, strings.TrimSpace(e.Pattern)) {
			return "changes to every file", narrowTo(e.Tool + "(reports/**)")
		}
	case e.Tool == "WebFetch":
		if !e.HasArgs || strings.TrimSpace(e.Pattern) == "domain:*" {
			return "fetching any URL (data leaves in the address)", narrowTo("WebFetch(domain:docs.example.com)")
		}
	}
	return "", ""
}

// broadCommand judges a Bash or PowerShell entry: every command, or a
// powerful command followed by nothing but options and a wildcard.
func broadCommand(e tools.Entry) (what, fix string) {
	pat := strings.TrimSpace(e.Pattern)
	if prefix, ok := strings.CutSuffix(pat, ":*"); ok {
		pat = prefix + " *"
	}
	words := strings.Fields(pat)
	if !e.HasArgs || len(words) == 0 || strings.HasPrefix(pat, "*") {
		return "every shell command", narrowTo(e.Tool + "(git status *)")
	}
	cmd, args := path.Base(words[0]), words[1:]
	open := strings.HasSuffix(cmd, "*")
	cmd = strings.TrimSuffix(cmd, "*")
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], "*") {
		open = true
		for _, a := range args[:len(args)-1] {
			open = open && strings.HasPrefix(a, "-")
		}
		last := strings.TrimSuffix(args[len(args)-1], "*")
		open = open && (last == "" || strings.HasPrefix(last, "-"))
	}
	if !open {
		return "", ""
	}
	anyArgs := msg.Quote(cmd) + " with any arguments, "
	switch {
	case slices.Contains(runsAnything, cmd):
		return anyArgs + "which runs any program", "narrow it to the script the skill runs, e.g. " + e.Tool + "(python3 scripts/check.py *)"
	case slices.Contains(fetchesAndRuns, cmd):
		return anyArgs + "which downloads and runs any package", narrowTo(e.Tool + "(" + cmd + " some-tool@1.2.3 *)")
	case slices.Contains(networkTools, cmd):
		return anyArgs + "which sends any data to any host", "narrow it to the fixed host and arguments the skill needs, e.g. " + e.Tool + "(curl -s https://api.example.com/status)"
	case slices.Contains(deleters, cmd):
		return anyArgs + "which deletes any file", narrowTo(e.Tool + "(" + cmd + " -r build/)")
	case slices.Contains(shell.Escalators, cmd):
		return anyArgs + "which runs anything as root", "remove it: a skill should not need root"
	}
	return "", ""
}

// lowered is the pass for the milder cases of a rule: one severity below
// the rule's, so that they stay info by default and become warnings under
// security: strict. Open-ended Write and Edit grants are such a case: a
// skill whose job is changing the user's files (a formatter, a migration, a
// writing aid) cannot name the paths in advance, and every change shows in
// the transcript, while commands, network and deletion reach further.
func lowered(p *analysis.Pass) *analysis.Pass {
	if p.Severity == analysis.Error {
		return p.AtMost(analysis.Warning)
	}
	return p.AtMost(analysis.Info)
}

func narrowTo(example string) string { return "narrow it, e.g. " + example }
