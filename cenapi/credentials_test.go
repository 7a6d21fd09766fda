package cenapi

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// slowProvider is a credential source that answers only when released,
// counting how often it is asked.
type slowProvider struct {
	asked   atomic.Int64
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func (p *slowProvider) GetCredentials() (*credentials.Credentials, error) {
	p.asked.Add(1)
	p.once.Do(func() { close(p.entered) })
	<-p.release
	return &credentials.Credentials{AccessKeyId: "id-slow", AccessKeySecret: "secret-slow"}, nil
}

func (p *slowProvider) GetProviderName() string { return "slow" }

// Calls that give up waiting for a slow credential source (ECS metadata,
// say) leave one resolution running, not one each, and a caller whose
// context is cancelled returns at once even while the source is in the
// middle of its slow answer: a lock held across the source's call once
// hung every later caller, and the test suite with them.
func TestSecurityCredentialResolutionNeverHoldsACaller(t *testing.T) {
	t.Parallel()
	inner := &slowProvider{entered: make(chan struct{}), release: make(chan struct{})}
	p := &lockedProvider{inner: inner, failure: fact.Verbatim("no credentials")}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.ensure(ctx, "DescribeCens"); !errors.Is(err, context.Canceled) {
		t.Fatalf("ensure with a cancelled context = %v", err)
	}
	waitOrFail(t, inner.entered, "the resolution to reach the credential source")
	// The source now holds its lock inside a slow call: nothing that only
	// reads what is known may wait for it.
	for range 5 {
		returned := make(chan error, 1)
		go func() { returned <- p.ensure(ctx, "DescribeCens") }()
		waitOrFail(t, returned, "ensure with a cancelled context to return")
	}
	described := make(chan struct{})
	go func() { p.accessKeyID(); p.secrets(); close(described) }()
	waitOrFail(t, described, "describe and secrets to return during a resolution")
	close(inner.release)
	if err := p.ensure(context.Background(), "DescribeCens"); err != nil {
		t.Fatal(err)
	}
	if n := inner.asked.Load(); n != 1 {
		t.Errorf("the credential source was asked %d times, want once", n)
	}
}

// waitOrFail waits for ch to yield or close, and fails the test if that
// has not happened after a generous bound: a hang becomes a failure that
// names what never happened, not a stuck test binary.
func waitOrFail[T any](t *testing.T, ch <-chan T, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("waited 10 s for %s", what)
	}
}
