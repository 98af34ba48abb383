// Package codecheck type-checks the Go code blocks of skills, runs go vet on
// them, and runs the tests of the reference packages skills name — all of a
// run's blocks with one go/packages load and one go vet invocation, never one
// toolchain call per block.
//
// The blocks of one skill that share a package clause form a snippet package.
// Each is written to a folder of a temporary module that requires the module
// containing the skill and the other modules of its Go workspace (each
// replaced by its folder) and everything they require, so a snippet imports
// the module's packages and dependencies as the module's own code does;
// nothing is written into the module, and the temporary module is always
// removed. Outside a module the temporary module is empty. The packages the
// snippets import are loaded from export data in one go/packages call, and
// the snippets are type-checked in this process, so no snippet is compiled.
// The toolchain runs in the user's environment (GOPROXY, GOFLAGS,
// GOMODCACHE) with -mod=readonly, CGO_ENABLED=0 and GOTOOLCHAIN=local (the
// snippet module with GOWORK=off), under a timeout: it downloads only the
// modules the skills' own go.mod files require (none with Options.Offline,
// which sets GOPROXY=off), never changes a module file, and no snippet code
// ever runs (type-checking and vet only read it). Reference tests run in
// the module's own folder and workspace, as its developer runs them.
//
// Results are cached by content in the user cache directory, keyed by the
// skillcheck build, the toolchain version, the module's go.mod, go.sum and Go
// sources, and the snippet package's files, so an unchanged pack is checked
// again without the toolchain. A result that depends on the environment (a
// module that could not be downloaded) is never cached.
package toolchain
