// Package access is the wizard's access-region step: a multi-select of the
// regions where the CEN has a VBR or CCN attached, i.e. the regions from
// which the on-premises network will reach the service. The host region
// is checked from the start.
package access

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
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

// maxWarnings bounds the warning lines so the table keeps its room.
const maxWarnings = 3

// View is the access-region step: a multi-select picker.Model plus the
// same-region warnings for the checked regions.
type View struct {
	*picker.Model[cenapi.AccessRegion]
	st   *theme.Styles
	host string
}

var _ views.View = (*View)(nil)

// New builds the access-region step for CEN cenID whose service lives in
// hostRegionID; Init loads the regions.
func New(src Source, st *theme.Styles, cenID, hostRegionID string) *View {
	return &View{
		st:   st,
		host: hostRegionID,
		Model: picker.New(st, picker.Config[cenapi.AccessRegion]{
			Title:      "Access regions",
			Prompt:     "Choose the regions whose VBR or CCN will reach the service in " + hostRegionID,
			Noun:       "regions",
			EmptyHint:  "No VBR or CCN is attached to " + cenID + ". Attach the on-premises connection first, then press r.",
			Columns:    columns(hostRegionID),
			Multi:      true,
			ChooseHelp: "continue",
			Fetch: func(ctx context.Context) ([]cenapi.AccessRegion, error) {
				return src.AccessRegions(ctx, cenID)
			},
			Preselect:  func(r cenapi.AccessRegion) bool { return r.ID == hostRegionID },
			ChooseMany: func(rs []cenapi.AccessRegion) tea.Msg { return ChosenMsg{Regions: rs} },
		}),
	}
}

// Update implements views.View: the list handles the message, then the
// warnings are brought up to date with the selection.
func (v *View) Update(msg tea.Msg) tea.Cmd {
	cmd := v.Model.Update(msg)
	v.SetFooter(v.warnings())
	return cmd
}

// warnings states the same-region rule for every checked region other than
// the host region that has VBRs but no CCN: a VBR reaches only services in
// its own region, so the API will reject that access region.
func (v *View) warnings() []string {
	var lines []string
	rejected := 0
	for _, r := range v.Selected() {
		ok, why := r.ReachesFrom(v.host)
		if ok {
			continue
		}
		rejected++
		if rejected <= maxWarnings {
			lines = append(lines, v.warn(r.ID+" will be rejected: "+why))
		}
	}
	if rejected > maxWarnings {
		lines = append(lines, v.warn(fmt.Sprintf("%d more VBR-only regions will be rejected", rejected-maxWarnings)))
	}
	return lines
}

func (v *View) warn(s string) string {
	return v.st.Warning.Render(v.st.Glyphs.Warn + " " + s)
}

func columns(host string) []picker.Column[cenapi.AccessRegion] {
	type region = cenapi.AccessRegion
	return []picker.Column[region]{
		{Title: "Region", Min: 14, Text: func(r region) string { return r.ID }},
		{Title: "Name", Text: func(r region) string { return r.LocalName }},
		picker.CountColumn("VBRs", func(r region) int { return r.VBRs }),
		picker.CountColumn("CCNs", func(r region) int { return r.CCNs }),
		{Title: "Note", Text: func(r region) string { return note(r, host) }},
	}
}

// note marks the host region and the regions the same-region rule rejects.
func note(r cenapi.AccessRegion, host string) string {
	switch {
	case r.ID == host:
		return "host region"
	case !reaches(r, host):
		return "VBR only, rejected"
	}
	return ""
}

// reaches reports whether r's on-premises networks can reach a service in
// host (the same-region rule for VBRs; see cenapi.AccessRegion.ReachesFrom).
func reaches(r cenapi.AccessRegion, host string) bool {
	ok, _ := r.ReachesFrom(host)
	return ok
}
