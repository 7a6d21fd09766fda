package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
)

// identityAt is an Identity function for an account on an endpoint.
func identityAt(endpoint, key, profile string) func() cenapi.Identity {
	return func() cenapi.Identity {
		return cenapi.Identity{Endpoint: endpoint, AccessKeyID: key, Profile: profile, Region: "cn-hangzhou"}
	}
}

// abortedRun starts a one-host run on e whose call never answers, and
// aborts it: its journal stays unfinished.
func abortedRun(t *testing.T, e *Engine) *Run {
	t.Helper()
	inFlight := make(chan struct{})
	e.api.(*fake).onResolve = func(ctx context.Context, _ int, _ cenapi.ResolveRequest) (bool, error) {
		close(inFlight)
		<-ctx.Done()
		return false, &cenapi.Error{Code: cenapi.CodeCanceled, Message: "cancelled", Ambiguous: true}
	}
	run, err := e.Start(context.Background(), testPlan(hostN(1)))
	if err != nil {
		t.Fatal(err)
	}
	<-inFlight
	run.Abort()
	collect(t, run)
	return run
}

func TestJournalLabelIsTakenWhenTheRunStarts(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	// Like the default credential chain: the AccessKey is known only
	// after the first call, long after the engine was built.
	id := cenapi.Identity{Endpoint: "cbn.aliyuncs.com (HTTPS)", Profile: "prod"}
	opts.Identity = func() cenapi.Identity { return id }
	e := New(&fake{}, opts)
	id.AccessKeyID = "LTAI****abcd"
	const want = "LTAI****abcd (profile prod) at cbn.aliyuncs.com (HTTPS)"
	if got := e.Label(); got != want {
		t.Fatalf("Label() = %q, want %q", got, want)
	}
	run := abortedRun(t, e)
	if run.Label() != want {
		t.Errorf("run.Label() = %q, want %q", run.Label(), want)
	}
	infos, err := e.Unfinished()
	if err != nil || len(infos) != 1 || infos[0].Label != want {
		t.Fatalf("Unfinished = %+v, %v; want one run labelled %q", infos, err, want)
	}
	if recs := readRecords(t, opts.StateDir, run.ID()); recs[0].Type != recPlan || recs[0].Label != want {
		t.Errorf("first journal record = %+v, want the plan labelled %q", recs[0], want)
	}
}

func TestOwnsMatchesTheLabelOrNone(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.Identity = identityAt("http://127.0.0.1:1", "demo****y-id", "")
	e := New(&fake{}, opts)
	other := New(&fake{}, Options{StateDir: opts.StateDir, Identity: identityAt("http://127.0.0.1:2", "demo****y-id", "")})
	unlabelled := New(&fake{}, Options{StateDir: opts.StateDir})
	cases := []struct {
		e     *Engine
		label string
		want  bool
	}{
		{e, e.Label(), true},
		{e, "", true}, // a journal from before labels: still offered
		{e, other.Label(), false},
		{other, e.Label(), false},
		{unlabelled, "", true},
		{unlabelled, e.Label(), false},
	}
	for i, c := range cases {
		if got := c.e.Owns(c.label); got != c.want {
			t.Errorf("case %d: engine %q Owns(%q) = %v, want %v", i, c.e.Label(), c.label, got, c.want)
		}
	}
	if e.Label() == other.Label() || unlabelled.Label() != "" {
		t.Errorf("labels %q, %q, %q: endpoints must differ, no Identity must give none", e.Label(), other.Label(), unlabelled.Label())
	}
}

func TestResumeKeepsTheFirstLabel(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.Identity = identityAt("http://127.0.0.1:1", "demo****y-id", "")
	first := New(&fake{}, opts)
	run := abortedRun(t, first)

	opts.Identity = identityAt("http://127.0.0.1:2", "LTAI****abcd", "prod")
	second := New(&fake{status: cenapi.StatusActive}, opts)
	infos, err := second.Unfinished()
	if err != nil || len(infos) != 1 || infos[0].Label != first.Label() || second.Owns(infos[0].Label) {
		t.Fatalf("Unfinished = %+v, %v; want the first engine's run, not owned by the second", infos, err)
	}
	// A caller may still resume it on purpose (apply --resume does).
	resumed, err := second.Resume(context.Background(), run.ID())
	if err != nil {
		t.Fatal(err)
	}
	if _, rep := collect(t, resumed); rep.Hosts[0].Status != StatusActive {
		t.Errorf("resumed report = %+v", rep)
	}
	if resumed.Label() != first.Label() {
		t.Errorf("resumed run's label = %q, want the first start's %q", resumed.Label(), first.Label())
	}
}

func TestUnlabelledJournalIsListedWithoutALabel(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.Identity = identityAt("http://127.0.0.1:1", "demo****y-id", "")
	// What versions before labels wrote: a plan record with no label.
	const id = "20250102-030405-a1b2c3"
	line := `{"type":"plan","time":"2025-01-02T03:04:05Z","run_id":"` + id + `","kind":"apply",` +
		`"plan":{"cen_id":"cen-test","host_region_id":"cn-hangzhou","host_vpc_id":"vpc-test",` +
		`"access_region_ids":["cn-hangzhou"],"hosts":["100.118.1.0/24"]}}` + "\n"
	if err := os.WriteFile(filepath.Join(opts.StateDir, id+journalExt), []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	e := New(&fake{}, opts)
	infos, err := e.Unfinished()
	if err != nil || len(infos) != 1 || infos[0].ID != id || infos[0].Label != "" || !e.Owns(infos[0].Label) {
		t.Fatalf("Unfinished = %+v, %v; want the old run, unlabelled and owned", infos, err)
	}
}

func TestDeleteRunsAreLabelled(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.Identity = identityAt("http://127.0.0.1:1", "demo****y-id", "")
	e := New(&fake{}, opts)
	run, err := e.StartDelete(context.Background(), DeletePlan{CenID: testCen,
		Entries: []DeleteEntry{{HostRegionID: testRegion, Host: hostN(1), AccessRegionID: testRegion}}})
	if err != nil {
		t.Fatal(err)
	}
	collect(t, run)
	journal, err := os.ReadFile(filepath.Join(opts.StateDir, run.ID()+journalExt))
	if err != nil {
		t.Fatal(err)
	}
	if run.Label() != e.Label() || !strings.Contains(string(journal), `"label":"`+e.Label()+`"`) {
		t.Errorf("delete run label %q; journal:\n%s", run.Label(), journal)
	}
}
