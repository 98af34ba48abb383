package schema

import (
	"errors"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// ErrInvalidData matches every *ValidationError with errors.Is.
var ErrInvalidData = errors.New("schema: data does not match the schema")

// ValidationError reports why the data of an event does not conform to the
// schema of its type.
type ValidationError struct {
	// Type is the event type whose schema was applied.
	Type string
	// Fields lists every failure, sorted by path.
	Fields []FieldError
}

// FieldError is one failure at one place in the data.
type FieldError struct {
	// Path is a JSON pointer (RFC 6901) to the offending value: "" is the
	// whole document, "/lines/0/sku" the sku of the first line. For a missing
	// required property and for an additional property that the schema does
	// not allow, it points at that property.
	Path string
	// Message says what is wrong, in the words of the validator.
	Message string
}

// Error lists the failures as "path: message", separated by "; ".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("schema: invalid ")
	b.WriteString(e.Type)
	b.WriteString(" data: ")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	return b.String()
}

// Is reports whether target is ErrInvalidData.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidData }

// String returns "path: message", with "(root)" for the empty path.
func (f FieldError) String() string {
	p := f.Path
	if p == "" {
		p = "(root)"
	}
	return p + ": " + f.Message
}

var printer = message.NewPrinter(language.English)

// fieldErrors flattens the leaves of the validator's error tree. Missing and
// additional properties get one entry each, at their own path.
func fieldErrors(e *jsonschema.ValidationError, out []FieldError) []FieldError {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			out = fieldErrors(c, out)
		}
		return out
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, p := range k.Missing {
			out = append(out, FieldError{Path: pointer(slices.Concat(e.InstanceLocation, []string{p})), Message: "required property is missing"})
		}
	case *kind.AdditionalProperties:
		for _, p := range k.Properties {
			out = append(out, FieldError{Path: pointer(slices.Concat(e.InstanceLocation, []string{p})), Message: "property is not allowed by the schema (additionalProperties)"})
		}
	default:
		out = append(out, FieldError{Path: pointer(e.InstanceLocation), Message: e.ErrorKind.LocalizedString(printer)})
	}
	return out
}

// pointer encodes tokens as a JSON pointer.
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}
