package rules

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

// Body limits from the specification and Anthropic's best practices.
const (
	bodyMaxLines  = 500
	bodyMaxTokens = 5000
	// tocMinLines is the length from which a reference file should open with
	// a table of contents (best practices: "longer than 100 lines").
	tocMinLines = 100
	// tocWindow is how many lines from the top a table of contents may start.
	tocWindow = 40
)

// estimateTokens approximates a tokenizer: about four characters a token for
// English prose and code.
func estimateTokens(text []byte) int {
	return (utf8.RuneCount(text) + 3) / 4
}

func init() {
	register(
		&analysis.Rule{
			ID: "SK201", Alias: "body-too-long", Severity: analysis.Warning,
			Summary: "SKILL.md should stay under 500 lines",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if n := s.File.Lines(); n > bodyMaxLines {
					p.Reportf(s.File, s.File.LineStart(bodyMaxLines+1), "SKILL.md has %d lines; keep it under %d and move details into files it links to", n, bodyMaxLines)
				}
			},
		},
		&analysis.Rule{
			ID: "SK202", Alias: "body-too-many-tokens", Severity: analysis.Warning,
			Summary: "SKILL.md instructions should stay under about 5,000 tokens",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				body := s.File.Src[s.Body.Start:]
				if n := estimateTokens(body); n > bodyMaxTokens {
					p.Reportf(s.File, s.Body.Start, "the body is about %d tokens (four characters a token); keep it under %d: it stays in context once loaded, and only its first 5,000 tokens survive compaction", n, bodyMaxTokens)
				}
			},
		},
		&analysis.Rule{
			ID: "SK203", Alias: "link-broken", Severity: analysis.Error,
			Summary: "local links and images must point at files of the skill",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachLink(p, s, func(d docLinks, l markdown.Link, ll localLink) {
					switch {
					case ll.kind == linkLocal && !s.Has(ll.target):
						p.Reportf(d.doc.File, l.Offset, "%s %s points at %s, which does not exist in the skill folder", linkWord(l), quote(l.Dest), ll.target)
					case ll.kind == linkOutside && inPlugin(s, ll.target) && !existsFrom(s, ll.target):
						p.Reportf(d.doc.File, l.Offset, "%s %s points at a file that does not exist in the plugin", linkWord(l), quote(l.Dest))
					}
				})
			},
		},
		&analysis.Rule{
			ID: "SK204", Alias: "link-outside-skill", Severity: analysis.Error,
			Summary: "links must stay inside the skill folder",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachLink(p, s, func(d docLinks, l markdown.Link, ll localLink) {
					if ll.kind == linkOutside && !inPlugin(s, ll.target) {
						p.Reportf(d.doc.File, l.Offset, "%s %s leaves the skill folder: a skill copied into .claude/skills/ or installed from a plugin loses it; copy the file into the skill", linkWord(l), quote(l.Dest))
					}
				})
			},
		},
		&analysis.Rule{
			ID: "SK219", Alias: "link-outside-skill-in-plugin", Severity: analysis.Warning,
			Summary: "links to other files of the plugin break when the skill folder is used alone",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachLink(p, s, func(d docLinks, l markdown.Link, ll localLink) {
					if ll.kind == linkOutside && inPlugin(s, ll.target) && existsFrom(s, ll.target) {
						p.Reportf(d.doc.File, l.Offset, "%s %s leaves the skill folder for another part of the plugin: it works when the plugin is installed, not when the skill folder is copied into .claude/skills/", linkWord(l), quote(l.Dest))
					}
				})
			},
		},
		&analysis.Rule{
			ID: "SK205", Alias: "reference-too-deep", Severity: analysis.Warning,
			Summary: "reference files should be linked directly from SKILL.md",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				depth, via := referenceDepths(s)
				for rel, d := range depth {
					if d < 2 {
						continue
					}
					by := via[rel]
					p.Reportf(s.Doc(by.from).File, by.link.Offset, "%s is reached only through %s, %d links away from SKILL.md: Claude may read nested references only partly; link it from SKILL.md", rel, by.from, d)
				}
			},
		},
		&analysis.Rule{
			ID: "SK206", Alias: "backslash-path", Severity: analysis.Warning,
			Summary: "paths use forward slashes",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				eachLink(p, s, func(d docLinks, l markdown.Link, ll localLink) {
					if ll.kind != linkSkip && ll.backslash {
						p.Reportf(d.doc.File, l.Offset, "%s %s uses backslashes; write %s, which works on every system", linkWord(l), quote(l.Dest), quote(strings.ReplaceAll(l.Dest, "\\", "/")))
					}
				})
			},
		},
		&analysis.Rule{
			ID: "SK207", Alias: "reference-no-toc", Severity: analysis.Info,
			Summary: "reference files over 100 lines should open with a table of contents",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, d := range skillDocs(s)[1:] {
					if n := d.doc.File.Lines(); n > tocMinLines && !hasTOC(d.doc) {
						p.Reportf(d.doc.File, d.doc.Start, "%s has %d lines but no table of contents near the top: Claude may preview only the start of a long file, so list its sections there", d.rel, n)
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK208", Alias: "file-unreferenced", Severity: analysis.Warning,
			Summary: "every file of a skill should be linked or mentioned somewhere",
			Skill:   checkUnreferenced,
		},
		&analysis.Rule{
			ID: "SK209", Alias: "fence-unclosed", Severity: analysis.Error,
			Summary: "code fences must be closed",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				for _, d := range skillDocs(s) {
					for _, b := range d.doc.CodeBlocks {
						if !b.Closed {
							p.Reportf(d.doc.File, b.Offset, "code block opened here is never closed: everything after it, to the end of the file, is code")
						}
					}
				}
			},
		},
		&analysis.Rule{
			ID: "SK210", Alias: "body-empty", Severity: analysis.Warning,
			Summary: "SKILL.md should have instructions after the frontmatter",
			Skill: func(p *analysis.Pass, s *skill.Skill) {
				if s.Header.Closed && len(bytes.TrimSpace(s.File.Src[s.Body.Start:])) == 0 {
					p.Reportf(s.File, s.Body.Start, "SKILL.md has no body: once Claude picks the skill it finds no instructions")
				}
			},
		},
	)
}

