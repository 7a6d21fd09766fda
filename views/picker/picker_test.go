package picker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
	"github.com/cenroute/cenroute/views/layout"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
)

type item struct {
	Name, ID, Status string
	N                int
	Off              string // disabled reason
}

type choseMsg struct{ it item }
type choseManyMsg struct{ its []item }

func sample() []item {
	return []item{
		{Name: "alpha", ID: "id-0001", Status: "Active", N: 3},
		{Name: "beta", ID: "id-0002", Status: "Creating", N: 10},
		{Name: "gamma", ID: "id-0003", Status: "Active", N: 1, Off: "gamma is switched off"},
		{Name: "delta beta", ID: "id-0004", Status: "Failed", N: 7},
	}
}

func config(st *theme.Styles, fetch func(context.Context) ([]item, error)) Config[item] {
	return Config[item]{
		Title:     "Things",
		Prompt:    "Choose a thing",
		Noun:      "things",
		EmptyHint: "Make a thing first.",
		Columns: []Column[item]{
			{Title: "Name", Text: func(i item) string { return i.Name }},
			{Title: "ID", Min: 7, Text: func(i item) string { return i.ID }},
			StatusColumn(st, "Status", func(i item) string { return i.Status }),
			CountColumn("N", func(i item) int { return i.N }),
		},
		Fetch:    fetch,
		Disabled: func(i item) string { return i.Off },
		Choose:   func(i item) tea.Msg { return choseMsg{i} },
	}
}

func fixed(items []item, err error) func(context.Context) ([]item, error) {
	return func(context.Context) ([]item, error) { return items, err }
}

// loaded builds a list of sample items at 80x24 and runs its first load.
func loaded(t *testing.T, mutate func(*Config[item])) *Model[item] {
	t.Helper()
	st := pt.Styles(false)
	cfg := config(st, fixed(sample(), nil))
	if mutate != nil {
		mutate(&cfg)
	}
	m := New(st, cfg)
	m.SetSize(80, 24)
	for _, msg := range pt.Msgs(m.Init()) {
		m.Update(msg)
	}
	if m.State() != Ready {
		t.Fatalf("state %v after load, want ready", m.State())
	}
	return m
}

func enabledHelp(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b.Help().Key)
		}
	}
	return out
}

func cursorLine(t *testing.T, view string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.HasPrefix(l, "> ") {
			return l
		}
	}
	t.Fatalf("no cursor line in:\n%s", view)
	return ""
}

func TestLoadingThenReady(t *testing.T) {
	t.Parallel()
	st := pt.Styles(false)
	m := New(st, config(st, fixed(sample(), nil)))
	m.SetSize(80, 24)
	cmd := m.Init()
	if m.State() != Loading || !strings.Contains(m.View(), "Loading things…") {
		t.Fatalf("want loading state, got %v:\n%s", m.State(), m.View())
	}
	if got := enabledHelp(m.ShortHelp()); len(got) != 0 {
		t.Errorf("help while loading shows %v, want nothing", got)
	}
	for _, msg := range pt.Msgs(cmd) {
		m.Update(msg)
	}
	v := m.View()
	for _, want := range []string{"Choose a thing", "Name", "ID", "Status", "alpha", "id-0004", "✓ Active", "✗ Failed", "… Creating", "things: 4"} {
		if !strings.Contains(v, want) {
			t.Errorf("ready view lacks %q:\n%s", want, v)
		}
	}
	if got := cursorLine(t, v); !strings.Contains(got, "alpha") {
		t.Errorf("cursor on %q, want the first row", got)
	}
}

