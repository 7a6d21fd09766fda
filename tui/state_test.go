package tui

import (
	"io"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/submit"
)

func chosenState() wizardState {
	return wizardState{
		cen:        cenapi.CENSummary{CEN: cenapi.CEN{ID: "cen-demo0000000001", Name: "demo"}},
		hostRegion: cenapi.HostRegion{Region: cenapi.Region{ID: "cn-hangzhou"}, Supported: true},
		vpc:        cenapi.VPC{ID: "vpc-demo0000000001"},
		access: []cenapi.AccessRegion{
			{Region: cenapi.Region{ID: "cn-hangzhou"}}, {Region: cenapi.Region{ID: "cn-shanghai"}},
		},
		hostsText:   "100.118.28.0/24\n100.118.29.0/24\n",
		hosts:       []string{"100.118.28.0/24", "100.118.29.0/24"},
		description: "oss",
	}
}

func TestStepPreviousFollowsTheWizardOrder(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from, want step
		ok         bool
	}{
		{stepCEN, 0, false},
		{stepHostRegion, stepCEN, true},
		{stepHostVPC, stepHostRegion, true},
		{stepAccess, stepHostVPC, true},
		{stepHosts, stepAccess, true},
		{stepDescribe, stepHosts, true},
		{stepReview, stepDescribe, true},
		{stepSubmit, 0, false},
		{stepResults, 0, false},
		{stepRoutes, stepCEN, true},
	}
	for _, c := range cases {
		got, ok := c.from.previous()
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("%v.previous() = %v, %v; want %v, %v", c.from, got, ok, c.want, c.ok)
		}
		if c.from.String() == "unknown" {
			t.Errorf("step %d has no name", c.from)
		}
	}
}

func TestCrumbsShowTheChoicesBeforeTheCurrentStep(t *testing.T) {
	t.Parallel()
	s := chosenState()
	got := s.crumbs(stepResults, nil)
	want := []string{"cen-demo0000000001", "cn-hangzhou", "vpc-demo0000000001", "2 regions", "2 hosts", `"oss"`}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("crumbs(results) = %q, want %q", got, want)
	}
	s.description = ""
	if got := s.crumbs(stepReview, nil); got[len(got)-1] != "2 hosts" {
		t.Fatalf("crumbs(review) = %q, want no crumb for an empty description", got)
	}
	if got := s.crumbs(stepHostVPC, nil); len(got) != 2 {
		t.Fatalf("crumbs(host VPC) = %q, want the CEN and the region only", got)
	}
	if got := s.crumbs(stepCEN, nil); len(got) != 0 {
		t.Fatalf("crumbs(CEN) = %q, want none", got)
	}
	if got := s.crumbs(stepRoutes, nil); !reflect.DeepEqual(got, []string{"cen-demo0000000001"}) {
		t.Fatalf("crumbs(routes) = %q", got)
	}
}

func TestStateKeyChangesWhenAViewsInputsChange(t *testing.T) {
	t.Parallel()
	s := chosenState()
	before := map[step]string{}
	for st := stepCEN; st <= stepRoutes; st++ {
		before[st] = st.spec().keyOf(&s)
	}
	s.access = s.access[:1]
	if stepHosts.spec().keyOf(&s) == before[stepHosts] {
		t.Error("the hosts view must be rebuilt when the access regions change")
	}
	if stepAccess.spec().keyOf(&s) != before[stepAccess] {
		t.Error("the access view does not depend on the access regions chosen in it")
	}
	s.vpc.ID = "vpc-other"
	if stepAccess.spec().keyOf(&s) != before[stepAccess] {
		t.Error("the access view does not depend on the VPC: another VPC must not reload the regions")
	}
	if stepHosts.spec().keyOf(&s) == before[stepHosts] {
		t.Error("the hosts view must be rebuilt for another VPC")
	}
	s.hostRegion.ID = "cn-beijing"
	if stepHostVPC.spec().keyOf(&s) == before[stepHostVPC] || stepAccess.spec().keyOf(&s) == before[stepAccess] {
		t.Error("the VPC and access views must be rebuilt for another region")
	}
	if stepHostRegion.spec().keyOf(&s) != before[stepHostRegion] {
		t.Error("the region view depends on the CEN only")
	}
}

