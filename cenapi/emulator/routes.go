package emulator

import (
	"cmp"
	"encoding/json"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Route-service statuses.
const (
	statusCreating = "Creating"
	statusActive   = "Active"
	statusFailed   = "Failed"
	statusDeleting = "Deleting"
)

// routeKey identifies a route-service entry, as the API and Terraform do.
type routeKey struct {
	cenID, hostRegionID, host, accessRegionID string
}

// entry is one route-service entry. Its status is not stored but computed
// from its timestamps when read (status), so that the lifecycle needs no
// timers and follows an injected clock.
type entry struct {
	routeKey
	hostVpcID, description string
	created                time.Time
	outcome                string    // Active or Failed, drawn at creation
	deleteAt               time.Time // when a delete was accepted; zero if none
}

// status is en's status at now. Entries whose deletion has completed are
// removed by sweep before anyone reads a status.
func (e *Emulator) status(en *entry, now time.Time) string {
	switch {
	case !en.deleteAt.IsZero():
		return statusDeleting
	case now.Before(en.created.Add(e.opts.ActivateAfter)):
		return statusCreating
	default:
		return en.outcome
	}
}

func (en *entry) snapshot(status string) Entry {
	return Entry{CenID: en.cenID, HostRegionID: en.hostRegionID, Host: en.host, HostVpcID: en.hostVpcID,
		AccessRegionID: en.accessRegionID, Description: en.description, Status: status, CreatedAt: en.created}
}

// sweep removes the entries whose deletion has completed by now; e.mu must
// be held. It costs nothing while no delete is pending.
func (e *Emulator) sweep(now time.Time) {
	if e.deleting == 0 {
		return
	}
	kept := e.routes[:0]
	for _, en := range e.routes {
		if !en.deleteAt.IsZero() && !now.Before(en.deleteAt.Add(e.opts.DeleteAfter)) {
			delete(e.index, en.routeKey)
			e.deleting--
			continue
		}
		kept = append(kept, en)
	}
	clear(e.routes[len(kept):])
	e.routes = kept
}

// add stores a new entry; e.mu must be held.
func (e *Emulator) add(en *entry) {
	e.routes = append(e.routes, en)
	e.index[en.routeKey] = en
}

// seedRoutes adds the world's route services, created a month before
// now, and Options.ExtraRouteServices more in DemoCenID.
func (e *Emulator) seedRoutes(spec *World, now time.Time) {
	created := now.Add(-30 * 24 * time.Hour)
	for _, r := range spec.RouteServices {
		e.add(&entry{routeKey: routeKey{r.CEN, r.HostRegion, r.Host, r.AccessRegion},
			hostVpcID: r.HostVPC, description: r.Description, created: created, outcome: cmp.Or(r.Status, statusActive)})
	}
	// 100.64.0.0/10 holds four million /32s; hosts count up from 100.64.0.1.
	for i := range e.opts.ExtraRouteServices {
		n := uint32(100)<<24 | uint32(64)<<16 + uint32(i) + 1
		host := netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}).String() + "/32"
		e.add(&entry{routeKey: routeKey{DemoCenID, "cn-hangzhou", host, "cn-hangzhou"},
			hostVpcID: DemoVpcID, description: "bulk host", created: created, outcome: statusActive})
	}
}

// requestIDReply is the reply of calls that return nothing else.
type requestIDReply struct {
	RequestID string `json:"RequestId"`
}

// resolveInput is a ResolveAndRouteServiceInCen request.
type resolveInput struct {
	cenID, hostRegionID, hostVpcID, host, description, clientToken string
	accessRegionIDs                                                []string
}

// tokenKey and tokenRecord are the client-token memory: the reply of a
// successful Resolve, with the fingerprint of its business parameters.
type tokenKey struct{ accessKeyID, action, clientToken string }

type tokenRecord struct {
	fingerprint string
	reply       json.RawMessage
}

