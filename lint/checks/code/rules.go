package code

import (
	"embed"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

//go:embed docs/*.md
var docs embed.FS

// Rules are the family's rules, in ID order, each with its documentation
// from docs/<ID>.md.
var Rules = analysis.Documented(docs,
	goTypeError,
	goVet,
	goSyntax,
	goNotGofmt,
	goCompileFailCompiles,
	goImportUnavailable,
	codeBlockAttribute,
	goToolchainMissing,
	codeBlockFileName,
	jsonInvalid,
	jsonSchemaInvalid,
	yamlBlockInvalid,
	shellSyntax,
	listingDrift,
	listingSourceMissing,
	fileDrift,
	referenceMissing,
	referenceTestsFail,
)
