package hosts

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// fakeSource answers DescribeRouteServices from a list, failing first
// `failures` times with err. It records the filters it was asked for.
type fakeSource struct {
	mu       sync.Mutex
	entries  []cenapi.RouteService
	err      error
	failures int
	filters  []cenapi.RouteServiceFilter
}

func (f *fakeSource) DescribeRouteServices(_ context.Context, filter cenapi.RouteServiceFilter) ([]cenapi.RouteService, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.filters = append(f.filters, filter)
	if f.failures > 0 {
		f.failures--
		return nil, f.err
	}
	return f.entries, nil
}

// fakeResolver answers from a table; unknown names fail like DNS does.
type fakeResolver map[string][]string

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ok := r[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	out := make([]netip.Addr, len(addrs))
	for i, a := range addrs {
		out[i] = netip.MustParseAddr(a)
	}
	return out, nil
}

var target = Target{CenID: "cen-test", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-test",
	AccessRegionIDs: []string{"cn-hangzhou", "cn-shanghai"}}

// entry is an Active route service of the test target.
func entry(host, accessRegion string) cenapi.RouteService {
	return cenapi.RouteService{CenID: "cen-test", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-test",
		Host: host, AccessRegionID: accessRegion, Status: cenapi.StatusActive}
}

// isAnswer tells the view's answers to the root from its internal messages.
func isAnswer(msg tea.Msg) bool {
	switch msg.(type) {
	case ChosenMsg, views.BackMsg:
		return true
	}
	return false
}

// newView builds the step at 80x24 with its initial load done.
func newView(t *testing.T, src *fakeSource, res fakeResolver, text string) *View {
	t.Helper()
	v := New(src, viewtest.Styles(), target, text)
	v.resolver = res
	v.SetSize(80, 24)
	viewtest.Run(t, v, v.Init(), isAnswer)
	return v
}

// press sends one key and runs what it leads to.
func press(t *testing.T, v *View, name string) []tea.Msg {
	t.Helper()
	return viewtest.Run(t, v, v.Update(viewtest.Key(name)), isAnswer)
}

// typeText types text key by key ("\n" as Enter).
func typeText(t *testing.T, v *View, text string) {
	t.Helper()
	for _, r := range text {
		if r == '\n' {
			press(t, v, "enter")
			continue
		}
		press(t, v, string(r))
	}
}

func paste(t *testing.T, v *View, text string) {
	t.Helper()
	viewtest.Run(t, v, v.Update(viewtest.Paste(text)), isAnswer)
}

// flat is a view with its line breaks and runs of blanks folded into
// single spaces, to look for a wrapped text.
func flat(view string) string { return strings.Join(strings.Fields(view), " ") }

func chosen(t *testing.T, msgs []tea.Msg) (ChosenMsg, bool) {
	t.Helper()
	for _, m := range msgs {
		if c, ok := m.(ChosenMsg); ok {
			return c, true
		}
	}
	return ChosenMsg{}, false
}

func TestInlineProblemsNameTheirLines(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "")
	typeText(t, v, "100.118.28.0/24\n10.0.0.0/8\nnot-a-cidr!\n100.118.29.7/24\n")
	view := v.View()
	viewtest.MustContain(t, view,
		"valid 1, skipped 0, invalid 3",
		"✗ outside 100.64.0.0/10",
		"✗ not an IPv4 address or CIDR",
		"line 2  10.0.0.0/8: outside 100.64.0.0/10",
		"line 3  not-a-cidr!: not an IPv4 address or CIDR",
		"line 4  100.118.29.7/24: host bits set: did you mean 100.118.29.0/24?",
		"cannot continue: 3 entries have problems (lines 2, 3, 4)",
	)
	// The note sits on the row of its own line.
	for _, row := range strings.Split(view, "\n") {
		if strings.Contains(row, "  2 10.0.0.0/8") && !strings.Contains(row, "outside 100.64.0.0/10") {
			t.Errorf("line 2's row has no note: %q", row)
		}
	}
	// The cursor's line is spelled out in full below the editor.
	press(t, v, "up")
	viewtest.MustContain(t, v.View(), "line 4, column 1: 100.118.29.7/24", "host bits set: did you mean 100.118.29.0/24?")
}

