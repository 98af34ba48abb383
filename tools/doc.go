// Package tools holds no code: its module pins the code generators the
// workspace runs with `go tool` (oapi-codegen for reference/rest/userclient),
// so that no module a service imports depends on them.
package tools
