package review

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

var plan = engine.Plan{CenID: "cen-test", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-test",
	AccessRegionIDs: []string{"cn-hangzhou", "cn-shanghai"}, Description: "oss hz",
	Hosts: []string{"100.118.1.0/24", "100.118.2.0/24", "100.118.3.0/24", "100.118.4.0/24", "100.118.5.1"}}

// present are the plan's hosts already routed everywhere.
var present = []string{"100.118.4.0/24", "100.118.5.1"}

// preparedPlan is what the engine's Prepare makes of plan when the hosts
// of present are routed: one call per other host, into every region.
func preparedPlan() engine.Prepared {
	prep := engine.Prepared{Plan: plan, Present: present}
	for _, h := range plan.Hosts[:3] {
		req := cenapi.ResolveRequest{CenID: plan.CenID, HostRegionID: plan.HostRegionID, HostVpcID: plan.HostVpcID,
			Host: h, AccessRegionIDs: plan.AccessRegionIDs, Description: plan.Description}
		prep.Calls = append(prep.Calls, engine.Call{Request: req, Command: engine.Command(req)})
	}
	return prep
}

func isAnswer(msg tea.Msg) bool {
	switch msg.(type) {
	case SubmitMsg, views.BackMsg:
		return true
	}
	return false
}

// preparer answers every check of the plan with its answer, counting the
// checks.
type preparer struct {
	mu       sync.Mutex
	checks   int
	prep     engine.Prepared
	problems []engine.Problem
	err      error
}

func (p *preparer) prepare(_ context.Context, got engine.Plan) (engine.Prepared, []engine.Problem, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.checks++
	if !reflect.DeepEqual(got, plan) {
		return engine.Prepared{}, nil, fmt.Errorf("checked another plan: %+v", got)
	}
	return p.prep, p.problems, p.err
}

// answer sets what the next checks answer.
func (p *preparer) answer(prep engine.Prepared, problems []engine.Problem, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prep, p.problems, p.err = prep, problems, err
}

// newReviewOf is the review of plan at 120x40, checked by p.
func newReviewOf(t *testing.T, p *preparer) *View {
	t.Helper()
	v := New(viewtest.Styles(), plan, p.prepare)
	v.SetSize(120, 40)
	if msgs := viewtest.Run(t, v, v.Init(), isAnswer); len(msgs) != 0 {
		t.Fatalf("Init answered %v", msgs)
	}
	return v
}

// newReview is the review of plan once the engine found preparedPlan.
func newReview(t *testing.T) *View {
	t.Helper()
	return newReviewOf(t, &preparer{prep: preparedPlan()})
}

// submitted reports whether msgs is exactly a SubmitMsg of want.
func submitted(msgs []tea.Msg, want engine.Prepared) bool {
	if len(msgs) != 1 {
		return false
	}
	m, ok := msgs[0].(SubmitMsg)
	return ok && reflect.DeepEqual(m.Prepared, want)
}

func press(t *testing.T, v *View, name string) []tea.Msg {
	t.Helper()
	return viewtest.Run(t, v, v.Update(viewtest.Key(name)), isAnswer)
}

func TestReviewShowsThePlanAndItsCounts(t *testing.T) {
	t.Parallel()
	viewtest.MustContain(t, newReview(t).View(),
		"CEN             cen-test", "Host region     cn-hangzhou", "Host VPC        vpc-test",
		"Access regions  cn-hangzhou, cn-shanghai",
		"5 hosts in the list: 3 to send, 2 already present (skipped)",
		`Description     "oss hz"`,
		"3 ResolveAndRouteServiceInCen calls, creating 6 route-service entries",
		"enter or y submits",
	)
}

