package tui

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/picker"
)

// goldenSizes are the terminal sizes every main view is pinned at: the
// size it is designed for, the smallest it lays out in, and a roomy one,
// last, so that the walk goes on at a size where every text shows.
var goldenSizes = [][2]int{{80, 24}, {minWidth, minHeight}, {120, 40}}

// snapshot pins the screen at every golden size under testdata/; run
// `go test ./tui/ -update` to accept a deliberate change. At each size
// the screen fits the terminal, the about panel has room for its text from
// 80x24 up, and the footer names the way back wherever there is one.
func (f *fixture) snapshot(name string) {
	f.t.Helper()
	for _, sz := range goldenSizes {
		w, h := sz[0], sz[1]
		f.resize(w, h)
		f.until(fmt.Sprintf("a %dx%d screen", w, h), func(m *Model) bool { return m.width == w && m.height == h })
		f.peek(func(m *Model) {
			checkFits(f.t, m, w, h)
			if h >= 24 && !m.aboutFits {
				f.t.Errorf("%s at %dx%d: the about panel has no room for its text", name, w, h)
			}
			lines := strings.Split(m.View(), "\n")
			if _, back := m.step.previous(); back && m.prompt == nil && !strings.Contains(lines[len(lines)-1], "esc") {
				f.t.Errorf("%s at %dx%d: the footer does not name the way back: %q", name, w, h, lines[len(lines)-1])
			}
		})
		screen := masked(f.screen())
		f.t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) {
			golden.RequireEqual(t, []byte(screen))
		})
	}
}

// TestGoldenViews walks the whole wizard in the demo world, entries held
// in Creating by a frozen emulator clock so that the submit screen is
// stable, and pins each screen: in English under testdata/TestGoldenViews,
// in Chinese under its zh directory. The walk waits on what reads the same
// in both languages (IDs, CIDRs, glyphs, the model's state), or on a
// status word as the session's language says it.
func TestGoldenViews(t *testing.T) {
	t.Parallel()
	t.Run("zh", func(t *testing.T) {
		t.Parallel()
		walkGoldens(t, i18n.Chinese)
	})
	walkGoldens(t, i18n.English)
}

// requestIDs are the API's RequestIds as the emulator makes them.
var requestIDs = regexp.MustCompile(`[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}`)

// walkGoldens is TestGoldenViews in one language.
func walkGoldens(t *testing.T, lang i18n.Lang) {
	clock := newFrozenClock()
	s := slowSetup(clock)
	s.lang = lang
	f := start(t, s)

	f.waitStep(stepCEN, cenLoaded)
	f.snapshot("cens")
	f.press("?")
	f.until("the help", func(m *Model) bool { return m.overlay == helpOverlay })
	f.snapshot("help")
	f.press("esc")
	f.press("e")
	f.waitStep(stepRoutes, "100.104.112.0/24")
	f.snapshot("routes")
	f.press("esc")
	f.waitStep(stepCEN, cenLoaded)

	f.press("enter")
	f.waitListed(stepHostRegion)
	f.snapshot("regions")
	f.press("down", "enter")
	f.waitStep(stepHostVPC, vpcsLoaded)
	f.snapshot("vpcs")
	f.press("enter")
	f.waitListed(stepAccess, "[x]")
	f.snapshot("access")
	f.press("enter")
	f.waitStep(stepHosts)
	f.paste(newHosts + "\n" + presentHost + "\n100.118.29.7/24")
	// The host already routed is marked once the existing entries are
	// read; the host bits of the last are a problem at once.
	present := regexp.MustCompile(regexp.QuoteMeta(presentHost) + ` +! `)
	f.until("the present host marked", func(m *Model) bool {
		v := m.active().View()
		return present.MatchString(v) && strings.Contains(v, "100.118.29.7/24")
	})
	f.snapshot("hosts_problem")
	f.press("ctrl+f") // fix host bits
	f.until("the host bits fixed", func(m *Model) bool { return !strings.Contains(m.active().View(), "100.118.29.7") })
	f.snapshot("hosts")
	f.press("tab")
	f.waitStep(stepDescribe)
	f.press("o", "s", "s")
	f.waitView("3/256")
	f.snapshot("describe")
	f.press("enter")
	f.waitStep(stepReview)
	f.until("the plan checked", func(m *Model) bool {
		return strings.Contains(m.active().View(), "ResolveAndRouteServiceInCen")
	})
	f.snapshot("review")
	f.press("enter")
	f.waitStep(stepSubmit)
	f.until("every entry creating", func(m *Model) bool {
		v := m.active().View()
		return len(requestIDs.FindAllString(v, -1)) == 3 && !strings.Contains(v, m.st.StatusWord("accepted"))
	})
	f.snapshot("submit")
	clock.advance(2 * time.Hour)
	f.waitStep(stepResults)
	f.snapshot("results")

	f.resize(50, 10)
	f.until("a 50x10 screen", func(m *Model) bool { return m.width == 50 })
	screen := f.screen()
	t.Run("too_small", func(t *testing.T) { golden.RequireEqual(t, []byte(screen)) })
}

