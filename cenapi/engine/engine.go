package engine

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// API is what the engine needs from the CEN API; *cenapi.Client satisfies
// it. Errors should be *cenapi.Error values (their Transient and Ambiguous
// flags drive retries).
type API interface {
	ResolveAndRouteService(ctx context.Context, r cenapi.ResolveRequest) (string, error)
	DescribeRouteServicesPage(ctx context.Context, f cenapi.RouteServiceFilter, page, size int) ([]cenapi.RouteService, int, error)
	DeleteRouteService(ctx context.Context, d cenapi.DeleteRequest) (string, error)
}

// Defaults for Options fields left zero.
const (
	DefaultConcurrency  = 16
	DefaultQPS          = 5
	DefaultMaxAttempts  = 8
	DefaultPollInterval = 500 * time.Millisecond
	DefaultWaitTimeout  = 10 * time.Minute
	DefaultReadPatience = 30 * time.Second
)

// Options tune an Engine. Zero fields take the defaults above.
type Options struct {
	// Concurrency bounds the hosts (or entries) of a run being sent at
	// once: waiting for the rate limiter or for the reply to their call.
	// One waiting out a backoff between attempts does not count.
	Concurrency int
	// QPS is the starting rate of write calls; from there the rate doubles
	// until the API throttles, then holds just under the API's limit (see
	// limiter). MaxQPS, if set, is a ceiling.
	QPS, MaxQPS float64
	// MaxAttempts bounds the attempts of a write call that meets
	// transient errors. Throttling replies do not count (see
	// throttleAllowance).
	MaxAttempts int
	// ReadPatience is how long a read keeps retrying throttling and
	// transient failures before it gives up: reads are harmless to repeat
	// and someone waits on them, so they are bounded by time rather than
	// by attempts.
	ReadPatience time.Duration
	// PollInterval is how often the entries being followed are swept: a
	// sweep starts PollInterval after the previous one started, or at once
	// if that one took longer (its reads met faults and retried).
	// WaitTimeout is how long an entry may take to settle.
	PollInterval, WaitTimeout time.Duration
	// NoWait ends a host's life at acceptance (apply) or at the accepted
	// delete: nothing is followed.
	NoWait bool
	// StateDir holds the run journals; "" means $XDG_STATE_HOME/cenroute,
	// else ~/.local/state/cenroute.
	StateDir string
	// Identity says whom runs are sent as, and where: pass the client's
	// Identity method. Its endpoint, masked AccessKey ID and profile label
	// every new journal (see Label), so that a caller can tell its own
	// unfinished runs from those made against another account or
	// endpoint. A function rather than a value because the default
	// credential chain names its AccessKey only once the first call has
	// resolved it; the label is taken when a journal is created, after the
	// plan was checked against the API. nil labels nothing.
	Identity func() cenapi.Identity
}

func (o Options) withDefaults() (Options, error) {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.QPS <= 0 {
		o.QPS = DefaultQPS
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.WaitTimeout <= 0 {
		o.WaitTimeout = DefaultWaitTimeout
	}
	if o.ReadPatience <= 0 {
		o.ReadPatience = DefaultReadPatience
	}
	if o.StateDir == "" {
		dir, err := DefaultStateDir()
		if err != nil {
			return o, err
		}
		o.StateDir = dir
	}
	return o, nil
}

// DefaultStateDir is where journals go when Options.StateDir is empty.
func DefaultStateDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "cenroute"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", failedTo(KindNoStateDir, "no state directory for run journals", err)
	}
	return filepath.Join(home, ".local", "state", "cenroute"), nil
}

// Engine runs plans against one API. One engine's runs share its rate
// limiters, so what one run learned about the API's limits the next one
// starts from. It is safe for concurrent use.
//
// Its read policy serves more than its runs: a client WithRetry(engine)
// reads through it too (the wizard's lists, the target checks, the
// commands' listings), so that one session's reads share one limiter,
// which also bounds how many go out at once.
type Engine struct {
	api    API
	opts   Options
	optErr error
	writes *limiter // ResolveAndRouteServiceInCen and DeleteRouteServiceInCen
	reads  *limiter // every read: the listings of runs and of callers (see Retry)
}

// New returns an engine. Option problems (no state directory) are reported
// by the calls that need them.
func New(api API, opts Options) *Engine {
	o, err := opts.withDefaults()
	return &Engine{api: api, opts: o, optErr: err,
		writes: newLimiter(o.QPS, o.MaxQPS, time.Now),
		reads:  newLimiter(o.QPS, 0, time.Now)}
}

// Call is one ResolveAndRouteServiceInCen call of a prepared plan.
type Call struct {
	Request cenapi.ResolveRequest
	// Command is the equivalent aliyun CLI command line, shell-quoted.
	Command string
}

// Prepared is a plan checked against what already exists on the CEN.
type Prepared struct {
	Plan Plan
	// Present are the hosts already routed into every access region through
	// the host VPC: nothing is sent for them.
	Present []string
	// Conflicts are hosts that cannot be sent, with the reason in words (an
	// entry through another VPC, a Failed entry, an entry being deleted).
	Conflicts map[string]string
	// ConflictsSaid are the same reasons as facts (see package fact).
	ConflictsSaid map[string]fact.Fact `json:"-"`
	// Calls are the calls to make, in plan order. A host already routed into
	// some access regions is sent for the others only.
	Calls []Call
}

