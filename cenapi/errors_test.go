package cenapi

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
)

// Canary credentials: none of them may ever appear in an error's text.
const (
	canaryAK     = "LTAIcanaryAccessKey7Q3z"
	canarySecret = "canarySecretDoNotShow9x8y"
	canaryToken  = "CAISCanaryStsTokenValue42"
)

func assertClean(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: expected an error", what)
	}
	text := err.Error()
	for _, bad := range []string{canaryAK, canarySecret, canaryToken, "abc%3D", "http://", "https://", "\n"} {
		if strings.Contains(text, bad) {
			t.Errorf("%s: error text %q contains %q", what, text, bad)
		}
	}
}

func canaryConfig(endpoint string) Config {
	return Config{Endpoint: endpoint, AccessKeyID: canaryAK, AccessKeySecret: canarySecret, SecurityToken: canaryToken,
		Getenv: fakeEnv(nil)}
}

func TestErrorTextNeverShowsCredentials(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("signature mismatch carries the string to sign", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{AccessKeyID: canaryAK, AccessKeySecret: "the-right-secret"})
		c, err := New(canaryConfig(srv.Endpoint()))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListCENs(ctx, CENFilter{})
		if e := mustError(t, err); e.Code != "SignatureDoesNotMatch" || !strings.Contains(e.Message, "secret does not match") {
			t.Errorf("error = %+v, want SignatureDoesNotMatch telling the secret is wrong", e)
		}
		assertClean(t, "SignatureDoesNotMatch", err)
		assertClean(t, "CheckCredentials", c.CheckCredentials(ctx))
	})

	t.Run("unknown access key", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{})
		c, err := New(canaryConfig(srv.Endpoint()))
		if err != nil {
			t.Fatal(err)
		}
		err = c.CheckCredentials(ctx)
		want := "CheckCredentials: InvalidAccessKeyId.NotFound: AccessKey LTAI****7Q3z (static AccessKey) was rejected: Specified access key is not found."
		if e := mustError(t, err); e.Code != "InvalidAccessKeyId.NotFound" || !strings.HasPrefix(e.Error(), want) {
			t.Errorf("error = %q, want it to start with %q", e, want)
		}
		assertClean(t, "InvalidAccessKeyId", err)
	})

	t.Run("timeout", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{AccessKeyID: canaryAK, AccessKeySecret: canarySecret,
			FaultRate: 1, Faults: []emulator.FaultKind{emulator.FaultSlowReply}, SlowReply: time.Hour})
		cfg := canaryConfig(srv.Endpoint())
		cfg.Timeout = 50 * time.Millisecond
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListCENs(ctx, CENFilter{})
		assertClean(t, "timeout", err)
	})

	t.Run("connection refused", func(t *testing.T) {
		c, err := New(canaryConfig(emulatortest.ClosedPort(t)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListCENs(ctx, CENFilter{})
		assertClean(t, "connection refused", err)
	})

	t.Run("SDK client errors", func(t *testing.T) {
		signed := "http://cbn.aliyuncs.com/?AccessKeyId=" + canaryAK + "&SecurityToken=" + canaryToken + "&Signature=abc%3D"
		cl := classifier{op: "DescribeCens", secrets: []string{canaryAK, canarySecret, canaryToken}}
		errs := map[string]error{
			"url error": &url.Error{Op: "Post", URL: signed, Err: errors.New("proxyconnect tcp: " + canarySecret)},
			"client error with origin": sdkerrors.NewClientError("SDK.Something", "failed for "+signed,
				&url.Error{Op: "Post", URL: signed, Err: errors.New("boom")}),
			"client error, key=value text": sdkerrors.NewClientError(sdkerrors.InvalidParamErrorCode,
				`bad "access_key_secret": "`+canarySecret+`", AccessKeyId=`+canaryAK, nil),
			"server error without a JSON body": sdkerrors.NewServerError(502, "<html>\n<a href=\""+signed+"\">x</a>\n</html>", ""),
		}
		for name, raw := range errs {
			assertClean(t, name, cl.classify(ctx, raw, true))
		}
	})
}

func TestFaultClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fault                emulator.FaultKind
		code                 string
		status               int
		transient, ambiguous bool
	}{
		{emulator.FaultServiceUnavailable, "ServiceUnavailable", 503, true, false},
		{emulator.FaultInternalError, "InternalError", 500, true, true},
		{emulator.FaultBlocking, "Operation.Blocking", 400, true, false},
		{emulator.FaultDropBefore, CodeConnection, 0, true, true},
		{emulator.FaultDropAfter, CodeConnection, 0, true, true},
		{emulator.FaultSlowReply, CodeTimeout, 0, true, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			t.Parallel()
			srv := startEmulator(t, emulator.Options{FaultRate: 1, Faults: []emulator.FaultKind{tt.fault}, SlowReply: time.Hour})
			cfg := demoConfig(srv.Endpoint())
			if tt.fault == emulator.FaultSlowReply {
				// The reply is held for an hour. The timeout is long enough
				// that the request surely reaches the server on a loaded
				// machine: what is tested is a reply that never comes.
				cfg.Timeout = time.Second
			}
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ResolveAndRouteService(context.Background(), ResolveRequest{CenID: emulator.DemoCenID,
				HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID, Host: "100.118.202.0/24", AccessRegionIDs: []string{"cn-hangzhou"}})
			e := mustError(t, err)
			if e.Op != "ResolveAndRouteServiceInCen" || e.Code != tt.code || e.HTTPStatus != tt.status || e.Transient != tt.transient || e.Ambiguous != tt.ambiguous {
				t.Errorf("error = %+v, want code %s status %d transient %v ambiguous %v", e, tt.code, tt.status, tt.transient, tt.ambiguous)
			}
			if tt.fault == emulator.FaultSlowReply && !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("a timeout should match context.DeadlineExceeded: %v", err)
			}
		})
	}
}

