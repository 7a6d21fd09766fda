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
// stable, and pins each screen.
func TestGoldenViews(t *testing.T) {
	t.Parallel()
	clock := newFrozenClock()
	f := start(t, slowSetup(clock))

	f.waitStep(stepCEN, cenLoaded)
	f.snapshot("cens")
	f.press("?")
	f.waitView("Keys: CEN")
	f.snapshot("help")
	f.press("esc")
	f.press("e")
	f.waitStep(stepRoutes, "100.104.112.0/24")
	f.snapshot("routes")
	f.press("esc")
	f.waitStep(stepCEN, cenLoaded)

	f.press("enter")
	f.waitStep(stepHostRegion, regionsLoaded)
	f.snapshot("regions")
	f.press("down", "enter")
	f.waitStep(stepHostVPC, vpcsLoaded)
	f.snapshot("vpcs")
	f.press("enter")
	f.waitStep(stepAccess, accessLoaded, "[x]")
	f.snapshot("access")
	f.press("enter")
	f.waitStep(stepHosts)
	f.paste(newHosts + "\n" + presentHost + "\n100.118.29.7/24")
	f.waitView("valid 2, skipped 1, invalid 1")
	f.snapshot("hosts_problem")
	f.press("ctrl+f") // fix host bits
	f.waitView("valid 3, skipped 1, invalid 0")
	f.snapshot("hosts")
	f.press("tab")
	f.waitStep(stepDescribe)
	f.press("o", "s", "s")
	f.waitView("(3/256)")
	f.snapshot("describe")
	f.press("enter")
	f.waitStep(stepReview, "3 ResolveAndRouteServiceInCen calls")
	f.snapshot("review")
	f.press("enter")
	// The counts line, not a row: a RequestId may start with a digit.
	f.waitStep(stepSubmit, "creating 3  ")
	f.snapshot("submit")
	clock.advance(2 * time.Hour)
	f.waitStep(stepResults, "active 3")
	f.snapshot("results")

	f.resize(50, 10)
	f.until("a 50x10 screen", func(m *Model) bool { return m.width == 50 })
	screen := f.screen()
	t.Run("too_small", func(t *testing.T) { golden.RequireEqual(t, []byte(screen)) })
}

// TestGoldensCutNoIDAndNoWord reads every golden screen and finds none
// that cuts an ID or a word (see cutsOn).
func TestGoldensCutNoIDAndNoWord(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "TestGoldenViews", "*.golden"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden screens: %v", err)
	}
	screens := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		screens[filepath.Base(f)] = string(data)
	}
	for _, problem := range cutsOn(screens) {
		t.Error(problem)
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
	got := strings.Join(cutsOn(screens), "\n")
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
// or region not whole), or a word cut at the edge without the ellipsis: a
// line that fills the screen's width and ends in a word found whole on no
// screen, nor at the edge of screens of another width.
func cutsOn(screens map[string]string) []string {
	words := map[string]bool{}           // every word seen whole
	endings := map[string]map[int]bool{} // the widths at whose edge a word ends a line
	for name, screen := range screens {
		w := goldenWidth(name)
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
				words[word] = true
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
		w := goldenWidth(name)
		for _, l := range strings.Split(screen, "\n") {
			fields := strings.Fields(l)
			if w <= 0 || ansi.StringWidth(l) < w || len(fields) == 0 || strings.HasSuffix(l, " ") {
				continue
			}
			last := fields[len(fields)-1]
			if !words[last] && len(endings[last]) < 2 && !strings.HasSuffix(last, "...") && strings.Trim(last, "-") != "" {
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

// goldenWidth is the terminal width a golden file was taken at, from its
// name (cens_80x24.golden); 0 when the name has none.
func goldenWidth(name string) int {
	base := strings.TrimSuffix(filepath.Base(name), ".golden")
	i := strings.LastIndexByte(base, '_')
	if i < 0 {
		return 0
	}
	w, _, ok := strings.Cut(base[i+1:], "x")
	n, err := strconv.Atoi(w)
	if !ok || err != nil {
		return 0
	}
	return n
}
