package security

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMadeOfWords(t *testing.T) {
	for v, want := range map[string]bool{
		"generate-with-openssl-rand-base64-32":      true,
		"sk-or-v1-project2-key":                     true,
		"mySecretPassword123":                       true,
		"securePassword123":                         true,
		"hardcoded-api-key-12345678":                true,
		"pk_dev_12345_ABCDEF":                       true,
		"R4d1u5_S3cr3t_K3y":                         true,
		"base64encodedhmac":                         true,
		"env.R2_ACCESS_KEY_ID":                      true,
		"seu_token_secreto_256chars_max":            true,
		"qgg8vlvZRS6UYooatFL8Aw":                    false,
		"0dad551ec0f84ed02907ff5c42e8ec70":          false,
		"MOJRH0mkL1IPauahWITSVvyDrQbEEIwljvmxdq03":  false,
		"a208bddb1f68aa8a8641b65d93979740c82fb387":  false,
		"Xk29fLqPz8mW3nRt7VbC":                      false,
		"sk-or-v1-9f8e7d6c5b4a39281706f5e4d3c2b1a0": false,
	} {
		assert.Equal(t, want, madeOfWords(v), v)
	}
	assert.True(t, encodedWords("bXlTZWNyZXRQYXNzd29yZA=="))
	assert.True(t, encodedWords("dG9rOmRldl90b2tlbl9oZXJl"))
	assert.False(t, encodedWords("MOJRH0mkL1IPauahWITSVvyDrQbEEIwljvmxdq03"))
	assert.True(t, modifiedKey("plainToken"))
	assert.True(t, modifiedKey("encryptedToken"))
	assert.True(t, modifiedKey("next_page_token"))
	assert.False(t, modifiedKey("accessToken"))
	assert.False(t, modifiedKey("client_secret"))
}

func TestUnderBadMarker(t *testing.T) {
	src := []byte("# KÖTÜ: sabit parola\npassword: x1\n\n# İYİ\npassword: ${DB_PASSWORD}\nother: y\n")
	assert.True(t, underBadMarker(src, bytes.Index(src, []byte("x1"))))
	assert.False(t, underBadMarker(src, bytes.Index(src, []byte("${DB"))))
}

func TestControlNames(t *testing.T) {
	assert.Equal(t, "U+0018 CANCEL", describeRune(0x18))
	assert.Equal(t, "U+0008 BACKSPACE", describeRune(0x08))
	assert.Equal(t, "U+0085 control character", describeRune(0x85))
}
