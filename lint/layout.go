package lint

import (
	"context"
	"slices"
	"strings"

	"github.com/skillcheck-dev/skillcheck/lint/internal/discover"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
)

// Layout finds the skills, plugins and marketplaces under opts.Paths as a
// run does, each path with the exclusions of its configuration (Paths and
// Config are read; rules are not run).
func Layout(ctx context.Context, opts Options) (*layout.Layout, error) {
	if len(opts.Paths) == 0 {
		opts.Paths = []string{"."}
	}
	groups, err := groupByConfig(opts)
	if err != nil {
		return nil, err
	}
	out := &layout.Layout{Roots: opts.Paths}
	for _, g := range groups {
		found, err := discover.Walk(ctx, g.paths, discover.Options{
			Exclude: func(p string, _ bool) bool { return g.cfg.Excluded(p) },
		})
		if err != nil {
			return nil, err
		}
		out.Skills = append(out.Skills, found.Skills...)
		out.Plugins = append(out.Plugins, found.Plugins...)
		out.Markets = append(out.Markets, found.Markets...)
		out.Components = append(out.Components, found.Components...)
		out.Problems = append(out.Problems, found.Problems...)
	}
	slices.SortFunc(out.Skills, func(a, b *layout.SkillDir) int { return strings.Compare(a.Dir, b.Dir) })
	slices.Sort(out.Plugins)
	slices.Sort(out.Markets)
	slices.SortFunc(out.Components, func(a, b layout.Component) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}
