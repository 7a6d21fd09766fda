// Package regions is the wizard's host-region step: the regions where the
// chosen CEN has VPCs attached. Regions whose transit router is Enterprise
// Edition are listed too, marked not supported, so the user sees why a
// region they expected cannot be chosen.
package regions

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
	HostRegions(ctx context.Context, cenID string) ([]cenapi.HostRegion, error)
}

var _ Source = (*cenapi.Client)(nil)

// ChosenMsg reports the host region the user picked. Only supported
// regions can be chosen.
type ChosenMsg struct{ Region cenapi.HostRegion }

// View is the host-region step: a picker.Model of host regions.
type View struct {
	*picker.Model[cenapi.HostRegion]
}

var _ views.View = (*View)(nil)

// New builds the host-region step for CEN cenID; Init loads the regions.
func New(src Source, st *theme.Styles, cenID string) *View {
	return &View{picker.New(st, picker.Config[cenapi.HostRegion]{
		Title:     "Host region",
		Prompt:    "Choose the region of the service (the host region) on " + cenID,
		Noun:      "regions",
		EmptyHint: "No VPC is attached to " + cenID + ". Attach the VPC that will reach the service, then press r.",
		Columns:   columns(st),
		Fetch: func(ctx context.Context) ([]cenapi.HostRegion, error) {
			return src.HostRegions(ctx, cenID)
		},
		Disabled: unsupported,
		Choose:   func(r cenapi.HostRegion) tea.Msg { return ChosenMsg{Region: r} },
	})}
}

// unsupported says why region r cannot host route services, or "".
func unsupported(r cenapi.HostRegion) string {
	switch {
	case r.Supported:
		return ""
	case r.Reason != "":
		return r.ID + " is not supported: " + r.Reason
	default:
		return r.ID + " is not supported: " + cenapi.ReasonEnterpriseEdition
	}
}

func columns(st *theme.Styles) []picker.Column[cenapi.HostRegion] {
	type region = cenapi.HostRegion
	return []picker.Column[region]{
		{Title: "Region", Whole: true, Text: func(r region) string { return r.ID }},
		{Title: "Name", Text: func(r region) string { return r.LocalName }},
		picker.CountColumn("VPCs", func(r region) int { return r.VPCs }),
		{Title: "Transit router", Text: func(r region) string { return orNone(r.TransitRouterType) }},
		picker.StatusColumn(st, "Route services", func(r region) string {
			if r.Supported {
				return "ok"
			}
			return "unsupported"
		}),
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
