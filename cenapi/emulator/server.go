package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// statePath is the admin endpoint; it is outside the API and unsigned.
const statePath = "/_emulator/state"

// product is an API product served on the same port.
type product struct {
	name    string // as in Recommend URLs: Cbn, Vpc
	version string // the only Version accepted
	host    string // the HostId of error replies
	ramCode string // the prefix of its RAM actions: cen, vpc (docs/cen-api.md#access-denied)
}

var (
	cbnProduct = product{"Cbn", "2017-09-12", "cbn.aliyuncs.com", "cen"}
	vpcProduct = product{"Vpc", "2016-04-28", "vpc.aliyuncs.com", "vpc"}
)

// call is one API request on its way through the emulator.
type call struct {
	r         *http.Request
	p         params
	requestID string
	action    string    // a known action, or unknownAction
	prod      product   // the action's product (Cbn when unknown)
	now       time.Time // the clock when the request is handled
}

// action is an operation the emulator serves. handle returns the success
// body (marshalled to JSON; a json.RawMessage is sent as is) or an error.
type action struct {
	prod   product
	handle func(e *Emulator, c *call) (any, *apiError)
}

// actions is the dispatch table, by Action parameter.
var actions = map[string]action{
	"DescribeCens":                      {cbnProduct, (*Emulator).describeCens},
	"DescribeChildInstanceRegions":      {cbnProduct, (*Emulator).describeChildInstanceRegions},
	"DescribeCenAttachedChildInstances": {cbnProduct, (*Emulator).describeCenAttachedChildInstances},
	"ListTransitRouters":                {cbnProduct, (*Emulator).listTransitRouters},
	"ResolveAndRouteServiceInCen":       {cbnProduct, (*Emulator).resolveRouteService},
	"DescribeRouteServicesInCen":        {cbnProduct, (*Emulator).describeRouteServices},
	"DeleteRouteServiceInCen":           {cbnProduct, (*Emulator).deleteRouteService},
	"DescribeVpcs":                      {vpcProduct, (*Emulator).describeVpcs},
}

// unknownAction is the counters key for requests that name no known
// action, so that junk cannot grow the counters without bound.
const unknownAction = "_unknown"

// ServeHTTP serves the API on "/" (GET or POST, parameters from the query
// and the form body) and the admin endpoints: GET /_emulator/state, and
// /_emulator/knobs.
//
// A request goes through: routing and Action/Version checks, latency,
// authentication (access key, signature, STS token, timestamp, nonce),
// RAM's permission, the per-action throttle, then maybe a fault, then the
// action itself. Replies are always JSON: Format=XML is not supported (the
// SDK asks for JSON). Every reply is dated by the emulator's clock, skew
// included, as a client comparing clocks would read it.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Date", e.now().UTC().Format(http.TimeFormat))
	switch r.URL.Path {
	case statePath:
		e.serveState(w, r)
		return
	case knobsPath:
		e.serveKnobs(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	c := &call{r: r, requestID: newRequestID(), action: unknownAction, prod: cbnProduct}
	act, err := route(c)
	e.countRequest(c.action)
	if !e.hold(r.Context(), e.latency()) {
		return // the client went away; nothing was done
	}
	c.now = e.now()
	if err == nil {
		err = e.authenticate(c)
	}
	if err == nil && e.access.deniedFor(c.action) {
		err = e.forbidden(c)
	}
	if err == nil && !e.limiter.allow(c.action, c.now) {
		err = errThrottled
	}
	if err != nil {
		e.countRejection(c.action, err.Code)
		writeError(w, c.requestID, c.prod, err)
		return
	}
	e.serveAdmitted(w, c, act, e.drawFault())
}

// route checks the path and method, parses the parameters and finds the
// action, checking its Version.
func route(c *call) (action, *apiError) {
	r := c.r
	if r.URL.Path != "/" || (r.Method != http.MethodGet && r.Method != http.MethodPost) {
		return action{}, errActionNotFound
	}
	if err := r.ParseForm(); err != nil {
		return action{}, errInvalidParam
	}
	c.p = params(r.Form)
	name := c.p.get("Action")
	if name == "" {
		return action{}, missing("Action")
	}
	act, ok := actions[name]
	if !ok {
		return action{}, errActionNotFound
	}
	c.action, c.prod = name, act.prod
	switch c.p.get("Version") {
	case "":
		return act, missing("Version")
	case act.prod.version:
		return act, nil
	default:
		return act, errInvalidVersion
	}
}

// serveAdmitted runs an admitted request, with the fault drawn for it ("" =
// none). Faults that hit before the action leave the state untouched;
// DropAfterApply and SlowReply run the action first, so the client cannot
// know whether it happened.
func (e *Emulator) serveAdmitted(w http.ResponseWriter, c *call, act action, fault FaultKind) {
	if fault != "" {
		e.countFault(c.action, fault)
	}
	switch fault {
	case FaultServiceUnavailable:
		writeError(w, c.requestID, c.prod, errServiceUnavailable)
		return
	case FaultInternalError:
		writeError(w, c.requestID, c.prod, errInternal)
		return
	case FaultBlocking:
		writeError(w, c.requestID, c.prod, errBlocking)
		return
	case FaultDropBefore:
		dropConnection(w)
		return
	}
	body, err := act.handle(e, c)
	if err != nil {
		e.countRejection(c.action, err.Code)
	}
	switch fault {
	case FaultDropAfter:
		dropConnection(w)
		return
	case FaultSlowReply:
		if !e.hold(c.r.Context(), e.opts.SlowReply) {
			return
		}
	}
	if err != nil {
		writeError(w, c.requestID, c.prod, err)
		return
	}
	e.writeSuccess(w, c, body)
}

// writeSuccess sends a 200 reply with body as JSON.
func (e *Emulator) writeSuccess(w http.ResponseWriter, c *call, body any) {
	data, ok := body.(json.RawMessage)
	if !ok {
		var err error
		if data, err = json.Marshal(body); err != nil {
			writeError(w, c.requestID, c.prod, errInternal)
			return
		}
	}
	writeJSON(w, c.requestID, http.StatusOK, data)
}

// hold waits for d, or until the client goes away or the emulator shuts
// down; it reports whether the full time passed (or d was not positive).
func (e *Emulator) hold(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-e.done:
		return false
	}
}

