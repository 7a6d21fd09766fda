package sshserve

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
)

// sgr matches a Select Graphic Rendition sequence and captures its
// parameters.
var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// styled reports whether out sets any colour or attribute (anything but a
// reset).
func styled(out []byte) bool {
	for _, m := range sgr.FindAllSubmatch(out, -1) {
		if p := string(m[1]); p != "" && p != "0" {
			return true
		}
	}
	return false
}

// Each session gets the palette of its own terminal's background, even
// when a dark and a light terminal are connected at the same time.
func TestEachSessionFollowsItsTerminalsBackground(t *testing.T) {
	t.Parallel()
	cfg := demoConfig()
	cfg.Theme = theme.Auto
	srv, _ := testServer(t, cfg)
	signer, _ := newKey(t)
	dark := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())
	lightSpec := standardTerm()
	lightSpec.background = whiteBackground
	light := openTerminal(t, mustDial(t, srv.Addr().String(), signer), lightSpec)

	dark.screen.waitText(t, emulator.DemoCenID)
	light.screen.waitText(t, emulator.DemoCenID)
	// The step title is bold in the accent colour: bright blue (94) on
	// the dark palette, blue (34) on the light one.
	darkOut, _ := dark.screen.snapshot()
	lightOut, _ := light.screen.snapshot()
	if !strings.Contains(string(darkOut), "\x1b[1;94m") || strings.Contains(string(darkOut), "\x1b[1;34m") {
		t.Errorf("the dark terminal did not get the dark palette")
	}
	if !strings.Contains(string(lightOut), "\x1b[1;34m") || strings.Contains(string(lightOut), "\x1b[1;94m") {
		t.Errorf("the light terminal did not get the light palette")
	}
}

// NO_COLOR forwarded by the client turns every colour and attribute off
// for that session only; the meaning stays in words and marks.
func TestNoColorFromTheClient(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	spec := standardTerm()
	spec.env = map[string]string{"NO_COLOR": "1"}
	plain := openTerminal(t, mustDial(t, srv.Addr().String(), signer), spec)
	colour := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())

	plain.screen.waitText(t, "✓ Active")
	colour.screen.waitText(t, "✓ Active")
	if out, _ := plain.screen.snapshot(); styled(out) {
		t.Errorf("NO_COLOR session got styling:\n%q", tail(string(out), 600))
	}
	if out, _ := colour.screen.snapshot(); !styled(out) {
		t.Error("the session without NO_COLOR got no styling")
	}
	if !strings.Contains(plain.screen.text(), "> ") {
		t.Error("the cursor row lost its marker")
	}
}

// A client that forwards a non-UTF-8 locale gets ASCII glyphs and
// borders; one forwarding nothing gets Unicode.
func TestClientLocaleChoosesTheGlyphs(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	spec := standardTerm()
	spec.env = map[string]string{"LANG": "C"}
	ascii := openTerminal(t, mustDial(t, srv.Addr().String(), signer), spec)
	unicode := openTerminal(t, mustDial(t, srv.Addr().String(), signer), standardTerm())

	ascii.screen.waitText(t, "+ Active")
	if text := ascii.screen.text(); strings.ContainsAny(text, "✓─│╭•›") {
		t.Errorf("LANG=C session shows non-ASCII glyphs:\n%s", tail(text, 1500))
	}
	// The session that forwarded no locale, on the same server, keeps
	// the Unicode glyphs: the choice is per session.
	unicode.screen.waitText(t, "✓ Active")
}

func TestClientUTF8(t *testing.T) {
	t.Parallel()
	cases := []struct {
		env  []string
		want bool
	}{
		{nil, true}, // nothing forwarded: assume a modern terminal
		{[]string{"TERM=xterm"}, true},
		{[]string{"LANG=C"}, false},
		{[]string{"LANG=en_US.UTF-8"}, true},
		{[]string{"LANG=en_US.UTF-8", "LC_ALL=C"}, false},
		{[]string{"LANG=C", "LC_CTYPE=de_DE.utf8"}, true},
		{[]string{"LC_ALL=POSIX"}, false},
	}
	for _, c := range cases {
		if got := clientUTF8(c.env); got != c.want {
			t.Errorf("clientUTF8(%q) = %v, want %v", c.env, got, c.want)
		}
	}
}