func TestFixKeyFixesEveryHostBitsEntry(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "100.118.28.5/24\n# keep me\n100.118.30.9/23, 100.118.40.0/24\n100.118.50.0/24")
	if !v.keys.Fix.Enabled() {
		t.Fatal("fix key disabled while host bits are set")
	}
	press(t, v, "ctrl+f")
	want := "100.118.28.0/24\n# keep me\n100.118.30.0/23, 100.118.40.0/24\n100.118.50.0/24"
	if got := v.Text(); got != want {
		t.Fatalf("text after fix:\n%s\nwant:\n%s", got, want)
	}
	viewtest.MustContain(t, v.View(), "fixed host bits in 2 entries", "No problems.", "valid 4, skipped 0, invalid 0")
	if v.keys.Fix.Enabled() {
		t.Error("fix key still enabled with nothing to fix")
	}
	if got := v.cursorLine(); got != 4 {
		t.Errorf("cursor moved to line %d, want it to stay on line 4", got)
	}
}

func TestDuplicatesAndOverlapsNameTheEarlierLine(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "")
	paste(t, v, "100.118.0.0/16\n100.118.28.0/24\n100.118.0.0/16\n")
	viewtest.MustContain(t, v.View(),
		"line 2  100.118.28.0/24: overlaps line 1 (100.118.0.0/16)",
		"line 3  100.118.0.0/16: duplicate of line 1",
	)
}

func TestHostsAlreadyRoutedAreMarkedPresent(t *testing.T) {
	t.Parallel()
	src := &fakeSource{entries: []cenapi.RouteService{
		entry("100.118.28.0/24", "cn-hangzhou"),
		entry("100.118.28.0/24", "cn-shanghai"),
		// Routed into one of the two regions only: still to be sent.
		entry("100.118.29.0/24", "cn-hangzhou"),
		// Spelled without a prefix length: the same block as a /32.
		entry("100.118.30.1", "cn-hangzhou"),
		entry("100.118.30.1", "cn-shanghai"),
	}}
	v := newView(t, src, nil, "100.118.28.0/24\n100.118.29.0/24\n100.118.30.1/32")
	if len(src.filters) != 1 || src.filters[0] != (cenapi.RouteServiceFilter{CenID: "cen-test", HostRegionID: "cn-hangzhou"}) {
		t.Fatalf("listed with %+v", src.filters)
	}
	view := v.View()
	viewtest.MustContain(t, view, "valid 1, skipped 2, invalid 0", "! present, will skip",
		"2 hosts are already routed here", "and 2 already present (skipped)")
	msgs := press(t, v, "tab")
	c, ok := chosen(t, msgs)
	if !ok {
		t.Fatal("tab did not continue")
	}
	if !slices.Equal(c.Hosts, []string{"100.118.28.0/24", "100.118.29.0/24", "100.118.30.1/32"}) ||
		!slices.Equal(c.Present, []string{"100.118.28.0/24", "100.118.30.1/32"}) {
		t.Errorf("chosen %+v", c)
	}
}

// A host that an existing entry stands in the way of (through another VPC,
// Failed) is a problem with the engine's reason, never "present": the run
// would fail it with Engine.Conflict.
func TestHostsInTheWayOfAnExistingEntryAreProblems(t *testing.T) {
	t.Parallel()
	failed := entry("100.118.31.0/24", "cn-shanghai")
	failed.Status = cenapi.StatusFailed
	otherVPC := func(host, region string) cenapi.RouteService {
		e := entry(host, region)
		e.HostVpcID = "vpc-other"
		return e
	}
	src := &fakeSource{entries: []cenapi.RouteService{
		entry("100.118.31.0/24", "cn-hangzhou"), failed,
		entry("100.118.32.0/24", "cn-hangzhou"), otherVPC("100.118.32.0/24", "cn-shanghai"),
		// Routed everywhere, but through another VPC.
		otherVPC("100.118.33.0/24", "cn-hangzhou"), otherVPC("100.118.33.0/24", "cn-shanghai"),
	}}
	v := newView(t, src, nil, "100.118.31.0/24\n100.118.32.0/24\n100.118.33.0/24\n100.118.34.0/24")
	v.SetSize(200, 40)
	viewtest.MustContain(t, v.View(), "valid 1, skipped 0, invalid 3", "3 hosts have entries in the way",
		"100.118.31.0/24: the entry into cn-shanghai is Failed: delete it, then apply again",
		"100.118.32.0/24: already routed into cn-shanghai through vpc-other",
		"100.118.33.0/24: already routed into", "cannot continue", "delete the existing entry first")
	if strings.Contains(v.View(), hostlist.NotePresent) {
		t.Errorf("a host in conflict is shown as present:\n%s", v.View())
	}
	if _, ok := chosen(t, press(t, v, "tab")); ok {
		t.Error("tab continued with hosts the run would fail")
	}
}