func TestAPIErrorShowsCodeMessageRequestIDAndRetries(t *testing.T) {
	t.Parallel()
	st := pt.Styles(false)
	calls := 0
	fetch := func(context.Context) ([]item, error) {
		calls++
		if calls == 1 {
			return nil, &cenapi.Error{Op: "DescribeCens", Code: "Throttling.User",
				Message: "Request was denied due to user flow control.", RequestID: "5A1F0C2E-0000-4000-8000-000000000001"}
		}
		return sample(), nil
	}
	m := New(st, config(st, fetch))
	m.SetSize(80, 24)
	for _, msg := range pt.Msgs(m.Init()) {
		m.Update(msg)
	}
	v := m.View()
	for _, want := range []string{"Could not load things", "Throttling.User", "Request was denied due to user flow control.",
		"RequestId: 5A1F0C2E-0000-4000-8000-000000000001", "Press r to retry."} {
		if !strings.Contains(v, want) {
			t.Errorf("error view lacks %q:\n%s", want, v)
		}
	}
	if got := enabledHelp(m.ShortHelp()); !slices.Equal(got, []string{"r"}) || m.keys.Retry.Help().Desc != "retry" {
		t.Errorf("help in error state = %v (%q), want only r retry", got, m.keys.Retry.Help().Desc)
	}
	for _, msg := range pt.Msgs(pt.Press(m, "r")) {
		m.Update(msg)
	}
	if m.State() != Ready || calls != 2 {
		t.Fatalf("after r: state %v, %d calls; want ready after 2", m.State(), calls)
	}
}

func TestForeignErrorTextIsNotShown(t *testing.T) {
	t.Parallel()
	st := pt.Styles(false)
	leak := errors.New("Post https://cbn.aliyuncs.com/?AccessKeyId=LTAI5tSecretish&Signature=abc: connection reset")
	m := New(st, config(st, fixed(nil, leak)))
	m.SetSize(80, 24)
	for _, msg := range pt.Msgs(m.Init()) {
		m.Update(msg)
	}
	v := m.View()
	if strings.Contains(v, "LTAI") || strings.Contains(v, "https://") {
		t.Errorf("foreign error text leaked:\n%s", v)
	}
	if !strings.Contains(v, "the call failed without an API error code") {
		t.Errorf("no fixed sentence for a foreign error:\n%s", v)
	}
	wrapped := fmt.Errorf("listing: %w", &cenapi.Error{Code: cenapi.CodeTimeout, Message: "no reply before the deadline"})
	lines := strings.Join(ErrorLines(st, "Could not", wrapped, 80), "\n")
	if !strings.Contains(lines, "Client.Timeout") || !strings.Contains(lines, "RequestId: none") {
		t.Errorf("wrapped *cenapi.Error not described:\n%s", lines)
	}
}

func TestEmptyStateHasHintAndReload(t *testing.T) {
	t.Parallel()
	st := pt.Styles(false)
	m := New(st, config(st, fixed(nil, nil)))
	m.SetSize(80, 24)
	for _, msg := range pt.Msgs(m.Init()) {
		m.Update(msg)
	}
	v := m.View()
	if m.State() != Empty || !strings.Contains(v, "No things found.") || !strings.Contains(v, "Make a thing first.") ||
		!strings.Contains(v, "Press r to reload.") {
		t.Errorf("state %v, view:\n%s", m.State(), v)
	}
	if got := enabledHelp(m.ShortHelp()); !slices.Equal(got, []string{"r"}) {
		t.Errorf("help when empty = %v, want only r", got)
	}
	if pt.Press(m, "enter") != nil {
		t.Error("enter on an empty list produced a command")
	}
}

