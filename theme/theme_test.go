package theme

import "testing"

// A caller that edits the list it got changes nothing for the others.
func TestNamesCannotBeChangedByACaller(t *testing.T) {
	t.Parallel()
	names := Names()
	names[0] = "bogus"
	if Names()[0] != Auto {
		t.Errorf("Names()[0] = %q after a caller's edit, want %q", Names()[0], Auto)
	}
	for _, n := range Names() {
		if got, err := ParseName(string(n)); err != nil || got != n {
			t.Errorf("ParseName(%q) = %q, %v", n, got, err)
		}
	}
}