func TestExistingEntriesErrorThenRetry(t *testing.T) {
	t.Parallel()
	apiErr := &cenapi.Error{Op: "DescribeRouteServicesInCen", Code: "Throttling.User", Message: "Request was denied due to user flow control.", RequestID: "REQ-42"}
	src := &fakeSource{err: apiErr, failures: 1, entries: []cenapi.RouteService{
		entry("100.118.28.0/24", "cn-hangzhou"), entry("100.118.28.0/24", "cn-shanghai")}}
	v := New(src, viewtest.Styles(), target, "")
	v.SetSize(80, 24)
	load := v.Init()
	// Typing works while the entries load.
	viewtest.MustContain(t, v.View(), "checking the entries already on cen-test")
	typeText(t, v, "100.118.28.0/24")
	viewtest.Run(t, v, load, isAnswer)
	viewtest.MustContain(t, v.View(), "could not check existing entries", "Throttling.User", "denied due to user flow control", "(RequestId REQ-42)", "ctrl+l retries")
	if got := v.Text(); got != "100.118.28.0/24" {
		t.Fatalf("text %q", got)
	}
	// The step can still be left: the run checks existing entries again.
	viewtest.MustContain(t, v.View(), "not checked yet")
	if _, ok := chosen(t, press(t, v, "tab")); !ok {
		t.Fatal("blocked by a failed check of existing entries")
	}
	press(t, v, "ctrl+l")
	viewtest.MustContain(t, v.View(), "! present, will skip", "valid 0, skipped 1")
}

func TestStaleExistingAnswerIsDropped(t *testing.T) {
	t.Parallel()
	present := &fakeSource{entries: []cenapi.RouteService{entry("100.118.28.0/24", "cn-hangzhou"),
		entry("100.118.28.0/24", "cn-shanghai")}}
	v := newView(t, &fakeSource{}, nil, "100.118.28.0/24")
	v.src = present
	first := v.reload()
	v.src = &fakeSource{} // the entry has gone since the first listing
	reload := v.reload()
	// Another instance's answer, for the same target, is not this view's
	// either.
	other := newView(t, present, nil, "")
	viewtest.Run(t, v, other.reload(), isAnswer)
	viewtest.Run(t, v, first, isAnswer)
	viewtest.MustContain(t, v.View(), "checking the entries already on")
	if v.check.result.Skipped != 0 {
		t.Fatal("a stale answer marked a host present")
	}
	viewtest.Run(t, v, reload, isAnswer)
	viewtest.MustContain(t, v.View(), "0 hosts are already routed here")
}

// A lookup answered to another instance of the step (built for other
// choices) is not taken for this one's.
func TestAnotherViewsLookupIsDropped(t *testing.T) {
	t.Parallel()
	const name = "oss-cn-hangzhou-internal.aliyuncs.com"
	text := name + "\n100.118.1.0/24" // the cursor is on the last line
	mine := New(&fakeSource{}, viewtest.Styles(), target, text)
	mine.resolver = fakeResolver{name: {"100.118.28.1"}}
	other := New(&fakeSource{}, viewtest.Styles(), target, text)
	other.resolver = fakeResolver{name: {"100.118.99.9"}}
	own := mine.startLookups()
	viewtest.Run(t, mine, other.startLookups(), isAnswer)
	if mine.lookups[name].done {
		t.Fatalf("the other view's answer was taken: %+v", *mine.lookups[name])
	}
	viewtest.Run(t, mine, own, isAnswer)
	if lk := mine.lookups[name]; !lk.done || len(lk.inRange) != 1 || lk.inRange[0] != "100.118.28.1" {
		t.Errorf("the view's own answer: %+v", *lk)
	}
}

