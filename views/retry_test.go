package views

import (
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme/i18n"
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
		if got := RetryText(nil, c.note, "…"); got != c.want {
			t.Errorf("RetryText(%+v) = %q, want %q", c.note, got, c.want)
		}
	}
}

// In Chinese the same retry reads as a Chinese sentence, the reason and
// the numbers kept.
func TestRetryTextInChinese(t *testing.T) {
	t.Parallel()
	zh := i18n.New(i18n.Chinese)
	for _, c := range []struct {
		note cenapi.RetryNote
		want string
	}{
		{cenapi.RetryNote{Reason: "Throttling.User", Attempt: 3, Delay: 2 * time.Second}, "Throttling.User，2 秒后重试…（3）"},
		{cenapi.RetryNote{Reason: "ServiceUnavailable", Attempt: 1, Delay: 20 * time.Millisecond}, "ServiceUnavailable，正在重试…（1）"},
	} {
		if got := RetryText(zh, c.note, "…"); got != c.want {
			t.Errorf("RetryText(zh, %+v) = %q, want %q", c.note, got, c.want)
		}
	}
}
