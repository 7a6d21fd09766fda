// Package vpcs is the wizard's host-VPC step: the VPCs attached to the
// chosen CEN in the host region, with their names and CIDR blocks.
package vpcs

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/picker"
)

// Source is what this step needs from the API; *cenapi.Client satisfies it.
type Source interface {
	AttachedVPCs(ctx context.Context, cenID, regionID string) ([]cenapi.VPC, error)
}

var _ Source = (*cenapi.Client)(nil)

// ChosenMsg reports the host VPC the user picked.
type ChosenMsg struct{ VPC cenapi.VPC }

// View is the host-VPC step: a picker.Model of VPCs.
type View struct {
	*picker.Model[cenapi.VPC]
}

var _ views.View = (*View)(nil)

// New builds the host-VPC step for CEN cenID in regionID; Init loads the
// VPCs.
func New(src Source, st *theme.Styles, cenID, regionID string) *View {
	lang := st.Lang
	at := i18n.Args{"CEN": cenID, "Region": regionID}
	return &View{picker.New(st, picker.Config[cenapi.VPC]{
		Title:     lang.T("steps.vpcs.title"),
		Prompt:    lang.T("steps.vpcs.prompt", at),
		Noun:      lang.T("steps.vpcs.noun"),
		EmptyHint: lang.T("steps.vpcs.empty", at),
		Columns:   columns(lang),
		Fetch: func(ctx context.Context) ([]cenapi.VPC, error) {
			return src.AttachedVPCs(ctx, cenID, regionID)
		},
		Choose: func(v cenapi.VPC) tea.Msg { return ChosenMsg{VPC: v} },
	})}
}

func columns(lang *i18n.Localizer) []picker.Column[cenapi.VPC] {
	return []picker.Column[cenapi.VPC]{
		{Title: "VPC", Whole: true, Text: func(v cenapi.VPC) string { return v.ID }},
		{Title: lang.T("common.column.name"), Text: func(v cenapi.VPC) string { return v.Name }},
		{Title: lang.T("steps.vpcs.column.cidr"), Whole: true, Text: func(v cenapi.VPC) string { return v.CidrBlock }},
		{Title: lang.T("common.column.status"), Text: func(v cenapi.VPC) string { return status(lang, v.Status) }},
	}
}

// status says a VPC's status as the API names it (Available, Pending) in
// lang's words; another is shown as given.
func status(lang *i18n.Localizer, s string) string {
	switch s {
	case "Available":
		return lang.T("steps.vpcs.status.available")
	case "Pending":
		return lang.T("steps.vpcs.status.pending")
	}
	return s
}