func TestCommandsAreTheEnginesAndSkipPresentHosts(t *testing.T) {
	t.Parallel()
	v := newReview(t)
	if strings.Contains(v.View(), "aliyun cbn") {
		t.Fatal("commands shown before c")
	}
	press(t, v, "c")
	view := v.View()
	viewtest.MustContain(t, view, "aliyun CLI: 3 commands",
		"aliyun cbn ResolveAndRouteServiceInCen --CenId cen-test --Host 100.118.1.0/24 --HostRegionId cn-hangzhou")
	req := cenapi.ResolveRequest{CenID: "cen-test", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-test",
		Host: "100.118.3.0/24", AccessRegionIDs: plan.AccessRegionIDs, Description: "oss hz"}
	if !strings.Contains(v.commands(), engine.Command(req)+"\n") {
		t.Errorf("commands lack the engine's line %q:\n%s", engine.Command(req), v.commands())
	}
	if strings.Contains(v.commands(), "100.118.4.0/24") || strings.Contains(v.commands(), "100.118.5.1") {
		t.Errorf("commands for present hosts:\n%s", v.commands())
	}
	// Esc hides the commands first, then goes back.
	if msgs := press(t, v, "esc"); len(msgs) != 0 || strings.Contains(v.View(), "aliyun cbn") {
		t.Fatalf("esc with commands shown answered %v", msgs)
	}
	if msgs := press(t, v, "esc"); len(msgs) != 1 || msgs[0] != (views.BackMsg{}) {
		t.Fatalf("esc answered %v", msgs)
	}
}

func TestCopyEmitsOSC52(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"C", "ctrl+y"} {
		v := newReview(t)
		cmd := v.Update(viewtest.Key(k))
		if cmd == nil {
			t.Fatalf("%s copies nothing", k)
		}
		out := fmt.Sprint(cmd())
		b64 := base64.StdEncoding.EncodeToString([]byte(v.commands()))
		if !strings.Contains(out, "\x1b]52;c;"+b64+"\a") {
			t.Errorf("%s: no plain OSC 52 sequence in %q", k, out)
		}
		if !strings.Contains(out, "\x1bPtmux;\x1b\x1b]52;c;"+b64+"\a\x1b\\") {
			t.Errorf("%s: no tmux passthrough sequence in %q", k, out)
		}
		viewtest.MustContain(t, v.View(), "sent 3 commands", "to the clipboard with OSC 52")
	}
}

func TestEnterAndYSubmit(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"enter", "y"} {
		msgs := press(t, newReview(t), k)
		if !submitted(msgs, preparedPlan()) {
			t.Errorf("%s answered %v", k, msgs)
		}
	}
}

func TestNothingToSendCannotBeSubmitted(t *testing.T) {
	t.Parallel()
	v := newReviewOf(t, &preparer{prep: engine.Prepared{Plan: plan, Present: plan.Hosts}})
	v.SetSize(80, 24)
	if msgs := press(t, v, "enter"); len(msgs) != 0 {
		t.Fatalf("enter answered %v", msgs)
	}
	viewtest.MustContain(t, v.View(), "nothing to send: every host is already present")
	if v.keys.Copy.Enabled() {
		t.Error("copy offered with no command")
	}
}

func TestPreparedPlanGivesExactCallsAndConflicts(t *testing.T) {
	t.Parallel()
	req := cenapi.ResolveRequest{CenID: "cen-test", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-test",
		Host: "100.118.1.0/24", AccessRegionIDs: []string{"cn-shanghai"}, Description: "oss hz"}
	v := newReviewOf(t, &preparer{prep: engine.Prepared{Plan: plan, Present: present,
		Conflicts: map[string]string{"100.118.2.0/24": "the entry into cn-shanghai is Failed: delete it, then apply again"},
		Calls:     []engine.Call{{Request: req, Command: engine.Command(req)}}}})
	press(t, v, "c")
	viewtest.MustContain(t, v.View(), "1 ResolveAndRouteServiceInCen call, creating 1 route-service entry",
		"1 in conflict", "100.118.2.0/24: the entry into cn-shanghai is Failed",
		"aliyun CLI: 1 command")
	if v.commands() != engine.Command(req)+"\n" {
		t.Errorf("commands %q", v.commands())
	}
}

