package security

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/msg"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/checks/internal/links"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// instructionInData is SK750: reference and data files should not address the model with injection phrases. Documented in docs/SK750.md.
var instructionInData = &analysis.Rule{
	ID: "SK750", Alias: "instruction-in-data", Severity: analysis.Warning,
	Summary: "data files should not address the model with injection phrases",
	Skill:   checkInstructionInData,
}

func checkInstructionInData(p *analysis.Pass, s *skill.Skill) {
	c := newCapped(p, "injection phrases")
	report := func(f *source.File, text []byte, base int, prose bool, where string) {
		eachInjection(text, prose, func(start, end int) {
			if quotedMention(text, start, end) || catalogued(text, start) {
				return
			}
			phrase := strings.Join(strings.Fields(string(text[start:end])), " ")
			c.report(f, base+start, 1, "%s %s reads as an order to the model: Claude reads this as data, and text like this is how prompt injection takes over; remove it, or if it is an example, say so", msg.Quote(phrase), where)
		})
	}
	for _, c := range s.Body.Comments {
		if !strings.HasPrefix(c.Text, "skillcheck-") {
			report(s.File, s.File.Src[c.Offset:c.End], c.Offset, true, "in an HTML comment of SKILL.md (hidden when rendered)")
		}
	}
	for _, tf := range s.Texts()[1:] { // SKILL.md comes first
		if aboutAttacks(tf.Rel) {
			continue // the skill studies prompt injection; its files quote it
		}
		if !dataFile(tf.Rel) {
			continue // the skill's own instructions, references and code, not data
		}
		report(tf.File, tf.File.Src, 0, prose(tf.Rel), "in "+tf.Rel)
	}
	c.done()
}

// dataExts are the extensions of files Claude reads as data rather than as
// the skill's instructions: tables, payloads, plain text, fetched pages.
var dataExts = map[string]bool{
	".csv": true, ".tsv": true, ".json": true, ".jsonl": true, ".ndjson": true, ".txt": true, ".xml": true,
	".html": true, ".htm": true, ".log": true,
}

// dataDirs are folders whose files are data the skill works on, whatever
// their extension.
var dataDirs = []string{"assets", "data", "datasets", "samples", "corpus"}

// dataFile reports a file Claude reads as data: one with a data extension,
// or one in a data folder. The skill's Markdown references and its scripts
// are its author's instructions and code, not data.
func dataFile(rel string) bool {
	if dataExts[strings.ToLower(path.Ext(rel))] {
		return true
	}
	for _, dir := range strings.Split(path.Dir(strings.ToLower(rel)), "/") {
		if slices.Contains(dataDirs, dir) {
			return true
		}
	}
	return false
}

// attackWords name, in a file's path, the study of attacks: a skill that
// detects or tests prompt injection keeps its phrases in such files.
var attackWords = []string{"injection", "jailbreak", "payload", "attack", "threat", "poison", "exploit", "redteam",
	"red-team", "red_team", "adversarial", "security", "scanner", "canary"}

// aboutAttacks reports a file whose path says it is about attacks.
func aboutAttacks(rel string) bool {
	lower := strings.ToLower(rel)
	for _, w := range attackWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// prose reports a file read as text or data, where secrecy phrases address
// a reader; in source code they are the developer's comments about what the
// program shows its user.
func prose(rel string) bool {
	return !links.SourceCode(rel)
}

// catalogued reports a phrase listed as data: in a Markdown table row, or
// as an item of a list of strings in code (a line that starts with a quote).
func catalogued(text []byte, start int) bool {
	line := bytes.TrimLeft(text[bytes.LastIndexByte(text[:start], '\n')+1:start], " \t")
	return len(line) > 0 && (line[0] == '|' || line[0] == '"' || line[0] == '\'')
}
