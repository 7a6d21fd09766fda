package tui

import (
	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/access"
	"github.com/cenroute/cenroute/views/hosts"
)

// wizardState is everything the user chose so far. Values stay when the
// user goes back, so that moving forward again with the same choices finds
// the same views (and the same typed text).
type wizardState struct {
	cen         cenapi.CENSummary
	hostRegion  cenapi.HostRegion
	vpc         cenapi.VPC
	access      []cenapi.AccessRegion
	hostsText   string   // the editor's text, kept across back and forth
	hosts       []string // valid hosts from the editor
	present     []string // hosts already routed; the run skips them
	description string

	// The current (or last) run: its plan can differ from plan() when it
	// retries failed hosts or resumes a journal.
	run        *engine.Run
	runPlan    engine.Plan
	runPresent []string
	report     engine.Report
}

// accessIDs lists the chosen access regions' IDs in the order chosen.
func (s *wizardState) accessIDs() []string {
	ids := make([]string, len(s.access))
	for i, r := range s.access {
		ids[i] = r.ID
	}
	return ids
}

// plan is the engine plan the choices describe.
func (s *wizardState) plan() engine.Plan {
	return engine.Plan{
		CenID:           s.cen.ID,
		HostRegionID:    s.hostRegion.ID,
		HostVpcID:       s.vpc.ID,
		AccessRegionIDs: s.accessIDs(),
		Hosts:           append([]string(nil), s.hosts...),
		Description:     s.description,
	}
}

// accessJudge is the target rule (engine.JudgeTarget) for the access
// step: it judges a choice of access regions together with the CEN, host
// region and VPC chosen so far, as their lists showed them (copied now).
func (s *wizardState) accessJudge() access.Judge {
	cen, host, vpc := s.cen.CEN, s.hostRegion, s.vpc
	return func(regions []cenapi.AccessRegion) []engine.Problem {
		ids := make([]string, len(regions))
		for i, r := range regions {
			ids[i] = r.ID
		}
		inv := engine.Inventory{CENs: []cenapi.CEN{cen}, HostRegions: []cenapi.HostRegion{host},
			AccessRegions: regions, VPCs: []cenapi.VPC{vpc}}
		target := engine.Target{CenID: cen.ID, HostRegionID: host.ID, HostVpcID: vpc.ID, AccessRegionIDs: ids}
		return engine.JudgeTarget(inv, target, engine.ForCreate)
	}
}

// fromPlan restores the choices a journalled run was made with, so that
// the breadcrumbs and "new plan" work after a resume. Names and counts are
// unknown at that point; the IDs are enough for the views to reload them.
func (s *wizardState) fromPlan(p engine.Plan) {
	s.cen = cenapi.CENSummary{CEN: cenapi.CEN{ID: p.CenID}}
	s.hostRegion = cenapi.HostRegion{Region: cenapi.Region{ID: p.HostRegionID}, Supported: true}
	s.vpc = cenapi.VPC{ID: p.HostVpcID, RegionID: p.HostRegionID}
	s.access = make([]cenapi.AccessRegion, len(p.AccessRegionIDs))
	for i, id := range p.AccessRegionIDs {
		s.access[i] = cenapi.AccessRegion{Region: cenapi.Region{ID: id}}
	}
	s.hosts = append([]string(nil), p.Hosts...)
	s.description = p.Description
}

// resetPlan forgets everything after the host region, for "new plan on the
// same CEN".
func (s *wizardState) resetPlan() {
	s.hostRegion = cenapi.HostRegion{}
	s.vpc = cenapi.VPC{}
	s.access = nil
	s.hostsText = ""
	s.hosts = nil
	s.present = nil
	s.description = ""
}

// target is where the hosts being entered will be routed.
func (s *wizardState) target() hosts.Target {
	return hosts.Target{CenID: s.cen.ID, HostRegionID: s.hostRegion.ID, HostVpcID: s.vpc.ID,
		AccessRegionIDs: s.accessIDs()}
}

// crumb is one breadcrumb: an ID or a count, or free text (see
// stepSpec.freeCrumb).
type crumb struct {
	text string
	free bool
}

// trail is the breadcrumbs of the steps done before cur, counts in
// lang's words: the steps before it in the wizard's order, or up to the
// step it branches from.
func (s *wizardState) trail(cur step, lang *i18n.Localizer) []crumb {
	last := cur - 1
	if from := cur.spec().branchOf; from != noStep {
		last = from
	}
	var out []crumb
	for st := stepCEN; st <= last; st++ {
		sp := st.spec()
		if sp.crumb == nil {
			continue
		}
		if c := sp.crumb(s, lang); c != "" {
			out = append(out, crumb{text: c, free: sp.freeCrumb})
		}
	}
	return out
}

// crumbs are the texts of trail(cur, lang).
func (s *wizardState) crumbs(cur step, lang *i18n.Localizer) []string {
	var out []string
	for _, c := range s.trail(cur, lang) {
		out = append(out, c.text)
	}
	return out
}
