// Package corpus generates packs of realistic skills for benchmarks: each
// skill a folder with a SKILL.md of about 5.5 KB (frontmatter, headings,
// prose, links, fenced code blocks) and a reference file of about 1.5 KB that
// it links, about 7 KB in all. One skill in a hundred carries a typical defect, so the linter
// has findings to report.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var (
	verbs   = []string{"Builds", "Reviews", "Migrates", "Tests", "Documents", "Deploys", "Profiles", "Audits"}
	objects = []string{"REST clients", "message consumers", "database schemas", "CI pipelines", "event handlers", "Helm charts", "feature flags", "API gateways"}
	words   = strings.Fields(`the service request response queue retry backoff schema event consumer producer
		handler timeout budget idempotency key database transaction outbox relay broker partition
		offset commit rollback compensation saga step pivot deadline context cancel trace span metric`)
)

// Generate writes n skills into dir, deterministically for a given seed, and
// returns the number of bytes written.
func Generate(dir string, n int, seed uint64) (int64, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var total int64
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("skill-%05d", i)
		skillDir := filepath.Join(dir, "skills", name)
		if err := os.MkdirAll(skillDir, 0o755); err != nil {
			return total, err
		}
		files := map[string]string{
			"SKILL.md":     skillMD(rng, name, i),
			"reference.md": reference(rng),
		}
		for f, content := range files {
			if err := os.WriteFile(filepath.Join(skillDir, f), []byte(content), 0o644); err != nil {
				return total, err
			}
			total += int64(len(content))
		}
	}
	return total, nil
}

func sentence(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(rng *rand.Rand) string {
	var b strings.Builder
	for i := 0; i < 4+rng.IntN(3); i++ {
		b.WriteString(sentence(rng, 8+rng.IntN(10)))
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String()) + "\n\n"
}

func skillMD(rng *rand.Rand, name string, i int) string {
	var b strings.Builder
	desc := fmt.Sprintf("%s %s with retries, timeouts and idempotency keys. %s Use when the user asks about %s or %s.",
		verbs[rng.IntN(len(verbs))], objects[rng.IntN(len(objects))], sentence(rng, 20),
		words[rng.IntN(len(words))], words[rng.IntN(len(words))])
	fmt.Fprintf(&b, "---\nname: %s\ndescription: %s\nallowed-tools: Read Grep Bash(go test *)\nmetadata:\n  version: \"1.%d\"\n---\n\n", name, desc, i%10)
	if i%100 == 42 { // one in a hundred: a defect
		b.WriteString("See [the missing guide](missing.md).\n\n")
	}
	fmt.Fprintf(&b, "# %s\n\n", strings.ReplaceAll(name, "-", " "))
	b.WriteString(paragraph(rng))
	b.WriteString("Read [the reference](reference.md) before changing anything.\n\n")
	for s := 1; s <= 6; s++ {
		fmt.Fprintf(&b, "## Step %d\n\n", s)
		b.WriteString(paragraph(rng))
		switch s % 3 {
		case 0:
			b.WriteString("```bash\ngo test ./... -run TestRetry -count=1\ncurl -sf http://localhost:8080/healthz\n```\n\n")
		case 1:
			b.WriteString("```json\n{\"retries\": 3, \"timeout\": \"2s\", \"idempotencyKey\": \"order-42\"}\n```\n\n")
		case 2:
			b.WriteString("```python\nfor attempt in range(3):\n    if call(timeout=2):\n        break\n```\n\n")
		}
		fmt.Fprintf(&b, "- %s\n- %s\n- See [step details](reference.md#step-%d).\n\n", sentence(rng, 6), sentence(rng, 7), (s-1)%referenceSteps+1)
	}
	return b.String()
}

// referenceSteps is how many steps reference.md details; SKILL.md links to
// their headings.
const referenceSteps = 3

func reference(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString("# Reference\n\n")
	for s := 1; s <= referenceSteps; s++ {
		fmt.Fprintf(&b, "## Step %d\n\n", s)
		b.WriteString(paragraph(rng))
	}
	return b.String()
}
