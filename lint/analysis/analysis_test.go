package analysis_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/skillcheck-dev/skillcheck/lint/analysis"
	"github.com/skillcheck-dev/skillcheck/lint/model/layout"
	"github.com/skillcheck-dev/skillcheck/lint/model/manifest"
	"github.com/skillcheck-dev/skillcheck/lint/model/skill"
	"github.com/skillcheck-dev/skillcheck/lint/model/source"
)

func check(*analysis.Pass, *skill.Skill) {}

func valid() *analysis.Rule {
	return &analysis.Rule{ID: "SK105", Alias: "name-missing", Summary: "a skill should have a name",
		Doc: "What it checks.", Severity: analysis.Warning, Skill: check}
}

func TestRuleValidate(t *testing.T) {
	require.NoError(t, valid().Validate())
	both := valid()
	both.Plugin = func(*analysis.Pass, *manifest.Plugin) {}
	require.NoError(t, both.Validate(), "a rule may judge skills and plugins alike")
	for want, change := range map[string]func(r *analysis.Rule){
		`rule ID "SK05" is not SK followed by three digits`:      func(r *analysis.Rule) { r.ID = "SK05" },
		`SK105: alias "Name_Missing" is not kebab-case`:          func(r *analysis.Rule) { r.Alias = "Name_Missing" },
		"SK105: summary must be one line without a final period": func(r *analysis.Rule) { r.Summary = "A name." },
		"SK105: rule is undocumented":                            func(r *analysis.Rule) { r.Doc = " " },
		"SK105: no default severity":                             func(r *analysis.Rule) { r.Severity = analysis.Unset },
		"SK105: an engine rule has no check function":            func(r *analysis.Rule) { r.Engine = true },
		"SK105: a rule needs a check function":                   func(r *analysis.Rule) { r.Skill = nil },
		"SK105: a layout rule has no other check function": func(r *analysis.Rule) {
			r.Layout = func(*analysis.Pass, *layout.Layout) {}
		},
	} {
		r := valid()
		change(r)
		assert.EqualError(t, r.Validate(), want)
	}
}

func TestSet(t *testing.T) {
	a, b := valid(), valid()
	b.ID, b.Alias = "SK201", "body-too-long"
	set := analysis.Set{a, b}
	require.NoError(t, set.Validate())
	assert.Same(t, a, set.Lookup("sk105"), "IDs match in any case")
	assert.Same(t, b, set.Lookup("body-too-long"))
	assert.Nil(t, set.Lookup("SK999"))
	for name, want := range map[string][]*analysis.Rule{"all": {a, b}, "SK1xx": {a}, "sk2XX": {b}, "name-missing": {a}} {
		got, err := set.Match(name)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
	_, err := set.Match("SK3xx")
	assert.EqualError(t, err, "no rules in block SK3xx")
	_, err = set.Match("nope")
	assert.EqualError(t, err, `unknown rule "nope"`)
	dup := valid()
	dup.ID = "SK106"
	assert.EqualError(t, analysis.Set{a, dup}.Validate(), `SK106: "name-missing" already used by SK105`)
}

func TestSeveritiesAndThresholds(t *testing.T) {
	for in, want := range map[string]analysis.Severity{"off": analysis.Off, "info": analysis.Info, "warn": analysis.Warning, "error": analysis.Error} {
		got, err := analysis.ParseSeverity(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := analysis.ParseSeverity("fatal")
	assert.Error(t, err)
	assert.False(t, analysis.FailOnError.Fails(analysis.Warning))
	assert.True(t, analysis.FailOnError.Fails(analysis.Error))
	assert.True(t, analysis.FailOn("").Fails(analysis.Error), "the zero threshold is error")
	assert.True(t, analysis.FailOnWarning.Fails(analysis.Warning))
	assert.False(t, analysis.FailOnNever.Fails(analysis.Error))
	r := valid()
	r.Portable = analysis.Error
	assert.Equal(t, analysis.Warning, r.SeverityIn(analysis.ClaudeCode))
	assert.Equal(t, analysis.Error, r.SeverityIn(analysis.Portable))
}

func TestPassReportsOneLineAtPositions(t *testing.T) {
	f := source.New("skills/x/SKILL.md", []byte("---\nname: x\n---\nbody\n"))
	var got []analysis.Diagnostic
	p := analysis.NewPass(valid(), analysis.Settings{Profile: analysis.ClaudeCode}, analysis.Error, func(d analysis.Diagnostic) { got = append(got, d) }, nil)
	p.Reportf(f, 4, "have %s\nwant %s", "a", "b")
	p.ReportPath("skills/x/logo.png", "nothing refers to it")
	require.Len(t, got, 2)
	assert.Equal(t, "skills/x/SKILL.md:2:1: error: have a; want b (SK105 name-missing)", got[0].String())
	assert.Equal(t, "skills/x/logo.png: error: nothing refers to it (SK105 name-missing)", got[1].String())
	assert.Negative(t, analysis.Compare(got[0], got[1]))
}

func TestSharedResultIsComputedOncePerSkill(t *testing.T) {
	calls := 0
	count := analysis.NewResult(func(s *skill.Skill) int { calls++; return len(s.Name) })
	shared := analysis.NewShared()
	s := &skill.Skill{Name: "forms"}
	for range 3 {
		p := analysis.NewPass(valid(), analysis.Settings{Profile: analysis.ClaudeCode}, analysis.Error, func(analysis.Diagnostic) {}, shared)
		assert.Equal(t, 5, count.Of(p, s))
	}
	assert.Equal(t, 1, calls)
	other := analysis.NewPass(valid(), analysis.Settings{Profile: analysis.ClaudeCode}, analysis.Error, func(analysis.Diagnostic) {}, analysis.NewShared())
	count.Of(other, s)
	assert.Equal(t, 2, calls, "another skill's store computes again")
}
