package cenapi

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
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

// TestEnsureSharesOneResolution: calls that give up waiting for a slow
// credential source (ECS metadata, say) leave one resolution running, not
// one each.
func TestEnsureSharesOneResolution(t *testing.T) {
	t.Parallel()
	inner := &slowProvider{entered: make(chan struct{}), release: make(chan struct{})}
	p := &lockedProvider{inner: inner, source: "slow", failure: "no credentials"}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 5 {
		if err := p.ensure(ctx, "DescribeCens"); !errors.Is(err, context.Canceled) {
			t.Fatalf("ensure with a cancelled context = %v", err)
		}
	}
	<-inner.entered
	close(inner.release)
	if err := p.ensure(context.Background(), "DescribeCens"); err != nil {
		t.Fatal(err)
	}
	if n := inner.asked.Load(); n != 1 {
		t.Errorf("the credential source was asked %d times, want once", n)
	}
}
