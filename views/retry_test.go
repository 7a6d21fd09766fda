package views

import (
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
)

func TestRetryText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		note cenapi.RetryNote
		want string
	}{
		{cenapi.RetryNote{Reason: "throttled", Attempt: 3, Delay: 2 * time.Second}, "throttled, retrying in 2 s… (3)"},
		{cenapi.RetryNote{Reason: "ServiceUnavailable", Attempt: 1, Delay: 300 * time.Millisecond}, "ServiceUnavailable, retrying in 0.3 s… (1)"},
		{cenapi.RetryNote{Reason: "connection refused", Attempt: 2, Delay: 20 * time.Millisecond}, "connection refused, retrying… (2)"},
		{cenapi.RetryNote{Reason: "no reply in time", Attempt: 9, Delay: 12400 * time.Millisecond}, "no reply in time, retrying in 12 s… (9)"},
	} {
		if got := RetryText(c.note, "…"); got != c.want {
			t.Errorf("RetryText(%+v) = %q, want %q", c.note, got, c.want)
		}
	}
}
