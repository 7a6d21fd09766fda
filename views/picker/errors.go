package picker

import (
	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/layout"
)

// ErrorLines describes a failed call in words, in the styles' language: a
// title line, then the API error's code, message and RequestId when err
// is (or wraps) a *cenapi.Error. Any other error is shown as
// views.ErrorText allows: a foreign error (an SDK or transport error) may
// carry a signed URL with credentials. Long messages wrap at width, under
// themselves, past the widest label.
func ErrorLines(st *theme.Styles, title string, err error, width int) []string {
	lang := st.Lang
	lines := []string{st.Error.Render(st.Glyphs.Fail + " " + title)}
	code, message, requestID := lang.T("common.error.code"), lang.T("common.error.message"), lang.T("common.error.request_id")
	labels := labeller(code, message, requestID)
	if e, ok := cenapi.AsError(err); ok {
		id := e.RequestID
		if id == "" {
			id = lang.T("common.error.no_request_id")
		}
		lines = append(lines, labels(code, e.Code, width)...)
		lines = append(lines, labels(message, e.Message, width)...)
		return append(lines, labels(requestID, id, width)...)
	}
	return append(lines, labels(message, views.ErrorText(lang, err), width)...)
}

// labeller renders "  Label:     value" for any of labels, wrapping value
// under itself, one cell past the widest label.
func labeller(labels ...string) func(label, value string, width int) []string {
	widest := 0
	for _, l := range labels {
		widest = max(widest, layout.Width(l))
	}
	head := 2 + widest + 1
	return func(label, value string, width int) []string {
		return layout.Hang(layout.Fit("  "+label, head, ""), head, value, width)
	}
}
