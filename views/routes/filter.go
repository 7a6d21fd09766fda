package routes

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/hostlist"
)

// matchAddress gives a filter word shaped like an address its meaning as
// one (picker.Config.Match): the entries whose host lies inside that
// block, rather than those whose text contains the word. "100.112.1"
// would otherwise match 100.112.10.0/24 and 100.112.150.7 too, and a
// selection of everything shown would delete them.
func matchAddress(word string) func(cenapi.RouteService) bool {
	block, ok := addressBlock(word)
	if !ok {
		return nil
	}
	return func(e cenapi.RouteService) bool {
		p, ok := hostlist.Prefix(e.Host)
		return ok && block.Bits() <= p.Bits() && block.Contains(p.Addr())
	}
}

// addressBlock reads a filter word shaped like an IPv4 address as the
// block it names:
//
//   - a CIDR, 100.112.1.0/24, is that block (host bits ignored);
//   - a whole address, 100.112.1.7, is that address alone (a /32);
//   - two or three octets, 100.112 or 100.112.1 (a trailing dot allowed),
//     are the block they begin, 100.112.0.0/16 or 100.112.1.0/24.
//
// A lone number is not an address: "28" still finds 100.118.28.0/24 by
// its text. ok is false for any word that is not one of these.
func addressBlock(word string) (netip.Prefix, bool) {
	if strings.Contains(word, "/") {
		p, err := netip.ParsePrefix(word)
		if err != nil || !p.Addr().Is4() {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	octets := strings.Split(strings.TrimSuffix(word, "."), ".")
	if len(octets) < 2 || len(octets) > 4 {
		return netip.Prefix{}, false
	}
	var a [4]byte
	for i, o := range octets {
		n, err := strconv.Atoi(o)
		if err != nil || n < 0 || n > 255 || o != strconv.Itoa(n) {
			return netip.Prefix{}, false
		}
		a[i] = byte(n)
	}
	return netip.PrefixFrom(netip.AddrFrom4(a), 8*len(octets)), true
}
