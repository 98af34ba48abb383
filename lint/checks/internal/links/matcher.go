package links

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// matcher finds which of a set of strings (needles) occur in texts, reading
// each text once whatever the number of needles (Aho–Corasick). It
// remembers what it found across texts: each needle is reported once, the
// first time it occurs.
//
// Nodes are the prefixes of the needles, node 0 the empty one; the edges of
// node n are edges[first[n]:first[n+1]], sorted by byte.
type matcher struct {
	first []int32
	edges []edge
	root  [256]int32 // the root's edges by byte, 0 where none
	// fail is the node of the longest proper suffix of a node's string;
	// dict the nearest node on that chain that ends a needle (-1 if none).
	fail, dict []int32
	needle     []int32 // the needle a node ends, -1 if none
	found      []bool  // nodes whose needle, and those on its dict chain, were reported
	// steps counts the fail links followed and the needles reported, in
	// building and scanning: at most the length of the needles and texts
	// together, plus the number of needles (tests check it).
	steps int
}

type edge struct {
	b  byte
	to int32
}

// newMatcher returns a matcher of needles, which must be sorted, distinct and
// not empty; a needle's number is its index.
func newMatcher(needles []string) *matcher {
	m := &matcher{needle: []int32{-1}}
	var made []edge     // edges in the order they were made
	var from []int32    // the node each made edge leaves
	trail := []int32{0} // the nodes of the previous needle's prefixes
	prev := ""
	for i, n := range needles {
		keep := commonPrefix(n, prev)
		prev = n
		trail = trail[:keep+1]
		for j := keep; j < len(n); j++ {
			node := int32(len(m.needle))
			m.needle = append(m.needle, -1)
			made = append(made, edge{n[j], node})
			from = append(from, trail[len(trail)-1])
			trail = append(trail, node)
		}
		m.needle[trail[len(trail)-1]] = int32(i)
	}
	m.group(made, from)
	m.link()
	m.found = make([]bool, len(m.needle))
	return m
}

// group stores the edges by the node they leave. Needles are sorted, so the
// edges leaving one node were made in the order of their bytes.
func (m *matcher) group(made []edge, from []int32) {
	nodes := len(m.needle)
	m.first = make([]int32, nodes+1)
	for _, f := range from {
		m.first[f+1]++
	}
	for n := 1; n <= nodes; n++ {
		m.first[n] += m.first[n-1]
	}
	m.edges = make([]edge, len(made))
	next := slices.Clone(m.first[:nodes])
	for i, e := range made {
		m.edges[next[from[i]]] = e
		next[from[i]]++
		if from[i] == 0 {
			m.root[e.b] = e.to
		}
	}
}

// link computes fail and dict, visiting nodes in order of length.
func (m *matcher) link() {
	m.fail = make([]int32, len(m.needle))
	m.dict = make([]int32, len(m.needle))
	m.dict[0] = -1
	queue := []int32{0}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, e := range m.edges[m.first[u]:m.first[u+1]] {
			v := e.to
			if u != 0 {
				m.fail[v] = m.next(m.fail[u], e.b)
			}
			if f := m.fail[v]; m.needle[f] >= 0 {
				m.dict[v] = f
			} else {
				m.dict[v] = m.dict[f]
			}
			queue = append(queue, v)
		}
	}
}

// next is the node reached from node u by byte b, falling back along fail
// links.
func (m *matcher) next(u int32, b byte) int32 {
	for u != 0 {
		if v := m.child(u, b); v > 0 {
			return v
		}
		u = m.fail[u]
		m.steps++
	}
	return m.root[b]
}

// child is the edge of node u (not the root) for byte b, or 0.
func (m *matcher) child(u int32, b byte) int32 {
	edges := m.edges[m.first[u]:m.first[u+1]]
	lo, hi := 0, len(edges)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if edges[mid].b < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(edges) && edges[lo].b == b {
		return edges[lo].to
	}
	return 0
}

// scan reads text as strings.ToLower returns it (needles are lower case)
// and calls found with the number of each needle that occurs in it and was
// not found in an earlier text, until found returns false.
func (m *matcher) scan(text []byte, found func(needle int) bool) {
	u := int32(0)
	var buf [utf8.UTFMax]byte
	more := true
	for i := 0; i < len(text) && more; {
		if c := text[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			u, more = m.step(u, c, found)
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		i += size
		for _, c := range buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))] {
			var ok bool
			u, ok = m.step(u, c, found)
			more = more && ok
		}
	}
}

// step moves from node u by byte b and reports the needles found there; it
// returns false when found does.
func (m *matcher) step(u int32, b byte, found func(needle int) bool) (int32, bool) {
	if u == 0 {
		u = m.root[b]
	} else {
		u = m.next(u, b)
	}
	if u == 0 {
		return 0, true
	}
	v := u
	if m.needle[v] < 0 {
		v = m.dict[v]
	}
	more := true
	for ; v > 0 && !m.found[v]; v = m.dict[v] {
		m.found[v] = true
		m.steps++
		more = found(int(m.needle[v])) && more
	}
	return u, more
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// mentions returns the strings whose presence in a text mentions the file
// at rel (see Mentioned), lower-cased; "" for a name every text mentions.
// folderMentions are the needles of mentions(rel) that name a folder of
// rel rather than rel itself.
func folderMentions(rel string) map[string]bool {
	out := map[string]bool{}
	rel = strings.ToLower(rel)
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		out[dir] = true
	}
	return out
}

func mentions(rel string) []string {
	rel = strings.ToLower(rel)
	out := []string{rel, path.Base(rel)}
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		out = append(out, dir)
	}
	if module, ok := strings.CutSuffix(rel, ".py"); ok {
		out = append(out, strings.ReplaceAll(module, "/", "."))
	}
	return out
}
