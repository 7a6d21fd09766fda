package views

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi"
)

// ownError stands for an error type of this module.
type ownError struct{ text string }

func (e ownError) Error() string { return e.text }

func TestErrorTextShowsOwnAndStandardErrorsWhole(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err  error
		want string
	}{
		{nil, "unknown failure"},
		{errors.New("the plan names no host VPC"), "the plan names no host VPC"},
		{fmt.Errorf("starting:\n %w", ownError{"run 42 is busy"}), "starting: run 42 is busy"},
		{&cenapi.Error{Op: "DescribeRouteServicesInCen", Code: "Throttling.User", Message: "slow down", RequestID: "R1"},
			"DescribeRouteServicesInCen: Throttling.User: slow down (RequestId R1)"},
		{errors.Join(errors.New("one"), ownError{"two"}), "one two"},
		// Naming a scheme is not giving a URL away.
		{errors.New("the description must not start with http:// or https://"),
			"the description must not start with http:// or https://"},
	}
	for _, c := range cases {
		if got := ErrorText(nil, c.err); got != c.want {
			t.Errorf("ErrorText(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

func TestErrorTextNeverShowsARequestURL(t *testing.T) {
	t.Parallel()
	signed := "https://cbn.aliyuncs.com/?AccessKeyId=LTAI5tSecretish&Signature=abc&SecurityToken=tok"
	api := &cenapi.Error{Op: "ListCENs", Code: "Client.Network", Message: "connection reset"}
	cases := []struct {
		err  error
		want string
	}{
		// A transport error: a standard type, but one that embeds the URL.
		{&url.Error{Op: "Post", URL: signed, Err: io.ErrUnexpectedEOF}, "the call failed without an API error code"},
		// Any type: the text itself gives the URL away.
		{errors.New("Post " + signed + ": EOF"), "the call failed without an API error code"},
		{fmt.Errorf("listing: %w", &url.Error{Op: "Get", URL: "http://x", Err: context.DeadlineExceeded}),
			"no reply before the deadline"},
		// A *cenapi.Error joined with a leaky one: the API error speaks.
		{errors.Join(api, &url.Error{Op: "Post", URL: signed, Err: io.EOF}), "ListCENs: connection reset"},
	}
	for _, c := range cases {
		got := ErrorText(nil, c.err)
		if got != c.want {
			t.Errorf("ErrorText(%T) = %q, want %q", c.err, got, c.want)
		}
		if strings.Contains(got, "LTAI") || strings.Contains(got, "://") {
			t.Errorf("ErrorText leaked %q", got)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 hosts"}, {1, "1 host"}, {2, "2 hosts"}, {10000, "10000 hosts"}} {
		if got := Plural(c.n, "host", "hosts"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