// resolveRouteService is ResolveAndRouteServiceInCen: one entry per access
// region, all or nothing. It holds e.mu throughout so that the token check,
// the existence check and the creation are one step.
func (e *Emulator) resolveRouteService(c *call) (any, *apiError) {
	in, err := readResolve(c.p)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	key := tokenKey{c.p.get("AccessKeyId"), c.action, in.clientToken}
	fp := c.p.fingerprint()
	if in.clientToken != "" {
		if rec, ok := e.tokens.get(key, c.now); ok {
			if rec.fingerprint != fp {
				return nil, errIdempotent
			}
			e.counter(c.action).IdempotentReplays++
			return rec.reply, nil
		}
	}
	if err := e.checkResolve(in); err != nil {
		return nil, err
	}
	e.sweep(c.now)
	if err := e.checkRoom(in); err != nil {
		return nil, err
	}
	for _, a := range in.accessRegionIDs {
		e.add(&entry{routeKey: routeKey{in.cenID, in.hostRegionID, in.host, a}, hostVpcID: in.hostVpcID,
			description: in.description, created: c.now, outcome: e.drawOutcome()})
	}
	e.counter(c.action).Created += len(in.accessRegionIDs)
	reply, _ := json.Marshal(requestIDReply{c.requestID})
	if in.clientToken != "" {
		e.tokens.add(key, tokenRecord{fp, reply}, c.now)
	}
	return json.RawMessage(reply), nil
}

// readResolve reads and checks the parameters that need no state.
func readResolve(p params) (resolveInput, *apiError) {
	if err := p.require("CenId", "Host", "HostRegionId", "HostVpcId"); err != nil {
		return resolveInput{}, err
	}
	in := resolveInput{cenID: p.get("CenId"), hostRegionID: p.get("HostRegionId"), hostVpcID: p.get("HostVpcId"),
		host: p.get("Host"), description: p.get("Description"), clientToken: p.get("ClientToken"),
		accessRegionIDs: p.list("AccessRegionIds")}
	if len(in.accessRegionIDs) == 0 {
		return resolveInput{}, missing("AccessRegionIds")
	}
	if !validClientToken(in.clientToken) {
		return resolveInput{}, errInvalidParam
	}
	return in, nil
}

// validClientToken: ASCII only (CEN doc), at most 64 characters (the
// general Alibaba rule, [UNVERIFIED] for CEN:
// docs/unverified.md#client-token-limits).
func validClientToken(t string) bool {
	if len(t) > 64 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < 0x20 || t[i] > 0x7e {
			return false
		}
	}
	return true
}

// checkResolve validates a Resolve against the world, in the order a user
// fixes things: the request itself, the CEN, the host, the host side, then
// the access side.
func (e *Emulator) checkResolve(in resolveInput) *apiError {
	if !validDescription(in.description, e.opts.StrictDescription) {
		return errInvalidParam
	}
	cen := e.world.cenByID[in.cenID]
	if cen == nil {
		return errCenNotFound
	}
	prefix, err := parseHost(in.host)
	if err != nil {
		return err
	}
	if err := checkHostRange(prefix, cen.ipv6); err != nil {
		return err
	}
	if e.world.regionByID[in.hostRegionID] == nil {
		return errInvalidParam
	}
	if !e.world.vpcAttached(in.cenID, in.hostRegionID, in.hostVpcID) {
		return errVpcNotAttached
	}
	if e.world.edition(in.cenID, in.hostRegionID) == editionEnterprise {
		return errTransitRouterType
	}
	// An IPv6 service needs an IPv6-enabled host VPC; which real condition
	// ClouteRouteNotSupportIpv6 stands for is [UNVERIFIED]
	// (docs/unverified.md#ipv6-not-supported).
	if prefix.Addr().Is6() && e.world.vpcByID[in.hostVpcID].ipv6 == "" {
		return errHostNoIPv6
	}
	return e.checkAccessRegions(in)
}

// checkAccessRegions: every access region must be a known region, listed
// once, with a VBR or CCN of the CEN attached there.
//
// A VBR reaches only services in its own region (docs/cen-api.md#validation),
// so an access region with a VBR but no CCN must be the host region. The
// code for breaking that rule is [UNVERIFIED]
// (docs/unverified.md#access-region-rule): ParameterIllegal.AccessRegionId
// is the documented "bad access region" code. A duplicated region gets the
// same code, also [UNVERIFIED] (docs/unverified.md#several-access-regions).
func (e *Emulator) checkAccessRegions(in resolveInput) *apiError {
	seen := map[string]bool{}
	for _, a := range in.accessRegionIDs {
		if seen[a] || e.world.regionByID[a] == nil {
			return errAccessRegion
		}
		seen[a] = true
		vbr, ccn := e.world.hasChild(in.cenID, a, childVBR), e.world.hasChild(in.cenID, a, childCCN)
		if !vbr && !ccn {
			return errAccessRegionNoCCN
		}
		if !ccn && a != in.hostRegionID {
			return errAccessRegion
		}
	}
	return nil
}