// --ascii applies to every session, even one whose client is UTF-8.
func TestServerASCIIAppliesToEverySession(t *testing.T) {
	t.Parallel()
	cfg := demoConfig()
	cfg.ASCII = true
	srv, _ := testServer(t, cfg)
	signer, _ := newKey(t)
	spec := standardTerm()
	spec.env = map[string]string{"LANG": "en_US.UTF-8"}
	term := openTerminal(t, mustDial(t, srv.Addr().String(), signer), spec)

	term.screen.waitText(t, "+ Active")
	if text := term.screen.text(); strings.ContainsAny(text, "✓─│╭•›") {
		t.Errorf("--ascii session shows non-ASCII glyphs:\n%s", tail(text, 1500))
	}
}

// A session speaks what its client forwarded, else the server's language.
func TestSessionLang(t *testing.T) {
	t.Parallel()
	s := &Server{cfg: Config{Lang: i18n.Chinese}}
	for _, c := range []struct {
		env  []string
		want i18n.Lang
	}{
		{nil, i18n.Chinese},
		{[]string{"TERM=xterm"}, i18n.Chinese},
		{[]string{"LANG=en_US.UTF-8"}, i18n.English},
		{[]string{"LANG=C.UTF-8"}, i18n.English},
		{[]string{"LANG=zh_CN.UTF-8"}, i18n.Chinese},
		{[]string{"LANG=zh_CN.UTF-8", "CENROUTE_LANG=en"}, i18n.English},
		{[]string{"LANG=zh_CN.UTF-8", "CENROUTE_LANG=nonsense"}, i18n.Chinese},
	} {
		if got := s.sessionLang(c.env); got != c.want {
			t.Errorf("sessionLang(%q) = %q, want %q", c.env, got, c.want)
		}
	}
}

// Two sessions open at once, one forwarding a Chinese locale, the other
// an English one, each speak their client's language: the words of the
// frame and of the steps, and the region names the API gives.
func TestTwoSessionsSpeakTheirClientsLanguagesAtOnce(t *testing.T) {
	t.Parallel()
	srv, _ := testServer(t, demoConfig())
	signer, _ := newKey(t)
	zhSpec, enSpec := standardTerm(), standardTerm()
	zhSpec.env = map[string]string{"LANG": "zh_CN.UTF-8"}
	enSpec.env = map[string]string{"LANG": "en_US.UTF-8"}
	zh := openTerminal(t, mustDial(t, srv.Addr().String(), signer), zhSpec)
	en := openTerminal(t, mustDial(t, srv.Addr().String(), signer), enSpec)

	chinese, english := i18n.New(i18n.Chinese), i18n.New(i18n.English)
	for _, term := range []*terminal{zh, en} {
		term.screen.waitText(t, emulator.DemoCenID) // the CENs are listed
	}
	zh.screen.waitText(t, chinese.T("steps.cen.prompt"))
	en.screen.waitText(t, english.T("steps.cen.prompt"))
	// Both screens are up at the same time; each is in one language only.
	if text := zh.screen.text(); strings.Contains(text, english.T("steps.cen.prompt")) || !strings.Contains(text, chinese.T("wizard.key.quit")) {
		t.Errorf("the Chinese session shows English:\n%s", tail(text, 1500))
	}
	if text := en.screen.text(); strings.ContainsFunc(text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("the English session shows Chinese:\n%s", tail(text, 1500))
	}
	// The API names the regions in each session's language.
	zh.step(t, "\r", "华东1（杭州）")
	en.step(t, "\r", "China (Hangzhou)")
	if strings.Contains(zh.screen.text(), "China (Hangzhou)") || strings.Contains(en.screen.text(), "华东1") {
		t.Error("a session got the other's region names")
	}
}
