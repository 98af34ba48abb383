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

func TestParseExampleReadings(t *testing.T) {
	for src, ok := range map[string]bool{
		// imports on one line, then statements
		"import \"crypto/md5\"\nhash := md5.Sum([]byte(data)) // weak\n": true,
		// composite-literal elements shown alone
		"Steps: []resource.TestStep{\n\t{\n\t\tConfig: cfg,\n\t},\n},\n":           true,
		"System: []anthropic.TextBlockParam{{Text: \"x\"}},\n":                     true,
		"{name: \"valid ID\", input: \"abc\"},\n{name: \"empty\", input: \"\"},\n": true,
		// a helper func, then the statements that use it, with no blank line
		"func ptr[T any](v T) *T { return &v }\ncfg := Config{Timeout: ptr(30)}\n": true,
		// a signature shown without its body
		"// GetUser gets a user.\nfunc GetUser(id string) (*User, error) {\n": true,
		// a comment standing for a value
		"client := /* a client for the region */\n\ninput := &ListInput{}\n": true,
		// an ellipsis standing for code that no reading removes cleanly
		"switch x {\ncase ...:\n\treturn\n}\n": true,
		// a list of signatures with their comments
		"//nolint:gocyclo // many subsystems\nfunc orchestrate() error {\n\n//nolint:funlen\nfunc TestParser(t *testing.T) {\n": true,
		// a statement, then composite-literal elements
		"check := statecheck.CompareValue(compare.ValuesSame())\n\nSteps: []resource.TestStep{\n\t{Config: cfg},\n},\n": true,
		// not Go: go.mod, SQL, another language beside Go, a comparison
		"module github.com/jdoe/payment-processor\nmodule github.com/company/cli-tool\n": true,
		"// Bad\nSELECT * FROM events LIMIT 100 OFFSET 10000\n":                          true,
		"// Go\nos.Getenv(\"DB_HOST\")\n\n// TypeScript\nconfig.get('database.url')\n":   true,
		"// ✅ Good\nx := 1\n// ❌ Bad\nx := := 1\n":                                       true,
		"go 1.21\n\nuse (\n\t./services/auth\n)\n":                                       true,
		"\"password\": schema.StringAttribute{\n\tRequired: true,\n}\n":                  true,
		"case strings.HasPrefix(path, \"/v1\"):\n\t// same auth\n":                       true,
		"// File: {target_file}_test.go\npackage {package}\n\nimport \"testing\"\n":      true,
		"// Ok(42) marshals to:\n{\"result\": 42}\n":                                     true,
		// variadic ... is Go, not a placeholder: the block stays broken
		"f(xs...)\ng(:=)\n": false,
		"x := := 1\n":       false,
	} {
		err := ParseExample(src)
		assert.Equal(t, ok, err == nil, "%q: %v", src, err)
	}
}

func TestParseExampleReportsTheRealError(t *testing.T) {
	src := "func checkout(ctx Context) error {\n\treturn nil\n}\n\n// the handler\nhandle, _ := dbos.RunWorkflow(ctx, checkout, order)\nurl, _ := dbos.GetEventstring, \"paymentURL\", 300*time.Second)\n"
	err := ParseExample(src)
	if assert.NotNil(t, err) {
		assert.Equal(t, 7, err.Line, "%v", err)
	}
}