func TestFilterCapturesAppliesAndClears(t *testing.T) {
	t.Parallel()
	m := loaded(t, nil)
	pt.Press(m, "/")
	if !m.Capturing() {
		t.Fatal("not capturing after /")
	}
	pt.Type(m, "beta q")
	if m.Filter() != "beta q" || m.Visible() != 0 {
		t.Errorf("filter %q shows %d rows, want 0", m.Filter(), m.Visible())
	}
	pt.Press(m, "backspace", "backspace")
	if m.Visible() != 2 || !strings.Contains(m.View(), "/beta_") || !strings.Contains(m.View(), "things: 2 of 4") {
		t.Errorf("filter %q: %d rows, want 2:\n%s", m.Filter(), m.Visible(), m.View())
	}
	if got := enabledHelp(m.ShortHelp()); !slices.Equal(got, []string{"esc", "enter", "up/down"}) {
		t.Errorf("help while typing = %v", got)
	}
	pt.Press(m, "down", "enter")
	if m.Capturing() || m.Filter() != "beta" {
		t.Fatalf("after enter: capturing %v, filter %q", m.Capturing(), m.Filter())
	}
	if cur, _ := m.Current(); cur.Name != "delta beta" {
		t.Errorf("cursor on %q after moving down in the filtered list", cur.Name)
	}
	if pt.Press(m, "esc") != nil || m.Filter() != "" || m.Visible() != 4 {
		t.Errorf("esc did not just clear the filter: %q, %d rows", m.Filter(), m.Visible())
	}
	if cur, _ := m.Current(); cur.Name != "delta beta" {
		t.Errorf("clearing the filter moved the cursor to %q", cur.Name)
	}
	msgs := pt.Msgs(pt.Press(m, "esc"))
	if len(msgs) != 1 || msgs[0] != (views.BackMsg{}) {
		t.Errorf("esc with nothing to clear gave %v, want BackMsg", msgs)
	}
}

func TestEscWhileTypingClearsAndLeavesFilter(t *testing.T) {
	t.Parallel()
	m := loaded(t, nil)
	pt.Press(m, "/")
	pt.Type(m, "gam")
	if cmd := pt.Press(m, "esc"); cmd != nil || m.Capturing() || m.Filter() != "" {
		t.Errorf("esc while typing: cmd %v, capturing %v, filter %q", cmd, m.Capturing(), m.Filter())
	}
	pt.Press(m, "/")
	pt.Press(m, "ctrl+u")
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("al\npha"), Paste: true})
	if m.Filter() != "al pha" {
		t.Errorf("pasted filter = %q, want line breaks flattened", m.Filter())
	}
	pt.Press(m, "ctrl+w")
	if m.Filter() != "al " {
		t.Errorf("ctrl+w left %q", m.Filter())
	}
}

func TestCursorAndChoose(t *testing.T) {
	t.Parallel()
	m := loaded(t, nil)
	pt.Press(m, "j", "down")
	if cur, _ := m.Current(); cur.Name != "gamma" {
		t.Fatalf("cursor on %q after j, down", cur.Name)
	}
	pt.Press(m, "k", "end")
	if cur, _ := m.Current(); cur.Name != "delta beta" {
		t.Errorf("end: %q", cur.Name)
	}
	pt.Press(m, "g")
	if cur, _ := m.Current(); cur.Name != "alpha" {
		t.Errorf("g: %q", cur.Name)
	}
	pt.Press(m, "up")
	if cur, _ := m.Current(); cur.Name != "alpha" {
		t.Errorf("up at the top moved to %q", cur.Name)
	}
	pt.Press(m, "G", "home", "pgdown")
	if cur, _ := m.Current(); cur.Name != "delta beta" {
		t.Errorf("pgdown: %q", cur.Name)
	}
	msgs := pt.Msgs(pt.Press(m, "pgup", "tab"))
	if len(msgs) != 1 || msgs[0] != (choseMsg{sample()[0]}) {
		t.Errorf("tab gave %v, want the first item", msgs)
	}
}

func TestDisabledRowIsRefusedWithReason(t *testing.T) {
	t.Parallel()
	m := loaded(t, nil)
	pt.Press(m, "j", "j")
	if !strings.Contains(m.View(), "! gamma is switched off") {
		t.Errorf("highlighted disabled row shows no reason:\n%s", m.View())
	}
	if cmd := pt.Press(m, "enter"); cmd != nil {
		t.Errorf("enter on a disabled row gave %v", pt.Msgs(cmd))
	}
	if !strings.Contains(m.View(), "gamma is switched off") {
		t.Errorf("refusal not explained:\n%s", m.View())
	}
}

