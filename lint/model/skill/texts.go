package skill

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/model/markdown"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// TextFile is one file of a skill read as text.
type TextFile struct {
	// Rel is the path relative to the skill folder, forward slashes.
	Rel  string
	File *source.File
	// Doc is the parsed Markdown of SKILL.md and the other .md files; nil
	// for other files.
	Doc *markdown.Document
}

// binaryExts are extensions of files that are never text; they are not read.
var binaryExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".ico": true,
	".bmp": true, ".tif": true, ".tiff": true, ".pdf": true, ".zip": true, ".gz": true,
	".tgz": true, ".bz2": true, ".xz": true, ".zst": true, ".7z": true, ".rar": true,
	".jar": true, ".class": true, ".so": true, ".dylib": true, ".dll": true, ".exe": true,
	".bin": true, ".o": true, ".a": true, ".wasm": true, ".woff": true, ".woff2": true,
	".ttf": true, ".otf": true, ".eot": true, ".mp3": true, ".mp4": true, ".wav": true,
	".ogg": true, ".mov": true, ".webm": true, ".docx": true, ".xlsx": true, ".pptx": true,
	".odt": true, ".sqlite": true, ".db": true, ".pyc": true,
}

// Texts returns the skill's text files: SKILL.md first, then every other
// checked file of the folder in path order that is a regular file within the size
// limit, holds no NUL byte and is valid UTF-8, and is not reached through a
// symbolic link that leaves the folder. Other files are left out
// without a word (SK216 reports the Markdown ones). Files are read on the
// first call, once.
func (s *Skill) Texts() []TextFile { return s.texts() }

func (s *Skill) readTexts() []TextFile {
	var out []TextFile
	if s.File != nil {
		out = append(out, TextFile{Rel: filepath.Base(s.File.Path), File: s.File, Doc: s.Body})
	}
	for _, fi := range s.Checked {
		if d := s.Docs[fi.Rel]; d != nil {
			out = append(out, TextFile{Rel: fi.Rel, File: d.File, Doc: d})
			continue
		}
		if !fi.Mode.IsRegular() || fi.Outside || fi.Size == 0 || binaryExts[strings.ToLower(path.Ext(fi.Rel))] || isMarkdown(fi.Rel) {
			continue
		}
		f, prob := s.overlay.ReadKnownFile(filepath.Join(s.Dir, filepath.FromSlash(fi.Rel)), fi.Mode, fi.Size, s.maxFileSize)
		if prob == nil {
			out = append(out, TextFile{Rel: fi.Rel, File: f})
		}
	}
	return out
}

func isMarkdown(rel string) bool { return strings.EqualFold(path.Ext(rel), ".md") }
