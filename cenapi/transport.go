package cenapi

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
)

// connectTimeout bounds establishing a connection (TCP and TLS).
const connectTimeout = 5 * time.Second

// newSharedTransport is the one connection pool every SDK client uses.
// Proxies come from the environment (HTTPS_PROXY, NO_PROXY) for every
// endpoint off this machine; loopback traffic never goes through a proxy.
// Certificates are checked against the system's roots, which
// SSL_CERT_FILE and SSL_CERT_DIR extend or replace (a gateway with a
// private CA).
func newSharedTransport() *http.Transport {
	t := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout: connectTimeout,
		ForceAttemptHTTP2:   true,
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 32,
		IdleConnTimeout:     90 * time.Second,
	}
	t.Proxy = proxyOffLoopback
	return t
}

// proxyOffLoopback is the environment's proxy for req, none for a loopback
// host: http.ProxyFromEnvironment spares loopback addresses and
// "localhost", but not the other spellings IsLoopbackHost accepts
// ("LOCALHOST").
func proxyOffLoopback(req *http.Request) (*url.URL, error) {
	if IsLoopbackHost(req.URL.Hostname()) {
		return nil, nil
	}
	return http.ProxyFromEnvironment(req)
}

// callState is one call's context and whether its request may have gone
// out: set as soon as a connection is obtained for it, before anything is
// written (a request that never got a connection cannot have been
// processed; one that did might have been). A new one per call, so that a
// late trace callback of an earlier call cannot touch a later one.
type callState struct {
	ctx  context.Context
	sent atomic.Bool
}

// boundTransport gives the v1 SDK, which has no context support, a real
// one: each pooled SDK client has its own boundTransport, bound to the
// borrowing call's context, and RoundTrip runs every request under that
// context. A client is borrowed by one call at a time and the SDK calls
// RoundTrip on the calling goroutine, so there is no race on call.
type boundTransport struct {
	base http.RoundTripper
	call *callState
}

// RoundTrip implements http.RoundTripper.
func (t *boundTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := t.call
	trace := &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { st.sent.Store(true) },
	}
	return t.base.RoundTrip(req.WithContext(httptrace.WithClientTrace(st.ctx, trace)))
}

// pooled is one SDK client and the transport bound to it.
type pooled struct {
	api *sdk.Client
	rt  *boundTransport
}

// pool hands out SDK clients of one API, one per call, because an SDK
// client is not safe for concurrent use (it rewrites its http.Client's
// timeout and transport on every request). Clients are created on demand
// and kept for reuse; the callers bound the concurrency.
type pool struct {
	product product
	domain  string // the endpoint's host[:port] when given; "" for Alibaba Cloud's
	mu      sync.Mutex
	free    []*pooled
	newItem func() (*pooled, error)
}

// maxIdleClients bounds how many unused SDK clients are kept.
const maxIdleClients = 32

func (p *pool) get() (*pooled, error) {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		item := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return item, nil
	}
	p.mu.Unlock()
	return p.newItem()
}

func (p *pool) put(item *pooled) {
	item.rt.call = nil
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < maxIdleClients {
		p.free = append(p.free, item)
	}
}