// waitListed waits for step s and for its list to be loaded and shown,
// with texts on screen.
func (f *fixture) waitListed(s step, texts ...string) {
	f.t.Helper()
	f.until("step "+s.String()+" listed", func(m *Model) bool {
		l, ok := m.active().(interface{ State() picker.State })
		return m.step == s && ok && l.State() == picker.Ready
	})
	if len(texts) > 0 {
		f.waitView(texts...)
	}
}

// goldenFiles reads the golden screens of TestGoldenViews in lang, by
// file name.
func goldenFiles(t *testing.T, lang i18n.Lang) map[string]string {
	t.Helper()
	dir := filepath.Join("testdata", "TestGoldenViews")
	if lang != i18n.English {
		dir = filepath.Join(dir, string(lang))
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.golden"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden screens in %s: %v", dir, err)
	}
	screens := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		screens[filepath.Base(f)] = string(data)
	}
	return screens
}

// Every golden screen, in every language and theme, fills its terminal
// exactly: as many lines as it has, each exactly as wide in cells.
func TestGoldensFillTheTerminal(t *testing.T) {
	t.Parallel()
	sizes := map[string][2]int{"too_small.golden": {50, 10}}
	var files []string
	for _, pattern := range []string{"TestGoldenViews/*.golden", "TestGoldenViews/*/*.golden", "TestThemeGoldens/*.golden"} {
		found, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, found...)
	}
	if len(files) < 2*13*len(goldenSizes) {
		t.Fatalf("only %d golden screens", len(files))
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		w, h := goldenSize(name)
		switch {
		case strings.Contains(name, "TestThemeGoldens"):
			w, h = 100, 30
		case w == 0:
			sz, ok := sizes[filepath.Base(name)]
			if !ok {
				t.Fatalf("%s: no size in its name", name)
			}
			w, h = sz[0], sz[1]
		}
		lines := strings.Split(string(data), "\n")
		if len(lines) != h {
			t.Errorf("%s: %d lines, want %d", name, len(lines), h)
		}
		for i, l := range lines {
			if got := ansi.StringWidth(l); got != w {
				t.Errorf("%s: line %d is %d cells wide, want %d: %q", name, i+1, got, w, l)
			}
		}
	}
}