// checkRoom refuses the whole Resolve if any of its entries exists or the
// CEN's quota would be exceeded; e.mu must be held.
func (e *Emulator) checkRoom(in resolveInput) *apiError {
	for _, a := range in.accessRegionIDs {
		if e.index[routeKey{in.cenID, in.hostRegionID, in.host, a}] != nil {
			return errRouteExists
		}
	}
	if e.opts.MaxRouteServices <= 0 {
		return nil
	}
	n := len(in.accessRegionIDs)
	for _, en := range e.routes {
		if en.cenID == in.cenID {
			n++
		}
	}
	if n > e.opts.MaxRouteServices {
		return errQuota
	}
	return nil
}

// drawOutcome decides whether a new entry ends Active or Failed.
func (e *Emulator) drawOutcome() string {
	if e.opts.FailRate > 0 && e.rng.float64() < e.opts.FailRate {
		return statusFailed
	}
	return statusActive
}

// parseHost reads Host as an IP address or a CIDR block. A domain name is
// ParameterIllegal.Host; anything else that is not an address, a block with
// host bits set ([UNVERIFIED]: the real API may accept those;
// docs/unverified.md#host-bits) or a zoned
// address is ParameterIllegal.CloudRouteHost. A bare address is a
// full-length prefix; Host itself is stored as given.
func parseHost(host string) (netip.Prefix, *apiError) {
	if looksLikeDomain(host) {
		return netip.Prefix{}, errHostDomain
	}
	var prefix netip.Prefix
	var err error
	if strings.Contains(host, "/") {
		prefix, err = netip.ParsePrefix(host)
	} else {
		var a netip.Addr
		if a, err = netip.ParseAddr(host); err == nil {
			prefix = netip.PrefixFrom(a, a.BitLen())
		}
	}
	if err != nil || prefix.Addr().Zone() != "" || prefix != prefix.Masked() {
		return netip.Prefix{}, errHostMalformed
	}
	return prefix, nil
}

// looksLikeDomain: letters, digits, dots and hyphens, with at least one
// letter and no colon (so never an IPv6 address).
func looksLikeDomain(s string) bool {
	letter := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9' || r == '.' || r == '-':
		default:
			return false
		}
	}
	return letter
}

// Allowed service ranges. IPv4 services live in 100.64.0.0/10 (documented).
// The valid IPv6 range is [UNVERIFIED] (docs/unverified.md#ipv6-range);
// global unicast (2000::/3) is the most plausible.
var (
	serviceRange4 = netip.MustParsePrefix("100.64.0.0/10")
	serviceRange6 = netip.MustParsePrefix("2000::/3")
)

// checkHostRange checks that prefix lies inside the service range of its
// family, and that IPv6 is enabled on the CEN for an IPv6 host.
func checkHostRange(prefix netip.Prefix, cenIPv6 bool) *apiError {
	if prefix.Addr().Is4() {
		if !within(prefix, serviceRange4) {
			return errHostNotAllowed
		}
		return nil
	}
	if !cenIPv6 {
		return errCenNoIPv6
	}
	if !within(prefix, serviceRange6) {
		return errHostIPv6Range
	}
	return nil
}

// within reports whether inner lies entirely inside outer.
func within(inner, outer netip.Prefix) bool {
	return inner.Bits() >= outer.Bits() && outer.Contains(inner.Addr())
}

// validDescription applies the current Description rule (empty, or 1..256
// characters not starting with http:// or https://) or, when strict, the
// older one (2..256 characters, a letter first, then letters, digits,
// - . _). docs/cen-api.md#validation gives both; the error code for either
// is [UNVERIFIED] (InvalidParameter; docs/unverified.md#description-rule).
func validDescription(s string, strict bool) bool {
	if s == "" {
		return true
	}
	n := utf8.RuneCountInString(s)
	if n > 256 || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return false
	}
	if !strict {
		return true
	}
	if n < 2 {
		return false
	}
	for i, r := range s {
		ok := unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || strings.ContainsRune("-._", r))
		if !ok {
			return false
		}
	}
	return true
}

