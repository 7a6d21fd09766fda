package hostlist

import (
	"slices"
	"testing"
)

func TestRedundantKeepsTheWidestBlockAndTheFirstOfEqualOnes(t *testing.T) {
	t.Parallel()
	text := "100.118.28.0/24\n100.118.0.0/16, 100.118.28.7\n100.64.0.1\n100.64.0.1/32 # again\nnonsense\n100.118.29.5/24\n100.119.0.0/24\n100.118.0.0/16"
	want := []bool{true, false, true, false, true, false, false, false, true}
	if got := Redundant(text); !slices.Equal(got, want) {
		t.Errorf("Redundant = %v, want %v", got, want)
	}
	// Dropping them leaves a list with no duplicate and no overlap.
	left := DropEntries(text, Redundant(text))
	for _, l := range Check(left, nil).Lines {
		if l.Overlapping() {
			t.Errorf("after dropping the redundant entries, %s: %s", l.Raw, l.Problem)
		}
	}
}

func TestDropEntriesKeepsTheRestOfEachLine(t *testing.T) {
	t.Parallel()
	text := "100.64.0.1, bad, 100.64.0.2 # two good\nbad2\n# a comment\nbad3 # why\n\n100.64.0.3\n"
	drop := []bool{false, true, false, true, true, false}
	want := "100.64.0.1, 100.64.0.2  # two good\n# a comment\n# why\n\n100.64.0.3\n"
	if got := DropEntries(text, drop); got != want {
		t.Errorf("DropEntries:\n%q\nwant\n%q", got, want)
	}
	if got := DropEntries(text, nil); got != text {
		t.Errorf("DropEntries with nothing to drop changed the text: %q", got)
	}
}
