package picker

import (
	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/layout"
)

// labelWidth is the width of "RequestId: ", the longest label.
const labelWidth = 11

// ErrorLines describes a failed call in words: a title line, then the API
// error's code, message and RequestId when err is (or wraps) a
// *cenapi.Error. Any other error is shown as views.ErrorText allows: a
// foreign error (an SDK or transport error) may carry a signed URL with
// credentials. Long messages wrap at width.
func ErrorLines(st *theme.Styles, title string, err error, width int) []string {
	lines := []string{st.Error.Render(st.Glyphs.Fail + " " + title)}
	if e, ok := cenapi.AsError(err); ok {
		requestID := e.RequestID
		if requestID == "" {
			requestID = "none (no reply from the API)"
		}
		lines = append(lines, labelled("Code:", e.Code, width)...)
		lines = append(lines, labelled("Message:", e.Message, width)...)
		return append(lines, labelled("RequestId:", requestID, width)...)
	}
	return append(lines, labelled("Message:", views.ErrorText(st.Lang, err), width)...)
}

// labelled renders "  Label:     value", wrapping value under itself.
func labelled(label, value string, width int) []string {
	return layout.Hang(layout.Fit("  "+label, 2+labelWidth, ""), 2+labelWidth, value, width)
}
