// Command capture renders every screen of the wizard against the demo world
// and writes each one, exactly as the program draws it in a true-colour
// terminal, to an .ansi file. screenshots/generate.sh turns the files into
// the PNGs of the README; run that script rather than this command. With
// -lang zh it takes the Chinese tour instead: two steps, for the README's
// Chinese section, saved as zh-NN-name.ansi.
//
// The wizard runs in-process against an emulator whose clock stands still,
// so the submit screen is caught with its entries still Creating; the clock
// is then moved on to finish the run.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/cenroute/cenroute/cenapi/demo"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui"
)

func main() {
	dir := flag.String("out", ".", "directory for the .ansi files")
	width := flag.Int("width", 120, "terminal columns")
	height := flag.Int("height", 36, "terminal rows")
	lang := flag.String("lang", "en", "the wizard's language: en (every screen) or zh (two)")
	flag.Parse()
	l, err := i18n.Parse(*lang)
	if err == nil {
		err = run(*dir, *width, *height, i18n.New(l))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "capture:", err)
		os.Exit(1)
	}
}

// clock is the emulator's time: it stands still until moved on.
type clock struct {
	base   time.Time
	offset atomic.Int64
}

func (c *clock) now() time.Time          { return c.base.Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// run starts the demo world and the wizard speaking lang, and takes the
// tour of that language.
func run(dir string, width, height int, lang *i18n.Localizer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	state, err := os.MkdirTemp("", "cenroute-capture-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(state)

	clk := &clock{base: time.Now()}
	opts := emulator.DemoOptions()
	opts.Latency, opts.Jitter = 0, 0 // the screens, not the waiting
	opts.Clock = clk.now
	// Requests carry the real time; the emulator's stands still, then
	// jumps, which its timestamp check would take for replays.
	opts.CheckTimestamp = false
	client, stop, err := demo.Start(opts, "", lang.APILanguage())
	if err != nil {
		return err
	}
	defer stop()
	m := tui.New(tui.Deps{
		Client:    client,
		Engine:    engine.New(client, engine.Options{StateDir: state, PollInterval: 100 * time.Millisecond}),
		Styles:    trueColorStyles(lang),
		Identity:  client.Identity(),
		Demo:      true,
		ReportDir: state,
	})
	defer m.Close()
	p := tea.NewProgram(&recorder{m: m}, tea.WithInput(nil), tea.WithOutput(io.Discard),
		tea.WithoutRenderer(), tea.WithoutSignalHandler())
	ended := make(chan error, 1)
	go func() { _, err := p.Run(); ended <- err }()
	p.Send(tea.WindowSizeMsg{Width: width, Height: height})

	t := &tour{p: p, dir: dir}
	take := t.take
	if lang.Lang() == i18n.Chinese {
		t.prefix = "zh-"
		take = func(*clock) error { return t.takeChinese(lang) }
	}
	tourErr := take(clk)
	p.Quit()
	if err := <-ended; err != nil && tourErr == nil {
		return err
	}
	return tourErr
}

// trueColorStyles are the default dark palette drawn for a true-colour
// terminal with a dark background, the usual case in the README.
func trueColorStyles(lang *i18n.Localizer) *theme.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	return theme.New(r, theme.Options{Name: theme.Dark, Lang: lang})
}

// requestID matches an API RequestId as the submit view lists them.
var requestID = regexp.MustCompile(`[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}`)

// take walks the whole wizard once, saving every step, then the route
// services of the CEN it changed.
func (t *tour) take(clk *clock) error {
	steps := []func() error{
		func() error { return t.shot("cen", emulator.DemoCenID, "corp-backbone") },
		func() error { t.press("enter"); return t.shot("host-region", "China (Hangzhou)") },
		func() error { t.press("down", "enter"); return t.shot("host-vpc", "prod-hz-core") },
		func() error { t.press("enter"); return t.shot("access-regions", "China (Shanghai)", "[x]") },
		func() error {
			t.press("enter")
			if err := t.wait("# comments are ignored"); err != nil {
				return err
			}
			t.paste("# OSS and Log Service ranges\n100.100.10.0/24\n100.100.11.0/24\n100.118.28.0/24\n100.118.29.7/24")
			return t.shot("service-cidrs", "valid 2, skipped 1, invalid 1")
		},
		func() error {
			t.press("ctrl+f")
			if err := t.wait("invalid 0"); err != nil {
				return err
			}
			t.press("tab")
			if err := t.wait("Stored with every route service"); err != nil {
				return err
			}
			t.press("O", "S", "S", " ", "a", "n", "d", " ", "S", "L", "S")
			return t.shot("description", "OSS and SLS")
		},
		func() error {
			t.press("enter")
			return t.shot("review", "ResolveAndRouteServiceInCen", "enter or y submits")
		},
		func() error {
			t.press("enter")
			// The clock moves on only once every entry exists: one
			// created later would stay Creating on the stopped clock.
			accepted := func(screen string) bool { return len(requestID.FindAllString(screen, -1)) == 3 }
			if err := t.waitFor("three RequestIds", accepted); err != nil {
				return err
			}
			return t.shot("submit", "creating 3")
		},
		func() error { clk.advance(time.Hour); return t.shot("results", "Results of run", "active 3") },
		func() error {
			t.press("n")
			if err := t.wait("China (Hangzhou)"); err != nil {
				return err
			}
			t.press("esc")
			if err := t.wait("corp-backbone"); err != nil {
				return err
			}
			t.press("e")
			return t.shot("route-services", "100.100.10.0/24", "100.100.11.0/24")
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// takeChinese shows the wizard in Chinese on two steps: the CEN step, and
// the service CIDRs with a problem caught inline. It waits on IDs, the
// demo world's Chinese region names and the catalogue's own words.
func (t *tour) takeChinese(lang *i18n.Localizer) error {
	if err := t.shot("cen", emulator.DemoCenID, "corp-backbone"); err != nil {
		return err
	}
	t.press("enter")
	if err := t.wait("华东1（杭州）"); err != nil {
		return err
	}
	t.press("down", "enter")
	if err := t.wait("prod-hz-core"); err != nil {
		return err
	}
	t.press("enter")
	if err := t.wait("华东2（上海）", "[x]"); err != nil {
		return err
	}
	t.press("enter")
	if err := t.wait(lang.T("editor.placeholder.comment")); err != nil {
		return err
	}
	t.paste("# OSS 与日志服务的地址段\n100.100.10.0/24\n100.100.11.0/24\n100.118.28.0/24\n100.118.29.7/24")
	// Once the existing entries are checked: one of the hosts is routed.
	return t.shot("service-cidrs", lang.T("editor.count.skipped", i18n.Args{"Count": 1}),
		lang.T("editor.count.invalid", i18n.Args{"Count": 1}))
}
