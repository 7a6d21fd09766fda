// Package access is the wizard's access-region step: a multi-select of the
// regions where the CEN has a VBR or CCN attached, i.e. the regions from
// which the on-premises network will reach the service. The host region
// is checked from the start. The target rule judges the selection as it
// changes; a selection it rejects cannot be chosen.
package access

import (
	"context"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/picker"
)

// Source is what this step needs from the API; *cenapi.Client satisfies it.
type Source interface {
	AccessRegions(ctx context.Context, cenID string) ([]cenapi.AccessRegion, error)
}

var _ Source = (*cenapi.Client)(nil)

// ChosenMsg reports the checked access regions (at least one), in the
// order they were listed.
type ChosenMsg struct{ Regions []cenapi.AccessRegion }

// Judge applies the target rule (engine.JudgeTarget) to a set of access
// regions, given what the earlier steps chose, and returns its problems.
type Judge func(regions []cenapi.AccessRegion) []engine.Problem

// maxProblems bounds the problem lines so the table keeps its room.
const maxProblems = 3

// View is the access-region step: a multi-select picker.Model plus the
// target rule's verdict on the checked regions, which must be clean to
// continue.
type View struct {
	*picker.Model[cenapi.AccessRegion]
	st    *theme.Styles
	judge Judge
}

var _ views.View = (*View)(nil)

// New builds the access-region step for CEN cenID whose service lives in
// hostRegionID; Init loads the regions. judge is the target rule for the
// choices made so far: a selection it rejects cannot be chosen.
func New(src Source, st *theme.Styles, cenID, hostRegionID string, judge Judge) *View {
	v := &View{st: st, judge: judge}
	lang := st.Lang
	v.Model = picker.New(st, picker.Config[cenapi.AccessRegion]{
		Title:      lang.T("steps.access.title"),
		Prompt:     lang.T("steps.access.prompt", i18n.Args{"Region": hostRegionID}),
		Noun:       lang.T("steps.access.noun"),
		EmptyHint:  lang.T("steps.access.empty", i18n.Args{"CEN": cenID}),
		Columns:    columns(lang, hostRegionID, v.judgeOne),
		Multi:      true,
		ChooseHelp: lang.T("steps.access.key.continue"),
		Fetch: func(ctx context.Context) ([]cenapi.AccessRegion, error) {
			return src.AccessRegions(ctx, cenID)
		},
		Preselect:  func(r cenapi.AccessRegion) bool { return r.ID == hostRegionID },
		ChooseMany: func(rs []cenapi.AccessRegion) tea.Msg { return ChosenMsg{Regions: rs} },
		Refuse:     v.refusal,
	})
	return v
}

// SetJudge replaces the target rule the selection is judged with (the
// choices of the earlier steps changed) and judges it again.
func (v *View) SetJudge(judge Judge) {
	v.judge = judge
	v.SetFooter(v.problemLines())
}

// Update implements views.View: the list handles the message, then the
// rule's verdict is brought up to date when the checked regions may have
// changed: after a key, or when a load ended. (The root hands every reply
// of the session to every live view; most are not this one's.)
func (v *View) Update(msg tea.Msg) tea.Cmd {
	state := v.State()
	cmd := v.Model.Update(msg)
	if _, key := msg.(tea.KeyMsg); key || v.State() != state {
		v.SetFooter(v.problemLines())
	}
	return cmd
}

// problemLines state why the checked regions cannot be used, as the
// target rule has it (the same-region rule for VBRs, say).
func (v *View) problemLines() []string {
	sel := v.Selected()
	if len(sel) == 0 {
		return nil
	}
	problems := v.judge(sel)
	var lines []string
	for i, p := range problems {
		if i == maxProblems {
			lines = append(lines, v.fail(v.st.Lang.T("steps.access.more_problems", i18n.Args{"Count": len(problems) - maxProblems})))
			break
		}
		lines = append(lines, v.fail(views.TargetProblem(v.st.Lang, p)))
	}
	return lines
}

func (v *View) fail(s string) string {
	return v.st.Error.Render(v.st.Glyphs.Fail + " " + s)
}

// refusal is the picker's Refuse: why the rule blocks the selection.
func (v *View) refusal(sel []cenapi.AccessRegion) string {
	if len(v.judge(sel)) == 0 {
		return ""
	}
	return v.st.Lang.T("steps.access.refused")
}

// judgeOne reports whether the rule rejects region r as an access region
// on its own (a VBR-only region other than the host region, say).
func (v *View) judgeOne(r cenapi.AccessRegion) bool {
	return slices.ContainsFunc(v.judge([]cenapi.AccessRegion{r}), func(p engine.Problem) bool {
		return p.Part == engine.PartAccessRegion
	})
}

func columns(lang *i18n.Localizer, host string, rejected func(cenapi.AccessRegion) bool) []picker.Column[cenapi.AccessRegion] {
	type region = cenapi.AccessRegion
	return []picker.Column[region]{
		{Title: lang.T("common.column.region"), Whole: true, Text: func(r region) string { return r.ID }},
		{Title: lang.T("common.column.name"), Text: func(r region) string { return r.LocalName }},
		picker.CountColumn(lang.T("common.column.vbrs"), func(r region) int { return r.VBRs }),
		picker.CountColumn(lang.T("common.column.ccns"), func(r region) int { return r.CCNs }),
		{Title: lang.T("steps.access.column.note"), Text: func(r region) string { return note(lang, r, host, rejected) }},
	}
}

// note marks, in lang's words, the host region and the regions the
// target rule rejects on their own.
func note(lang *i18n.Localizer, r cenapi.AccessRegion, host string, rejected func(cenapi.AccessRegion) bool) string {
	switch {
	case r.ID == host:
		return lang.T("steps.access.note.host")
	case rejected(r):
		return lang.T("steps.access.note.rejected")
	}
	return ""
}
