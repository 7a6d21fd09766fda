// Package emulator is a local stand-in for the Alibaba Cloud CEN (Cbn
// 2017-09-12) and VPC (2016-04-28) APIs that cenroute uses. It speaks the
// real wire protocol (RPC style, HMAC-SHA1 v1.0 signatures, the documented
// JSON shapes, error codes and messages), so the real SDK can be pointed at
// it, and it holds a seeded demo world: CENs, regions, VPCs, VBRs, CCNs,
// transit routers and route services.
//
// Route services follow the asynchronous lifecycle of the real service
// (Creating, then Active or Failed; Deleting, then gone). Status is computed
// from timestamps when it is read, against Options.Clock, so a test can move
// time forward without sleeping. Knobs inject latency, per-action
// throttling, transient faults and failed creations.
//
// Besides the API on "/", GET /_emulator/state (unsigned) reports every
// route-service entry and per-action counters, so checks can prove that
// nothing was lost or duplicated, and /_emulator/knobs shows and changes
// the access knobs (denied actions, the STS token) while it serves.
package emulator

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Demo credentials: the emulator accepts these unless Options name others.
const (
	DemoAccessKeyID     = "demo-access-key-id"
	DemoAccessKeySecret = "demo-access-key-secret"
)

// DemoCenID is the first CEN of the seeded world, ready to use: Basic
// Edition transit router, an attached VPC (DemoVpcID) and a VBR in
// cn-hangzhou.
const (
	DemoCenID = "cen-demo0000000001"
	DemoVpcID = "vpc-demo0000000001"
)

// defaultSlowReply is how long a slow-reply fault holds a reply when
// Options.SlowReply is zero: longer than the SDK's default 10 s read
// timeout, so the client gives up first.
const defaultSlowReply = 30 * time.Second

// timestampWindow is how far a request's Timestamp may be from the
// emulator's clock. 15 minutes is the POP gateway's documented figure,
// [UNVERIFIED] for Cbn (docs/unverified.md#timestamp-window).
const timestampWindow = 15 * time.Minute

// Memory bounds: nonces are kept for twice the timestamp window (an older
// replay fails the timestamp check anyway), client tokens for a day (the
// real retention is [UNVERIFIED]: docs/unverified.md#client-token-memory);
// each memory holds at most this many.
const (
	memoryItems = 100_000
	nonceTTL    = 2 * timestampWindow
	tokenTTL    = 24 * time.Hour
)

