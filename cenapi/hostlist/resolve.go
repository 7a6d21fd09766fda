package hostlist

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"slices"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// The kinds of Resolve's own errors (*fact.Error). A resolver's other
// words are passed on as it gave them.
const (
	KindLookupNotFound fact.Kind = "hostlist.lookup.not_found"
	KindLookupTimeout  fact.Kind = "hostlist.lookup.timeout"
	KindLookupNoIPv4   fact.Kind = "hostlist.lookup.no_ipv4"
)

// Resolver looks names up. *net.Resolver (net.DefaultResolver) satisfies it;
// tests pass a fake.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Resolve looks up the IPv4 addresses of a hostname (such as an OSS
// internal endpoint) and returns them sorted, without duplicates, as hosts
// ready to paste. It fails when the name has no IPv4 address. Its error
// says why in a few words ("no such host", "no answer in time", "no IPv4
// address"), for a screen that shows it beside the name.
func Resolve(ctx context.Context, r Resolver, name string) ([]string, error) {
	addrs, err := r.LookupNetIP(ctx, "ip4", name)
	if err != nil {
		return nil, lookupFailure(err)
	}
	v4 := make([]netip.Addr, 0, len(addrs))
	for _, a := range addrs {
		if a = a.Unmap(); a.Is4() {
			v4 = append(v4, a)
		}
	}
	slices.SortFunc(v4, netip.Addr.Compare)
	v4 = slices.Compact(v4)
	if len(v4) == 0 {
		return nil, fact.Errorf(KindLookupNoIPv4, "no IPv4 address", nil)
	}
	hosts := make([]string, len(v4))
	for i, a := range v4 {
		hosts[i] = a.String()
	}
	return hosts, nil
}

// lookupFailure words a failed lookup: a resolver's error names the name
// and the DNS server, which the screen has no room for.
func lookupFailure(err error) error {
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fact.Errorf(KindLookupNotFound, "no such host", nil)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &dnsErr) && dnsErr.IsTimeout:
		return fact.Errorf(KindLookupTimeout, "no answer in time", nil)
	case errors.As(err, &dnsErr) && dnsErr.Err != "":
		return errors.New(dnsErr.Err)
	}
	return err
}