// The Chinese screens of the wizard's frame and of the choosing steps say
// no English word: what is left in Latin letters is an ID, a region ID, a
// key, a product's or the API's name.
func TestChineseGoldensSayNoEnglish(t *testing.T) {
	t.Parallel()
	// The check finds English where there is some.
	english := 0
	for _, w := range latinWords.FindAllString(ansi.Strip(goldenFiles(t, i18n.English)["cens_80x24.golden"]), -1) {
		if !neutralWord(w) {
			english++
		}
	}
	if english < 20 {
		t.Fatalf("the check finds only %d English words on the English CEN screen", english)
	}
	screens := goldenFiles(t, i18n.Chinese)
	for name, screen := range screens {
		if !slices.ContainsFunc([]string{"cens", "help", "regions", "vpcs", "access", "describe", "too_small"},
			func(p string) bool { return strings.HasPrefix(name, p+"_") || name == p+".golden" }) {
			continue // the other steps' bodies speak through their own views
		}
		lines := strings.Split(ansi.Strip(screen), "\n")
		if !strings.HasPrefix(name, "too_small") {
			lines = lines[1:] // the identity: where the credentials came from, as the client says it
		}
		for _, l := range lines {
			for _, w := range latinWords.FindAllString(l, -1) {
				if !neutralWord(w) {
					t.Errorf("%s: %q is English in %q", name, w, l)
				}
			}
		}
	}
}

// latinWords are runs of Latin letters and what IDs are made of, not
// inside a number (60x16).
var latinWords = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9*._-]*[A-Za-z0-9]`)

// neutralWord reports whether w reads the same in both languages: an ID, a
// region ID, a key, a product's or the API's name, or the name of a CEN or
// a VPC of the demo world (or its start, cut by the ellipsis).
func neutralWord(w string) bool {
	if demoIDs.MatchString(w) || shortenedIDs[0].MatchString(w) {
		return true
	}
	switch w {
	case "cenroute", "CEN", "VPC", "VBR", "CCN", "IPv6", "OSS", "SLS", "CIDR", "ID", "IPv4",
		"enter", "esc", "tab", "space", "ctrl", "up", "down", "pgup", "pgdn", "home", "end", "f1", "f2",
		"http", "https", "oss", "aliyun", "ResolveAndRouteServiceInCen", "RequestId":
		return true
	}
	for _, name := range []string{"corp-backbone", "global-enterprise", "dual-stack-lab", "dr-standby", "prod-hz-core", "prod-hz-batch"} {
		if strings.HasPrefix(name, w) {
			return true
		}
	}
	return len(w) == 1 // a key: q, e, r, k, j, g, G
}

// TestGoldensCutNoIDAndNoWord reads every golden screen and finds none
// that cuts an ID or a word (see cutsOn).
//
// In Chinese, whose words are not set apart by spaces, a word cut at the
// edge cannot be told from a whole one: there it checks the IDs only.
func TestGoldensCutNoIDAndNoWord(t *testing.T) {
	t.Parallel()
	for _, problem := range cutsOn(goldenFiles(t, i18n.English), true) {
		t.Error(problem)
	}
	for _, problem := range cutsOn(goldenFiles(t, i18n.Chinese), false) {
		t.Error("zh/" + problem)
	}
}

// The check finds what it is for: an ID shortened in the middle or at
// its end, and a word cut at the edge of the screen without the ellipsis.
func TestCutsOnFindsShortenedIDsAndCutWords(t *testing.T) {
	t.Parallel()
	screens := map[string]string{
		"a_20x3.golden":  "cen-...00001 > cn-h...gzhou\n  Host VPC     Descr\n  prod         OSS c",
		"a_40x3.golden":  "vpc-demo000000 > Review\n  Host VPC      Description\n",
		"b_30x2.golden":  "a whole line ends in settled\nabcdefghijklmnopqrstuvwxyz012345",
		"b_40x2.golden":  "a longer whole line also ends in settled\n",
		"ok_30x1.golden": "cen-demo0000000001 > Name: co...",
	}
	got := strings.Join(cutsOn(screens, true), "\n")
	for _, want := range []string{`"cen-..."`, `"...00001"`, `"cn-h..."`, `"vpc-demo000000"`, `ends in "Descr"`, `ends in "c"`,
		`ends in "abcdefghijklmnopqrstuvwxyz012345"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the check misses %s; it found:\n%s", want, got)
		}
	}
	if strings.Contains(got, "settled") || strings.Contains(got, "ok_30x1") {
		t.Errorf("the check finds what is whole:\n%s", got)
	}
}

