package tui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/access"
	"github.com/cenroute/cenroute/views/cens"
	"github.com/cenroute/cenroute/views/describe"
	"github.com/cenroute/cenroute/views/hosts"
	"github.com/cenroute/cenroute/views/regions"
	"github.com/cenroute/cenroute/views/results"
	"github.com/cenroute/cenroute/views/review"
	"github.com/cenroute/cenroute/views/routes"
	"github.com/cenroute/cenroute/views/submit"
	"github.com/cenroute/cenroute/views/syncplan"
	"github.com/cenroute/cenroute/views/vpcs"
)

// step is one screen of the wizard. The order of the constants is the order
// of the wizard: a step's view reports its choice and the root moves on to
// the next (see Model.forward); Esc goes back one step.
type step int

const (
	// noStep is "none", the zero value: a step that is not a branch has
	// noStep as its branchOf.
	noStep step = iota
	stepCEN
	stepHostRegion
	stepHostVPC
	stepAccess
	stepHosts
	stepDescribe
	stepReview
	stepSubmit
	stepResults
	// stepRoutes is a side branch of the CEN step (existing route
	// services), not part of the linear wizard.
	stepRoutes
	// stepSync is the review and sync of a routes file (cenroute --file
	// F): the wizard starts there, and it branches back to the CEN step.
	stepSync
	numSteps
)

// stepSpec is everything the root knows of a step besides its view: one
// entry of steps. Adding a step to the wizard is a constant above, at its
// place in the order, its entry in steps, and its view.
type stepSpec struct {
	// name is how logs and tests name the step.
	name string
	// about explains the step to someone who has never routed a cloud
	// service through a CEN: what the words on the screen mean and why
	// the step exists. A few lines at 80 columns in every language, plain
	// ASCII in English (a test holds every text to that).
	about words
	// branchOf makes the step a side branch of that step, which Esc
	// returns to and whose breadcrumbs it shows; noStep (left out) for the
	// steps of the wizard's order, which go back to the step before.
	branchOf step
	// noBack, when set, is what Esc says instead of going back, where
	// going back makes no sense: the first step, a run in progress, and
	// its results (a finished run cannot be un-sent).
	noBack words
	// keep keeps the step's view when the user moves away, so that coming
	// back finds its cursor, filter and text as they were (while key is
	// unchanged). Later steps show a plan, a run or live entries and are
	// always built anew.
	keep bool
	// key, when set, identifies the choices the view is built from: a kept
	// view is reused only while its key is unchanged, since choosing
	// another region must not show the VPCs of the previous one.
	key func(*wizardState) string
	// crumb, when set, is the breadcrumb of the step once done: the value
	// chosen there (a count in lang's words), or "" when there is nothing
	// to show.
	crumb func(s *wizardState, lang *i18n.Localizer) string
	// freeCrumb says that the crumb is free text (a description), which
	// gives way with an ellipsis when the breadcrumbs do not fit; any
	// other crumb is an ID or a count, shown whole or left out.
	freeCrumb bool
	// build makes the step's view from the current choices.
	build func(*Model) views.View
	// reuse, when set, brings a kept view up to date with choices that do
	// not rebuild it.
	reuse func(*Model, views.View)
	// leave, when set, keeps what the view holds when the user goes back
	// from it, so that a view built anew later starts from it.
	leave func(*wizardState, views.View)
	// done are the messages with which the view reports that the step is
	// done, each with what the root then does. They count only while the
	// step is on screen.
	done []outcome
}

// outcome is one message a step's view reports, and its handler.
type outcome struct {
	is     func(tea.Msg) bool
	handle func(*Model, tea.Msg) tea.Cmd
}

// on is the outcome of messages of type M.
func on[M tea.Msg](handle func(*Model, M) tea.Cmd) outcome {
	return outcome{
		is:     func(msg tea.Msg) bool { _, ok := msg.(M); return ok },
		handle: func(m *Model, msg tea.Msg) tea.Cmd { return handle(m, msg.(M)) },
	}
}

// steps describes every step, indexed by step (noStep's is empty).
//
// Why init: the handlers move the wizard through Model.enter, which reads
// this table, and Go refuses a package variable whose initialiser refers
// back to it through functions.
var steps [numSteps]stepSpec