// Prepare lists the entries already on the CEN in the plan's host region
// and works out which hosts are present, which conflict, and the calls to
// make for the others. It sends no write.
func (e *Engine) Prepare(ctx context.Context, p Plan) (Prepared, error) {
	if err := p.Validate(); err != nil {
		return Prepared{}, err
	}
	existing, err := e.listEntries(ctx, nil, cenapi.RouteServiceFilter{CenID: p.CenID, HostRegionID: p.HostRegionID})
	if err != nil {
		return Prepared{}, err
	}
	return prepare(p, existing), nil
}

// Judge works out, from entries already listed for the plan's CEN and
// host region, which hosts are present, which conflict, and the calls to
// make: Prepare for a caller that has the entries already, so the rule has
// one home whoever applies it.
func Judge(p Plan, existing []cenapi.RouteService) (Prepared, error) {
	if err := p.Validate(); err != nil {
		return Prepared{}, err
	}
	return prepare(p, existing), nil
}

// Validate checks that the plan names everything a call needs.
func (p Plan) Validate() error {
	switch {
	case p.CenID == "":
		return fact.Errorf(KindPlanNoCEN, "the plan names no CEN", nil)
	case p.HostRegionID == "":
		return fact.Errorf(KindPlanNoHostRegion, "the plan names no host region", nil)
	case p.HostVpcID == "":
		return fact.Errorf(KindPlanNoHostVPC, "the plan names no host VPC", nil)
	case len(p.AccessRegionIDs) == 0:
		return fact.Errorf(KindPlanNoAccess, "the plan names no access region", nil)
	case len(p.Hosts) == 0:
		return fact.Errorf(KindPlanNoHost, "the plan names no host", nil)
	}
	seen := map[string]bool{}
	for _, h := range p.Hosts {
		if seen[hostlist.Canonical(h)] {
			return fact.Errorf(KindPlanTwice, "the plan names "+h+" twice", fact.Args{"Host": h})
		}
		seen[hostlist.Canonical(h)] = true
	}
	return nil
}

// listEntries lists every entry matching f a page at a time (see
// readPages), in the API's order, each entry once even if the listing
// shifted between pages. b holds the reads while it is on (nil: never).
func (e *Engine) listEntries(ctx context.Context, b *brake, f cenapi.RouteServiceFilter) ([]cenapi.RouteService, error) {
	var pages [][]cenapi.RouteService
	_, err := e.readPages(ctx, b, f, 0, func(n int, entries []cenapi.RouteService) {
		for len(pages) < n {
			pages = append(pages, nil)
		}
		pages[n-1] = entries
	})
	if err != nil {
		return nil, err
	}
	var out []cenapi.RouteService
	seen := map[string]bool{}
	for _, page := range pages {
		for _, en := range page {
			if k := en.Key(); !seen[k] {
				seen[k] = true
				out = append(out, en)
			}
		}
	}
	return out, nil
}

// Retry runs one read call of the caller's (fn must be safe to repeat)
// with the engine's read policy (see retry): paced by the read limiter
// the engine's own listings use, throttling and transient failures
// retried with backoff while ReadPatience lasts, each retry reported to
// the observer of ctx (cenapi.WithRetryObserver). It returns fn's last
// error, or ctx's. fn must be a single call: an operation of many calls
// should retry each of them (see cenapi.Client.WithRetry), as a deadline
// fit for one call is too short for many. Engine satisfies
// cenapi.Retrier.
func (e *Engine) Retry(ctx context.Context, fn func(ctx context.Context) error) error {
	return e.retry(ctx, nil, readBackoffCap, fn)
}

// retry runs a read until it succeeds, fails for good, or ReadPatience or
// ctx ends: every attempt paced by the read limiter (and held by b while
// it is on), under a deadline that follows what the limiter learned of
// the API's replies; throttling and transient failures retried after a
// jittered backoff (see tries.afterRead), of transient failures at most
// ceiling. The classification is the one writes use (classify).
func (e *Engine) retry(ctx context.Context, b *brake, ceiling time.Duration, fn func(ctx context.Context) error) error {
	var t tries
	began := time.Now()
	for {
		done, err := b.acquire(ctx, nil, e.reads)
		if err != nil {
			return err
		}
		callCtx, cancel := context.WithTimeout(ctx, e.reads.CallTimeout(t.timeouts, minReadCallTimeout))
		err = fn(callCtx)
		cancel()
		o := classify(err)
		done(o)
		if o.kind == outcomeOK {
			return nil
		}
		delay, again := t.afterRead(o, ceiling)
		if !again || ctx.Err() != nil || time.Since(began)+delay > e.opts.ReadPatience {
			return err
		}
		short := o.shortReason()
		cenapi.NoteRetry(ctx, cenapi.RetryNote{Op: o.err.Op, Reason: short.String(), Said: short,
			Attempt: t.counted + t.throttled, Delay: delay})
		if err := sleep(ctx, nil, delay); err != nil {
			return err
		}
	}
}
