package emulator

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
)

// Sign returns the HMAC-SHA1 v1.0 signature of an RPC request, as the
// Alibaba Cloud SDK computes it and the emulator verifies it
// (docs/cen-api.md#signature): method is the real HTTP method, params every query and form
// parameter (Signature is ignored; empty values count). It is exported for
// hand-made requests, e.g. with curl or net/http in tests.
func Sign(method string, params url.Values, secret string) string {
	return signString(stringToSign(method, params), secret)
}

// signString is base64(HMAC-SHA1(secret+"&", sts)).
func signString(sts, secret string) string {
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// stringToSign is METHOD&%2F&percentEncode(canonicalized query), the query
// being every parameter but Signature, sorted by key in byte order, each key
// and value percent-encoded. It works on decoded values and re-encodes them,
// never on the raw query text, so that + and %20 both verify.
func stringToSign(method string, params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var cqs strings.Builder
	for _, k := range keys {
		for _, v := range params[k] {
			if cqs.Len() > 0 {
				cqs.WriteByte('&')
			}
			cqs.WriteString(percentEncode(k))
			cqs.WriteByte('=')
			cqs.WriteString(percentEncode(v))
		}
	}
	return method + "&" + percentEncode("/") + "&" + percentEncode(cqs.String())
}

// percentEncode encodes per RFC 3986 as the v1.0 signature requires: only
// A-Z a-z 0-9 - _ . ~ stay literal; every other byte of the UTF-8 text
// becomes %XX with uppercase hex (so a space is %20, never +, and * is %2A).
// It gives the same result as the SDK's QueryEscape-and-replace.
func percentEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) * 3 / 2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}