func TestThrottlingIsTransient(t *testing.T) {
	t.Parallel()
	// A frozen emulator clock never refills the one-token bucket, so the
	// second call is throttled whatever the timing.
	frozen := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	c, _ := newEmulatorClient(t, emulator.Options{QPS: 1, Clock: func() time.Time { return frozen }})
	ctx := context.Background()
	if _, err := c.listChildInstanceRegions(ctx, ""); err != nil {
		t.Fatalf("first call: %v", err)
	}
	_, err := c.listChildInstanceRegions(ctx, "")
	if e := mustError(t, err); e.Code != "Throttling.User" || !e.Transient || e.Ambiguous || e.HTTPStatus != 400 {
		t.Errorf("error = %+v, want transient Throttling.User", e)
	}
}

// A refused connection names the endpoint it was to, wherever the call
// came from.
func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	addr := emulatortest.ClosedPort(t)
	c, err := New(demoConfig(addr))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListCENs(context.Background(), CENFilter{})
	e := mustError(t, err)
	want := "cannot reach " + addr + ": connection refused"
	if e.Code != CodeConnection || e.Message != want || !e.Transient || e.Ambiguous {
		t.Errorf("error = %+v, want a transient, unambiguous refusal: %q", e, want)
	}
	if e.Error() != "DescribeCens: "+want {
		t.Errorf("Error() = %q", e.Error())
	}
	// Without a configured endpoint, the request's URL names it, and only
	// its host is kept.
	refused := &url.Error{Op: "Post", URL: "https://cbn.aliyuncs.com/?AccessKeyId=LTAIcanary&Signature=x",
		Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}
	if got := (classifier{op: "DescribeCens"}).classify(context.Background(), refused, false); got.Message != "cannot reach cbn.aliyuncs.com: connection refused" {
		t.Errorf("a refusal from the cloud says %q", got.Message)
	}
}

func TestIsTransientCode(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]bool{
		"Throttling.User": true, "Throttling": true, "Rejected.Throttling": true, "Operation.Blocking": true,
		"IncorrectStatus.TransitRouter": true, "InvalidOperation.CenInstanceStatus": true, "ServiceUnavailable": true,
		"InternalError": true, "InvalidOperation.CloudRouteStatusNotAllow": true,
		"CloudRoute.Exist": false, "ParameterIllegal.Host": false, "SignatureDoesNotMatch": false, "": false,
	} {
		if got := isTransientCode(code); got != want {
			t.Errorf("IsTransientCode(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestErrorText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  Error
		want string
	}{
		{Error{Op: "DeleteRouteServiceInCen", Code: "InvalidOperation.CloudRouteStatusNotAllow", Message: "Operation is prohibited.", RequestID: "AB-1"},
			"DeleteRouteServiceInCen: InvalidOperation.CloudRouteStatusNotAllow: Operation is prohibited. (RequestId AB-1)"},
		{Error{Op: "DescribeCens", Code: CodeTimeout, Message: "no reply before the deadline"}, "DescribeCens: no reply before the deadline"},
		{Error{Code: CodeNoCredentials, Message: "no Alibaba Cloud credentials found"}, "no Alibaba Cloud credentials found"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
