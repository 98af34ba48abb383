package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// The shapes below are the folders that make linting slow in the wild, as
// found in public skill repositories: a repository whose root holds a
// SKILL.md, a monorepo of thousands of skills in plugins, and deep trees.

// writer writes the files of one generated tree and counts their bytes.
type writer struct {
	dir   string
	rng   *rand.Rand
	bytes int64
	err   error
}

func newWriter(dir string, seed uint64) *writer {
	return &writer{dir: dir, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// file writes content at rel (forward slashes) with the given permissions.
func (w *writer) file(rel, content string, perm os.FileMode) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(rel))
	if w.err = os.MkdirAll(filepath.Dir(p), 0o755); w.err != nil {
		return
	}
	w.err = os.WriteFile(p, []byte(content), perm)
	w.bytes += int64(len(content))
}

// binary returns n bytes that look like a compressed image: random, with
// NUL bytes.
func (w *writer) binary(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(w.rng.UintN(256))
	}
	copy(b, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	return string(b)
}

// GenerateRepoSkill writes, under dir/app, a repository with a SKILL.md at
// its root, as an application that ships a skill for itself does: files
// files in all. An eighth of them are Markdown guides of about 10 KB that
// SKILL.md reaches through docs/index.md; the rest are source files (one in
// four named in a guide), tests, images, vendored minified JavaScript,
// shell scripts and a CI workflow, plus a node_modules folder that discovery
// skips. With 3,600 files it is about 36 MB, like the largest such
// repository of the public corpus (3,602 files, 49 MB), and with SK224 off
// its tests, images, vendored files and the sources no guide names are
// reported as unreferenced. It returns the bytes written.
func GenerateRepoSkill(dir string, files int, seed uint64) (int64, error) {
	w := newWriter(filepath.Join(dir, "app"), seed)
	var skill strings.Builder
	skill.WriteString("---\nname: app\ndescription: Drives the app's browser automation from the command line. Use when the user asks to test or script the app in a browser.\n---\n\n# App\n\n")
	skill.WriteString(paragraph(w.rng))
	skill.WriteString("Start with [the guides](docs/index.md); the build scripts are in scripts/.\n\n")
	skill.WriteString("```bash\nscripts/step-0.sh && scripts/step-1.sh\n```\n")
	w.file("SKILL.md", skill.String(), 0o644)
	w.file("README.md", "# App\n\n"+paragraph(w.rng), 0o644)
	w.file("LICENSE", "MIT License\n", 0o644)
	w.file("package.json", `{"name": "app", "version": "1.0.0", "scripts": {"test": "vitest"}}`+"\n", 0o644)
	w.file(".github/workflows/ci.yml", "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n", 0o644)
	for i := 0; i < 10; i++ {
		w.file(fmt.Sprintf("scripts/step-%d.sh", i), "#!/bin/sh\nset -eu\nnpm run build -- --step "+fmt.Sprint(i)+"\n", 0o755)
	}
	for i := 0; i < 300; i++ {
		w.file(fmt.Sprintf("node_modules/dep-%d/index.js", i), "module.exports = {};\n", 0o644)
	}
	guides := files / 8
	var index strings.Builder
	index.WriteString("# Guides\n\n")
	var sources []string
	for i := 0; i < files-guides-16; i++ {
		switch i % 20 {
		case 0:
			w.file(fmt.Sprintf("assets/img-%04d.png", i), w.binary(20<<10+w.rng.IntN(40<<10)), 0o644)
		case 1:
			w.file(fmt.Sprintf("vendor/lib-%04d.min.js", i), minified(w.rng, 150<<10), 0o644)
		case 2, 3, 4:
			w.file(fmt.Sprintf("tests/mod%02d/case_%04d.py", i%30, i), python(w.rng, i), 0o644)
		default:
			rel := fmt.Sprintf("src/mod%02d/part%02d/file_%04d.ts", i%40, i%7, i)
			w.file(rel, typescript(w.rng, i), 0o644)
			sources = append(sources, rel)
		}
	}
	for i := 0; i < guides; i++ {
		fmt.Fprintf(&index, "- [Guide %d](guide-%03d.md)\n", i, i)
		var g strings.Builder
		fmt.Fprintf(&g, "# Guide %d\n\n", i)
		for p := 0; p < 8; p++ {
			g.WriteString(paragraph(w.rng))
			if k := i*8 + p; k%2 == 0 && k/2 < len(sources) {
				fmt.Fprintf(&g, "See %s for the details.\n\n", sources[k/2])
			}
		}
		w.file(fmt.Sprintf("docs/guide-%03d.md", i), g.String(), 0o644)
	}
	w.file("docs/index.md", index.String(), 0o644)
	return w.bytes, w.err
}

