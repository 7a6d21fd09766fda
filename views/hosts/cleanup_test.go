package hosts

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// messyPaste is 300 lines as they come from a ticket or a spreadsheet:
// 194 good blocks, and 101 problems (20 with host bits set, 20 duplicates,
// 15 addresses inside a block of the list, 15 outside 100.64.0.0/10, 21
// lines of junk, 5 IPv6 blocks, 5 hostnames that do not resolve), with 5
// comments, shuffled.
func messyPaste() string {
	var lines []string
	add := func(n int, format func(i int) string) {
		for i := range n {
			lines = append(lines, format(i))
		}
	}
	add(194, func(i int) string { return fmt.Sprintf("100.118.%d.0/24", i) })
	add(20, func(i int) string { return fmt.Sprintf("100.119.%d.5/24", i) })
	add(20, func(i int) string { return fmt.Sprintf("100.118.%d.0/24", i) })
	add(15, func(i int) string { return fmt.Sprintf("100.118.%d.7", 20+i) })
	add(15, func(i int) string { return fmt.Sprintf("10.0.%d.0/24", i) })
	add(21, func(i int) string { return fmt.Sprintf("junk_%d!", i) })
	add(5, func(i int) string { return fmt.Sprintf("2408:400a::%d/64", i) })
	add(5, func(i int) string { return fmt.Sprintf("gone%d.example.com", i) })
	add(5, func(i int) string { return fmt.Sprintf("# batch %d", i) })
	r := rand.New(rand.NewPCG(9, 9))
	r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	return strings.Join(lines, "\n")
}

// A messy paste of 300 lines is a valid list in at most three keys after
// ctrl+f: here one, ctrl+o; or two, ctrl+y then ctrl+o. What is dropped
// is counted, and ctrl+z brings it back.
func TestAMessyPasteIsCleanedUpInAFewKeys(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{{"ctrl+o"}, {"ctrl+y", "ctrl+o"}} {
		v := newView(t, &fakeSource{}, fakeResolver{}, "")
		paste(t, v, messyPaste())
		if got := v.check.result.Invalid; got != 101 {
			t.Fatalf("the paste has %d problems, want 101", got)
		}
		press(t, v, "ctrl+f")
		for n, k := range keys {
			if n >= 3 {
				t.Fatalf("more than 3 keys after ctrl+f: %v", keys)
			}
			press(t, v, k)
		}
		if why := v.check.blockReason(nil); why != "" {
			t.Fatalf("after ctrl+f and %v the list cannot be used: %s\n%s", keys, why, v.View())
		}
		if len(keys) == 1 {
			viewtest.MustContain(t, flat(v.View()), "dropped 81 entries with problems (ctrl+z undoes).")
		}
		c, ok := chosen(t, press(t, v, "tab"))
		if !ok || len(c.Hosts) != 214 {
			t.Fatalf("after %v: %d hosts chosen, want the 194 blocks and the 20 fixed ones", keys, len(c.Hosts))
		}
		for _, h := range c.Hosts {
			if !strings.HasPrefix(h, "100.118.") && !strings.HasPrefix(h, "100.119.") {
				t.Errorf("kept %s", h)
			}
		}
		// ctrl+z brings the dropped entries back, and again the fixed
		// host bits.
		press(t, v, "ctrl+z")
		viewtest.MustContain(t, flat(v.View()), "undone: dropping")
		for range keys[1:] {
			press(t, v, "ctrl+z")
		}
		if got := v.check.result.Invalid; got != 81 {
			t.Errorf("after undoing %v: %d problems, want the 81 left after ctrl+f", keys, got)
		}
		press(t, v, "ctrl+z")
		if got := v.check.result.Invalid; got != 101 {
			t.Errorf("after undoing ctrl+f too: %d problems, want 101", got)
		}
	}
}

