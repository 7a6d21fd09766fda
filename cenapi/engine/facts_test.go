package engine

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/fact/facttest"
)

// TestFactsSayWhatTheEngineSays makes a fact of every kind the engine
// has, where the engine makes it, and checks that its English is the
// catalogue's; the runs of the other tests check that each event's and
// result's fact says its text (see collect).
func TestFactsSayWhatTheEngineSays(t *testing.T) {
	t.Parallel()
	api := &cenapi.Error{Code: "OperationFailed.Busy", Message: "The system is busy."}
	own := &cenapi.Error{Code: cenapi.CodeTimeout, Message: cenapi.MsgTimeout,
		Said: fact.New(cenapi.KindTimeout, cenapi.MsgTimeout, nil)}
	facts := []fact.Fact{
		gaveUp(3, api), gaveUp(4, own), someoneElse(),
		endedFailed("cn-shanghai"), neverListed("cn-shanghai", "vpc-1", missingSweeps), unfollowed(own),
		stillWaiting(false, 10*time.Minute), stillWaiting(true, time.Minute),
		existMissing("cn-shanghai"), existUnknown(api, outcome{kind: outcomeTimeout, err: own}.reason()),
		existBecause(api, endedFailed("cn-beijing")), idList(nil),
	}
	for _, d := range []*item{{region: "cn-shanghai", status: StatusFailed}, {region: "cn-shanghai", status: StatusStopped,
		msg: api.Message}, {region: "cn-shanghai", status: StatusDeleting, msg: own.Message, said: own.Said}} {
		facts = append(facts, notReplaced(d))
	}
	for _, o := range []outcome{{kind: outcomeThrottled, err: api}, {kind: outcomeTimeout, err: own},
		{kind: outcomeTransient, err: api}, {kind: outcomeTransient, err: own}} {
		facts = append(facts, o.reason(), o.shortReason(), following(o.reason()))
	}
	var s fact.Said
	if err := listingFailed(api); !errors.As(err, &s) {
		t.Errorf("%v has no fact", err)
	} else {
		facts = append(facts, s.Said())
	}

	// Conflicts, as Prepare finds them.
	prep := prepare(Plan{CenID: "cen-1", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-1",
		AccessRegionIDs: []string{"cn-shanghai"}, Hosts: []string{"100.118.1.0/24", "100.118.2.0/24", "100.118.3.0/24"}},
		[]cenapi.RouteService{
			{HostRegionID: "cn-hangzhou", Host: "100.118.1.0/24", AccessRegionID: "cn-shanghai", HostVpcID: "vpc-2", Status: cenapi.StatusActive},
			{HostRegionID: "cn-hangzhou", Host: "100.118.2.0/24", AccessRegionID: "cn-shanghai", HostVpcID: "vpc-1", Status: cenapi.StatusFailed},
			{HostRegionID: "cn-hangzhou", Host: "100.118.3.0/24", AccessRegionID: "cn-shanghai", HostVpcID: "vpc-1", Status: cenapi.StatusDeleting},
		})
	for host, why := range prep.ConflictsSaid {
		if why.String() != prep.Conflicts[host] {
			t.Errorf("%s: fact %q, conflict %q", host, why, prep.Conflicts[host])
		}
		facts = append(facts, why)
	}

	// The target rule's problems, whole.
	inv := demoInventory()
	for _, target := range []Target{
		{CenID: "cen-x"},
		{CenID: "cen-2", HostRegionID: "cn-beijing"},
		{CenID: "cen-2", HostRegionID: "cn-shanghai", AccessRegionIDs: []string{"cn-beijing", "cn-hongkong", "cn-hongkong"}},
		{CenID: "cen-2", HostRegionID: "ap-southeast-1", HostVpcID: "vpc-x", AccessRegionIDs: []string{"cn-hongkong"}},
	} {
		for _, p := range JudgeTarget(inv, target, ForCreate) {
			facts = append(facts, p.Fact())
		}
	}

	// What a wanted state lacks.
	desc := "oss"
	service := Service{HostRegionID: "cn-hangzhou", HostVpcID: "vpc-1", AccessRegionIDs: []string{"cn-shanghai"},
		Description: &desc, Hosts: []string{"100.118.1.0/24"}}
	with := func(change func(*Service)) Service {
		s := service
		change(&s)
		return s
	}
	for _, w := range []Wanted{
		{},
		{CenID: "cen-1", Services: []Service{with(func(s *Service) { s.HostRegionID = "" })}},
		{CenID: "cen-1", HostRegions: []string{"cn-beijing"}, Services: []Service{service}},
		{CenID: "cen-1", Services: []Service{with(func(s *Service) { s.HostVpcID = "" })}},
		{CenID: "cen-1", Services: []Service{with(func(s *Service) { s.AccessRegionIDs = nil })}},
		{CenID: "cen-1", Services: []Service{with(func(s *Service) { s.Hosts = nil })}},
		{CenID: "cen-1", Services: []Service{service, service}},
		{CenID: "cen-1", Services: []Service{with(func(s *Service) { s.Hosts = []string{"100.118.1.0/24", "100.118.1.0/24"} })}},
	} {
		var we *WantedError
		if err := w.Validate(); !errors.As(err, &we) {
			t.Errorf("%+v: %v", w, err)
			continue
		}
		if we.Said().String() != we.Why {
			t.Errorf("fact %q, why %q", we.Said(), we.Why)
		}
		facts = append(facts, we.Said())
	}
	facts = append(facts, planFacts(t)...)
	facts = append(facts, journalFacts(t)...)
	facttest.Check(t, facts...)
	facttest.Covered(t, ".", facts...)
}