func TestPlanCarriesEveryChoice(t *testing.T) {
	t.Parallel()
	s := chosenState()
	want := engine.Plan{
		CenID: "cen-demo0000000001", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-demo0000000001",
		AccessRegionIDs: []string{"cn-hangzhou", "cn-shanghai"},
		Hosts:           []string{"100.118.28.0/24", "100.118.29.0/24"}, Description: "oss",
	}
	p := s.plan()
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("plan() = %+v\nwant %+v", p, want)
	}
	p.Hosts[0] = "changed"
	if s.hosts[0] == "changed" {
		t.Fatal("plan() shares its hosts slice with the state")
	}

	var r wizardState
	r.fromPlan(want)
	if !reflect.DeepEqual(r.plan(), want) {
		t.Fatalf("fromPlan then plan() = %+v, want %+v", r.plan(), want)
	}
}

func TestResetPlanKeepsTheCEN(t *testing.T) {
	t.Parallel()
	s := chosenState()
	s.resetPlan()
	if s.cen.ID != "cen-demo0000000001" {
		t.Fatalf("new plan lost the CEN")
	}
	if s.hostRegion.ID != "" || s.vpc.ID != "" || s.access != nil || s.hostsText != "" || s.hosts != nil || s.description != "" {
		t.Fatalf("new plan kept earlier choices: %+v", s)
	}
}

func TestUTF8LocaleFollowsPOSIXPrecedence(t *testing.T) {
	t.Parallel()
	cases := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"LANG": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "de_DE.utf8"}, true},
		{map[string]string{"LANG": "C"}, false},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "C"}, false},
		{map[string]string{"LANG": "C", "LC_CTYPE": "C.UTF-8"}, true},
		{map[string]string{"LC_ALL": "POSIX", "LC_CTYPE": "C.UTF-8"}, false},
	}
	for _, c := range cases {
		if got := UTF8Locale(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("UTF8Locale(%v) = %v, want %v", c.env, got, c.want)
		}
	}
}

func TestIdentityPartsNeverShowEmptyParts(t *testing.T) {
	t.Parallel()
	parts, drop := identityParts(nil, cenapi.Identity{Credentials: "profile prod (AK)", AccessKeyID: "LTAI****abcd", Region: "cn-hangzhou"})
	if !slices.Equal(parts, []string{"profile prod (AK)", "LTAI****abcd", "cn-hangzhou"}) || !slices.Equal(drop, []int{2, 1}) {
		t.Fatalf("identityParts = %q, drop %v", parts, drop)
	}
	parts, drop = identityParts(nil, cenapi.Identity{Credentials: "AccessKey from environment", Endpoint: "127.0.0.1:1"})
	if !slices.Equal(parts, []string{"AccessKey from environment", "127.0.0.1:1"}) || !slices.Equal(drop, []int{1}) {
		t.Fatalf("identityParts = %q, drop %v", parts, drop)
	}
}

