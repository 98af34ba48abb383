package links

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/internal/discover"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
)

var testRule = &analysis.Rule{ID: "SK299", Alias: "test", Severity: analysis.Warning, Summary: "test"}

// loadSkills writes files (relative path to content) under a new folder and
// loads the skills found there.
func loadSkills(t testing.TB, files map[string]string) []*skill.Skill {
	root := t.TempDir()
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	found, err := discover.Walk(context.Background(), []string{root}, discover.Options{})
	require.NoError(t, err)
	var out []*skill.Skill
	for _, sd := range found.Skills {
		out = append(out, skill.Load(sd, skill.Options{}))
	}
	return out
}

func all(layout.File) bool { return true }

// TestUnreferencedAgreesWithNaiveSearch compares Unreferenced with the
// search it replaced (one strings.Contains per file and name over the text
// read) on random skills whose names overlap, nest and are mentioned in
// pieces.
func TestUnreferencedAgreesWithNaiveSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	names := []string{"a.md", "b.md", "ab.md", "x.py", "run.sh", "A.MD", "data.json", ".py", "notes.txt"}
	dirs := []string{"", "a/", "b/", "a/b/", "ref/", "core/"}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	files := map[string]string{}
	for i := range 150 {
		skillDir := fmt.Sprintf("s%03d/", i)
		var rels []string
		for range 1 + rng.IntN(12) {
			rels = append(rels, pick(dirs)+pick(names))
		}
		text := func() string {
			var b strings.Builder
			for range rng.IntN(8) {
				switch rel := pick(rels); rng.IntN(5) {
				case 0:
					fmt.Fprintf(&b, "See [it](%s).\n", rel)
				case 1:
					fmt.Fprintf(&b, "Run `%s` now.\n", strings.ToUpper(rel))
				case 2:
					fmt.Fprintf(&b, "In %s there is more.\n", path.Dir(rel))
				case 3:
					fmt.Fprintf(&b, "Import core.%s.\n", strings.TrimSuffix(path.Base(rel), ".py"))
				default:
					b.WriteString(pick(names)[:2] + " words\n")
				}
			}
			return b.String()
		}
		files[skillDir+"SKILL.md"] = "---\nname: s\n---\n\n" + text()
		for _, rel := range rels {
			// Markdown, and now and then a script or data file, mentions
			// other files; read in turn, what it mentions is referenced.
			if strings.HasSuffix(strings.ToLower(rel), ".md") || rng.IntN(4) == 0 {
				files[skillDir+rel] = text() + "x\n"
			} else {
				files[skillDir+rel] = "x\n"
			}
		}
	}
	skills := loadSkills(t, files)
	require.Len(t, skills, 150)
	var count, unreferenced int
	for _, s := range skills {
		p := analysis.NewPass(testRule, analysis.Settings{Profile: analysis.ClaudeCode}, analysis.Warning, func(analysis.Diagnostic) {}, nil)
		want := unreferencedNaive(s, all)
		require.Equal(t, want, Unreferenced(p, s, all), s.Dir)
		count += len(s.Files)
		unreferenced += len(want)
	}
	assert.Greater(t, unreferenced, count/20, "the skills have unreferenced files")
	assert.Less(t, unreferenced, count*9/10, "the skills have referenced files")
}

// bigSkill writes and loads one skill folder of n files under src, lib and
// vendor: SKILL.md mentions src/ and, by name, every seventh file of lib;
// nothing mentions vendor.
func bigSkill(tb testing.TB, n int) *skill.Skill {
	files := map[string]string{}
	var body strings.Builder
	body.WriteString("---\nname: big\n---\n\nThe scripts are in src/ and [the guide](guide.md).\n")
	for i := range n {
		dir := []string{"src", "lib", "vendor"}[i%3]
		files[fmt.Sprintf("big/%s/m%02d/file%05d.js", dir, i%50, i)] = ""
		if i%3 == 1 && i%7 == 0 {
			fmt.Fprintf(&body, "Then file%05d.js does the rest.\n", i)
		}
	}
	files["big/SKILL.md"] = body.String()
	files["big/guide.md"] = "# Guide\n\nThe helpers are bundled.\n"
	skills := loadSkills(tb, files)
	require.Len(tb, skills, 1)
	return skills[0]
}

