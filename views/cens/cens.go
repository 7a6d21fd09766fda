// Package cens is the wizard's first step: the list of every CEN in the
// account, with how many VPCs, VBRs and CCNs each one has attached.
package cens

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/picker"
)

// Source is what this step needs from the API; *cenapi.Client satisfies it.
type Source interface {
	CENSummaries(ctx context.Context) ([]cenapi.CENSummary, error)
}

var _ Source = (*cenapi.Client)(nil)

// ChosenMsg reports the CEN the user picked with Enter or Tab.
type ChosenMsg struct{ CEN cenapi.CENSummary }

// ShowRoutesMsg asks for the route services already on a CEN (key `e`).
type ShowRoutesMsg struct{ CEN cenapi.CENSummary }

// View is the CEN step: a picker.Model of CEN summaries.
type View struct {
	*picker.Model[cenapi.CENSummary]
}

var _ views.View = (*View)(nil)

// New builds the CEN step; Init loads the CENs from src.
func New(src Source, st *theme.Styles) *View {
	lang := st.Lang
	return &View{picker.New(st, picker.Config[cenapi.CENSummary]{
		Title:     lang.T("steps.cen.title"),
		Prompt:    lang.T("steps.cen.prompt"),
		Noun:      lang.T("steps.cen.noun"),
		EmptyHint: lang.T("steps.cen.empty"),
		Columns:   columns(st),
		Fetch:     func(ctx context.Context) ([]cenapi.CENSummary, error) { return src.CENSummaries(ctx) },
		Choose:    func(c cenapi.CENSummary) tea.Msg { return ChosenMsg{CEN: c} },
		Actions: []picker.RowAction[cenapi.CENSummary]{{
			Binding: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", lang.T("steps.cen.key.routes"))),
			Msg:     func(c cenapi.CENSummary) tea.Msg { return ShowRoutesMsg{CEN: c} },
		}},
	})}
}

func columns(st *theme.Styles) []picker.Column[cenapi.CENSummary] {
	type cen = cenapi.CENSummary
	lang := st.Lang
	yes, no := lang.T("common.yes"), lang.T("common.no")
	return []picker.Column[cen]{
		{Title: lang.T("common.column.name"), Text: func(c cen) string { return c.Name }},
		{Title: "ID", Whole: true, Text: func(c cen) string { return c.ID }},
		picker.StatusColumn(st, lang.T("common.column.status"), func(c cen) string { return c.Status }),
		{Title: "IPv6", Text: func(c cen) string {
			if c.IPv6Enabled {
				return yes
			}
			return no
		}},
		picker.CountColumn(lang.T("common.column.vpcs"), func(c cen) int { return c.VPCs }),
		picker.CountColumn(lang.T("common.column.vbrs"), func(c cen) int { return c.VBRs }),
		picker.CountColumn(lang.T("common.column.ccns"), func(c cen) int { return c.CCNs }),
	}
}
