package security

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/internal/shell"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/header"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/hooks"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/plugincfg"

	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/frontmatter"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// unattended is a command line Claude Code runs without asking: an inline
// `!` injection, the script of a ```! block, or the command of a hook.
type unattended struct {
	text  string
	file  *source.File
	where string // "run when the skill loads, without asking"
	// pos maps an offset in text to an offset in file.
	pos func(int) int
}

// parsedUnattended is an unattended command line and its simple commands.
type parsedUnattended struct {
	unattended
	cmds []shell.Command
}

// parsedCommands is the skill's unattended command lines, parsed once for
// all the rules that judge them.
var parsedCommands = analysis.NewResult(func(s *skill.Skill) []parsedUnattended {
	var out []parsedUnattended
	for _, u := range unattendedCommands(s) {
		out = append(out, parsedUnattended{u, shell.Parse(u.text)})
	}
	return out
})

// unattendedCommands returns the skill's unattended command lines.
func unattendedCommands(s *skill.Skill) []unattended {
	const atLoad = "run when the skill loads, without asking"
	at := func(off int) func(int) int { return func(int) int { return off } }
	var out []unattended
	for _, inj := range s.Body.Injections {
		out = append(out, unattended{inj.Command, s.File, atLoad, at(inj.Offset)})
	}
	for _, b := range s.Body.CodeBlocks {
		if !b.Injection() || len(b.Lines) == 0 {
			continue
		}
		lines := b.Lines
		starts := make([]int, len(lines)) // offset of each line in the script
		var text strings.Builder
		for i, l := range lines {
			starts[i] = text.Len()
			text.WriteString(l.Text)
			text.WriteByte('\n')
		}
		out = append(out, unattended{text.String(), s.File, atLoad, func(off int) int {
			i := max(sort.SearchInts(starts, off+1)-1, 0)
			return lines[i].Offset + off - starts[i]
		}})
	}
	if f := header.Field(s, "hooks"); f != nil {
		hooks.Walk(f.Value, func(*yaml.Node, string, ...any) {}, func(h hooks.Handler) {
			if h.Type != "command" {
				return
			}
			n := h.Fields["command"]
			text, _ := frontmatter.String(n)
			out = append(out, unattended{text, s.File, "run by the " + h.Event + " hook, without asking", at(s.Header.NodeOffset(n))})
		})
	}
	return out
}

// commandRule gives rule r its checks over the unattended commands of a
// skill and the hook commands of a plugin: judge reports each simple
// command (by index) that does what the rule is about, saying what it does.
func commandRule(r *analysis.Rule, judge func(cmds []shell.Command, report func(i int, what string)), consequence string) *analysis.Rule {
	r.Skill = func(p *analysis.Pass, s *skill.Skill) {
		judgeCommands(p, parsedCommands.Of(p, s), judge, consequence)
	}
	r.Plugin = func(p *analysis.Pass, pl *manifest.Plugin) {
		judgeCommands(p, hookCommands(pl), judge, consequence)
	}
	return r
}

// judgeCommands reports what judge finds in command lines.
func judgeCommands(p *analysis.Pass, lines []parsedUnattended, judge func([]shell.Command, func(int, string)), consequence string) {
	capped := newCapped(p, "such commands")
	for _, c := range lines {
		cmds := c.cmds
		judge(cmds, func(i int, what string) {
			off := cmds[i].Offset
			capped.report(c.file, c.pos(off), 1, "command %s (%s) %s: %s", msg.Quote(lineAround(c.text, off)), c.where, what, consequence)
		})
	}
	capped.done()
}

// hookCommands returns the command lines of a plugin's command hooks; a
// hook in exec form (with args) is judged as the command line it spawns.
func hookCommands(pl *manifest.Plugin) []parsedUnattended {
	var out []parsedUnattended
	plugincfg.WalkHooks(pl, func(*source.File, int, string, ...any) {}, func(h plugincfg.Hook) {
		if h.Type != "command" {
			return
		}
		cmd := h.Fields["command"]
		text := cmd.Value
		for _, a := range frontmatter.Items(h.Fields["args"]) {
			if s, ok := frontmatter.String(a); ok {
				text += " " + shellQuote(s)
			}
		}
		off := h.Offset(cmd)
		u := unattended{text, h.File, "run by the plugin's " + h.Event + " hook, without asking", func(int) int { return off }}
		out = append(out, parsedUnattended{u, shell.Parse(text)})
	})
	return out
}

// shellQuote quotes an argument for a shell command line when it holds
// anything but plain word characters.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// perCommand lifts a judgment of one simple command to a command line.
func perCommand(judge func(shell.Command) string) func([]shell.Command, func(int, string)) {
	return func(cmds []shell.Command, report func(int, string)) {
		for i, c := range cmds {
			if what := judge(c); what != "" {
				report(i, what)
			}
		}
	}
}

