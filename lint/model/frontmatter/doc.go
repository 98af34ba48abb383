// Package frontmatter reads the YAML header of a SKILL.md file twice: as its
// author meant it, and as Claude Code reads it.
//
// The author's reading uses github.com/adrg/frontmatter: an opening "---" line,
// YAML, a closing "---" line. Claude Code's reading follows the loader shipped
// in Claude Code (see ../shared/peer-findings.md §6.1 in the project's design
// notes): the header must start at byte 0 (a byte order mark or a blank first
// line means no header), it ends at the first "---" anywhere, even inside a
// value, and when the YAML does not parse the loader retries after quoting
// top-level values that contain special characters and turning leading tabs
// into spaces. Where the two readings differ the skill loses metadata without
// any error, which is what the lint rules built on this package report.
//
// YAML is parsed with go.yaml.in/yaml/v3 into nodes, so every key, value and
// error has a line and column in the Markdown file. Alias expansion and nesting
// are bounded; a header that exceeds the bounds is reported, never expanded.
package frontmatter
