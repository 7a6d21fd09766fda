package engine

import (
	"errors"
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
	facttest.Check(t, facts...)
	facttest.Covered(t, ".", facts...)
}
