package metadata

import (
	"embed"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

//go:embed docs/*.md
var docs embed.FS

// Rules are the family's rules, in ID order, each with its documentation
// from docs/<ID>.md.
var Rules = analysis.Documented(docs,
	frontmatterMissing,
	frontmatterUnclosed,
	frontmatterAfterBOM,
	frontmatterNotFirst,
	frontmatterCutShort,
	yamlInvalid,
	yamlNeedsRepair,
	yamlNotMapping,
	yamlTooComplex,
	yamlDuplicateKey,
	keyUnknown,
	keyClaudeCodeOnly,
	nameMissing,
	nameType,
	nameTooLong,
	nameFormat,
	nameFolderMismatch,
	nameReservedWord,
	folderNameReserved,
	descriptionMissing,
	descriptionType,
	descriptionTooLong,
	descriptionCutInListing,
	descriptionXml,
	descriptionVoice,
	descriptionMultiline,
	descriptionNoTrigger,
	licenseType,
	compatibilityInvalid,
	metadataType,
	metadataValues,
	toolsType,
	toolsSyntax,
	toolsNotPortable,
	toolsMisspelled,
	booleanField,
	stringField,
	modelValue,
	enumField,
	forkOnlyField,
	agentValue,
	pathsValue,
	argumentsValue,
	hooksValue,
)