// planFacts are the mistakes Plan, DeletePlan and SyncPlan find in
// themselves.
func planFacts(t *testing.T) []fact.Fact {
	plan := Plan{CenID: "cen-1", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-1", AccessRegionIDs: []string{"cn-shanghai"},
		Hosts: []string{"100.118.1.0/24"}}
	entry := DeleteEntry{HostRegionID: "cn-hangzhou", Host: "100.118.1.0/24", AccessRegionID: "cn-shanghai"}
	create := SyncCreate{HostRegionID: "cn-hangzhou", HostVpcID: "vpc-1", Host: "100.118.2.0/24",
		AccessRegionIDs: []string{"cn-shanghai"}, Replaces: []int{0}}
	var errs []error
	for _, change := range []func(*Plan){
		func(p *Plan) { p.CenID = "" }, func(p *Plan) { p.HostRegionID = "" }, func(p *Plan) { p.HostVpcID = "" },
		func(p *Plan) { p.AccessRegionIDs = nil }, func(p *Plan) { p.Hosts = nil },
		func(p *Plan) { p.Hosts = []string{"100.118.1.0/24", "100.118.1.0/24"} },
	} {
		p := plan
		change(&p)
		errs = append(errs, p.Validate())
	}
	errs = append(errs, DeletePlan{}.Validate(), DeletePlan{CenID: "cen-1"}.Validate(),
		DeletePlan{CenID: "cen-1", Entries: []DeleteEntry{{Host: "100.118.1.0/24"}}}.Validate(),
		DeletePlan{CenID: "cen-1", Entries: []DeleteEntry{entry, entry}}.Validate(),
		SyncPlan{}.Validate(), SyncPlan{CenID: "cen-1"}.Validate(),
		SyncPlan{CenID: "cen-1", Creates: []SyncCreate{{Host: "100.118.2.0/24"}}}.Validate(),
		SyncPlan{CenID: "cen-1", Creates: []SyncCreate{create}, Deletes: []DeleteEntry{entry}}.Validate())
	var facts []fact.Fact
	for _, err := range errs {
		facts = append(facts, facttest.Of(t, err)...)
	}
	return facts
}

// journalFacts are the failures of run journals, each where it arises
// when the system allows it to be made so in a test.
func journalFacts(t *testing.T) []fact.Fact {
	dir := t.TempDir()
	id := newRunID(time.Now())
	j, err := createJournal(dir, id)
	if err != nil {
		t.Fatal(err)
	}
	defer j.f.Close()
	_, twice := createJournal(dir, id)
	_, _, busy := openJournal(dir, id)
	_, _, missing := openJournal(dir, newRunID(time.Now().Add(time.Hour)))
	_, malformed := journalPath(dir, "../etc")

	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("not a journal\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, noDir := createJournal(filepath.Join(file, "state"), id)
	_, _, noPlan := readJournal(file)
	_, _, unreadable := readJournal(dir)
	asDir := newRunID(time.Now().Add(2 * time.Hour))
	if err := os.Mkdir(filepath.Join(dir, asDir+journalExt), 0o700); err != nil {
		t.Fatal(err)
	}
	_, _, unopenable := openJournal(dir, asDir)
	gateless := t.TempDir()
	if err := os.Mkdir(filepath.Join(gateless, gateName), 0o700); err != nil {
		t.Fatal(err)
	}
	_, noGate := createJournal(gateless, id)

	var facts []fact.Fact
	for _, err := range []error{twice, busy, missing, malformed, noDir, noPlan, unreadable, unopenable, noGate} {
		facts = append(facts, facttest.Of(t, err)...)
	}
	for _, e := range []*busyError{{RunID: id}, {RunID: id, PID: os.Getpid() + 1}, {RunID: id, PID: os.Getpid()}} {
		facts = append(facts, e.Said())
	}
	// Failures a test cannot bring about on every system: their words.
	cause := &fs.PathError{Op: "write", Path: "run.jsonl", Err: syscall.ENOSPC}
	for k, what := range map[fact.Kind]string{KindNoStateDir: "no state directory for run journals",
		KindJournalRepair: "repairing the run journal", KindJournalWrite: "writing the run journal",
		KindGateLock: "locking the journals"} {
		facts = append(facts, facttest.Of(t, failedTo(k, what, cause))...)
	}
	return facts
}
