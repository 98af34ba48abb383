package schema_test

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/skillcheck-dev/skillcheck/reference/events"
	"github.com/skillcheck-dev/skillcheck/reference/events/orders"
	"github.com/skillcheck-dev/skillcheck/reference/events/schema"
)

func registry(t testing.TB) *schema.Registry {
	t.Helper()
	reg, err := orders.Registry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

const validV2 = `{
	"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
	"customer": {"email": "ada@example.com"},
	"total": {"amount_cents": 1250, "currency": "EUR"},
	"lines": [{"sku": "BOOK-1", "quantity": 2}]
}`

func TestValidateNamesTheFields(t *testing.T) {
	reg := registry(t)
	if err := reg.ValidateData(orders.CreatedV2, []byte(validV2)); err != nil {
		t.Fatalf("valid data rejected: %v", err)
	}
	tests := []struct {
		name  string
		data  string
		paths []string
	}{
		{"missing nested required", `{"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "customer": {}, "total": {"amount_cents": 1, "currency": "EUR"}, "lines": [{"sku": "AB-1", "quantity": 1}]}`,
			[]string{"/customer/email"}},
		{"format email asserted", `{"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "customer": {"email": "not-an-email"}, "total": {"amount_cents": 1, "currency": "EUR"}, "lines": [{"sku": "AB-1", "quantity": 1}]}`,
			[]string{"/customer/email"}},
		{"format uuid asserted", `{"order_id": "42", "customer": {"email": "a@b.example"}, "total": {"amount_cents": 1, "currency": "EUR"}, "lines": [{"sku": "AB-1", "quantity": 1}]}`,
			[]string{"/order_id"}},
		{"enum and array item", `{"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "customer": {"email": "a@b.example"}, "total": {"amount_cents": 1, "currency": "CHF"}, "lines": [{"sku": "AB-1", "quantity": 1}, {"sku": "x", "quantity": 0}]}`,
			[]string{"/total/currency", "/lines/1/sku", "/lines/1/quantity"}},
		{"several missing at the root", `{"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}`,
			[]string{"/customer", "/total", "/lines"}},
		{"wrong type", `{"order_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "customer": {"email": "a@b.example"}, "total": {"amount_cents": "12", "currency": "EUR"}, "lines": []}`,
			[]string{"/total/amount_cents", "/lines"}},
		{"not JSON", `{"order_id":`, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := reg.ValidateData(orders.CreatedV2, []byte(tt.data))
			var verr *schema.ValidationError
			if !errors.As(err, &verr) || !errors.Is(err, schema.ErrInvalidData) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			var paths []string
			for _, f := range verr.Fields {
				paths = append(paths, f.Path)
				if f.Message == "" {
					t.Errorf("%s: empty message", f.Path)
				}
			}
			if !sameSet(paths, tt.paths) {
				t.Fatalf("paths = %q, want %q\n%v", paths, tt.paths, err)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestValidateEvent(t *testing.T) {
	reg := registry(t)
	e, err := events.New(orders.Source, "1", orders.CreatedV2, time.Now(), []byte(validV2))
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Stamp(&e); err != nil {
		t.Fatal(err)
	}
	if e.DataSchema != "https://schemas.example.com/events/com.example.order.created.v2.json" {
		t.Fatalf("dataschema = %q", e.DataSchema)
	}
	e.DataSchema = "https://schemas.example.com/events/com.example.order.created.v1.json"
	if err := reg.Validate(e); !errors.Is(err, schema.ErrSchemaMismatch) {
		t.Fatalf("mismatched dataschema: %v", err)
	}
	e.Type = "com.example.order.deleted.v1"
	if err := reg.Validate(e); !errors.Is(err, schema.ErrUnknownType) {
		t.Fatalf("unknown type: %v", err)
	}
	if err := reg.Stamp(&e); !errors.Is(err, schema.ErrUnknownType) {
		t.Fatalf("Stamp of unknown type: %v", err)
	}
	if got := reg.Types(); !reflect.DeepEqual(got, []string{orders.CreatedV1, orders.CreatedV2}) {
		t.Fatalf("Types() = %q", got)
	}
	src, err := reg.Source(orders.CreatedV1)
	if err != nil || len(src) == 0 {
		t.Fatalf("Source: %v", err)
	}
}

func TestLoadRejects(t *testing.T) {
	for _, dir := range []string{"bad-id", "bad-name", "empty"} {
		if _, err := schema.Load(os.DirFS("testdata"), dir); err == nil {
			t.Errorf("Load(%s) succeeded", dir)
		}
	}
}

// BenchmarkValidate measures validating the data of one order created v2
// event. impl=schema is Registry.ValidateData (parse and validate, format
// assertions on); impl=decode is the anchor, decoding the same bytes with
// encoding/json into an any, which every consumer pays anyway. data=invalid
// has three errors, so it includes building the *ValidationError.
func BenchmarkValidate(b *testing.B) {
	reg := registry(b)
	invalid := []byte(`{"order_id": "42", "customer": {"email": "nope"}, "total": {"amount_cents": -1, "currency": "EUR"}, "lines": [{"sku": "BOOK-1", "quantity": 2}]}`)
	for _, data := range []struct {
		name string
		doc  []byte
	}{{"valid", []byte(validV2)}, {"invalid", invalid}} {
		b.Run("data="+data.name+"/impl=schema", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := reg.ValidateData(orders.CreatedV2, data.doc); (err == nil) != (data.name == "valid") {
					b.Fatal(err)
				}
			}
		})
		b.Run("data="+data.name+"/impl=decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				if err := json.Unmarshal(data.doc, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
