package tui

import "testing"

// A step is one descriptor plus its view: every step has everything the
// root needs of it, so that adding one cannot leave a switch behind.
func TestEveryStepHasACompleteDescriptor(t *testing.T) {
	t.Parallel()
	names := map[string]step{}
	for s := stepCEN; s < numSteps; s++ {
		sp := s.spec()
		if sp.name == "" || s.String() == "unknown" {
			t.Errorf("step %d has no name", s)
		}
		if other, dup := names[sp.name]; dup {
			t.Errorf("steps %d and %d are both named %q", other, s, sp.name)
		}
		names[sp.name] = s
		if sp.about == nil {
			t.Errorf("%v: nothing explains the step", s)
		}
		if sp.build == nil {
			t.Errorf("%v: no view is built for the step", s)
		}
		if _, ok := s.previous(); !ok && sp.noBack == nil {
			t.Errorf("%v: Esc neither goes back nor says why not", s)
		}
		if sp.noBack != nil && sp.branchOf != noStep {
			t.Errorf("%v: a branch always goes back to %v", s, sp.branchOf)
		}
		if sp.branchOf == noStep && len(sp.done) == 0 {
			t.Errorf("%v: the view can never say that the step is done", s)
		}
		if sp.keep && sp.crumb == nil {
			t.Errorf("%v: a step kept for its choice shows no breadcrumb of it", s)
		}
		if sp.reuse != nil && !sp.keep {
			t.Errorf("%v: a view built anew every time is never reused", s)
		}
		for _, o := range sp.done {
			if o.is == nil || o.handle == nil {
				t.Errorf("%v: an outcome without its message or handler", s)
			}
		}
	}
	if noStep.String() != "unknown" || numSteps.String() != "unknown" {
		t.Error("a step out of range has a name")
	}
}
