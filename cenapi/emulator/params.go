package emulator

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// params are one request's parameters: the URL query merged with the form
// body. Empty values are kept, because they are signed (SignatureType=).
type params url.Values

// get returns the first value of key, or "".
func (p params) get(key string) string {
	if v := p[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// require returns Missing<Param> for the first of names that is absent or
// empty.
func (p params) require(names ...string) *apiError {
	for _, n := range names {
		if p.get(n) == "" {
			return missing(n)
		}
	}
	return nil
}

// list returns the values of the repeated parameter Prefix.1, Prefix.2, ...
// ordered by numeric index (so .10 comes after .2). Gaps are tolerated to be
// lenient; how the real gateway treats them is [UNVERIFIED]
// (docs/unverified.md#repeated-list-gaps).
func (p params) list(prefix string) []string {
	var out []string
	for _, n := range p.indices(prefix) {
		if v := p.get(prefix + "." + strconv.Itoa(n)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// indices returns, in numeric order, the distinct N of every key of the
// form Prefix.N or Prefix.N.<field>: the elements of a repeated parameter.
func (p params) indices(prefix string) []int {
	seen := map[int]bool{}
	var out []int
	for k := range p {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok {
			continue
		}
		rest, _, _ = strings.Cut(rest, ".")
		n, err := strconv.Atoi(rest)
		if err != nil || n < 0 || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// Paging defaults and limits shared by the Describe* and List* calls.
const (
	defaultPageSize = 10
	maxPageSize     = 50
)

// paging reads PageNumber (default 1, at least 1) and PageSize (default 10,
// 1..50). Out-of-range values answer InvalidParameter; the code is
// [UNVERIFIED] (docs/unverified.md#paging-out-of-range).
func (p params) paging() (page, size int, err *apiError) {
	page, ok := p.intOr("PageNumber", 1)
	if !ok || page < 1 {
		return 0, 0, errInvalidParam
	}
	size, ok = p.intOr("PageSize", defaultPageSize)
	if !ok || size < 1 || size > maxPageSize {
		return 0, 0, errInvalidParam
	}
	return page, size, nil
}

// intOr parses key as an integer, returning def when it is absent; ok is
// false when it is present but not an integer.
func (p params) intOr(key string, def int) (int, bool) {
	s := p.get(key)
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// pageOf returns the items of one page (1-based); past the end it is empty.
// The page is compared with the page count before it is multiplied: a
// PageNumber near the largest integer would overflow.
func pageOf[T any](items []T, page, size int) []T {
	if page-1 >= (len(items)+size-1)/size {
		return []T{}
	}
	start := (page - 1) * size
	return items[start:min(start+size, len(items))]
}

// replyPage is the page of items, each turned into its reply form by f.
// Only the page is converted, not everything that matched; like pageOf it
// never returns nil, so an empty page is sent as [] rather than null.
func replyPage[T, J any](items []T, page, size int, f func(T) J) []J {
	in := pageOf(items, page, size)
	out := make([]J, len(in))
	for i, it := range in {
		out[i] = f(it)
	}
	return out
}

// pageInfo is the paging part of every paged reply.
type pageInfo struct {
	RequestID  string `json:"RequestId"`
	PageNumber int    `json:"PageNumber"`
	PageSize   int    `json:"PageSize"`
	TotalCount int    `json:"TotalCount"`
}

// commonParams are the gateway's own parameters: they are no part of an
// operation's business parameters (the idempotency fingerprint).
var commonParams = map[string]bool{
	"AccessKeyId": true, "Action": true, "Format": true, "RegionId": true, "SecurityToken": true,
	"Signature": true, "SignatureMethod": true, "SignatureNonce": true, "SignatureType": true,
	"SignatureVersion": true, "Timestamp": true, "Version": true, "ClientToken": true,
}

// fingerprint is a canonical form of the business parameters, used to tell
// a retry of a ClientToken request from a different request under the same
// token.
func (p params) fingerprint() string {
	keys := make([]string, 0, len(p))
	for k := range p {
		if !commonParams[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range p[k] {
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v) + "&")
		}
	}
	return b.String()
}
