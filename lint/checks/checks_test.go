package checks_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/checks"
)

func TestRuleSetIsValid(t *testing.T) {
	all := checks.All()
	require.NoError(t, all.Validate())
	for i := 1; i < len(all); i++ {
		assert.Less(t, all[i-1].ID, all[i].ID, "rules are kept in ID order")
	}
	all[0] = nil
	assert.NotNil(t, checks.All()[0], "All hands out a copy")
}
