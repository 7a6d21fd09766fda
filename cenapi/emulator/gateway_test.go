package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// TestWrongSecret: the SDK compares the string-to-sign in the message with
// its own and, as they match, tells the user the secret is wrong.
func TestWrongSecret(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	_, err := cbnClient(t, s, "not-the-secret").DescribeCens(cbn.CreateDescribeCensRequest())
	se := wantError(t, err, http.StatusBadRequest, "SignatureDoesNotMatch")
	if !strings.HasPrefix(se.Message(), "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&") {
		t.Errorf("message %q", se.Message())
	}
	if !strings.HasPrefix(se.Recommend(), "InvalidAccessKeySecret") {
		t.Errorf("Recommend %q: the SDK did not recognise a wrong secret", se.Recommend())
	}
}

// TestCustomCredentials: only the configured key is accepted.
func TestCustomCredentials(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{AccessKeyID: "LTAIcustom", AccessKeySecret: "s3cret"})
	c, err := cbn.NewClientWithOptions("cn-hangzhou", sdkConfig(), credentials.NewAccessKeyCredential("LTAIcustom", "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = s.Endpoint()
	if _, err := c.DescribeCens(cbn.CreateDescribeCensRequest()); err != nil {
		t.Fatalf("custom key: %v", err)
	}
	_, err = demoCbn(t, s).DescribeCens(cbn.CreateDescribeCensRequest())
	wantError(t, err, http.StatusNotFound, "InvalidAccessKeyId.NotFound")
}

// TestTimestampWindow: a request 16 minutes away from the emulator's clock
// is refused when the check is on, accepted when it is off.
func TestTimestampWindow(t *testing.T) {
	for _, skew := range []time.Duration{16 * time.Minute, -16 * time.Minute} {
		clock := newFakeClock()
		clock.Advance(skew)
		s := emulatortest.Start(t, emulator.Options{CheckTimestamp: true, Clock: clock.Now})
		_, err := demoCbn(t, s).DescribeCens(cbn.CreateDescribeCensRequest())
		wantError(t, err, http.StatusBadRequest, "InvalidTimeStamp.Expired")

		clock.Advance(-skew + 14*time.Minute)
		if _, err := demoCbn(t, s).DescribeCens(cbn.CreateDescribeCensRequest()); err != nil {
			t.Fatalf("14 minutes off: %v", err)
		}
	}
	clock := newFakeClock()
	clock.Advance(time.Hour)
	s := emulatortest.Start(t, emulator.Options{Clock: clock.Now})
	if _, err := demoCbn(t, s).DescribeCens(cbn.CreateDescribeCensRequest()); err != nil {
		t.Fatalf("check off: %v", err)
	}
}

// TestUnknownActionAndVersion goes through the SDK's common request, which
// lets the action and version be anything.
func TestUnknownActionAndVersion(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)
	cases := []struct {
		product, version, action string
		status                   int
		code                     string
	}{
		{"Cbn", "2017-09-12", "DescribeEverything", http.StatusNotFound, "InvalidAction.NotFound"},
		{"Cbn", "2016-04-28", "DescribeCens", http.StatusBadRequest, "InvalidVersion"},
		{"Vpc", "2017-09-12", "DescribeVpcs", http.StatusBadRequest, "InvalidVersion"},
	}
	for _, tc := range cases {
		r := requests.NewCommonRequest()
		r.Method = "POST"
		r.Scheme = "http"
		r.Domain = s.Endpoint()
		r.Product, r.Version, r.ApiName = tc.product, tc.version, tc.action
		r.QueryParams["RegionId"] = "cn-hangzhou"
		_, err := c.ProcessCommonRequest(r)
		wantError(t, err, tc.status, tc.code)
	}
	st := s.Emulator().State()
	if st.Counters["_unknown"].Rejections["InvalidAction.NotFound"] != 1 || st.Counters["DescribeCens"].Rejections["InvalidVersion"] != 1 {
		t.Errorf("counters %+v", st.Counters)
	}
}