func init() {
	steps = [numSteps]stepSpec{
		stepCEN: {
			name:   "CEN",
			about:  func(l *i18n.Localizer) string { return l.T("steps.cen.about") },
			noBack: func(l *i18n.Localizer) string { return l.T("steps.cen.no_back") },
			keep:   true,
			crumb:  func(s *wizardState, _ *i18n.Localizer) string { return s.cen.ID },
			build:  func(m *Model) views.View { return cens.New(m.reader, m.st) },
			done: []outcome{
				on(func(m *Model, msg cens.ChosenMsg) tea.Cmd {
					m.state.cen = msg.CEN
					return m.forward()
				}),
				on(func(m *Model, msg cens.ShowRoutesMsg) tea.Cmd {
					m.state.cen = msg.CEN
					return m.enter(stepRoutes)
				}),
			},
		},
		stepHostRegion: {
			name:  "host region",
			about: func(l *i18n.Localizer) string { return l.T("steps.regions.about") },
			keep:  true,
			key:   func(s *wizardState) string { return s.cen.ID },
			crumb: func(s *wizardState, _ *i18n.Localizer) string { return s.hostRegion.ID },
			build: func(m *Model) views.View { return regions.New(m.reader, m.st, m.state.cen.ID) },
			done: []outcome{on(func(m *Model, msg regions.ChosenMsg) tea.Cmd {
				m.state.hostRegion = msg.Region
				return m.forward()
			})},
		},
		stepHostVPC: {
			name:  "host VPC",
			about: func(l *i18n.Localizer) string { return l.T("steps.vpcs.about") },
			keep:  true,
			key:   func(s *wizardState) string { return s.cen.ID + "/" + s.hostRegion.ID },
			crumb: func(s *wizardState, _ *i18n.Localizer) string { return s.vpc.ID },
			build: func(m *Model) views.View {
				return vpcs.New(m.reader, m.st, m.state.cen.ID, m.state.hostRegion.ID)
			},
			done: []outcome{on(func(m *Model, msg vpcs.ChosenMsg) tea.Cmd {
				m.state.vpc = msg.VPC
				return m.forward()
			})},
		},
		stepAccess: {
			name:  "access regions",
			about: func(l *i18n.Localizer) string { return l.T("steps.access.about") },
			keep:  true,
			// No VPC: another VPC must not reload the regions (see reuse).
			key: func(s *wizardState) string { return s.cen.ID + "/" + s.hostRegion.ID },
			crumb: func(s *wizardState, l *i18n.Localizer) string {
				return l.T("common.regions", i18n.Args{"Count": len(s.access)})
			},
			build: func(m *Model) views.View {
				return access.New(m.reader, m.st, m.state.cen.ID, m.state.hostRegion.ID, m.state.accessJudge())
			},
			// A kept view keeps its regions and selection for another VPC;
			// the rule it judges them with must know the VPC now chosen.
			reuse: func(m *Model, v views.View) { v.(*access.View).SetJudge(m.state.accessJudge()) },
			done: []outcome{on(func(m *Model, msg access.ChosenMsg) tea.Cmd {
				m.state.access = msg.Regions
				return m.forward()
			})},
		},
		stepHosts: {
			name:  "service CIDRs",
			about: func(l *i18n.Localizer) string { return l.T("steps.hosts.about") },
			keep:  true,
			key: func(s *wizardState) string {
				return s.cen.ID + "/" + s.hostRegion.ID + "/" + s.vpc.ID + "/" + strings.Join(s.accessIDs(), ",")
			},
			crumb: func(s *wizardState, l *i18n.Localizer) string {
				return l.T("common.hosts", i18n.Args{"Count": len(s.hosts)})
			},
			build: func(m *Model) views.View {
				return hosts.New(m.reader, m.st, m.state.target(), m.state.hostsText)
			},
			// No entry is ever lost: a view built anew (after other access
			// regions were chosen) starts with the lines left.
			leave: func(s *wizardState, v views.View) { s.hostsText = v.(*hosts.View).Text() },
			done: []outcome{on(func(m *Model, msg hosts.ChosenMsg) tea.Cmd {
				m.state.hosts, m.state.present, m.state.hostsText = msg.Hosts, msg.Present, msg.Text
				return m.forward()
			})},
		},
		stepDescribe: {
			name:      "description",
			about:     func(l *i18n.Localizer) string { return l.T("steps.describe.about") },
			keep:      true,
			freeCrumb: true,
			crumb: func(s *wizardState, _ *i18n.Localizer) string {
				if s.description == "" {
					return "" // nothing chosen: no crumb, and room for the IDs
				}
				return strconv.Quote(s.description)
			},
			build: func(m *Model) views.View { return describe.New(m.st, m.state.description) },
			done: []outcome{on(func(m *Model, msg describe.ChosenMsg) tea.Cmd {
				m.state.description = msg.Description
				return m.forward()
			})},
		},
		stepReview: {
			name:  "review",
			about: func(l *i18n.Localizer) string { return l.T("steps.review.about") },
			build: func(m *Model) views.View { return review.New(m.st, m.state.plan(), m.preparer()) },
			done:  []outcome{on((*Model).submitPlan)},
		},
		stepSubmit: {
			name:   "submit",
			about:  func(l *i18n.Localizer) string { return l.T("steps.submit.about") },
			noBack: func(l *i18n.Localizer) string { return l.T("steps.submit.no_back") },
			build: func(m *Model) views.View {
				return submit.New(m.st, m.state.run, m.state.runPlan, m.state.runPresent)
			},
			done: []outcome{
				on((*Model).finishRun),
				on(func(m *Model, _ submit.StopMsg) tea.Cmd { return m.requestStop() }),
			},
		},
		stepResults: {
			name:   "results",
			about:  func(l *i18n.Localizer) string { return l.T("steps.results.about") },
			noBack: func(l *i18n.Localizer) string { return l.T("steps.results.no_back") },
			build: func(m *Model) views.View {
				return results.New(m.st, m.state.report, results.Options{ReportDir: m.deps.ReportDir,
					Room: m.deps.ReportRoom, ReportNote: m.deps.ReportNote, Resumable: !m.deps.Demo})
			},
			done: []outcome{
				on((*Model).retryFailed),
				on(func(m *Model, _ results.NewPlanMsg) tea.Cmd { return m.newPlan() }),
				on(func(m *Model, _ results.QuitMsg) tea.Cmd { return m.requestQuit() }),
			},
		},
		stepRoutes: {
			name:     "route services",
			about:    func(l *i18n.Localizer) string { return l.T("steps.routes.about") },
			branchOf: stepCEN,
			build: func(m *Model) views.View {
				return routes.New(m.reader, m.st, m.state.cen, m.deleter(), m.saveOptions())
			},
		},
		stepSync: {
			name:     "sync",
			about:    func(l *i18n.Localizer) string { return l.T("steps.sync.about") },
			branchOf: stepCEN,
			build: func(m *Model) views.View {
				return syncplan.New(m.st, m.deps.RoutesFile, m.planner(), m.syncer())
			},
		},
	}
}

// String names the step the way logs and tests refer to it.
func (s step) String() string {
	if s <= noStep || s >= numSteps {
		return "unknown"
	}
	return steps[s].name
}

// spec is the step's descriptor.
func (s step) spec() *stepSpec { return &steps[s] }

// previous is the step Esc returns to, and false where going back makes no
// sense (see stepSpec.noBack).
func (s step) previous() (step, bool) {
	switch sp := s.spec(); {
	case sp.noBack != nil:
		return 0, false
	case sp.branchOf != noStep:
		return sp.branchOf, true
	}
	return s - 1, s > stepCEN
}

// keyOf is the key of the choices the step's view is built from now; ""
// for a view that depends on none.
func (sp *stepSpec) keyOf(w *wizardState) string {
	if sp.key == nil {
		return ""
	}
	return sp.key(w)
}

// stepOf finds the step whose view reports msg when its step is done, and
// the outcome; ok is false for any other message.
func stepOf(msg tea.Msg) (s step, o outcome, ok bool) {
	for s := stepCEN; s < numSteps; s++ {
		for _, o := range steps[s].done {
			if o.is(msg) {
				return s, o, true
			}
		}
	}
	return 0, outcome{}, false
}