func TestMultiSelect(t *testing.T) {
	t.Parallel()
	m := loaded(t, func(c *Config[item]) {
		c.Multi, c.Choose = true, nil
		c.ChooseMany = func(its []item) tea.Msg { return choseManyMsg{its} }
		c.Preselect = func(i item) bool { return i.Name == "beta" || i.Name == "gamma" }
	})
	if got := names(m.Selected()); !slices.Equal(got, []string{"beta"}) {
		t.Errorf("preselected %v, want beta only (gamma is disabled)", got)
	}
	v := m.View()
	if !strings.Contains(v, "> [ ] alpha") || !strings.Contains(v, "  [x] beta") || !strings.Contains(v, "1 selected") {
		t.Errorf("check boxes not shown:\n%s", v)
	}
	pt.Press(m, "space", "j", "space", "j", "space")
	if got := names(m.Selected()); !slices.Equal(got, []string{"alpha"}) {
		t.Errorf("after toggles selected %v, want alpha", got)
	}
	if !strings.Contains(m.View(), "gamma is switched off") {
		t.Errorf("toggling a disabled row not refused in words:\n%s", m.View())
	}
	pt.Press(m, "a")
	if got := names(m.Selected()); !slices.Equal(got, []string{"alpha", "beta", "delta beta"}) {
		t.Errorf("a selected %v", got)
	}
	pt.Press(m, "a")
	if len(m.Selected()) != 0 {
		t.Errorf("a again left %v", names(m.Selected()))
	}
	if cmd := pt.Press(m, "enter"); cmd != nil || !strings.Contains(m.View(), "Select at least one of the things first") {
		t.Errorf("enter with nothing selected not refused:\n%s", m.View())
	}
	pt.Press(m, "/")
	pt.Type(m, "beta")
	pt.Press(m, "enter", "a")
	msgs := pt.Msgs(pt.Press(m, "enter"))
	if len(msgs) != 1 || !slices.Equal(names(msgs[0].(choseManyMsg).its), []string{"beta", "delta beta"}) {
		t.Errorf("enter gave %v, want beta and delta beta", msgs)
	}
}

func names(its []item) []string {
	var out []string
	for _, i := range its {
		out = append(out, i.Name)
	}
	return out
}

func TestSortCycles(t *testing.T) {
	t.Parallel()
	m := loaded(t, func(c *Config[item]) { c.Sortable = true })
	order := func() []string {
		var out []string
		for _, i := range m.rows.visible {
			out = append(out, m.rows.items[i].Name)
		}
		return out
	}
	pt.Press(m, "s")
	if got := order(); !slices.Equal(got, []string{"alpha", "beta", "delta beta", "gamma"}) || !strings.Contains(m.View(), "sorted by Name") {
		t.Errorf("sorted by name: %v\n%s", got, m.View())
	}
	pt.Press(m, "s", "s", "s")
	if got := order(); !slices.Equal(got, []string{"gamma", "alpha", "delta beta", "beta"}) {
		t.Errorf("sorted by N (numeric): %v", got)
	}
	pt.Press(m, "s")
	if got := order(); !slices.Equal(got, []string{"alpha", "beta", "gamma", "delta beta"}) || strings.Contains(m.View(), "sorted by") {
		t.Errorf("back to load order: %v", got)
	}
}