// routeServiceJSON is a RouteServiceEntry of DescribeRouteServicesInCen.
type routeServiceJSON struct {
	CenID          string `json:"CenId"`
	HostRegionID   string `json:"HostRegionId"`
	Host           string `json:"Host"`
	HostVpcID      string `json:"HostVpcId"`
	AccessRegionID string `json:"AccessRegionId"`
	Status         string `json:"Status"`
	Description    string `json:"Description"`
	UpdateInterval string `json:"UpdateInterval"` // legacy; a string, "5" per the docs
	Cidrs          struct {
		Cidr []string `json:"Cidr"`
	} `json:"Cidrs"`
}

// describeRouteServicesReply is DescribeRouteServicesInCen's reply, lists
// inside their wrapper objects.
type describeRouteServicesReply struct {
	pageInfo
	RouteServiceEntries struct {
		RouteServiceEntry []routeServiceJSON `json:"RouteServiceEntry"`
	} `json:"RouteServiceEntries"`
}

// describeRouteServices is DescribeRouteServicesInCen: the CEN's entries in
// creation order, filters matching exactly, paged.
func (e *Emulator) describeRouteServices(c *call) (any, *apiError) {
	if err := c.p.require("CenId"); err != nil {
		return nil, err
	}
	page, size, err := c.p.paging()
	if err != nil {
		return nil, err
	}
	cenID := c.p.get("CenId")
	if e.world.cenByID[cenID] == nil {
		return nil, errCenNotFound
	}
	// Filters, in the order of got below; "" matches anything.
	filters := [...]string{c.p.get("HostRegionId"), c.p.get("Host"), c.p.get("AccessRegionId"), c.p.get("HostVpcId")}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sweep(c.now)
	var matched []*entry
	for _, en := range e.routes {
		got := [...]string{en.hostRegionID, en.host, en.accessRegionID, en.hostVpcID}
		ok := en.cenID == cenID
		for i, f := range filters {
			ok = ok && (f == "" || f == got[i])
		}
		if ok {
			matched = append(matched, en)
		}
	}
	reply := describeRouteServicesReply{pageInfo: pageInfo{c.requestID, page, size, len(matched)}}
	reply.RouteServiceEntries.RouteServiceEntry = replyPage(matched, page, size,
		func(en *entry) routeServiceJSON { return e.routeJSON(en, c.now) })
	return reply, nil
}

func (e *Emulator) routeJSON(en *entry, now time.Time) routeServiceJSON {
	j := routeServiceJSON{CenID: en.cenID, HostRegionID: en.hostRegionID, Host: en.host, HostVpcID: en.hostVpcID,
		AccessRegionID: en.accessRegionID, Status: e.status(en, now), Description: en.description, UpdateInterval: "5"}
	j.Cidrs.Cidr = []string{en.host}
	return j
}

// deleteRouteService is DeleteRouteServiceInCen. Like the real API it
// answers success when the entry does not exist (or HostVpcId, if given,
// does not match it): nothing is deleted then. Deleting an entry that is
// Creating or already Deleting is 403 CloudRouteStatusNotAllow. A Failed
// entry may be deleted, so that a failed host can be cleaned up and tried
// again; whether the real API allows it is [UNVERIFIED]
// (docs/unverified.md#deleting-a-failed-entry).
func (e *Emulator) deleteRouteService(c *call) (any, *apiError) {
	if err := c.p.require("CenId", "Host", "HostRegionId", "AccessRegionId"); err != nil {
		return nil, err
	}
	key := routeKey{c.p.get("CenId"), c.p.get("HostRegionId"), c.p.get("Host"), c.p.get("AccessRegionId")}
	vpcID := c.p.get("HostVpcId")
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sweep(c.now)
	en := e.index[key]
	if en != nil && (vpcID == "" || vpcID == en.hostVpcID) {
		switch e.status(en, c.now) {
		case statusCreating, statusDeleting:
			return nil, errStatusNotAllowed
		}
		en.deleteAt = c.now
		e.deleting++
		e.counter(c.action).Deleted++
	}
	return requestIDReply{c.requestID}, nil
}
