package metadata

import (
	"testing"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/models"
	"github.com/stretchr/testify/assert"
)

func TestEveryDocumentedKeyIsDescribed(t *testing.T) {
	keys := Keys()
	assert.Len(t, keys, len(documentedKeys))
	assert.Len(t, keyDocs, len(documentedKeys), "no description of a key that is not documented")
	for _, k := range keys {
		assert.NotEmpty(t, k.Doc, k.Name)
		if k.Name == "model" {
			for _, v := range k.Values {
				assert.True(t, models.Valid(v), "SK1xx accepts the model offered, %s", v)
			}
		}
	}
	assert.True(t, keys[0].Portable, "name")
	assert.Equal(t, []string{"true", "false"}, keys[5].Values, keys[5].Name)
}
