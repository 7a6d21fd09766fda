package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cbn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// stsCbn is a Cbn client signing with the demo key pair and an STS token.
func stsCbn(t *testing.T, s *emulator.Server, token string) *cbn.Client {
	t.Helper()
	c, err := cbn.NewClientWithOptions("cn-hangzhou", sdkConfig(),
		credentials.NewStsTokenCredential(emulator.DemoAccessKeyID, emulator.DemoAccessKeySecret, token))
	if err != nil {
		t.Fatal(err)
	}
	c.Domain = s.Endpoint()
	return c
}

func describeCens(c *cbn.Client) error {
	_, err := c.DescribeCens(cbn.CreateDescribeCensRequest())
	return err
}

// TestDeniedActions: a denied action is refused the way RAM refuses it,
// 403 Forbidden.RAM with an AccessDeniedDetail naming the RAM action; the
// others go on; SetDenied changes the list while the emulator serves.
func TestDeniedActions(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{Deny: []string{"cen:ResolveAndRouteServiceInCen", "vpc:DescribeVpcs"}})
	c := demoCbn(t, s)
	_, err := c.ResolveAndRouteServiceInCen(resolveReq("100.100.10.0/24"))
	se := wantError(t, err, http.StatusForbidden, "Forbidden.RAM")
	if !strings.HasPrefix(se.Message(), "User not authorized to operate on the specified resource") {
		t.Errorf("message %q", se.Message())
	}
	if d := se.AccessDeniedDetail(); d["AuthAction"] != "cen:ResolveAndRouteServiceInCen" || d["NoPermissionType"] != "ImplicitDeny" {
		t.Errorf("AccessDeniedDetail %v", d)
	}
	vr := vpc.CreateDescribeVpcsRequest()
	vr.RegionId = "cn-hangzhou"
	_, err = demoVpc(t, s).DescribeVpcs(vr)
	if se := wantError(t, err, http.StatusForbidden, "Forbidden.RAM"); se.AccessDeniedDetail()["AuthAction"] != "vpc:DescribeVpcs" {
		t.Errorf("AccessDeniedDetail %v", se.AccessDeniedDetail())
	}
	if err := describeCens(c); err != nil {
		t.Fatalf("an allowed action: %v", err)
	}
	if len(s.Emulator().State().Entries) != 6 {
		t.Error("a denied Resolve created something")
	}

	if err := s.Emulator().SetDenied("DescribeCens"); err != nil {
		t.Fatal(err)
	}
	wantError(t, describeCens(c), http.StatusForbidden, "Forbidden.RAM")
	if _, err := c.ResolveAndRouteServiceInCen(resolveReq("100.100.10.0/24")); err != nil {
		t.Fatalf("after the denial was lifted: %v", err)
	}
	if err := s.Emulator().SetDenied("cen:NoSuchAction"); err == nil {
		t.Error("an unknown action was accepted")
	}
	if err := (emulator.Options{Deny: []string{"Reboot"}}).Validate(); err == nil {
		t.Error("Validate accepts an unknown action to deny")
	}
}

