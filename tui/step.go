package tui

// step is one screen of the wizard. The order of the constants is the order
// of the wizard: the root moves forward one step when a view reports its
// choice and back one step on views.BackMsg.
type step int

const (
	stepCEN step = iota
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
)

// String names the step the way logs and tests refer to it.
func (s step) String() string {
	switch s {
	case stepCEN:
		return "CEN"
	case stepHostRegion:
		return "host region"
	case stepHostVPC:
		return "host VPC"
	case stepAccess:
		return "access regions"
	case stepHosts:
		return "service CIDRs"
	case stepDescribe:
		return "description"
	case stepReview:
		return "review"
	case stepSubmit:
		return "submit"
	case stepResults:
		return "results"
	case stepRoutes:
		return "route services"
	}
	return "unknown"
}

// previous is the step Esc returns to, and false where going back makes no
// sense: the first step, a run in progress, and its results (a finished run
// cannot be un-sent; the results offer "new plan" instead).
func (s step) previous() (step, bool) {
	switch s {
	case stepRoutes:
		return stepCEN, true
	case stepHostRegion, stepHostVPC, stepAccess, stepHosts, stepDescribe, stepReview:
		return s - 1, true
	}
	return 0, false
}

// cacheable reports whether the step's view is kept when the user moves
// away, so that coming back finds its cursor, filter and text as they were.
// Later steps show a plan, a run or live entries and are always rebuilt.
func (s step) cacheable() bool { return s <= stepDescribe }
