// Package codecheck type-checks the Go code blocks of skills with the Go
// toolchain, runs go vet on them, and runs the tests of the reference
// packages skills name — all of a run's blocks in one go/packages load and one
// go vet invocation, never one per block.
//
// The blocks of one skill that share a package clause form a snippet package.
// Each is placed, through a go/packages overlay, in a folder of the module
// that contains the skill that exists only in the overlay, so it can import
// the module's own packages and its dependencies; nothing is written into the
// module. Outside a module the packages go into a temporary module that is
// always removed. The toolchain runs with GOPROXY=off, GOFLAGS=-mod=readonly,
// CGO_ENABLED=0, GOTOOLCHAIN=local and GOWORK=off, under a timeout: it never
// downloads anything, and no snippet code ever runs (type-checking and vet
// only read it).
//
// Results are cached by content in the user cache directory, keyed by the
// skillcheck build, the toolchain version, the module's go.mod, go.sum and Go
// sources, and the snippet package's files, so an unchanged pack is checked
// again without the toolchain.
package codecheck