// The header says where the credentials came from in the interface's
// language.
func TestIdentityPartsSayTheCredentialsInTheLanguage(t *testing.T) {
	t.Parallel()
	c, err := cenapi.New(cenapi.Config{Endpoint: "127.0.0.1:1", AccessKeyID: "LTAI5tTestKey", AccessKeySecret: "secret", DemoCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[i18n.Lang]string{i18n.English: "demo credentials", i18n.Chinese: "演示凭证"} {
		if parts, _ := identityParts(i18n.New(lang), c.Identity()); len(parts) == 0 || parts[0] != want {
			t.Errorf("%s: identityParts = %q, want %q first", lang, parts, want)
		}
	}
}

// The header names the endpoints in use: both when the VPC API's is not
// where the CEN API's is.
func TestIdentityPartsNameTheEndpoints(t *testing.T) {
	t.Parallel()
	id := cenapi.Identity{Credentials: "AccessKey from environment", Endpoint: "https://cen.corp:8443", VPCEndpoint: "https://vpc.corp"}
	if parts, _ := identityParts(nil, id); !slices.Equal(parts, []string{"AccessKey from environment", "CEN https://cen.corp:8443, VPC https://vpc.corp"}) {
		t.Fatalf("identityParts = %q", parts)
	}
}

// The stop question fits an 80-column footer, and promises a resume only
// where the run's journal outlives the program.
func TestStopQuestionFitsAnEightyColumnFooter(t *testing.T) {
	t.Parallel()
	for _, demo := range []bool{false, true} {
		q := New(Deps{Styles: testStyles(true), Demo: demo}).stopQuestion()
		if n := len(q); n > 80 || !strings.HasSuffix(q, "y/N") {
			t.Errorf("stop question is %d columns or lacks y/N: %q", n, q)
		}
		if strings.Contains(q, "resume") == demo {
			t.Errorf("demo %v: stop question %q", demo, q)
		}
	}
}

func TestNewestApplyOffersOnlyOwnIdleRuns(t *testing.T) {
	t.Parallel()
	identity := func(endpoint string) func() cenapi.Identity {
		return func() cenapi.Identity { return cenapi.Identity{Endpoint: endpoint, AccessKeyID: "demo****y-id"} }
	}
	here := engine.New(nil, engine.Options{StateDir: t.TempDir(), Identity: identity("http://127.0.0.1:1")})
	there := engine.New(nil, engine.Options{StateDir: t.TempDir(), Identity: identity("http://127.0.0.1:2")})
	runs := []engine.RunInfo{ // newest first, as Unfinished lists them
		{ID: "5", Kind: engine.KindApply, Label: here.Label(), Busy: true}, // live in another session
		{ID: "4", Kind: engine.KindApply, Label: there.Label()},
		{ID: "3", Kind: engine.KindDelete, Label: here.Label()},
		{ID: "2", Kind: engine.KindApply, Label: ""}, // journaled before labels
		{ID: "1", Kind: engine.KindApply, Label: here.Label()},
	}
	if got, ok := newestApply(runs, here.Owns); !ok || got.ID != "2" {
		t.Errorf("newestApply = %q, %v; want the unlabelled run 2", got.ID, ok)
	}
	if got, ok := newestApply(runs[4:], here.Owns); !ok || got.ID != "1" {
		t.Errorf("newestApply = %q, %v; want this endpoint's run 1", got.ID, ok)
	}
	if got, ok := newestApply(runs[4:], there.Owns); ok {
		t.Errorf("newestApply offered %q, made against another endpoint", got.ID)
	}
}

// A stopped run is named on exit with what it left undone and, outside
// demo mode, the exact command that resumes it.
func TestLeftUndoneNamesTheRunAndTheResumeLine(t *testing.T) {
	t.Parallel()
	rep := engine.Report{RunID: "20261202-101010-abcdef", Kind: engine.KindApply, Stopped: true, Hosts: []engine.HostResult{
		{Host: "100.100.1.0/24", Status: engine.StatusActive, RequestID: "R1"},
		{Host: "100.100.2.0/24", Status: engine.StatusStopped, RequestID: "R2"},
		{Host: "100.100.3.0/24", Status: engine.StatusStopped},
		{Host: "100.100.4.0/24", Status: engine.StatusStopped},
	}}
	resume := func(kind, runID string) string { return "cenroute --profile 'ops team' " + kind + " --resume " + runID }
	want := "cenroute: run 20261202-101010-abcdef stopped: 2 of 4 hosts not sent, 1 sent but not followed to the end\n" +
		"resume with: cenroute --profile 'ops team' apply --resume 20261202-101010-abcdef"
	if got := leftUndone(nil, rep, resume, false); got != want {
		t.Errorf("leftUndone =\n%s\nwant\n%s", got, want)
	}
	if got := leftUndone(nil, rep, resume, true); contains(got, "--resume") || !contains(got, "a demo run cannot be resumed") {
		t.Errorf("demo: %s", got)
	}
	rep.Halt = &engine.Halt{Code: "InvalidSecurityToken.Expired", Message: "Specified SecurityToken is expired.",
		Remedy: "the STS token has expired: get a new one"}
	if got := leftUndone(nil, rep, resume, false); !contains(got, "\ncenroute: the API refused the credentials: InvalidSecurityToken.Expired: "+
		"Specified SecurityToken is expired.; the STS token has expired: get a new one") || !contains(got, "\nresume with: ") {
		t.Errorf("a run stopped by an expired token:\n%s", got)
	}
}

// The footer shows errors by the one rule of views.ErrorText: a transport
// error's signed URL never reaches the screen or the log.
func TestFooterNeverShowsARequestURL(t *testing.T) {
	t.Parallel()
	m := New(Deps{Styles: testStyles(true)})
	m.fail(func(l *i18n.Localizer) string { return l.T("wizard.run.start_failed") }, &url.Error{Op: "Post",
		URL: "https://cbn.aliyuncs.com/?AccessKeyId=LTAI5tSecretish&Signature=abc", Err: io.EOF})
	if contains(m.status.text, "LTAI") || contains(m.status.text, "://") || !m.status.isErr {
		t.Errorf("footer status %+v", m.status)
	}
}

// A start-up failure about the credentials, the endpoint or the clock
// points to the doctor, with the flags in use; other failures do not.
func TestStartupFailurePointsToTheDoctor(t *testing.T) {
	t.Parallel()
	opts := Options{DoctorCommand: "cenroute --profile prod doctor"}
	rejected := &cenapi.Error{Op: "CheckCredentials", Code: "SignatureDoesNotMatch", Message: "the secret does not match"}
	if got := withDoctor(opts, rejected); !contains(got, "\ncenroute: to see what is wrong, run: cenroute --profile prod doctor") {
		t.Errorf("rejected credentials: %q", got)
	}
	unreachable := &cenapi.Error{Op: "DescribeCens", Code: cenapi.CodeConnection, Message: "connection refused"}
	if got := withDoctor(opts, unreachable); !contains(got, "run: cenroute --profile prod doctor") {
		t.Errorf("an unreachable endpoint: %q", got)
	}
	if got := withDoctor(opts, &cenapi.Error{Code: "ParameterCenInstanceId", Message: "no such CEN"}); contains(got, "doctor") {
		t.Errorf("an error about the call: %q", got)
	}
	opts.Demo = true
	if got := withDoctor(opts, rejected); contains(got, "doctor") {
		t.Errorf("a demo world: %q", got)
	}
}

// Once the run has ended, the line that said it was stopping goes: the
// results say how it ended.
func TestStoppingLineGoesWhenTheRunEnds(t *testing.T) {
	t.Parallel()
	m := New(Deps{Styles: testStyles(true)})
	m.handleResize(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.step, m.stopping = stepSubmit, true
	m.info("Stopping: calls in flight finish. ctrl+c quits at once.")
	m.finishRun(submit.FinishedMsg{Report: engine.Report{RunID: "20260101-000000-abcdef"}})
	if m.step != stepResults || m.stopping || strings.Contains(m.View(), "Stopping") {
		t.Errorf("after the run ended: step %v, stopping %v, status %q", m.step, m.stopping, m.status.text)
	}
}

// In Chinese the lines printed after quitting are Chinese; the run's ID
// and the command line that resumes it are as they are.
func TestLeftUndoneInChinese(t *testing.T) {
	t.Parallel()
	zh := i18n.New(i18n.Chinese)
	rep := engine.Report{RunID: "20261202-101010-abcdef", Kind: engine.KindDelete, Stopped: true, Hosts: []engine.HostResult{
		{Host: "100.100.1.0/24", Status: engine.StatusStopped, RequestID: "R1"},
		{Host: "100.100.2.0/24", Status: engine.StatusStopped},
	}}
	resume := func(kind, runID string) string { return "cenroute " + kind + " --resume " + runID }
	want := "cenroute: 任务 20261202-101010-abcdef 已停止：2 个条目中有 1 个未发送，1 个已发送但未跟踪到结束\n" +
		"继续执行请运行：cenroute delete --resume 20261202-101010-abcdef"
	if got := leftUndone(zh, rep, resume, false); got != want {
		t.Errorf("leftUndone =\n%s\nwant\n%s", got, want)
	}
	if got := leftUndone(zh, rep, resume, true); !contains(got, "；演示任务无法继续执行") || contains(got, "--resume") {
		t.Errorf("demo: %s", got)
	}
	// One of one, in English: the singular.
	rep.Kind, rep.Hosts = engine.KindSync, rep.Hosts[1:]
	if got := leftUndone(nil, rep, resume, true); !contains(got, "stopped: 1 of 1 call not sent;") {
		t.Errorf("one call: %s", got)
	}
}
