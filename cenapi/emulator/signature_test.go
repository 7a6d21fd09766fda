package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// TestSignTestVector is the deterministic vector of
// docs/cen-api.md#signature-test-vector, computed with the SDK's own
// functions.
func TestSignTestVector(t *testing.T) {
	p := url.Values{}
	for k, v := range map[string]string{
		"AccessKeyId": "testid", "Action": "ResolveAndRouteServiceInCen", "Format": "JSON", "Version": "2017-09-12",
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureType": "", "RegionId": "cn-hangzhou",
		"SignatureNonce": "3f2b8c0d9e1a4b5c6d7e8f9012345678", "Timestamp": "2025-01-02T03:04:05Z",
		"CenId": "cen-demo0000000001", "Host": "100.118.28.0/24", "HostRegionId": "cn-hangzhou",
		"HostVpcId": "vpc-demo0000000001", "AccessRegionIds.1": "cn-hangzhou", "Description": "oss hz",
	} {
		p.Set(k, v)
	}
	const want = "SXXv4cZbMuOGaQ4SYjubPPj4fEE="
	if got := emulator.Sign("POST", p, "testsecret"); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	// A Signature parameter already present is not signed.
	p.Set("Signature", "whatever")
	if got := emulator.Sign("POST", p, "testsecret"); got != want {
		t.Fatalf("Sign with Signature present = %s, want %s", got, want)
	}
	// Dropping the empty SignatureType must change the signature.
	p.Del("SignatureType")
	if got := emulator.Sign("POST", p, "testsecret"); got == want {
		t.Fatal("the empty SignatureType is not signed")
	}
}

// TestHandMadeRequests: GET with everything in the query, and POST with
// part of the parameters in the form body, special characters included.
// Repeated parameters are ordered by numeric index (.2 before .10).
func TestHandMadeRequests(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})

	q := signedParams("GET", "DescribeCens", "2017-09-12", url.Values{"PageSize": {"2"}})
	resp, err := http.Get(s.URL() + "/?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cens struct {
		TotalCount int
		Cens       struct{ Cen []struct{ CenId string } }
	}
	decode(t, resp, http.StatusOK, &cens)
	if len(cens.Cens.Cen) != 2 || cens.Cens.Cen[0].CenId != emulator.DemoCenID {
		t.Fatalf("GET DescribeCens: %+v", cens)
	}

	body := url.Values{
		"CenId": {emulator.DemoCenID}, "Host": {"100.118.30.0/24"}, "HostRegionId": {"cn-hangzhou"},
		"HostVpcId": {emulator.DemoVpcID}, "Description": {"a b*c~d/é+ & 中文"},
		"AccessRegionIds.10": {"cn-shanghai"}, "AccessRegionIds.2": {"cn-hangzhou"},
	}
	all := signedParams("POST", "ResolveAndRouteServiceInCen", "2017-09-12", body)
	query := url.Values{}
	for k, v := range all {
		if _, inBody := body[k]; !inBody {
			query[k] = v
		}
	}
	decode(t, post(t, s, query, body), http.StatusOK, &struct{}{})

	var got []string
	for _, e := range s.Emulator().State().Entries {
		if e.Host == "100.118.30.0/24" {
			got = append(got, e.AccessRegionID)
			if e.Description != "a b*c~d/é+ & 中文" {
				t.Errorf("description %q", e.Description)
			}
		}
	}
	if len(got) != 2 || got[0] != "cn-hangzhou" || got[1] != "cn-shanghai" {
		t.Fatalf("entries by access region, in order: %v; want [cn-hangzhou cn-shanghai]", got)
	}
}

// TestErrorBody: all fields are strings, the content type and status are
// the gateway's.
func TestErrorBody(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	q := signedParams("POST", "DescribeRouteServicesInCen", "2017-09-12", nil)
	resp := post(t, s, q, nil)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json;charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var body map[string]any
	decode(t, resp, http.StatusBadRequest, &body)
	for _, k := range []string{"RequestId", "HostId", "Code", "Message", "Recommend"} {
		if _, ok := body[k].(string); !ok {
			t.Errorf("%s = %#v, want a string", k, body[k])
		}
	}
	if body["Code"] != "MissingCenId" || body["Message"] != "CenId is mandatory for this action." || body["HostId"] != "cbn.aliyuncs.com" {
		t.Errorf("body %v", body)
	}
	if !isRequestID(body["RequestId"].(string)) {
		t.Errorf("RequestId %v", body["RequestId"])
	}
}

// TestNonceReuse: the same signed request twice; the second is refused.
func TestNonceReuse(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{CheckNonce: true})
	q := signedParams("POST", "DescribeCens", "2017-09-12", nil)
	decode(t, post(t, s, q, nil), http.StatusOK, &struct{}{})
	var body struct{ Code string }
	decode(t, post(t, s, q, nil), http.StatusBadRequest, &body)
	if body.Code != "SignatureNonceUsed" {
		t.Fatalf("reused nonce: %s", body.Code)
	}

	lax := emulatortest.Start(t, emulator.Options{})
	q = signedParams("POST", "DescribeCens", "2017-09-12", nil)
	decode(t, post(t, lax, q, nil), http.StatusOK, &struct{}{})
	decode(t, post(t, lax, q, nil), http.StatusOK, &struct{}{})
}

// TestUnsupportedSignatureMethod: only HMAC-SHA1 v1.0 is accepted.
func TestUnsupportedSignatureMethod(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	q := signedParams("POST", "DescribeCens", "2017-09-12", url.Values{"SignatureMethod": {"HMAC-SHA256"}})
	var body struct{ Code string }
	decode(t, post(t, s, q, nil), http.StatusBadRequest, &body)
	if body.Code != "IncompleteSignature" {
		t.Fatalf("code %s", body.Code)
	}
}

// decode checks the status and decodes the JSON body into v.
func decode(t *testing.T, resp *http.Response, status int, v any) {
	t.Helper()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, data)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
}
