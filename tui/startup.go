package tui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
)

// checkAtStart proves, before the screen is taken over, that the
// credentials work (cenapi.Client.CheckCredentials), reading as every read
// of the session does: through the engine's read policy, which retries
// throttling and transient failures, each retry said on stderr. If the
// endpoint stays unreachable, it says which endpoint it tried and asks
// whether to try again rather than giving up; any other failure (rejected
// credentials, say) is returned at once.
func checkAtStart(ctx context.Context, opts Options, client *cenapi.Client, eng *engine.Engine) error {
	reader := client.WithRetry(eng)
	endpoint := client.Identity().Endpoint
	var once sync.Once
	observed := cenapi.WithRetryObserver(ctx, func(n cenapi.RetryNote) {
		once.Do(func() {
			fmt.Fprintf(opts.Stderr, "cenroute: %s\n", opts.Lang.T("wizard.start.checking", i18n.Args{"Endpoint": endpoint}))
		})
		fmt.Fprintf(opts.Stderr, "  %s\n", views.RetryText(opts.Lang, n, "..."))
	})
	for {
		err := reader.CheckCredentials(observed)
		e, ok := cenapi.AsError(err)
		if err == nil || !ok || !e.Transient || ctx.Err() != nil {
			return err
		}
		what := views.ErrorText(opts.Lang, err)
		if e.Code != cenapi.CodeConnection { // a failed connection names its endpoint itself
			what = opts.Lang.T("wizard.start.unreachable", i18n.Args{"Endpoint": endpoint, "Error": what})
		}
		fmt.Fprintf(opts.Stderr, "cenroute: %s\n%s ", what, opts.Lang.T("wizard.start.try_again"))
		if !yes(ctx, opts.Stdin) {
			fmt.Fprintln(opts.Stderr)
			return err
		}
	}
}

// yes reads one answer line from in: empty, y or yes mean yes; anything
// else, the end of the input or ctx ending (Ctrl+C) mean no. It reads a
// byte at a time so that nothing meant for the wizard is read ahead.
func yes(ctx context.Context, in io.Reader) bool {
	type reply struct {
		text  string
		ended bool // the input ended before the line did
	}
	answer := make(chan reply, 1)
	go func() {
		var line []byte
		b := make([]byte, 1)
		for len(line) <= maxAnswer {
			n, err := in.Read(b)
			if n == 1 && b[0] == '\n' {
				break
			}
			if n == 1 {
				line = append(line, b[0])
			}
			if err != nil {
				answer <- reply{string(line), true}
				return
			}
		}
		answer <- reply{text: string(line)}
	}()
	select {
	case r := <-answer:
		a := strings.ToLower(strings.TrimSpace(r.text))
		return a == "y" || a == "yes" || a == "" && !r.ended
	case <-ctx.Done():
		return false
	}
}

// maxAnswer bounds the answer line read.
const maxAnswer = 64