// Options configure an Emulator. The zero value is a quiet emulator: demo
// credentials, no latency, no limits, no faults, route services Active at
// once, no timestamp or nonce checks.
type Options struct {
	// AccessKeyID and AccessKeySecret are the only credentials accepted;
	// empty means DemoAccessKeyID and DemoAccessKeySecret.
	AccessKeyID, AccessKeySecret string

	// Latency delays every API reply; Jitter spreads it uniformly by up to
	// plus or minus Jitter (never below zero).
	Latency, Jitter time.Duration

	// QPS limits each action to this many requests per second (a token
	// bucket with a burst of max(1, QPS)); excess requests get 400
	// Throttling.User and use no token. 0 means unlimited.
	QPS float64
	// QPSHalveAfter halves each action's QPS (rate and burst) this long
	// after the action's first request, as when a tenant's limit is
	// lowered during a run. 0 means never; it needs QPS.
	QPSHalveAfter time.Duration

	// FaultRate is the probability, 0..1, that an admitted request (one
	// that passed authentication and throttling) meets a transient fault,
	// drawn uniformly from Faults.
	FaultRate float64
	// Faults are the fault kinds FaultRate draws from; nil means all.
	Faults []FaultKind
	// SlowReply is how long a FaultSlowReply holds its reply (it gives up
	// early when the client goes away). 0 means DefaultSlowReply.
	SlowReply time.Duration

	// FailRate is the probability, 0..1, that a new route-service entry
	// ends Failed instead of Active.
	FailRate float64
	// ActivateAfter is how long a new entry stays Creating; DeleteAfter how
	// long a deleted one stays Deleting before it is gone. 0 means at once.
	ActivateAfter, DeleteAfter time.Duration

	// World is the topology served; nil means the built-in demo world
	// (DemoWorld).
	World *World

	// Seed makes the world's details (creation times, the account) and
	// the random knobs reproducible.
	Seed int64

	// CheckTimestamp rejects requests whose Timestamp is more than 15
	// minutes from the clock; CheckNonce rejects a reused SignatureNonce.
	CheckTimestamp, CheckNonce bool

	// ClockSkew sets the emulator's clock this far ahead of Clock (behind,
	// if negative): the Date header of its replies, the timestamp window
	// and the lifecycle all follow it, as if the client's clock were off
	// by -ClockSkew. A skew checks timestamps whatever CheckTimestamp says.
	ClockSkew time.Duration

	// SecurityToken makes the credentials STS credentials: every request
	// must carry this SecurityToken (DemoSecurityToken for the demo ones).
	// "" means AccessKey credentials: a token sent is signed and ignored.
	SecurityToken string
	// TokenLifetime is how long the token stays valid from the start (and
	// from each RenewToken); then InvalidSecurityToken.Expired. 0 means it
	// never expires by itself (ExpireToken still expires it).
	TokenLifetime time.Duration

	// Deny lists the actions RAM refuses to the credentials, as RAM
	// actions ("cen:ResolveAndRouteServiceInCen", "vpc:DescribeVpcs") or
	// action names: 403 Forbidden.RAM. SetDenied changes the list later.
	Deny []string

	// MaxRouteServices is the number of route-service entries a CEN may
	// hold; 0 means unlimited.
	MaxRouteServices int

	// StrictDescription applies the older Description rule (2..256
	// characters, starting with a letter, then letters, digits, - . _)
	// instead of the current one (docs/cen-api.md#validation).
	StrictDescription bool

	// ExtraCENs adds generated CENs to the world, and ExtraRouteServices
	// Active entries to DemoCenID (of the demo world), e.g. to page
	// through many results.
	ExtraCENs, ExtraRouteServices int

	// Clock is the emulator's notion of now (lifecycle, timestamp window,
	// throttling); nil means time.Now. Tests inject a fake clock.
	Clock func() time.Time

	// The bounds of Start's HTTP server, as a public server has them, so
	// that idle or slow clients cannot hold connections for ever.
	// ReadTimeout bounds reading a request, body included (and waiting
	// for a new connection's first request); WriteTimeout bounds handling
	// it and writing the reply; IdleTimeout is how long a kept-alive
	// connection waits for its next request. MaxConnections is how many
	// connections are served at once: more wait to be accepted. 0 means
	// the defaults below; WriteTimeout's default also covers Latency,
	// Jitter and SlowReply.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxConnections                         int
}

// Defaults of the server bounds (see Options.ReadTimeout).
const (
	DefaultReadTimeout    = 30 * time.Second
	defaultWriteTimeout   = 30 * time.Second
	DefaultIdleTimeout    = 60 * time.Second
	DefaultMaxConnections = 256
)

// readTimeout, writeTimeout, idleTimeout and maxConnections are the
// server bounds with their defaults applied.
func (o Options) readTimeout() time.Duration { return orDefault(o.ReadTimeout, DefaultReadTimeout) }

func (o Options) writeTimeout() time.Duration {
	if o.WriteTimeout > 0 {
		return o.WriteTimeout
	}
	// A reply may be held for the latency and a slow-reply fault before
	// it is written.
	return defaultWriteTimeout + o.Latency + o.Jitter + orDefault(o.SlowReply, defaultSlowReply)
}

func (o Options) idleTimeout() time.Duration { return orDefault(o.IdleTimeout, DefaultIdleTimeout) }

func (o Options) maxConnections() int {
	if o.MaxConnections > 0 {
		return o.MaxConnections
	}
	return DefaultMaxConnections
}

// orDefault is d, or def when d is not positive.
func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// DemoOptions are the options of --demo and of the emulator command: demo
// credentials, a latency that feels like a real cloud, route services that
// take about two seconds to become Active or go away, and no faults.
func DemoOptions() Options {
	return Options{
		AccessKeyID:     DemoAccessKeyID,
		AccessKeySecret: DemoAccessKeySecret,
		Latency:         60 * time.Millisecond,
		Jitter:          40 * time.Millisecond,
		ActivateAfter:   2 * time.Second,
		DeleteAfter:     2 * time.Second,
		Seed:            1,
		CheckTimestamp:  true,
		CheckNonce:      true,
	}
}

