package ruledoc_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/internal/ruledoc"
	"github.com/skillcheck-dev/skillcheck/lint/checks"
)

// TestRulesReferenceIsCurrent fails when docs/rules.md no longer matches the
// rule registry.
func TestRulesReferenceIsCurrent(t *testing.T) {
	have, err := os.ReadFile("../../docs/rules.md")
	require.NoError(t, err)
	if string(have) != ruledoc.Markdown(checks.All()) {
		t.Fatal("docs/rules.md is stale; run: go run ./cmd/skillcheck rules --format markdown > docs/rules.md")
	}
}

func TestEveryRuleDocumentsWhyAndFix(t *testing.T) {
	for _, r := range checks.All() {
		doc := ruledoc.Rule(r)
		assert.Contains(t, doc, "**Why.**", r.ID)
		if !r.Engine {
			assert.Contains(t, doc, "**Fix.**", r.ID)
		}
		assert.False(t, strings.Contains(r.Summary, "\n"), r.ID)
	}
}