// lineAround returns the line of text that holds offset off, trimmed.
func lineAround(text string, off int) string {
	start := strings.LastIndexByte(text[:off], '\n') + 1
	end := strings.IndexByte(text[off:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += off
	}
	return strings.TrimSpace(text[start:end])
}

// downloaders fetch from the network; shellRunners run what they are given
// as code.
var (
	downloaders  = []string{"curl", "wget", "fetch", "aria2c", "http", "https", "xh", "iwr", "irm", "invoke-webrequest", "invoke-restmethod"}
	shellRunners = []string{"sh", "bash", "zsh", "dash", "ksh", "fish", "python", "python3", "python2", "node", "deno", "perl", "ruby", "php", "pwsh", "powershell", "iex", "invoke-expression", "eval", "source", "."}
)

// downloadRuns finds a download piped or substituted into a shell or an
// interpreter, or saved to a file that a later command runs.
func downloadRuns(cmds []shell.Command, report func(int, string)) {
	saved := map[string]string{} // file → the downloader that wrote it
	for i, c := range cmds {
		prog, args := c.Program(false)
		if !slices.Contains(downloaders, prog) {
			if ran := runsFile(prog, args); ran != "" && saved[ran] != "" {
				report(i, fmt.Sprintf("runs %s, which %s downloaded", ran, saved[ran]))
			}
			continue
		}
		if out := outputFile(prog, args); out != "" {
			saved[out] = prog
		}
		if c.PipesOut {
			for _, next := range cmds[i+1:] {
				if next.Pipeline != c.Pipeline {
					break
				}
				if runner, _ := next.Program(false); slices.Contains(shellRunners, runner) {
					report(i, fmt.Sprintf("pipes what %s downloads into %s", prog, runner))
					break
				}
			}
		}
		if c.Parent >= 0 {
			if runner, _ := cmds[c.Parent].Program(false); slices.Contains(shellRunners, runner) {
				report(i, fmt.Sprintf("has %s run what %s downloads", runner, prog))
			}
		}
	}
}

// outputFile returns the file a curl or wget command saves to: the value of
// curl's -o or wget's -O (also at the end of a cluster such as -qO), or of
// --output / --output-document.
func outputFile(prog string, args []string) string {
	letter := "o"
	if prog == "wget" {
		letter = "O"
	}
	for i, a := range args {
		switch {
		case strings.HasPrefix(a, "--output-document="), strings.HasPrefix(a, "--output="):
			_, v, _ := strings.Cut(a, "=")
			return v
		case a == "--output" || a == "--output-document",
			len(a) > 1 && a[0] == '-' && a[1] != '-' && strings.HasSuffix(a, letter):
			if i+1 < len(args) {
				return args[i+1]
			}
		}
	}
	return ""
}

// runsFile returns the file a command runs as a program or script ("" for
// none): ./x.sh, sh x.sh, chmod +x x.sh.
func runsFile(prog string, args []string) string {
	switch {
	case slices.Contains(shellRunners, prog):
		for _, a := range args {
			if !strings.HasPrefix(a, "-") {
				return a
			}
		}
	case prog == "chmod" && len(args) > 1 && strings.Contains(args[0], "x"):
		return args[len(args)-1]
	}
	return ""
}

// escalates finds sudo and its kin.
func escalates(c shell.Command) string {
	if prog, _ := c.Program(true); slices.Contains(shell.Escalators, prog) {
		return "runs " + prog
	}
	return ""
}

// wholeTrees are paths whose deletion takes everything below.
var wholeTrees = []string{"/", "/*", "~", "~/", "~/*", ".", "./", "..", "../", "*", "./*", "$HOME", "${HOME}"}

// deletes finds rm and shred with wildcards, recursive deletion of
// variables or whole trees, and find -delete.
func deletes(c shell.Command) string {
	prog, args := c.Program(false)
	switch prog {
	case "rm", "shred", "srm":
		recursive, operands := false, false
		for _, a := range args {
			if a == "--" {
				operands = true
				continue
			}
			if !operands && strings.HasPrefix(a, "-") {
				recursive = recursive || a == "--recursive" || !strings.HasPrefix(a, "--") && strings.ContainsAny(a, "rR")
				continue
			}
			switch {
			case slices.Contains(wholeTrees, a):
				return fmt.Sprintf("deletes %s", a)
			case strings.ContainsAny(a, "*?["):
				return fmt.Sprintf("deletes by the wildcard %s", a)
			case recursive && strings.Contains(a, "$"):
				return fmt.Sprintf("deletes the folder %s named by a variable, recursively", a)
			}
		}
	case "find":
		for i, a := range args {
			if a == "-delete" || a == "-exec" && i+1 < len(args) && path.Base(args[i+1]) == "rm" {
				return "deletes what find matches"
			}
		}
	}
	return ""
}

var (
	// credentialPaths are files and folders that hold credentials, matched
	// in words with $HOME and ${HOME} read as ~.
	credentialPaths = []string{
		"~/.ssh", "/.ssh/", ".aws/credentials", "~/.aws", ".netrc", ".git-credentials",
		".docker/config.json", ".kube/config", ".npmrc", ".pypirc", ".pgpass", ".config/gh",
		".config/gcloud", ".azure/", "~/.gnupg", "/etc/shadow", ".vault-token", "/environ",
		"library/keychains", "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa",
	}
	dotEnv    = regexp.MustCompile(`^\.env(\.[A-Za-z0-9_-]+)?$`)
	secretVar = regexp.MustCompile(`(?i)(token|secret|passw|api_?key|access_?key|private_?key|credential)`)
	// credentialCommands print stored credentials: program and leading
	// arguments.
	credentialCommands = [][]string{
		{"security", "find-generic-password"}, {"security", "find-internet-password"}, {"security", "dump-keychain"},
		{"secret-tool", "lookup"}, {"gh", "auth", "token"}, {"gcloud", "auth", "print-access-token"},
		{"gcloud", "auth", "print-identity-token"}, {"aws", "configure", "get"}, {"aws", "configure", "export-credentials"},
		{"az", "account", "get-access-token"}, {"op", "read"}, {"op", "item", "get"}, {"git", "credential", "fill"},
		{"kubectl", "config", "view", "--raw"}, {"vault", "read"}, {"pass", "show"},
	}
)

// readsCredential finds credential files, environment dumps and keychain
// reads.
func readsCredential(c shell.Command) string {
	prog, args := c.Program(false)
	switch {
	case prog == "env" && len(args) == 0, prog == "printenv" && len(args) == 0, prog == "export" && len(args) == 1 && args[0] == "-p":
		return "dumps every environment variable, tokens included"
	case prog == "printenv" && secretVar.MatchString(strings.Join(args, " ")):
		return "prints the secret " + strings.Join(args, " ")
	}
	for _, cc := range credentialCommands {
		if prog == cc[0] && len(args) >= len(cc)-1 && slices.Equal(args[:len(cc)-1], cc[1:]) {
			return "reads stored credentials with " + strings.Join(cc, " ")
		}
	}
	for _, w := range c.Words {
		if p := credentialPath(w); p != "" {
			return "reads " + p
		}
	}
	return ""
}

// credentialPath returns w when it names a credential file, "" otherwise.
func credentialPath(w string) string {
	norm := strings.NewReplacer("${HOME}", "~", "$HOME", "~").Replace(strings.ToLower(w))
	if strings.HasSuffix(norm, ".pub") {
		return ""
	}
	for _, p := range credentialPaths {
		if strings.Contains(norm, p) {
			return w
		}
	}
	if base := path.Base(norm); dotEnv.MatchString(base) {
		for _, doc := range []string{"example", "sample", "template", "dist", "defaults"} {
			if strings.HasSuffix(base, "."+doc) {
				return ""
			}
		}
		return w
	}
	return ""
}

// sends finds uploads and raw connections: curl and wget with a request
// body or a writing method, nc and its kin, scp, sftp, ftp, rsync to a host,
// and bash's /dev/tcp.
func sends(c shell.Command) string {
	prog, args := c.Program(false)
	for _, w := range c.Words {
		if strings.Contains(w, "/dev/tcp/") || strings.Contains(w, "/dev/udp/") {
			return "opens a connection through " + w
		}
	}
	switch prog {
	case "curl":
		for i, a := range args {
			method := ""
			switch {
			case a == "-X" || a == "--request":
				if i+1 < len(args) {
					method = args[i+1]
				}
			case strings.HasPrefix(a, "-X"):
				method = a[2:]
			case a == "-d" || a == "-F" || a == "-T" || a == "--json" || a == "--upload-file" ||
				strings.HasPrefix(a, "--data") || strings.HasPrefix(a, "--form") ||
				strings.HasPrefix(a, "-d") && len(a) > 2 || strings.HasPrefix(a, "-F") && len(a) > 2:
				return "sends data with curl " + a
			}
			if m := strings.ToUpper(method); m == "POST" || m == "PUT" || m == "PATCH" {
				return "sends a " + m + " request with curl"
			}
		}
	case "wget":
		for _, a := range args {
			if strings.HasPrefix(a, "--post-") || strings.HasPrefix(a, "--body-") || strings.HasPrefix(a, "--method") {
				return "sends data with wget " + a
			}
		}
	case "nc", "ncat", "netcat", "socat", "telnet", "scp", "sftp", "ftp":
		return "opens a connection with " + prog
	case "rsync":
		for _, a := range args {
			if !strings.HasPrefix(a, "-") && (strings.HasPrefix(a, "rsync://") || strings.Contains(a, ":") && !strings.HasPrefix(a, "/")) {
				return "copies files to or from " + a + " with rsync"
			}
		}
	case "invoke-restmethod", "invoke-webrequest", "irm", "iwr":
		for i, a := range args {
			la := strings.ToLower(a)
			if la == "-body" || la == "-infile" || la == "-method" && i+1 < len(args) && strings.ToLower(args[i+1]) != "get" {
				return "sends data with " + prog + " " + a
			}
		}
	}
	return ""
}