// inPlugin reports whether target (relative to the skill folder, leaving it)
// stays inside the plugin the skill belongs to.
func inPlugin(s *skill.Skill, target string) bool {
	if s.PluginRoot == "" || path.IsAbs(target) {
		return false
	}
	rel, err := filepath.Rel(s.PluginRoot, filepath.Join(s.Dir, filepath.FromSlash(target)))
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// existsFrom reports whether target (relative to the skill folder) exists.
func existsFrom(s *skill.Skill, target string) bool {
	_, err := os.Stat(filepath.Join(s.Dir, filepath.FromSlash(target)))
	return err == nil
}

func linkWord(l markdown.Link) string {
	switch {
	case l.Image:
		return "image"
	case l.Definition:
		return "link definition"
	}
	return "link"
}

var tocHeading = regexp.MustCompile(`(?i)\b(contents|toc|index|overview|sections)\b`)

// hasTOC reports a table of contents near the top: a heading such as
// "Contents", or two or more links to headings of the file.
func hasTOC(d *markdown.Document) bool {
	limit := d.File.LineStart(d.File.Position(d.Start).Line + tocWindow)
	for _, h := range d.Headings {
		if h.Offset < limit && tocHeading.MatchString(h.Text) {
			return true
		}
	}
	anchors := 0
	for _, l := range d.Links {
		if l.Offset < limit && strings.HasPrefix(l.Dest, "#") {
			anchors++
		}
	}
	return anchors >= 2
}

// isMetaFile reports files a skill folder may hold without linking them:
// license and readme files, dependency manifests, and dot files.
func isMetaFile(rel string) bool {
	base := strings.ToUpper(path.Base(rel))
	for _, prefix := range []string{"LICENSE", "LICENCE", "README", "CHANGELOG", "NOTICE", "COPYING", "AUTHORS", "REQUIREMENTS"} {
		if strings.HasPrefix(base, prefix) {
			return true
		}
	}
	switch base {
	case "PACKAGE.JSON", "PACKAGE-LOCK.JSON", "PYPROJECT.TOML", "GO.MOD", "GO.SUM", "CARGO.TOML", "CARGO.LOCK", "GEMFILE", "GEMFILE.LOCK", "UV.LOCK":
		return true
	}
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// checkUnreferenced reports files that nothing in the skill refers to.
func checkUnreferenced(p *analysis.Pass, s *skill.Skill) {
	for _, rel := range unreferenced(p, s, func(f layout.File) bool { return !isMetaFile(f.Rel) }) {
		p.ReportPath(path.Join(s.Dir, rel), "nothing in SKILL.md or the files it refers to mentions %s: Claude will not find it; link it from SKILL.md or remove it", rel)
	}
}

// unreferenced returns the files among those candidate selects that no
// Markdown file reachable from SKILL.md links to or mentions by path, folder
// or name. A Markdown file is reachable when a reachable file links to it or
// mentions it.
func unreferenced(p *analysis.Pass, s *skill.Skill, candidate func(layout.File) bool) []string {
	linked := map[string]bool{}
	eachLink(p, s, func(_ docLinks, _ markdown.Link, ll localLink) {
		if ll.kind == linkLocal {
			linked[ll.target] = true
		}
	})
	var candidates []string
	for _, f := range s.Files {
		if candidate(f) && !linked[f.Rel] {
			candidates = append(candidates, f.Rel)
		}
	}
	if len(candidates) == 0 {
		return nil // the common case: every file is linked from somewhere
	}
	// Reachability by links and mentions, reading each reached file once.
	reached := map[string]bool{"": true}
	reachedLinks := map[string]bool{}
	var text strings.Builder
	docs := sortedDocs(s)
	for queue := []string{""}; len(queue) > 0; {
		rel := queue[0]
		queue = queue[1:]
		d := s.Doc(rel)
		lower := strings.ToLower(string(d.File.Src))
		text.WriteString(lower)
		text.WriteByte('\n')
		for _, l := range d.Links {
			if ll := resolveLink(rel, l.Dest); ll.kind == linkLocal {
				reachedLinks[ll.target] = true
			}
		}
		// A document not reached yet is not mentioned in the text read
		// before: only the new file needs searching.
		for _, other := range docs {
			if !reached[other] && (reachedLinks[other] || mentioned(lower, other)) {
				reached[other] = true
				queue = append(queue, other)
			}
		}
	}
	all := text.String()
	var out []string
	for _, rel := range candidates {
		// A reached document is linked or mentioned in the text read.
		if !reached[rel] && !reachedLinks[rel] && !mentioned(all, rel) {
			out = append(out, rel)
		}
	}
	return out
}

// sortedDocs returns the relative paths of the skill's other Markdown files.
func sortedDocs(s *skill.Skill) []string {
	out := make([]string, 0, len(s.Docs))
	for rel := range s.Docs {
		out = append(out, rel)
	}
	sort.Strings(out)
	return out
}

// mentioned reports whether text (lower-cased) names the file, ignoring case:
// by its path, its base name, a folder it is in, or its Python module path
// ("core/gif_builder.py" as "core.gif_builder").
func mentioned(text, rel string) bool {
	rel = strings.ToLower(rel)
	if strings.Contains(text, rel) || strings.Contains(text, path.Base(rel)) {
		return true
	}
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if strings.Contains(text, dir) {
			return true
		}
	}
	if strings.HasSuffix(rel, ".py") {
		module := strings.ReplaceAll(strings.TrimSuffix(rel, ".py"), "/", ".")
		return strings.Contains(text, module)
	}
	return false
}
