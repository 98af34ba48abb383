package gocode

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseExample(t *testing.T) {
	for src, ok := range map[string]bool{
		"x := 1\n": true,
		"type Config struct {\n\tName string\n}\n\ncfg := Config{Name: \"x\"}\nfmt.Println(cfg)\n": true,
		"func main() {\n\t...\n}\n":               true,
		"client := api.New(<token>)\n":            true,
		"Name string `json:\"name\"`\nAge  int\n": true,
		"Get(ctx context.Context) error\n":        true,
		"if err != nil {\n\treturn …\n}\n":        true,
		"func broken( {\n":                        false,
		"x := := 1\n":                             false,
	} {
		err := ParseExample(src)
		assert.Equal(t, ok, err == nil, "%q: %v", src, err)
	}
}
