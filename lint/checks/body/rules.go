package body

import (
	"embed"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
)

//go:embed docs/*.md
var docs embed.FS

// Rules are the family's rules, in ID order, each with its documentation
// from docs/<ID>.md.
var Rules = analysis.Documented(docs,
	bodyTooLong,
	bodyTooManyTokens,
	linkBroken,
	linkOutsideSkill,
	referenceTooDeep,
	backslashPath,
	referenceNoToc,
	fileUnreferenced,
	fenceUnclosed,
	bodyEmpty,
	skillFileCase,
	skillFolderWithoutSkillFile,
	singleFileSkill,
	noSkills,
	symlinkLoop,
	fileUnreadable,
	folderUnreadable,
	uploadTooLarge,
	linkOutsideSkillInPlugin,
	lineEndings,
	linkAnchorMissing,
	markdownTooDeep,
	SkillTimeBudget,
	FolderTooLarge,
	skillCopiesDiffer,
	argumentIndexUndeclared,
	claudeVariableUnknown,
	pluginVariableOutsidePlugin,
	injectionNotAllowed,
)