func TestHostnameIsResolvedAndReplacedByItsServiceAddresses(t *testing.T) {
	t.Parallel()
	res := fakeResolver{
		"oss-cn-hangzhou-internal.aliyuncs.com": {"100.118.28.2", "100.118.28.1", "47.96.0.1"},
		"www.example.com":                       {"93.184.216.34"},
	}
	v := newView(t, &fakeSource{}, res, "oss-cn-hangzhou-internal.aliyuncs.com\nwww.example.com, 100.118.50.0/24\n100.118.60.0/24")
	v.SetSize(120, 40)
	if !v.keys.Resolve.Enabled() {
		t.Error("resolve key not offered with hostnames in the list")
	}
	viewtest.MustContain(t, v.View(),
		"! resolved to 3 addresses, 2 usable",
		"line 1  oss-cn-hangzhou-internal.aliyuncs.com: resolved to 3 addresses, 2 usable",
		"! www.example.com: resolved to 1 address, none usable",
	)
	// On the name's line, the lines below the editor say it in full.
	press(t, v, "up")
	viewtest.MustContain(t, flat(v.View()), "resolved to 93.184.216.34: none inside 100.64.0.0/10")
	press(t, v, "up")
	viewtest.MustContain(t, flat(v.View()), "resolved to 47.96.0.1, 100.118.28.1, 100.118.28.2: ctrl+r uses 100.118.28.1, 100.118.28.2")
	press(t, v, "ctrl+r")
	want := "100.118.28.1, 100.118.28.2  # oss-cn-hangzhou-internal.aliyuncs.com\nwww.example.com, 100.118.50.0/24\n100.118.60.0/24"
	if got := v.Text(); got != want {
		t.Errorf("text after ctrl+r:\n%s\nwant:\n%s", got, want)
	}
	viewtest.MustContain(t, v.View(), "valid 4, skipped 0, invalid 1")
	msgs := press(t, v, "tab")
	if _, ok := chosen(t, msgs); ok {
		t.Error("continued with an unresolvable hostname in the list")
	}
}

func TestHostnameBeingTypedIsLookedUpOnlyOnRequest(t *testing.T) {
	t.Parallel()
	res := fakeResolver{"oss-cn-shanghai-internal.aliyuncs.com": {"100.98.170.10"}}
	v := newView(t, &fakeSource{}, res, "")
	v.SetSize(120, 40)
	typeText(t, v, "oss-cn-shanghai-internal.aliyuncs.com")
	if len(v.lookups) != 0 {
		t.Fatalf("looked up names while typing: %v", v.lookups)
	}
	viewtest.MustContain(t, flat(v.View()), "! a hostname: ctrl+r looks it up", "a hostname: ctrl+r looks it up and puts its addresses in its place")
	press(t, v, "ctrl+r")
	if got := v.Text(); got != "100.98.170.10  # oss-cn-shanghai-internal.aliyuncs.com" {
		t.Errorf("text %q", got)
	}
}

func TestCannotLeaveWhileInvalid(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "")
	if msgs := press(t, v, "tab"); len(msgs) != 0 {
		t.Fatalf("tab on an empty list answered %v", msgs)
	}
	viewtest.MustContain(t, v.View(), "cannot continue: enter at least one service CIDR")
	typeText(t, v, "100.118.28.0/24\n100.118.29.1/24")
	for _, k := range []string{"tab", "ctrl+s"} {
		if msgs := press(t, v, k); len(msgs) != 0 {
			t.Fatalf("%s with an invalid line answered %v", k, msgs)
		}
	}
	viewtest.MustContain(t, v.View(), "cannot continue: 1 entry has a problem (line 2): ctrl+f fixes host bits")
	// Enter is a new line, never "continue".
	before := v.ed.LineCount()
	if msgs := press(t, v, "enter"); len(msgs) != 0 || v.ed.LineCount() != before+1 {
		t.Fatalf("enter answered %v, lines %d -> %d", msgs, before, v.ed.LineCount())
	}
	press(t, v, "backspace")
	press(t, v, "ctrl+f")
	c, ok := chosen(t, press(t, v, "ctrl+s"))
	if !ok || !slices.Equal(c.Hosts, []string{"100.118.28.0/24", "100.118.29.0/24"}) || len(c.Present) != 0 {
		t.Fatalf("after the fix: chosen %v %+v", ok, c)
	}
}

func TestEveryPastedLineIsKept(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	var want []string
	for i := range 3000 {
		h := fmt.Sprintf("100.%d.%d.0/24", 64+i/256, i%256)
		want = append(want, h)
		// Windows line endings and a comment now and then.
		b.WriteString(h)
		if i%100 == 0 {
			b.WriteString(" # batch")
		}
		b.WriteString("\r\n")
	}
	v := newView(t, &fakeSource{}, nil, "")
	paste(t, v, b.String())
	c, ok := chosen(t, press(t, v, "tab"))
	if !ok {
		t.Fatalf("blocked: %s", v.check.blockReason(nil))
	}
	if !slices.Equal(c.Hosts, want) {
		t.Fatalf("kept %d hosts, want %d (first difference matters)", len(c.Hosts), len(want))
	}
	if got := strings.Count(c.Text, "\n"); got != 3000 {
		t.Errorf("text has %d newlines, want 3000 (CRLF must not double lines)", got)
	}
}