// Server is an Emulator listening on a TCP address.
type Server struct {
	emu *Emulator
	ln  net.Listener
	srv *http.Server
}

// Start validates opts, listens on addr (e.g. "127.0.0.1:0" for any free
// loopback port) and serves a new Emulator until Close.
func Start(addr string, opts Options) (*Server, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	emu := New(opts)
	s := &Server{emu: emu, ln: ln, srv: &http.Server{
		Handler: emu,
		// Headers come first and are small: they get the shorter of the
		// read timeout and ten seconds.
		ReadHeaderTimeout: min(opts.readTimeout(), 10*time.Second),
		ReadTimeout:       opts.readTimeout(),
		WriteTimeout:      opts.writeTimeout(),
		IdleTimeout:       opts.idleTimeout(),
		MaxHeaderBytes:    maxHeaderBytes,
	}}
	go func() {
		if err := s.srv.Serve(limitListener(ln, opts.maxConnections())); err != nil && !errors.Is(err, http.ErrServerClosed) {
			emu.shutdown()
		}
	}()
	return s, nil
}

// Request size bounds. The SDK sends every parameter in the query string;
// a form body is accepted too, but not without end.
const (
	maxHeaderBytes = 64 << 10
	maxBodyBytes   = 1 << 20
)

// limitListener accepts at most n connections at once: Accept waits for
// one of them to close. The connections beyond wait in the kernel's
// accept queue, costing the emulator nothing.
func limitListener(ln net.Listener, n int) net.Listener {
	return &limitedListener{Listener: ln, slots: make(chan struct{}, n)}
}

type limitedListener struct {
	net.Listener
	slots chan struct{} // one element per open accepted connection
}

// Accept takes a slot, then a connection; the slot is given back when the
// connection closes, or at once if accepting fails.
func (l *limitedListener) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &slotConn{Conn: c, release: func() { <-l.slots }}, nil
}

// slotConn gives its slot back on its first Close.
type slotConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// Endpoint is the host:port to give a client, e.g. "127.0.0.1:40123" (the
// SDK's client.Domain, cenroute's --endpoint).
func (s *Server) Endpoint() string { return s.ln.Addr().String() }

// URL is the base URL, e.g. "http://127.0.0.1:40123".
func (s *Server) URL() string { return "http://" + s.Endpoint() }

// Emulator returns the emulator being served, for State.
func (s *Server) Emulator() *Emulator { return s.emu }

// Close stops listening, ends held replies and closes every connection.
func (s *Server) Close() error {
	s.emu.shutdown()
	return s.srv.Close()
}
