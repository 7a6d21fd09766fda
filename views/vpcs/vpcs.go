// Package vpcs is the wizard's host-VPC step: the VPCs attached to the
// chosen CEN in the host region, with their names and CIDR blocks.
package vpcs

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
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
	return &View{picker.New(st, picker.Config[cenapi.VPC]{
		Title:     "Host VPC",
		Prompt:    "Choose the VPC in " + regionID + " through which the service is reached",
		Noun:      "VPCs",
		EmptyHint: "No VPC of " + regionID + " is attached to " + cenID + ". Attach one, then press r, or go back and pick another region.",
		Columns:   columns(),
		Fetch: func(ctx context.Context) ([]cenapi.VPC, error) {
			return src.AttachedVPCs(ctx, cenID, regionID)
		},
		Choose: func(v cenapi.VPC) tea.Msg { return ChosenMsg{VPC: v} },
	})}
}

func columns() []picker.Column[cenapi.VPC] {
	return []picker.Column[cenapi.VPC]{
		{Title: "VPC", Whole: true, Text: func(v cenapi.VPC) string { return v.ID }},
		{Title: "Name", Text: func(v cenapi.VPC) string { return v.Name }},
		{Title: "CIDR", Whole: true, Text: func(v cenapi.VPC) string { return v.CidrBlock }},
		{Title: "Status", Text: func(v cenapi.VPC) string { return v.Status }},
	}
}