// Validate reports the first option out of range, in words fit for a
// command-line user.
func (o Options) Validate() error {
	rates := []struct {
		name string
		v    float64
	}{{"fault rate", o.FaultRate}, {"fail rate", o.FailRate}}
	for _, r := range rates {
		if !(r.v >= 0 && r.v <= 1) {
			return fmt.Errorf("%s %v is not between 0 and 1", r.name, r.v)
		}
	}
	if !(o.QPS >= 0) {
		return fmt.Errorf("qps %v is negative", o.QPS)
	}
	if o.QPSHalveAfter > 0 && o.QPS == 0 {
		return fmt.Errorf("qps-halve-after %v has no limit to halve: it needs a qps above 0", o.QPSHalveAfter)
	}
	durations := []struct {
		name string
		v    time.Duration
	}{{"latency", o.Latency}, {"jitter", o.Jitter}, {"qps-halve-after", o.QPSHalveAfter}, {"slow reply", o.SlowReply},
		{"activate-after", o.ActivateAfter}, {"delete-after", o.DeleteAfter}, {"token lifetime", o.TokenLifetime},
		{"read timeout", o.ReadTimeout}, {"write timeout", o.WriteTimeout}, {"idle timeout", o.IdleTimeout}}
	for _, d := range durations {
		if d.v < 0 {
			return fmt.Errorf("%s %v is negative", d.name, d.v)
		}
	}
	if o.MaxRouteServices < 0 || o.ExtraCENs < 0 || o.ExtraRouteServices < 0 || o.MaxConnections < 0 {
		return errors.New("max route services, extra CENs, extra route services and max connections cannot be negative")
	}
	for _, k := range o.Faults {
		if !k.valid() {
			return fmt.Errorf("unknown fault kind %q", k)
		}
	}
	if o.TokenLifetime > 0 && o.SecurityToken == "" {
		return errors.New("a token lifetime needs a security token: the credentials are not STS credentials")
	}
	if err := checkDenyList(o.Deny); err != nil {
		return err
	}
	if o.World != nil {
		if p := o.World.problem(); p != nil {
			return fmt.Errorf("world: %s: %s", p.path, p.why)
		}
	}
	return nil
}

// Emulator is the emulated API: an http.Handler. Create it with New; it is
// safe for concurrent use.
type Emulator struct {
	opts    Options
	now     func() time.Time
	world   *world
	rng     *lockedRand
	limiter *limiter
	access  *access
	nonces  *boundedCache[string, struct{}]
	tokens  *boundedCache[tokenKey, tokenRecord]

	done     chan struct{} // closed by shutdown: held replies end
	shutOnce sync.Once

	mu       sync.Mutex // guards the fields below
	routes   []*entry   // in creation order
	index    map[routeKey]*entry
	deleting int // entries in routes with a pending delete
	counters map[string]*Counters
}

// New returns an emulator with the world seeded from opts.Seed. It does not
// validate opts (see Validate): rates beyond 0..1 act as 0 or 1.
func New(opts Options) *Emulator {
	if opts.AccessKeyID == "" {
		opts.AccessKeyID = DemoAccessKeyID
	}
	if opts.AccessKeySecret == "" {
		opts.AccessKeySecret = DemoAccessKeySecret
	}
	if opts.SlowReply <= 0 {
		opts.SlowReply = defaultSlowReply
	}
	if len(opts.Faults) == 0 {
		opts.Faults = AllFaults()
	}
	if opts.World == nil {
		opts.World = demoWorld()
	}
	now := opts.Clock
	if now == nil {
		now = time.Now
	}
	if skew := opts.ClockSkew; skew != 0 {
		clock := now
		now = func() time.Time { return clock().Add(skew) }
		opts.CheckTimestamp = true
	}
	e := &Emulator{
		opts:     opts,
		now:      now,
		world:    newWorld(opts.World, opts.Seed, opts.ExtraCENs),
		rng:      newLockedRand(opts.Seed),
		limiter:  newLimiter(opts.QPS, opts.QPSHalveAfter),
		access:   newAccess(opts, now()),
		nonces:   newBoundedCache[string, struct{}](memoryItems, nonceTTL),
		tokens:   newBoundedCache[tokenKey, tokenRecord](memoryItems, tokenTTL),
		done:     make(chan struct{}),
		index:    make(map[routeKey]*entry),
		counters: make(map[string]*Counters),
	}
	e.seedRoutes(opts.World, now())
	return e
}

// shutdown ends every held reply (latency, slow faults) at once.
func (e *Emulator) shutdown() {
	e.shutOnce.Do(func() { close(e.done) })
}
