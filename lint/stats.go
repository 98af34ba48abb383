package lint

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/skillcheck-dev/skillcheck/lint/internal/discover"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

// SkillStats is the size of one skill in tokens, estimated as every size
// rule does (about four characters a token).
type SkillStats struct {
	// Dir is the skill folder as given; Name its base name.
	Dir  string `json:"dir"`
	Name string `json:"name"`
	// SkillFile is SKILL.md, frontmatter and body: what Claude reads when it
	// invokes the skill.
	SkillFile int `json:"skill_md_tokens"`
	// Route is SKILL.md plus the largest other Markdown file of the skill:
	// the most a task that follows one route reads. RouteFile names that
	// file ("" when there is none).
	Route     int    `json:"route_tokens"`
	RouteFile string `json:"route_file"`
	// Markdown is every Markdown file of the skill; MarkdownFiles counts them.
	Markdown      int `json:"markdown_tokens"`
	MarkdownFiles int `json:"markdown_files"`
	// OtherFiles and OtherBytes are the skill's other files (scripts, shipped
	// code, assets), which Claude reads only when told to.
	OtherFiles int   `json:"other_files"`
	OtherBytes int64 `json:"other_bytes"`
}

// Stats measures every skill below opts.Paths (Paths, MaxFileSize and Config
// are read; rules are not run), sorted by folder.
func Stats(ctx context.Context, opts Options) ([]SkillStats, error) {
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	groups, err := groupByConfig(opts)
	if err != nil {
		return nil, err
	}
	var (
		mu  sync.Mutex
		out []SkillStats
	)
	for _, g := range groups {
		_, err := discover.Walk(ctx, g.paths, discover.Options{
			Exclude: func(p string, _ bool) bool { return g.cfg.Excluded(p) },
			OnSkill: func(sd *layout.SkillDir) {
				st := measure(skill.Load(sd, skill.Options{MaxFileSize: g.cfg.MaxFileSize}))
				mu.Lock()
				out = append(out, st)
				mu.Unlock()
			},
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b SkillStats) int { return strings.Compare(a.Dir, b.Dir) })
	return out, nil
}

// measure counts one skill's tokens.
func measure(s *skill.Skill) SkillStats {
	st := SkillStats{Dir: s.Dir, Name: s.Name}
	if s.File != nil {
		st.SkillFile = source.EstimateTokens(s.File.Src)
		st.Markdown, st.MarkdownFiles = st.SkillFile, 1
	}
	largest := 0
	for _, rel := range s.DocPaths() {
		n := source.EstimateTokens(s.Docs[rel].File.Src)
		st.Markdown += n
		st.MarkdownFiles++
		if n > largest {
			largest, st.RouteFile = n, rel
		}
	}
	st.Route = st.SkillFile + largest
	for _, f := range s.Files {
		if s.Docs[f.Rel] == nil && f.Mode.IsRegular() {
			st.OtherFiles++
			st.OtherBytes += f.Size
		}
	}
	return st
}