// ctrl+x deletes the cursor's line whatever it holds; ctrl+z undoes it,
// and a run of typing is undone at once.
func TestDeleteLineAndUndo(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "100.118.1.0/24\nbad, 100.118.2.0/24\n100.118.3.0/24")
	press(t, v, "up")
	press(t, v, "ctrl+x")
	if got := v.Text(); got != "100.118.1.0/24\n100.118.3.0/24" || v.cursorLine() != 2 {
		t.Fatalf("after ctrl+x on line 2: %q, cursor on line %d", got, v.cursorLine())
	}
	viewtest.MustContain(t, v.View(), "deleted line 2 (ctrl+z undoes).")
	typeText(t, v, "100.118.4.0/24\n")
	press(t, v, "ctrl+z")
	if got := v.Text(); got != "100.118.1.0/24\n100.118.3.0/24" {
		t.Fatalf("undoing the typing gave %q", got)
	}
	press(t, v, "ctrl+z")
	if got := v.Text(); got != "100.118.1.0/24\nbad, 100.118.2.0/24\n100.118.3.0/24" {
		t.Fatalf("undoing ctrl+x gave %q", got)
	}
	press(t, v, "ctrl+z")
	viewtest.MustContain(t, v.View(), "nothing to undo.")
}

// Every key of the step is answered, even when it has nothing to do.
func TestEveryKeyIsAnswered(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "100.118.1.0/24")
	for k, want := range map[string]string{
		"ctrl+f": "nothing to fix: no entry has host bits set.",
		"ctrl+r": "no hostname in the list to look up.",
		"ctrl+g": "no problem to go to.",
		"ctrl+o": "nothing to drop: no entry has a problem.",
		"ctrl+y": "no duplicate, and no entry inside another one's block.",
		"ctrl+z": "nothing to undo.",
	} {
		press(t, v, k)
		viewtest.MustContain(t, v.View(), want)
		if v.Text() != "100.118.1.0/24" {
			t.Fatalf("%s changed the text to %q", k, v.Text())
		}
	}
}

// A hostname whose lookup failed says so and why in a few words, and
// ctrl+r on it says that it is looked up again.
func TestFailedHostnameSaysWhyAndCtrlRRetries(t *testing.T) {
	t.Parallel()
	const name = "oss-cn-hangzhou-internal.aliyuncs.com"
	v := newView(t, &fakeSource{}, fakeResolver{}, name+"\n100.118.1.0/24")
	viewtest.MustContain(t, v.View(), "! failed: no such host", "line 1  "+name+": failed: no such host")
	// Failing again, the name is left as it was, and the notice says so.
	press(t, v, "ctrl+r")
	viewtest.MustContain(t, flat(v.View()), name+": lookup failed: no such host; left as is, ctrl+r tries again.")
	if got := v.Text(); got != name+"\n100.118.1.0/24" {
		t.Fatalf("a name whose lookup failed was replaced: %q", got)
	}
	res := fakeResolver{name: {"100.118.28.1"}}
	v.resolver = res
	cmd := v.Update(viewtest.Key("ctrl+r"))
	viewtest.MustContain(t, flat(v.View()), "looking "+name+" up again", "resolving")
	viewtest.Run(t, v, cmd, isAnswer)
	if got := v.Text(); got != "100.118.28.1  # "+name+"\n100.118.1.0/24" {
		t.Errorf("after the retry the text is %q", got)
	}
}

// The help lists the editing keys, and the clean-up keys.
func TestHelpListsTheEditingKeys(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "")
	var names []string
	for _, g := range v.FullHelp() {
		for _, b := range g {
			names = append(names, b.Help().Key+" "+b.Help().Desc)
		}
	}
	all := strings.Join(names, "; ")
	for _, want := range []string{"ctrl+k delete to line end", "ctrl+u delete to line start", "ctrl+w delete word before",
		"ctrl+x delete line", "ctrl+o drop invalid", "ctrl+y drop duplicates", "ctrl+z undo", "enter new line"} {
		if !strings.Contains(all, want) {
			t.Errorf("help lacks %q: %s", want, all)
		}
	}
}