// TestUnreferencedTwentyThousandFiles checks one skill folder of 20,000
// files (bigSkill) and that the search read the Markdown once: its work is
// bounded by the length of the text and of the names, where a search per
// file would take 20,000 times the text.
func TestUnreferencedTwentyThousandFiles(t *testing.T) {
	s := bigSkill(t, 20000)
	got := Unreferenced(analysis.NewPass(testRule, analysis.Settings{Profile: analysis.ClaudeCode}, analysis.Warning, func(analysis.Diagnostic) {}, nil), s, all)
	want := 0
	for i := range 20000 {
		if i%3 == 2 || i%3 == 1 && i%7 != 0 {
			want++
		}
	}
	assert.Equal(t, want, len(got))

	var rels []string
	for _, f := range s.Files {
		rels = append(rels, f.Rel)
	}
	r := newReach(s, rels)
	r.run()
	var length int
	for _, rel := range r.names {
		for _, n := range mentions(rel) {
			length += len(n)
		}
	}
	text := len(s.File.Src) + len(s.Docs["guide.md"].File.Src)
	assert.LessOrEqual(t, r.matcher.steps, text+2*length, "work grows with the text and the names, not their product")
}

// BenchmarkUnreferenced finds the unreferenced files of skill folders of
// 5,000 and 20,000 files (bigSkill): the time per file stays the same.
func BenchmarkUnreferenced(b *testing.B) {
	for _, n := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			s := bigSkill(b, n)
			p := analysis.NewPass(testRule, analysis.Settings{Profile: analysis.ClaudeCode}, analysis.Warning, func(analysis.Diagnostic) {}, nil)
			for b.Loop() {
				Unreferenced(p, s, all) // no shared store: computed every time
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
	}
}

// unreferencedNaive is the search Unreferenced replaced: the text of each
// reachable file is searched for every file's names, and at the end the
// text of all of them for every candidate (quadratic).
func unreferencedNaive(s *skill.Skill, candidate func(layout.File) bool) []string {
	linked := map[string]bool{}
	for _, d := range Docs(s) {
		for _, l := range d.Doc.Links {
			if ll := Resolve(d.Rel, l.Dest); ll.Kind == Inside {
				linked[ll.Path] = true
			}
		}
	}
	var candidates []string
	for _, f := range s.Files {
		if candidate(f) && !linked[f.Rel] {
			candidates = append(candidates, f.Rel)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	reached := map[string]bool{"": true}
	reachedLinks := map[string]bool{}
	var mdText, otherText strings.Builder // what reached Markdown and other files say
	docs := slices.Clone(s.DocPaths())
	others := map[string][]byte{} // text files that are not Markdown
	for _, tf := range s.Texts() {
		if tf.Doc == nil {
			others[tf.Rel] = tf.File.Src
			docs = append(docs, tf.Rel)
		}
	}
	queue := []string{""}
	for _, m := range agentManifests {
		if _, ok := others[m]; ok {
			reached[m] = true
			queue = append(queue, m)
		}
	}
	for len(queue) > 0 {
		rel := queue[0]
		queue = queue[1:]
		src, filesOnly, text := others[rel], true, &otherText
		if d := s.Doc(rel); d != nil {
			src, filesOnly, text = d.File.Src, false, &mdText
			for _, l := range d.Links {
				if ll := Resolve(rel, l.Dest); ll.Kind == Inside {
					reachedLinks[ll.Path] = true
				}
			}
		}
		lower := strings.ToLower(string(src))
		text.WriteString(lower)
		text.WriteByte('\n')
		for _, other := range docs {
			if !reached[other] && (reachedLinks[other] || mentionedNaive(lower, other, filesOnly)) {
				reached[other] = true
				queue = append(queue, other)
			}
		}
	}
	var out []string
	for _, rel := range candidates {
		if !reached[rel] && !reachedLinks[rel] && !mentionedNaive(mdText.String(), rel, false) && !mentionedNaive(otherText.String(), rel, true) {
			out = append(out, rel)
		}
	}
	return out
}

func mentionedNaive(text, rel string, filesOnly bool) bool {
	folders := folderMentions(rel)
	for _, n := range mentions(rel) {
		if filesOnly && folders[n] {
			continue
		}
		if strings.Contains(text, n) {
			return true
		}
	}
	return false
}