func TestStaleLoadsAreDropped(t *testing.T) {
	t.Parallel()
	st := pt.Styles(false)
	var gen int
	fetch := func(context.Context) ([]item, error) {
		gen++
		return []item{{Name: fmt.Sprintf("load-%d", gen), ID: "x"}}, nil
	}
	m := New(st, config(st, fetch))
	m.SetSize(80, 24)
	first, second := m.Init(), m.Load()
	newer := pt.Msgs(second)
	older := pt.Msgs(first)
	m.Update(older[0])
	if m.State() != Loading {
		t.Fatalf("a stale reply was applied: state %v", m.State())
	}
	m.Update(newer[0])
	if cur, _ := m.Current(); cur.Name != "load-1" {
		t.Errorf("current reply not applied: %q", cur.Name)
	}
	other := New(st, config(st, fixed([]item{{Name: "intruder"}}, nil)))
	m.Update(pt.Msgs(other.Init())[0])
	if cur, _ := m.Current(); cur.Name != "load-1" {
		t.Errorf("another list's reply was applied: %q", cur.Name)
	}
}

func TestFrameAtEverySize(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}, {40, 10}, {20, 4}} {
		for _, multi := range []bool{false, true} {
			m := loaded(t, func(c *Config[item]) { c.Multi = multi })
			m.SetSize(size[0], size[1])
			pt.CheckFrame(t, m.View(), size[0], size[1])
			pt.Press(m, "/")
			pt.Type(m, "a")
			pt.CheckFrame(t, m.View(), size[0], size[1])
			m.SetFooter([]string{"one", strings.Repeat("wide ", 40)})
			pt.CheckFrame(t, m.View(), size[0], size[1])
		}
	}
}

func TestColumnsShrinkWithEllipsis(t *testing.T) {
	t.Parallel()
	st := pt.Styles(true)
	long := []item{{Name: strings.Repeat("n", 90), ID: "id-keep-me-whole", Status: "Active"}}
	cfg := config(st, fixed(long, nil))
	cfg.Columns[1].Min = 16
	m := New(st, cfg)
	m.SetSize(80, 24)
	for _, msg := range pt.Msgs(m.Init()) {
		m.Update(msg)
	}
	v := m.View()
	pt.CheckFrame(t, v, 80, 24)
	pt.CheckPlain(t, v, true)
	line := cursorLine(t, v)
	if !strings.Contains(line, "n...") || !strings.Contains(line, "id-keep-me-whole") || !strings.Contains(line, "+ Active") {
		t.Errorf("row not shrunk as expected: %q", line)
	}
	m.SetSize(160, 24)
	if line := cursorLine(t, m.View()); strings.Contains(line, "...") {
		t.Errorf("row truncated although it fits: %q", line)
	}
}

func TestNoColourMeaningSurvives(t *testing.T) {
	t.Parallel()
	m := loaded(t, func(c *Config[item]) { c.Multi, c.Choose = true, nil })
	pt.Press(m, "space")
	v := m.View()
	pt.CheckPlain(t, v, false)
	if !strings.Contains(v, "> [x] alpha") {
		t.Errorf("cursor and check marks missing without colour:\n%s", v)
	}
}

func TestRowActionFollowsState(t *testing.T) {
	t.Parallel()
	type shown struct{ it item }
	act := RowAction[item]{Binding: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "open")),
		Msg: func(i item) tea.Msg { return shown{i} }}
	acts := []RowAction[item]{act}
	m := loaded(t, func(c *Config[item]) { c.Actions = acts })
	msgs := pt.Msgs(pt.Press(m, "j", "e"))
	if len(msgs) != 1 || msgs[0] != (shown{sample()[1]}) {
		t.Errorf("e gave %v", msgs)
	}
	pt.Press(m, "/")
	if cmd := pt.Press(m, "e"); cmd != nil || m.Filter() != "e" {
		t.Errorf("e while typing: cmd %v, filter %q", cmd, m.Filter())
	}
	if slices.Contains(enabledHelp(m.ShortHelp()), "e") {
		t.Error("help shows e while typing")
	}
	if !acts[0].Binding.Enabled() {
		t.Error("the caller's binding was modified")
	}
}

func TestMoveKeysAreNamedAsOnEveryScreen(t *testing.T) {
	t.Parallel()
	viewtest.CheckMoveKeys(t, loaded(t, nil).FullHelp())
}