// A paste beyond the host-list limits, on its own or with what is already
// there, is refused whole and says which limit.
func TestSecurityPasteBeyondTheLimitsIsRefusedWhole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ paste, want string }{
		{strings.Repeat("\n", hostlist.MaxLines+1), "paste refused: it has more than 20000 lines; a host list holds at most 20000."},
		{strings.Repeat("# note\n", hostlist.MaxLines-1) + "# note", "paste refused: the list would then be beyond its limits: " +
			"it has more than 20000 lines; a host list holds at most 20000."},
		{strings.Repeat("100.64.0.1,", 256<<10/11), "paste refused: line 1 is 262141 bytes long; a line holds at most 4096 bytes"},
	} {
		v := newView(t, &fakeSource{}, nil, "100.118.28.0/24\n")
		paste(t, v, tc.paste)
		if got := v.Text(); got != "100.118.28.0/24\n" {
			t.Fatalf("text changed to %d bytes", len(got))
		}
		// The whole notice is there, wrapped, and the status below it too.
		viewtest.MustContain(t, flat(v.View()), tc.want, "tab continues with 1 host")
		viewtest.CheckSize(t, v.View(), 80, 24)
		// The editor still takes keys where it was.
		typeText(t, v, "100.118.29.0/24")
		if got := v.Text(); got != "100.118.28.0/24\n100.118.29.0/24" {
			t.Fatalf("typing after the refusal gave %q", got)
		}
	}
}

// A line typed key by key stops at the line limit, and says why.
func TestSecurityTypingStopsAtTheLineLimit(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("1", hostlist.MaxLineBytes-1)
	v := newView(t, &fakeSource{}, nil, long)
	typeText(t, v, "23")
	if got := v.Text(); got != long+"2" {
		t.Fatalf("text is %d bytes long, want %d", len(got), len(long)+1)
	}
	viewtest.MustContain(t, flat(v.View()),
		"not typed: the list would then be beyond its limits: line 1 is 4097 bytes long")
}

// Wherever the cursor is and whatever the size, the problems list shows the
// cursor's problem: with the cursor on the last of many, the last one.
func TestProblemsListFollowsTheCursorThroughEveryLayout(t *testing.T) {
	t.Parallel()
	var lines []string
	for i := range 214 {
		lines = append(lines, fmt.Sprintf("100.0.%d.%d", i/256, i%256)) // outside 100.64.0.0/10
	}
	v := New(&fakeSource{}, viewtest.Styles(), target, strings.Join(lines, "\n"))
	if v.cursorLine() != 214 {
		t.Fatalf("cursor on line %d, want the last", v.cursorLine())
	}
	for _, size := range [][2]int{{80, 24}, {80, 12}, {120, 40}, {60, 10}, {80, 24}} {
		v.SetSize(size[0], size[1])
		viewtest.MustContain(t, v.View(), "> line 214  100.0.0.213")
	}
	// Scrolled away by hand, the list stays there until the cursor moves.
	press(t, v, "pgup")
	if strings.Contains(v.View(), "line 214 ") {
		t.Fatalf("pgup did not scroll:\n%s", v.View())
	}
	press(t, v, "up")
	viewtest.MustContain(t, v.View(), "> line 213  100.0.0.212")
}

// At the smallest terminal the wizard lays out in, the reason the step
// cannot be left is whole: the lines about the cursor's line give way.
func TestBlockReasonIsWholeOnASmallTerminal(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, fakeResolver{}, "100.118.28.5/24\noss.example.com\n1.2.3.4")
	v.SetSize(60, 10)
	view := v.View()
	viewtest.CheckSize(t, view, 60, 10)
	viewtest.MustContain(t, flat(view), "cannot continue: 3 entries have problems", "ctrl+g goes to the next one.")
}

func TestNextProblemKeyMovesTheCursor(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "100.118.1.0/24\nbad\n100.118.2.0/24\nworse\n100.118.3.0/24")
	press(t, v, "ctrl+g")
	if got := v.cursorLine(); got != 2 {
		t.Fatalf("cursor on line %d, want 2", got)
	}
	press(t, v, "ctrl+g")
	if got := v.cursorLine(); got != 4 {
		t.Fatalf("cursor on line %d, want 4", got)
	}
	viewtest.MustContain(t, v.View(), "> line 4  worse")
}

