package components_test

import (
	"testing"

	"github.com/skillcheck-dev/skillcheck/lint/checks/components"
	"github.com/skillcheck-dev/skillcheck/lint/internal/checktest"
)

func TestFixtures(t *testing.T) { checktest.Run(t, "testdata") }

func TestEveryRuleHasFixtures(t *testing.T) { checktest.Coverage(t, components.Rules, "testdata") }
