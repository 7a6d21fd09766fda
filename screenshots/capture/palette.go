package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// cenroute paints with the 16 ANSI colours so that the user's terminal
// palette decides the real colours. A screenshot needs one palette; freeze
// has its own idea of the 16 colours (bright black comes out light grey,
// under white text), so the capture pins them to GNOME's Tango palette, a
// common dark-terminal default, by rewriting them as 24-bit colours.
var tango = [16]string{
	"#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
	"#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
}

// sgrSequence matches one Select Graphic Rendition sequence.
var sgrSequence = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// pinPalette rewrites the 16-colour SGR parameters of screen as 24-bit
// ones; everything else is left as it is.
func pinPalette(screen string) string {
	return sgrSequence.ReplaceAllStringFunc(screen, func(seq string) string {
		params := strings.Split(sgrSequence.FindStringSubmatch(seq)[1], ";")
		return "\x1b[" + strings.Join(pinParams(params), ";") + "m"
	})
}

// pinParams maps 30-37, 90-97 (foreground) and 40-47, 100-107
// (background); extended colours (38;5;n, 38;2;r;g;b and their 48
// forms) pass through untouched.
func pinParams(params []string) []string {
	out := make([]string, 0, len(params))
	for i := 0; i < len(params); i++ {
		p := params[i]
		if p == "38" || p == "48" {
			n := extendedLen(params[i:])
			out = append(out, params[i:i+n]...)
			i += n - 1
			continue
		}
		out = append(out, pinOne(p))
	}
	return out
}

// extendedLen is how many parameters an extended colour takes.
func extendedLen(params []string) int {
	if len(params) > 1 && params[1] == "2" {
		return min(5, len(params))
	}
	return min(3, len(params))
}

// pinOne maps one parameter.
func pinOne(p string) string {
	n, err := strconv.Atoi(p)
	if err != nil {
		return p
	}
	switch {
	case n >= 30 && n <= 37:
		return rgb("38", tango[n-30])
	case n >= 90 && n <= 97:
		return rgb("38", tango[n-90+8])
	case n >= 40 && n <= 47:
		return rgb("48", tango[n-40])
	case n >= 100 && n <= 107:
		return rgb("48", tango[n-100+8])
	}
	return p
}

// rgb is an extended-colour parameter list for a #rrggbb colour.
func rgb(kind, hex string) string {
	var r, g, b int
	fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b)
	return fmt.Sprintf("%s;2;%d;%d;%d", kind, r, g, b)
}
