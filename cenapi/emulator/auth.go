package emulator

import (
	"crypto/subtle"
	"net/url"
	"time"
)

// timestampLayout is the SDK's Timestamp format (UTC).
const timestampLayout = "2006-01-02T15:04:05Z"

// authenticate checks the gateway's common parameters, in the order a
// client can act on: the access key, the signature (so a wrong secret is
// told apart from everything else), the STS token of STS credentials, then
// the timestamp window and the nonce when they are switched on. A nonce is only remembered once the signature
// is good, so forged requests cannot burn nonces.
func (e *Emulator) authenticate(c *call) *apiError {
	p := c.p
	if err := p.require("AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"); err != nil {
		return err
	}
	if p.get("AccessKeyId") != e.opts.AccessKeyID {
		return errAccessKeyNotFound
	}
	// Only HMAC-SHA1 v1.0 exists in the v1 SDK (docs/cen-api.md#signature).
	if p.get("SignatureMethod") != "HMAC-SHA1" || p.get("SignatureVersion") != "1.0" {
		return errUnsupportedSignature
	}
	sts := stringToSign(c.r.Method, url.Values(p))
	want := signString(sts, e.opts.AccessKeySecret)
	if subtle.ConstantTimeCompare([]byte(want), []byte(p.get("Signature"))) != 1 {
		return signatureMismatch(sts)
	}
	if err := e.access.checkToken(p, c.now); err != nil {
		return err
	}
	if e.opts.CheckTimestamp {
		if err := checkTimestamp(p.get("Timestamp"), c.now); err != nil {
			return err
		}
	}
	if len(p.get("SignatureNonce")) > maxNonceLength {
		return errNonceInvalid
	}
	if e.opts.CheckNonce && !e.nonces.add(p.get("SignatureNonce"), struct{}{}, c.now) {
		return errNonceUsed
	}
	return nil
}

// maxNonceLength bounds SignatureNonce, and so what the nonce memory
// holds. The SDK sends 32 characters; the gateway's own limit is
// [UNVERIFIED] (docs/unverified.md#nonce-limits).
const maxNonceLength = 64

// checkTimestamp accepts a Timestamp within timestampWindow of now, either
// way.
func checkTimestamp(ts string, now time.Time) *apiError {
	t, err := time.Parse(timestampLayout, ts)
	if err != nil {
		return errTimestampFormat
	}
	if d := now.Sub(t); d > timestampWindow || d < -timestampWindow {
		return errTimestampExpired
	}
	return nil
}