// GenerateMonorepo writes a marketplace of plugins holding skills skills,
// twenty to a plugin, each a SKILL.md that links three reference files in
// references/ and names a script in scripts/, about 6 KB a skill. The
// skills lint clean. It returns the bytes written.
func GenerateMonorepo(dir string, skills int, seed uint64) (int64, error) {
	w := newWriter(dir, seed)
	var plugins []string
	for i := 0; i < skills; i++ {
		plugin := fmt.Sprintf("pack-%03d", i/20)
		if i%20 == 0 {
			plugins = append(plugins, fmt.Sprintf(`{"name": %q, "source": "./plugins/%s"}`, plugin, plugin))
			w.file("plugins/"+plugin+"/.claude-plugin/plugin.json", fmt.Sprintf(`{"name": %q, "version": "1.0.0"}`+"\n", plugin), 0o644)
		}
		name := fmt.Sprintf("skill-%05d", i)
		base := "plugins/" + plugin + "/skills/" + name + "/"
		var b strings.Builder
		fmt.Fprintf(&b, "---\nname: %s\ndescription: %s %s for the team. Use when the user asks about %s.\n---\n\n# %s\n\n",
			name, verbs[w.rng.IntN(len(verbs))], objects[w.rng.IntN(len(objects))], words[w.rng.IntN(len(words))], name)
		b.WriteString(paragraph(w.rng))
		for r := 1; r <= 3; r++ {
			fmt.Fprintf(&b, "- [Reference %d](references/ref-%d.md)\n", r, r)
			w.file(fmt.Sprintf("%sreferences/ref-%d.md", base, r), reference(w.rng), 0o644)
		}
		b.WriteString("\nRun `python scripts/check.py` to verify the result.\n\n")
		b.WriteString(paragraph(w.rng))
		w.file(base+"SKILL.md", b.String(), 0o644)
		w.file(base+"scripts/check.py", python(w.rng, i), 0o644)
	}
	w.file(".claude-plugin/marketplace.json", `{"name": "team-tools", "description": "Our tools", "owner": {"name": "Team"}, "plugins": [`+
		strings.Join(plugins, ", ")+"]}\n", 0o644)
	return w.bytes, w.err
}

// GenerateDeepTree writes a skill whose folder nests depth folders, one
// in the other, each holding two files, with a skill of its own in every
// fifth folder whose SKILL.md names the files down to the next skill by
// their long paths. It returns the bytes written.
func GenerateDeepTree(dir string, depth int, seed uint64) (int64, error) {
	w := newWriter(filepath.Join(dir, "deep"), seed)
	levels := []string{""} // levels[k] is folder k, relative to dir/deep; levels[0] the top
	for d := 1; d <= depth; d++ {
		at := levels[d-1] + fmt.Sprintf("level-%02d/", d)
		levels = append(levels, at)
		w.file(at+"notes.txt", sentence(w.rng, 12)+"\n", 0o644)
		w.file(at+"data.json", fmt.Sprintf(`{"level": %d}`+"\n", d), 0o644)
	}
	for k := 0; k <= depth; k += 5 {
		name := "deep"
		if k > 0 {
			name = fmt.Sprintf("level-%02d", k)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "---\nname: %s\ndescription: Reads the nested data files. Use when the user asks about level %d.\n---\n\n# Level %d\n\n", name, k, k)
		for _, lv := range levels[k:min(k+5, depth+1)] {
			if rel := strings.TrimPrefix(lv, levels[k]); rel != "" || k > 0 {
				fmt.Fprintf(&b, "- %snotes.txt and %sdata.json\n", rel, rel)
			}
		}
		w.file(levels[k]+"SKILL.md", b.String(), 0o644)
	}
	return w.bytes, w.err
}

// typescript is a source file of about 2 KB.
func typescript(rng *rand.Rand, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// Module %d: %s\nimport { retry } from \"../../lib/retry\";\n\n", i, sentence(rng, 8))
	for f := 0; f < 6; f++ {
		fmt.Fprintf(&b, "export async function step%d_%d(input: string): Promise<string> {\n  // %s\n  return retry(() => input.trim() + %q, { attempts: %d });\n}\n\n",
			i, f, sentence(rng, 10), words[rng.IntN(len(words))], 1+rng.IntN(5))
	}
	return b.String()
}

// python is a test or script of about 1 KB.
func python(rng *rand.Rand, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\"\"\"%s\"\"\"\n\nimport json\n\n\n", sentence(rng, 9))
	for f := 0; f < 4; f++ {
		fmt.Fprintf(&b, "def check_%d_%d(value):\n    # %s\n    return json.dumps({\"value\": value, \"step\": %d})\n\n\n", i, f, sentence(rng, 8), f)
	}
	return b.String()
}

// minified is n bytes of JavaScript on a few long lines.
func minified(rng *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "function %c%d(a,b){return a.%s(b)||%d}", 'a'+rune(rng.IntN(26)), rng.IntN(1000), words[rng.IntN(len(words))], rng.IntN(100))
		if rng.IntN(200) == 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