// Until the check answers, the view says it is checking, with the check's
// retries, and nothing can be sent; a failed check shows the API's code,
// message and RequestId, and r checks again.
func TestCheckingThenErrorThenRetry(t *testing.T) {
	t.Parallel()
	p := &preparer{}
	release := make(chan struct{})
	v := New(viewtest.Styles(), plan, func(ctx context.Context, got engine.Plan) (engine.Prepared, []engine.Problem, error) {
		cenapi.NoteRetry(ctx, cenapi.RetryNote{Op: "DescribeRouteServicesInCen", Reason: "throttled", Attempt: 2, Delay: time.Second})
		<-release
		return p.prepare(ctx, got)
	})
	v.SetSize(80, 24)
	batch, ok := v.Init()().(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("Init gave %v, want the check and the wait for its retries", batch)
	}
	answer := make(chan tea.Msg, 1)
	go func() { answer <- batch[0]() }()
	v.Update(batch[1]())
	viewtest.MustContain(t, v.View(), "5 hosts in the list", "checking the plan against the CEN",
		"throttled, retrying in 1 s", "Nothing can be sent until the plan is checked")
	for _, k := range []string{"enter", "y", "c", "C", "r"} {
		if msgs := press(t, v, k); len(msgs) != 0 || v.state != checking {
			t.Errorf("%s while checking answered %v", k, msgs)
		}
	}
	p.answer(engine.Prepared{}, nil, &cenapi.Error{Op: "DescribeRouteServicesInCen", Code: "ServiceUnavailable",
		Message: "The request has failed due to a temporary failure of the server.", RequestID: "REQ-7"})
	close(release)
	v.Update(<-answer)
	viewtest.MustContain(t, v.View(), "Could not check the plan against the CEN", "ServiceUnavailable",
		"REQ-7", "r checks again")
	if strings.Contains(v.View(), "retrying") {
		t.Errorf("the retry outlived the check:\n%s", v.View())
	}
	if msgs := press(t, v, "enter"); len(msgs) != 0 {
		t.Errorf("enter after a failed check answered %v", msgs)
	}
	p.answer(preparedPlan(), nil, nil)
	press(t, v, "r")
	viewtest.MustContain(t, v.View(), "3 ResolveAndRouteServiceInCen calls")
	if msgs := press(t, v, "enter"); !submitted(msgs, preparedPlan()) {
		t.Errorf("enter once checked answered %v", msgs)
	}
}

// Only the answer to the latest check counts: not one to an earlier
// check, nor another review's.
func TestLateCheckAnswerIsDropped(t *testing.T) {
	t.Parallel()
	p := &preparer{}
	v := New(viewtest.Styles(), plan, p.prepare)
	v.SetSize(80, 24)
	p.answer(engine.Prepared{}, nil, errors.New("late answer"))
	earlier := v.check()
	latest := v.check()
	other := New(viewtest.Styles(), plan, p.prepare)
	viewtest.Run(t, v, other.check(), isAnswer)
	viewtest.Run(t, v, earlier, isAnswer)
	if v.state != checking || strings.Contains(v.View(), "late answer") {
		t.Fatalf("a late answer reached the review:\n%s", v.View())
	}
	p.answer(preparedPlan(), nil, nil)
	viewtest.Run(t, v, latest, isAnswer)
	viewtest.MustContain(t, v.View(), "3 ResolveAndRouteServiceInCen calls")
}

// A check older than checkedFor is not trusted: enter checks the plan
// again and the operator reviews the new answer before anything is sent.
func TestSubmitStartsOnlyFromAFreshCheck(t *testing.T) {
	t.Parallel()
	p := &preparer{prep: preparedPlan()}
	v := newReviewOf(t, p)
	v.now = func() time.Time { return time.Now().Add(2 * checkedFor) }
	if msgs := press(t, v, "enter"); len(msgs) != 0 || p.checks != 2 {
		t.Fatalf("enter on an old check answered %v after %d checks", msgs, p.checks)
	}
	viewtest.MustContain(t, v.View(), "made again: review it, then press enter", "3 ResolveAndRouteServiceInCen calls")
	v.now = time.Now
	if msgs := press(t, v, "enter"); !submitted(msgs, preparedPlan()) || p.checks != 2 {
		t.Errorf("enter on the fresh check answered %v after %d checks", msgs, p.checks)
	}
}