// The footer cuts from the end: a list's own action (e on a CEN opens its
// route services) comes before the keys every list has.
func TestActionsComeBeforeMovementInTheShortHelp(t *testing.T) {
	t.Parallel()
	m := loaded(t, func(c *Config[item]) {
		c.Actions = []RowAction[item]{{Binding: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "open")),
			Msg: func(i item) tea.Msg { return choseMsg{i} }}}
	})
	got := enabledHelp(m.ShortHelp())
	if len(got) < 2 || got[0] != "enter" || got[1] != "e" || got[len(got)-1] != "down/j" {
		t.Errorf("short help %v, want enter and e first, down/j last", got)
	}
}

// While a load's calls are retried, the loading state says so in words,
// and the note goes with the load.
func TestRetriesAreSaidWhileLoading(t *testing.T) {
	t.Parallel()
	st := pt.Styles(true)
	release := make(chan struct{})
	m := New(st, config(st, func(ctx context.Context) ([]item, error) {
		cenapi.NoteRetry(ctx, cenapi.RetryNote{Op: "DescribeCens", Reason: "throttled", Attempt: 3, Delay: 2 * time.Second})
		<-release
		return sample(), nil
	}))
	m.SetSize(80, 24)
	batch, ok := m.Init()().(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("Init gave %v, want the load and the wait for its retries", batch)
	}
	loaded := make(chan tea.Msg, 1)
	go func() { loaded <- batch[0]() }()
	next := m.Update(batch[1]())
	if v := m.View(); !strings.Contains(v, "Loading things...") || !strings.Contains(v, "throttled, retrying in 2 s... (3)") {
		t.Errorf("the retry is not said:\n%s", v)
	}
	close(release)
	m.Update(<-loaded)
	if v := m.View(); strings.Contains(v, "retrying") || m.State() != Ready {
		t.Errorf("the note outlived the load (state %v):\n%s", m.State(), v)
	}
	if msgs := pt.Msgs(next); len(msgs) != 0 {
		t.Errorf("the wait for retries outlived the load: %v", msgs)
	}
}

// A "/" that arrives with the text typed after it, in one message, opens
// the filter with that text.
func TestSlashWithTextOpensTheFilter(t *testing.T) {
	t.Parallel()
	m := loaded(t, nil)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/gam")})
	if !m.Capturing() || m.Filter() != "gam" || m.Visible() != 1 {
		t.Errorf("typing %v, filter %q, %d visible", m.Capturing(), m.Filter(), m.Visible())
	}
}

// chineseConfig is config as a step speaking Chinese configures it.
func chineseConfig(st *theme.Styles, fetch func(context.Context) ([]item, error)) Config[item] {
	cfg := config(st, fetch)
	cfg.Title, cfg.Prompt, cfg.Noun, cfg.EmptyHint = "事物", "选择一个事物", "事物", "请先创建一个事物。"
	cfg.Columns[0].Title, cfg.Columns[2].Title, cfg.Columns[3].Title = "名称", "状态", "数量"
	return cfg
}

