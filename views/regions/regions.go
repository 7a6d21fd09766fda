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
	"github.com/cenroute/cenroute/theme/i18n"
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
	lang := st.Lang
	return &View{picker.New(st, picker.Config[cenapi.HostRegion]{
		Title:     lang.T("steps.regions.title"),
		Prompt:    lang.T("steps.regions.prompt", i18n.Args{"CEN": cenID}),
		Noun:      lang.T("steps.regions.noun"),
		EmptyHint: lang.T("steps.regions.empty", i18n.Args{"CEN": cenID}),
		Columns:   columns(st),
		Fetch: func(ctx context.Context) ([]cenapi.HostRegion, error) {
			return src.HostRegions(ctx, cenID)
		},
		Disabled: func(r cenapi.HostRegion) string { return unsupported(lang, r) },
		Choose:   func(r cenapi.HostRegion) tea.Msg { return ChosenMsg{Region: r} },
	})}
}

// unsupported says, in lang's words, why region r cannot host route
// services (see views.RegionReason), or "". A region refused without a
// reason is taken for the one cenapi knows, the Enterprise Edition.
func unsupported(lang *i18n.Localizer, r cenapi.HostRegion) string {
	if r.Supported {
		return ""
	}
	if r.Reason == "" {
		r.Reason = cenapi.ReasonEnterpriseEdition
	}
	return lang.T("steps.regions.unsupported", i18n.Args{"Region": r.ID, "Reason": views.RegionReason(lang, r)})
}

func columns(st *theme.Styles) []picker.Column[cenapi.HostRegion] {
	type region = cenapi.HostRegion
	lang := st.Lang
	return []picker.Column[region]{
		{Title: lang.T("common.column.region"), Whole: true, Text: func(r region) string { return r.ID }},
		{Title: lang.T("common.column.name"), Text: func(r region) string { return r.LocalName }},
		picker.CountColumn(lang.T("common.column.vpcs"), func(r region) int { return r.VPCs }),
		{Title: lang.T("steps.regions.column.transit_router"), Text: func(r region) string { return edition(lang, r.TransitRouterType) }},
		picker.StatusColumn(st, lang.T("steps.regions.column.route_services"), func(r region) string {
			if r.Supported {
				return "ok"
			}
			return "unsupported"
		}),
	}
}

// edition says a transit router's edition as the API names it (Basic,
// Enterprise) in lang's words; another name is shown as given, none as
// such.
func edition(lang *i18n.Localizer, s string) string {
	switch s {
	case "":
		return lang.T("steps.regions.edition.none")
	case cenapi.TransitRouterBasic:
		return lang.T("steps.regions.edition.basic")
	case cenapi.TransitRouterEnterprise:
		return lang.T("steps.regions.edition.enterprise")
	}
	return s
}