func TestReviewFitsTheTerminal(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		v := newReview(t)
		v.SetSize(size[0], size[1])
		viewtest.CheckSize(t, v.View(), size[0], size[1])
		press(t, v, "c")
		press(t, v, "C")
		press(t, v, "pgdown")
		viewtest.CheckSize(t, v.View(), size[0], size[1])
	}
}

func TestWrappedCommandsPasteBackAsOne(t *testing.T) {
	t.Parallel()
	req := cenapi.ResolveRequest{CenID: "cen-test", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-test",
		Host: "100.118.1.0/24", AccessRegionIDs: []string{"cn-hangzhou", "cn-shanghai", "cn-beijing"},
		Description: "it's a long description -- with dashes, spaces and 中文"}
	cmd := engine.Command(req)
	for _, width := range []int{40, 80, 120} {
		lines := wrapCommand(cmd, width)
		for _, l := range lines[:len(lines)-1] {
			if !strings.HasSuffix(l, " \\") {
				t.Errorf("width %d: line %q does not continue", width, l)
			}
		}
		if got := strings.ReplaceAll(strings.Join(lines, "\n"), " \\\n  ", " "); got != cmd {
			t.Errorf("width %d: rejoined\n%s\nwant\n%s", width, got, cmd)
		}
		// The quoted description is never broken.
		quoted := `--Description 'it'\''s a long description -- with dashes, spaces and 中文'`
		if !strings.Contains(strings.Join(lines, "\n"), quoted) {
			t.Errorf("width %d: description broken:\n%s", width, strings.Join(lines, "\n"))
		}
	}
}

func TestMoveKeysAreNamedAsOnEveryScreen(t *testing.T) {
	t.Parallel()
	viewtest.CheckMoveKeys(t, newReview(t).FullHelp())
}

// TestCommandsScrollBelowTheSummary checks that the commands fill the
// rows the summary leaves, no more, and that pgdown moves them.
func TestCommandsScrollBelowTheSummary(t *testing.T) {
	t.Parallel()
	v := newReview(t)
	v.SetSize(80, 24)
	press(t, v, "c")
	first := v.View()
	viewtest.MustContain(t, first, "aliyun CLI: 3 commands, up/down and pgup/pgdn scroll")
	lines := strings.Split(first, "\n")
	if n := len(v.summaryLines()) + 1 + v.cliRows(); n != 24 || len(lines) != 24 {
		t.Fatalf("summary, title and commands take %d rows, the view %d; want 24", n, len(lines))
	}
	if last := strings.TrimRight(lines[23], " "); last == "" {
		t.Errorf("the last row is blank: the commands do not fill the rows left\n%s", first)
	}
	press(t, v, "pgdown")
	if v.cliWin.Top() == 0 || v.View() == first {
		t.Errorf("pgdown did not scroll the commands (top %d)", v.cliWin.Top())
	}
}

// A plan the target rule rejects shows the rule's reasons and no call;
// nothing can be submitted, and r checks again.
func TestRejectedPlanCannotBeSubmitted(t *testing.T) {
	t.Parallel()
	p := &preparer{problems: []engine.Problem{{Part: engine.PartAccessRegion, Value: "cn-hongkong",
		Why: "only a VBR is attached in cn-hongkong, and a VBR reaches only services in its own region"}}}
	v := newReviewOf(t, p)
	v.SetSize(100, 30)
	out := v.View()
	viewtest.MustContain(t, out, "The plan cannot be sent: the target is rejected",
		"access-region cn-hongkong: only a VBR is attached in cn-hongkong", "none: the target cannot be used",
		"esc goes back to change the choices")
	if strings.Contains(out, "ResolveAndRouteServiceInCen call") || strings.Contains(out, "enter or y submits") {
		t.Errorf("a rejected plan shows calls:\n%s", out)
	}
	for _, k := range []string{"enter", "y", "c", "C"} {
		if msgs := press(t, v, k); len(msgs) != 0 {
			t.Errorf("%s on a rejected plan answered %v", k, msgs)
		}
	}
	p.answer(preparedPlan(), nil, nil)
	if press(t, v, "r"); p.checks != 2 || !strings.Contains(v.View(), "3 ResolveAndRouteServiceInCen calls") {
		t.Errorf("r did not check again (%d checks):\n%s", p.checks, v.View())
	}
}
