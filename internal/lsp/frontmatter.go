package lsp

import (
	"bytes"
	"slices"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/skillcheck-dev/skillcheck/lint/checks/metadata"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// Hover and completion read the frontmatter line by line rather than
// through the engine's YAML parser: the text under an editor's cursor is
// often half typed and not YAML yet.

// headerLines returns the byte range of the frontmatter's lines: after the
// opening --- line up to the closing one, or to the end of src while the
// header is still open (being typed). ok is false without frontmatter.
func headerLines(src []byte) (start, end int, ok bool) {
	lead := len(src) - len(bytes.TrimPrefix(src, source.BOM))
	first := lineEnd(src, lead)
	if strings.TrimSpace(string(src[lead:first])) != "---" {
		return 0, 0, false
	}
	start = min(len(src), nextLine(src, first))
	for ls := start; ls < len(src); ls = nextLine(src, ls) {
		if strings.TrimSpace(string(src[ls:lineEnd(src, ls)])) == "---" {
			return start, ls, true
		}
	}
	return start, len(src), true
}

// nextLine returns the offset of the line after the one holding off.
func nextLine(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// topKey returns the top-level frontmatter key on the line that starts at
// ls and the offset of its colon; ok is false for any other line.
func topKey(src []byte, ls int) (key string, colon int, ok bool) {
	line := src[ls:lineEnd(src, ls)]
	i := bytes.IndexByte(line, ':')
	if i <= 0 || !isWordByte(line[0]) {
		return "", 0, false
	}
	for _, b := range line[:i] {
		if !isWordByte(b) {
			return "", 0, false
		}
	}
	return string(line[:i]), ls + i, true
}

// keyAt returns the documented frontmatter key whose name holds byte
// offset off, and the name's bounds.
func keyAt(src []byte, off int) (k metadata.Key, start, end int, ok bool) {
	hs, he, found := headerLines(src)
	if !found || off < hs || off > he {
		return metadata.Key{}, 0, 0, false
	}
	ls := bytes.LastIndexByte(src[:off], '\n') + 1
	name, colon, isKey := topKey(src, ls)
	if !isKey || off > colon {
		return metadata.Key{}, 0, 0, false
	}
	k, ok = lookupKey(name)
	return k, ls, colon, ok
}

func lookupKey(name string) (metadata.Key, bool) {
	keys := metadata.Keys()
	i := slices.IndexFunc(keys, func(k metadata.Key) bool { return k.Name == name })
	if i < 0 {
		return metadata.Key{}, false
	}
	return keys[i], true
}

// keyDoc is the hover text of a frontmatter key.
func keyDoc(k metadata.Key) string {
	var b strings.Builder
	b.WriteString("**" + k.Name + "**")
	if !k.Portable {
		b.WriteString(" (Claude Code only)")
	}
	b.WriteString("\n\n" + k.Doc)
	if len(k.Values) > 0 {
		b.WriteString("\n\nValues: `" + strings.Join(k.Values, "`, `") + "`.")
	}
	return b.String()
}

// completions returns the frontmatter keys, or a key's known values, that
// fit at byte offset off; nil outside the frontmatter.
func completions(src []byte, off int) []protocol.CompletionItem {
	hs, he, found := headerLines(src)
	if !found || off < hs || off > he {
		return nil
	}
	ls := bytes.LastIndexByte(src[:off], '\n') + 1
	prefix := src[ls:off]
	if len(prefix) > 0 && !isWordByte(prefix[0]) {
		return nil // indented: inside a key's value
	}
	colon := bytes.IndexByte(prefix, ':')
	if colon < 0 {
		return keyItems(src, hs, he, span(src, ls, off))
	}
	k, ok := lookupKey(string(prefix[:colon]))
	if !ok {
		return nil
	}
	vs := colon + 1
	for vs < len(prefix) && prefix[vs] == ' ' {
		vs++
	}
	if bytes.ContainsAny(prefix[vs:], " \t\"'[{") {
		return nil // a quoted, flow or many-word value
	}
	var items []protocol.CompletionItem
	for _, v := range k.Values {
		items = append(items, protocol.CompletionItem{
			Label:    v,
			Kind:     protocol.CompletionItemKindValue,
			Detail:   k.Name,
			TextEdit: &protocol.TextEdit{Range: span(src, ls+vs, off), NewText: v},
		})
	}
	return items
}

// keyItems are the documented keys the header does not hold yet, each
// replacing rng with "key: ".
func keyItems(src []byte, hs, he int, rng protocol.Range) []protocol.CompletionItem {
	present := map[string]bool{}
	for ls := hs; ls < he; ls = nextLine(src, ls) {
		if name, _, ok := topKey(src, ls); ok {
			present[name] = true
		}
	}
	var items []protocol.CompletionItem
	for i, k := range metadata.Keys() {
		if present[k.Name] {
			continue
		}
		detail := "Claude Code"
		if k.Portable {
			detail = "Agent Skills specification and Claude Code"
		}
		items = append(items, protocol.CompletionItem{
			Label:         k.Name,
			Kind:          protocol.CompletionItemKindProperty,
			Detail:        detail,
			Documentation: protocol.MarkupContent{Kind: protocol.Markdown, Value: keyDoc(k)},
			SortText:      string(rune('a' + i)),
			TextEdit:      &protocol.TextEdit{Range: rng, NewText: k.Name + ": "},
		})
	}
	return items
}
