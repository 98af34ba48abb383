package config

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// TestSampleWritesEverySetting fails when a setting is added without its
// explanation in the sample file.
func TestSampleWritesEverySetting(t *testing.T) {
	var doc map[string]any
	require.NoError(t, yaml.Unmarshal(Sample(".", &layout.Layout{}, ""), &doc))
	var keys []string
	for k := range doc {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	assert.Equal(t, settingNames(), keys)
}
