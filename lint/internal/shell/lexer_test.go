package shell

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseShell(t *testing.T) {
	show := func(line string) string {
		var out []string
		for _, c := range Parse(line) {
			s := strings.Join(c.Words, " ")
			if c.PipesOut {
				s += " |"
			}
			if c.Parent >= 0 {
				s += " <" + strings.Join(Parse(line)[c.Parent].Words, " ")
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
	cmds := Parse("wget -qO /tmp/i.sh \\\n  https://x\n# done\nbash /tmp/i.sh")
	assert.Equal(t, []int{0, 40}, []int{cmds[0].Offset, cmds[1].Offset}, "offsets of the first words")
	deep := Parse(strings.Repeat("$(", 100000) + "sudo x" + strings.Repeat(")", 100000) + "; id")
	assert.Len(t, deep, maxDepth+2, "past the depth limit, substitutions only separate commands")
	assert.Equal(t, []string{"sudo", "x"}, deep[maxDepth].Words)
	assert.Equal(t, maxDepth-1, deep[maxDepth].Parent)
	assert.Equal(t, []string{"id"}, deep[maxDepth+1].Words)
	assert.Equal(t, -1, deep[maxDepth+1].Parent)
}

func TestProgram(t *testing.T) {
	for line, want := range map[string]string{
		`FOO=1 env -u X BAR=2 nohup timeout -s 9 5 xargs -I {} rm {}`: "rm",
		`sudo -u root rm -rf /`: "rm",
		`/usr/bin/CURL x`:       "curl",
		`A=1`:                   "",
	} {
		prog, _ := Parse(line)[0].Program(false)
		assert.Equal(t, want, prog, line)
	}
	prog, args := Parse(`sudo -E apt install x`)[0].Program(true)
	assert.Equal(t, "sudo", prog)
	assert.Equal(t, []string{"-E", "apt", "install", "x"}, args)
}
