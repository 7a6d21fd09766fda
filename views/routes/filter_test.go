package routes

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/views/internal/viewtest"
	pt "github.com/cenroute/cenroute/views/picker/pickertest"
	"github.com/cenroute/cenroute/views/savefile"
)

func TestAddressBlockReadsPartialAddresses(t *testing.T) {
	t.Parallel()
	for word, want := range map[string]string{
		"100.112.1":        "100.112.1.0/24",
		"100.112.1.":       "100.112.1.0/24",
		"100.112":          "100.112.0.0/16",
		"100.112.1.7":      "100.112.1.7/32",
		"100.112.1.0/24":   "100.112.1.0/24",
		"100.112.1.9/24":   "100.112.1.0/24",
		"100.112.0.0/12":   "100.112.0.0/12",
		"100":              "",
		"28":               "",
		"100.112.256":      "",
		"100.112.01":       "",
		"1.2.3.4.5":        "",
		"cn-hangzhou":      "",
		"100.112.1.0/33":   "",
		"vpc-demo00000001": "",
	} {
		p, ok := addressBlock(word)
		if got := ""; ok {
			got = p.String()
			if got != want {
				t.Errorf("addressBlock(%q) = %s, want %q", word, got, want)
			}
		} else if want != "" {
			t.Errorf("addressBlock(%q) is not an address, want %s", word, want)
		}
	}
}

// addressWorld is 404 entries: the /24s 100.112.0.0 to 100.112.199.0, and
// 204 single addresses inside 100.112.1.0/24. As text, "100.112.1" is in
// 315 of them (100.112.1.x, 100.112.10-19, 100.112.100-199); as a block,
// 205 lie inside it.
func addressWorld() []cenapi.RouteService {
	var out []cenapi.RouteService
	for n := range 200 {
		out = append(out, entry(fmt.Sprintf("100.112.%d.0/24", n), "cn-hangzhou", "Active"))
	}
	for m := 1; m <= 204; m++ {
		out = append(out, entry(fmt.Sprintf("100.112.1.%d", m), "cn-shanghai", "Active"))
	}
	return out
}

// A filter shaped like an address matches the entries inside the block it
// names, not those whose text contains it, and selecting everything shown
// selects those only.
func TestAddressFilterMatchesByContainment(t *testing.T) {
	t.Parallel()
	block := netip.MustParsePrefix("100.112.1.0/24")
	for _, query := range []string{"100.112.1", "100.112.1.", "100.112.1.0/24", "100.112.1.0/24 cn"} {
		v := load(t, &fake{answers: [][]cenapi.RouteService{addressWorld()}}, refuseDeleter(t), 100, 30, true)
		if v.Len() != 404 {
			t.Fatalf("loaded %d entries", v.Len())
		}
		pt.Press(v, "/")
		pt.Type(v, query)
		pt.Press(v, "enter", "a")
		if v.Visible() != 205 {
			t.Errorf("/%s shows %d of 404 entries, want the 205 inside 100.112.1.0/24", query, v.Visible())
		}
		sel := v.Selected()
		for _, e := range sel {
			if p, ok := hostlist.Prefix(e.Host); !ok || p.Bits() < block.Bits() || !block.Contains(p.Addr()) {
				t.Errorf("/%s selected %s, outside the block", query, e.Host)
			}
		}
		if len(sel) != 205 {
			t.Errorf("/%s then a selected %d entries, want 205", query, len(sel))
		}
		viewtest.MustContain(t, v.View(), "route services: 205 of 404, 205 selected")
	}
	// Typing on from 100.112.1 to 100.112.10 is another block, not a
	// narrower text.
	v := load(t, &fake{answers: [][]cenapi.RouteService{addressWorld()}}, refuseDeleter(t), 100, 30, true)
	pt.Press(v, "/")
	pt.Type(v, "100.112.1")
	pt.Type(v, "0")
	if v.Visible() != 1 {
		t.Errorf("/100.112.10 shows %d entries, want 100.112.10.0/24 alone", v.Visible())
	}
	// A word that is no address still searches the text.
	pt.Press(v, "esc", "/")
	pt.Type(v, "shanghai")
	if v.Visible() != 204 {
		t.Errorf("/shanghai shows %d entries, want 204", v.Visible())
	}
}

// The rows of the entries being deleted say so until the deletion has
// ended and the listing shows them gone.
func TestRowsBeingDeletedSayDeleting(t *testing.T) {
	t.Parallel()
	w := &world{entries: demo()}
	eng := engine.New(w, engine.Options{StateDir: t.TempDir(), MaxAttempts: 1, QPS: 1000, PollInterval: 1})
	var started []cenapi.RouteService
	del := func(ctx context.Context, entries []cenapi.RouteService) (*engine.Run, error) {
		started = entries
		return eng.StartDelete(ctx, engine.NewDeletePlan(entries))
	}
	v := New(w, pt.Styles(true), cen, del, savefile.Options{})
	v.SetSize(120, 30)
	pt.Feed(v, v.Init())
	pt.Press(v, "space", "j", "space", "d")
	run := pt.Press(v, "y")
	rows := strings.Split(v.View(), "\n")
	deleting := 0
	for _, r := range rows {
		if strings.Contains(r, "~ deleting") {
			deleting++
		}
	}
	if deleting != 2 || strings.Count(v.View(), "+ Active") != 1 {
		t.Errorf("while the deletion starts, %d rows say deleting, want the 2 selected:\n%s", deleting, v.View())
	}
	// At 80 columns too the word is whole: the titles of the ID columns
	// give way first.
	v.SetSize(80, 24)
	if n := strings.Count(v.View(), "~ deleting"); n != 2 {
		t.Errorf("at 80 columns %d rows say deleting whole:\n%s", n, v.View())
	}
	viewtest.Run(t, v, run, func(tea.Msg) bool { return false })
	if len(started) != 2 || strings.Contains(v.View(), "deleting") {
		t.Errorf("after the deletion (%d entries), rows still say deleting:\n%s", len(started), v.View())
	}
	viewtest.MustContain(t, flat(v.View()), "Deleted 2 route services.", "route services: 2, 0 selected")
}

// On a narrow screen the table leaves columns out, never cutting an ID,
// and the row under the cursor is shown whole on the lines below it.
func TestNarrowTableShowsTheCursorRowWhole(t *testing.T) {
	t.Parallel()
	v := load(t, &fake{answers: [][]cenapi.RouteService{demo()}}, refuseDeleter(t), 60, 12, true)
	out := v.View()
	pt.CheckFrame(t, out, 60, 12)
	viewtest.MustContain(t, flat(out), "Host VPC: vpc-demo0000000001", "Description: oss for cn-hangzhou")
	pt.Press(v, "j", "j", "j")
	viewtest.MustContain(t, flat(v.View()), "Description: oss for cn-shanghai")
	if strings.Contains(v.View(), "vpc-demo000000000...") || strings.Contains(v.View(), "vpc-d...") {
		t.Errorf("an ID was cut:\n%s", v.View())
	}
}