// Every state of a list speaks Chinese in Chinese, and fits 80x24 and
// 60x16: loading and its retries, a failed load (the API's own code,
// message and RequestId as received), empty, ready with counts, the
// filter, a refusal, check marks and the sort, and the keys in the help.
func TestEveryStateSpeaksChineseAndFits(t *testing.T) {
	t.Parallel()
	st := pt.StylesIn(false, i18n.Chinese)
	apiErr := &cenapi.Error{Op: "DescribeCens", Code: "Throttling.User",
		Message: "Request was denied due to user flow control.", RequestID: "5A1F0C2E-0000-4000-8000-000000000001"}
	// The items' own words, the RequestId as the API calls it, and the
	// API's code and message, shown as received.
	keep := append([]string{"ID", "RequestId", "Throttling.User", "alpha", "beta", "gamma", "delta", "is", "switched", "off", "zz"},
		strings.Fields(strings.TrimSuffix(apiErr.Message, "."))...)
	for _, size := range [][2]int{{80, 24}, {60, 16}} {
		w, h := size[0], size[1]
		show := func(what string, m *Model[item], want ...string) {
			t.Helper()
			v := m.View()
			pt.CheckFrame(t, v, w, h)
			pt.CheckNoEnglish(t, v, keep...)
			flat := strings.Join(strings.Fields(v), "")
			for _, s := range want {
				if !strings.Contains(flat, strings.Join(strings.Fields(s), "")) {
					t.Errorf("%s at %dx%d lacks %q:\n%s", what, w, h, s, v)
				}
			}
			for _, b := range m.ShortHelp() {
				if b.Enabled() {
					pt.CheckNoEnglish(t, b.Help().Desc)
				}
			}
		}
		release := make(chan struct{})
		m := New(st, chineseConfig(st, func(ctx context.Context) ([]item, error) {
			cenapi.NoteRetry(ctx, cenapi.RetryNote{Op: "DescribeCens", Reason: "Throttling.User", Attempt: 3, Delay: 2 * time.Second})
			<-release
			return nil, apiErr
		}))
		m.SetSize(w, h)
		batch := m.Init()().(tea.BatchMsg)
		done := make(chan tea.Msg, 1)
		go func() { done <- batch[0]() }()
		m.Update(batch[1]())
		show("loading", m, "正在加载事物…", "Throttling.User，2 秒后重试…（3）")
		close(release)
		m.Update(<-done)
		show("failed", m, "✗ 无法加载事物", "错误码：", "Throttling.User", "错误信息：",
			"RequestId：", "5A1F0C2E-0000-4000-8000-000000000001", "按 r 重试。")
		if d := m.keys.Retry.Help().Desc; d != "重试" {
			t.Errorf("r says %q after a failed load", d)
		}

		empty := New(st, chineseConfig(st, fixed(nil, nil)))
		empty.SetSize(w, h)
		pt.Feed(empty, empty.Init())
		show("empty", empty, "未找到事物。", "请先创建一个事物。", "按 r 重新加载。")

		multi := New(st, chineseConfig(st, fixed(sample(), nil)))
		multi.cfg.Multi, multi.cfg.Sortable = true, true
		multi.cfg.ChooseMany = func(its []item) tea.Msg { return choseManyMsg{its} }
		multi.keys = newKeyMap(st.Lang, multi.cfg)
		multi.SetSize(w, h)
		pt.Feed(multi, multi.Init())
		show("ready", multi, "选择一个事物", "事物：4，已选 0 个")
		pt.Press(multi, "enter")
		show("nothing checked", multi, "请先选择至少一个事物（空格键）。")
		pt.Press(multi, "space", "s")
		show("checked and sorted", multi, "事物：4，已选 1 个，按名称排序")
		pt.Press(multi, "/", "z", "z")
		show("no match", multi, "/zz_", "没有符合筛选条件的事物。", "事物：0/4")
		pt.Press(multi, "enter")
		show("filtered", multi, "筛选：zz")
	}
}

// A failed call's labels line its values up past the widest label, in
// cells, in both languages.
func TestErrorLabelsLineUpInEveryLanguage(t *testing.T) {
	t.Parallel()
	err := &cenapi.Error{Code: "Throttling.User", Message: "slow down", RequestID: "R1"}
	for _, lang := range i18n.Langs() {
		lines := ErrorLines(pt.StylesIn(true, lang), "x", err, 60)
		var at []int
		for i, value := range []string{"Throttling.User", "slow down", "R1"} {
			if i+1 < len(lines) {
				at = append(at, layout.Width(lines[i+1][:strings.Index(lines[i+1], value)]))
			}
		}
		if len(at) != 3 || at[0] != at[1] || at[1] != at[2] {
			t.Errorf("%s: the values start at cells %v:\n%s", lang, at, strings.Join(lines, "\n"))
		}
	}
}