// TestMissingParameters: required parameters answer Missing<Param>.
func TestMissingParameters(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)

	r := resolveReq("100.118.31.0/24")
	r.CenId = ""
	_, err := c.ResolveAndRouteServiceInCen(r)
	wantError(t, err, http.StatusBadRequest, "MissingCenId")

	r = resolveReq("100.118.31.0/24")
	r.AccessRegionIds = nil
	_, err = c.ResolveAndRouteServiceInCen(r)
	wantError(t, err, http.StatusBadRequest, "MissingAccessRegionIds")

	d := cbn.CreateDeleteRouteServiceInCenRequest()
	d.CenId, d.Host, d.HostRegionId = emulator.DemoCenID, "100.118.28.0/24", "cn-hangzhou"
	_, err = c.DeleteRouteServiceInCen(d)
	wantError(t, err, http.StatusBadRequest, "MissingAccessRegionId")

	_, err = c.DescribeCenAttachedChildInstances(cbn.CreateDescribeCenAttachedChildInstancesRequest())
	wantError(t, err, http.StatusBadRequest, "MissingCenId")
}

// TestPageSizeLimits: PageSize 1..50, PageNumber from 1.
func TestPageSizeLimits(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{})
	c := demoCbn(t, s)
	for _, tc := range []struct{ page, size int }{{1, 0}, {1, 51}, {0, 10}} {
		r := cbn.CreateDescribeCensRequest()
		r.PageNumber, r.PageSize = requests.NewInteger(tc.page), requests.NewInteger(tc.size)
		_, err := c.DescribeCens(r)
		wantError(t, err, http.StatusBadRequest, "InvalidParameter")

		d := cbn.CreateDescribeRouteServicesInCenRequest()
		d.CenId = emulator.DemoCenID
		d.PageNumber, d.PageSize = requests.NewInteger(tc.page), requests.NewInteger(tc.size)
		_, err = c.DescribeRouteServicesInCen(d)
		wantError(t, err, http.StatusBadRequest, "InvalidParameter")
	}
	resp := describe(t, c, emulator.DemoCenID, 1, 50)
	if resp.PageSize != 50 || resp.PageNumber != 1 {
		t.Errorf("page %d size %d", resp.PageNumber, resp.PageSize)
	}
}

// TestHugePageNumber: the largest PageNumber is past the end of every list
// and answers an empty page; it must not overflow into a crash (a dropped
// connection and a stack trace).
func TestHugePageNumber(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{ExtraRouteServices: 60})
	const huge = "9223372036854775807"
	for _, call := range []struct{ action, version, list string }{
		{"DescribeCens", "2017-09-12", "Cens"},
		{"DescribeRouteServicesInCen", "2017-09-12", "RouteServiceEntries"},
		{"DescribeCenAttachedChildInstances", "2017-09-12", "ChildInstances"},
		{"ListTransitRouters", "2017-09-12", "TransitRouters"},
		{"DescribeVpcs", "2016-04-28", "Vpcs"},
	} {
		for _, size := range []string{"1", "50"} {
			q := signedParams("POST", call.action, call.version, url.Values{"PageNumber": {huge}, "PageSize": {size},
				"CenId": {emulator.DemoCenID}})
			var body map[string]json.RawMessage
			decode(t, post(t, s, q, nil), http.StatusOK, &body)
			// An empty page is an empty list, never null: the SDK's
			// callers range over it.
			if string(body["PageNumber"]) != huge || body[call.list] == nil || strings.Contains(string(body[call.list]), "null") {
				t.Errorf("%s page %s of %s: %s", call.action, huge, size, body)
			}
		}
	}
}

// TestLongNonce: a SignatureNonce longer than 64 characters is refused,
// so that the nonce memory cannot be filled with huge keys.
func TestLongNonce(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{CheckNonce: true})
	q := signedParams("POST", "DescribeCens", "2017-09-12", url.Values{"SignatureNonce": {strings.Repeat("n", 65)}})
	var body struct{ Code string }
	decode(t, post(t, s, q, nil), http.StatusBadRequest, &body)
	if body.Code != "InvalidParameter.SignatureNonce" {
		t.Errorf("code %s", body.Code)
	}
	q = signedParams("POST", "DescribeCens", "2017-09-12", url.Values{"SignatureNonce": {strings.Repeat("n", 64)}})
	decode(t, post(t, s, q, nil), http.StatusOK, &struct{}{})
}