// TestSTSToken: with STS credentials a request must carry the token; an
// expired one is refused until it is renewed, whether it expired by
// itself (TokenLifetime) or on demand (ExpireToken).
func TestSTSToken(t *testing.T) {
	clock := newFakeClock()
	s := emulatortest.Start(t, emulator.Options{SecurityToken: emulator.DemoSecurityToken, TokenLifetime: time.Hour, Clock: clock.Now})
	good := stsCbn(t, s, emulator.DemoSecurityToken)
	if err := describeCens(good); err != nil {
		t.Fatalf("a valid token: %v", err)
	}
	wantError(t, describeCens(demoCbn(t, s)), http.StatusBadRequest, "MissingSecurityToken")
	wantError(t, describeCens(stsCbn(t, s, "another-token")), http.StatusBadRequest, "InvalidSecurityToken.MismatchWithAccessKey")

	clock.Advance(time.Hour)
	se := wantError(t, describeCens(good), http.StatusBadRequest, "InvalidSecurityToken.Expired")
	if se.Message() != "Specified SecurityToken is expired." {
		t.Errorf("message %q", se.Message())
	}
	s.Emulator().RenewToken()
	if err := describeCens(good); err != nil {
		t.Fatalf("a renewed token: %v", err)
	}
	s.Emulator().ExpireToken()
	wantError(t, describeCens(good), http.StatusBadRequest, "InvalidSecurityToken.Expired")
	s.Emulator().RenewToken()
	if err := describeCens(good); err != nil {
		t.Fatalf("renewed again: %v", err)
	}

	// AccessKey credentials: a token is signed and otherwise ignored.
	plain := emulatortest.Start(t, emulator.Options{})
	if err := describeCens(stsCbn(t, plain, "any")); err != nil {
		t.Fatalf("a token sent with AccessKey credentials: %v", err)
	}
	if err := (emulator.Options{TokenLifetime: time.Minute}).Validate(); err == nil {
		t.Error("Validate accepts a token lifetime without a token")
	}
}

// TestClockSkew: every reply is dated by the emulator's clock, skew
// included, and a request more than 15 minutes off it is refused even
// without CheckTimestamp.
func TestClockSkew(t *testing.T) {
	for _, tc := range []struct {
		skew time.Duration
		code string // "" = accepted
	}{{0, ""}, {10 * time.Minute, ""}, {-20 * time.Minute, "InvalidTimeStamp.Expired"}, {20 * time.Minute, "InvalidTimeStamp.Expired"}} {
		s := emulatortest.Start(t, emulator.Options{ClockSkew: tc.skew})
		err := describeCens(demoCbn(t, s))
		if tc.code == "" && err != nil {
			t.Errorf("skew %v: %v", tc.skew, err)
		}
		if tc.code != "" {
			wantError(t, err, http.StatusBadRequest, tc.code)
		}
		resp, err := http.Get(s.URL() + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		date, err := http.ParseTime(resp.Header.Get("Date"))
		if err != nil {
			t.Fatalf("skew %v: Date %q: %v", tc.skew, resp.Header.Get("Date"), err)
		}
		if off := date.Sub(time.Now()) - tc.skew; off < -time.Minute || off > time.Minute {
			t.Errorf("skew %v: the Date header %v is %v off the skewed clock", tc.skew, date, off)
		}
	}
}

// TestKnobsEndpoint: the access knobs can be read and changed over HTTP
// while the emulator serves, for a person trying a run by hand.
func TestKnobsEndpoint(t *testing.T) {
	s := emulatortest.Start(t, emulator.Options{SecurityToken: emulator.DemoSecurityToken})
	c := stsCbn(t, s, emulator.DemoSecurityToken)
	post := func(body string) (int, emulator.Knobs) {
		t.Helper()
		resp, err := http.Post(s.URL()+"/_emulator/knobs", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var k emulator.Knobs
		_ = json.NewDecoder(resp.Body).Decode(&k)
		return resp.StatusCode, k
	}
	code, k := post(`{"deny": ["cen:DescribeCens"], "token": "expire"}`)
	if code != http.StatusOK || k.Token != "expired" || k.Deny == nil || len(*k.Deny) != 1 || (*k.Deny)[0] != "cen:DescribeCens" {
		t.Fatalf("POST: %d %+v", code, k)
	}
	wantError(t, describeCens(c), http.StatusBadRequest, "InvalidSecurityToken.Expired")
	post(`{"token": "renew"}`)
	wantError(t, describeCens(c), http.StatusForbidden, "Forbidden.RAM")
	post(`{"deny": []}`)
	if err := describeCens(c); err != nil {
		t.Fatalf("knobs lifted: %v", err)
	}
	for _, bad := range []string{`{"deny": ["cen:Nope"]}`, `{"token": "maybe"}`, `{"colour": 1}`, `not json`} {
		if code, _ := post(bad); code != http.StatusBadRequest {
			t.Errorf("POST %s: %d, want 400", bad, code)
		}
	}
}