// cutsOn lists what the golden screens (by file name) cut: an ID
// shortened (an ID-shaped word cut by the ellipsis, or a demo world's ID
// or region not whole), or, when words is set, a word cut at the edge
// without the ellipsis: a line that fills the screen's width and ends in a
// word found whole on no screen, nor at the edge of screens of another
// width.
func cutsOn(screens map[string]string, words bool) []string {
	whole := map[string]bool{}           // every word seen whole
	endings := map[string]map[int]bool{} // the widths at whose edge a word ends a line
	for name, screen := range screens {
		w, _ := goldenSize(name)
		for _, l := range strings.Split(ansi.Strip(screen), "\n") {
			fields := strings.Fields(l)
			if w > 0 && ansi.StringWidth(l) >= w && len(fields) > 0 && !strings.HasSuffix(l, " ") {
				last := fields[len(fields)-1]
				if endings[last] == nil {
					endings[last] = map[int]bool{}
				}
				endings[last][w] = true
				fields = fields[:len(fields)-1]
			}
			for _, word := range fields {
				whole[word] = true
			}
		}
	}
	var out []string
	for _, name := range slices.Sorted(maps.Keys(screens)) {
		screen := ansi.Strip(screens[name])
		for _, re := range shortenedIDs {
			for _, m := range re.FindAllString(screen, -1) {
				out = append(out, fmt.Sprintf("%s shows a shortened ID %q:\n%s", name, m, screen))
			}
		}
		for _, m := range demoIDs.FindAllString(screen, -1) {
			if !wholeDemoID.MatchString(m) {
				out = append(out, fmt.Sprintf("%s shows %q, not a whole ID of the demo world:\n%s", name, m, screen))
			}
		}
		w, _ := goldenSize(name)
		for _, l := range strings.Split(screen, "\n") {
			fields := strings.Fields(l)
			if !words || w <= 0 || ansi.StringWidth(l) < w || len(fields) == 0 || strings.HasSuffix(l, " ") {
				continue
			}
			last := fields[len(fields)-1]
			if !whole[last] && len(endings[last]) < 2 && !strings.HasSuffix(last, "...") && strings.Trim(last, "-") != "" {
				out = append(out, fmt.Sprintf("%s: %q ends in %q, a word cut without the ellipsis", name, l, last))
			}
		}
	}
	return out
}

var (
	// shortenedIDs are IDs cut by the ellipsis: an ID's start before it,
	// or the digits of an ID's end after it.
	shortenedIDs = []*regexp.Regexp{
		regexp.MustCompile(`\b(cen|vpc|vbr|ccn|vsw|tr|cn|ap|us|eu|me)-[a-z0-9-]*(\.\.\.|…)`),
		regexp.MustCompile(`(\.\.\.|…)[a-z]*\d{3,}\b`),
	}
	// demoIDs are the IDs and region IDs of the demo world; wholeDemoID
	// what each is when whole.
	demoIDs     = regexp.MustCompile(`\b(cen|vpc|vbr|ccn)-demo[0-9]*|\b(cn|ap)-[a-z]+[0-9]*`)
	wholeDemoID = regexp.MustCompile(`^((cen|vpc|vbr|ccn)-demo[0-9]{10}|cn-(hangzhou|shanghai|beijing|shenzhen|qingdao|zhangjiakou|huhehaote|chengdu|hongkong)|ap-southeast-[0-9]|ap-northeast-[0-9])$`)
)

// goldenSize is the terminal size a golden file was taken at, from its
// name (cens_80x24.golden); 0, 0 when the name has none.
func goldenSize(name string) (width, height int) {
	base := strings.TrimSuffix(filepath.Base(name), ".golden")
	i := strings.LastIndexByte(base, '_')
	if i < 0 {
		return 0, 0
	}
	w, h, ok := strings.Cut(base[i+1:], "x")
	wn, werr := strconv.Atoi(w)
	hn, herr := strconv.Atoi(h)
	if !ok || werr != nil || herr != nil {
		return 0, 0
	}
	return wn, hn
}