func TestEscGoesBackAndLettersType(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "")
	if !v.Capturing() {
		t.Fatal("the editor must capture letters")
	}
	press(t, v, "q")
	if v.Text() != "q" {
		t.Fatalf("q typed %q", v.Text())
	}
	msgs := press(t, v, "esc")
	if len(msgs) != 1 || msgs[0] != (views.BackMsg{}) {
		t.Fatalf("esc answered %v", msgs)
	}
}

func TestFitsTheTerminal(t *testing.T) {
	t.Parallel()
	text := "100.118.28.5/24\noss-cn-hangzhou-internal.aliyuncs.com # a long comment that has to wrap in the editor column\n" +
		strings.Repeat("100.64.0.0/10, 1.2.3.4, nonsense\n", 40)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		v := newView(t, &fakeSource{}, fakeResolver{}, text)
		v.SetSize(size[0], size[1])
		viewtest.CheckSize(t, v.View(), size[0], size[1])
		press(t, v, "ctrl+g")
		viewtest.CheckSize(t, v.View(), size[0], size[1])
	}
}

func TestResizeFillsTheEditor(t *testing.T) {
	t.Parallel()
	v := newView(t, &fakeSource{}, nil, "")
	paste(t, v, strings.Repeat("100.118.28.0/24\n", 60))
	if strings.Contains(v.View(), " 40 100.118.28.0/24") {
		t.Fatal("line 40 visible at 80x24 with the cursor on line 61")
	}
	v.SetSize(120, 40)
	view := v.View()
	viewtest.MustContain(t, view, " 40 100.118.28.0/24", ">  61")
	viewtest.CheckSize(t, view, 120, 40)
}

// lines5000 is a paste of 5,000 distinct valid /24s, one per line.
func lines5000() string {
	var sb strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sb, "100.%d.%d.0/24\n", 64+i/256, i%256)
	}
	return sb.String()
}

func BenchmarkPaste5000(b *testing.B) {
	paste := viewtest.Paste(lines5000())
	st := viewtest.Styles()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		v := New(&fakeSource{}, st, target, "")
		v.SetSize(120, 40)
		b.StartTimer()
		v.Update(paste)
		if v.check.result.Valid != 5000 {
			b.Fatalf("valid %d", v.check.result.Valid)
		}
	}
}

func BenchmarkKeystrokeIn5000(b *testing.B) {
	v := New(&fakeSource{}, viewtest.Styles(), target, lines5000())
	v.SetSize(120, 40)
	keys := []tea.KeyMsg{viewtest.Key("1"), viewtest.Key("backspace")}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		v.Update(keys[i%2])
		_ = v.View()
	}
}

func BenchmarkView5000(b *testing.B) {
	v := New(&fakeSource{}, viewtest.Styles(), target, lines5000())
	v.SetSize(120, 40)
	b.ReportAllocs()
	for b.Loop() {
		_ = v.View()
	}
}

func BenchmarkCheck5000(b *testing.B) {
	text := lines5000()
	b.ReportAllocs()
	for b.Loop() {
		_ = newChecked(text, nil, nil)
	}
}

func TestMoveKeysAreNamedAsOnEveryScreen(t *testing.T) {
	t.Parallel()
	viewtest.CheckMoveKeys(t, newView(t, &fakeSource{}, nil, "").FullHelp())
}

// What is known of names no longer in the text is forgotten once more
// names are remembered than a list can hold.
func TestLookupsOfNamesGoneAreForgotten(t *testing.T) {
	t.Parallel()
	res := fakeResolver{"oss-cn-shanghai-internal.aliyuncs.com": {"100.98.170.10"}}
	v := newView(t, &fakeSource{}, res, "oss-cn-shanghai-internal.aliyuncs.com\n")
	for i := range hostlist.MaxHosts {
		v.lookups[fmt.Sprintf("gone-%d.example.com", i)] = &lookup{done: true}
	}
	typeText(t, v, "100.118.28.0/24")
	if len(v.lookups) != 1 || v.lookups["oss-cn-shanghai-internal.aliyuncs.com"] == nil {
		t.Fatalf("%d lookups remembered, want only the name in the text", len(v.lookups))
	}
}
