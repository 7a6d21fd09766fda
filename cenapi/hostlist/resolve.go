package hostlist

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
)

// Resolver looks names up. *net.Resolver (net.DefaultResolver) satisfies it;
// tests pass a fake.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Resolve looks up the IPv4 addresses of a hostname (such as an OSS
// internal endpoint) and returns them sorted, without duplicates, as hosts
// ready to paste. It fails when the name has no IPv4 address.
func Resolve(ctx context.Context, r Resolver, name string) ([]string, error) {
	addrs, err := r.LookupNetIP(ctx, "ip4", name)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", name, err)
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
		return nil, fmt.Errorf("%s has no IPv4 address", name)
	}
	hosts := make([]string, len(v4))
	for i, a := range v4 {
		hosts[i] = a.String()
	}
	return hosts, nil
}
