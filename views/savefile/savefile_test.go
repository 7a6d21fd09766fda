package savefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// press sends keys to the saver and runs the commands they return, as the
// program would, feeding their answers back.
func press(s *Saver, keys ...string) {
	for _, k := range keys {
		run(s, s.HandleKey(viewtest.Key(k)))
	}
}

// run runs cmd and hands its answer to the saver.
func run(s *Saver, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if msg := cmd(); msg != nil {
		s.Update(msg)
	}
}

func yaml(text string) Format {
	return Format{Ext: "yaml", Bytes: func() ([]byte, error) { return []byte(text), nil }}
}

// A file of one format: no tab to switch; enter writes it; a second save
// of the same name asks before overwriting.
func TestSaveOneFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(viewtest.Styles(), Options{Dir: dir}, "the routes file", false)
	run(s, s.Start("routes", yaml("cen: a\n")))
	path := filepath.Join(dir, "routes.yaml")
	viewtest.MustContain(t, s.Text(120), "save to: "+path, "format YAML, enter saves")
	if strings.Contains(s.Text(120), "tab") || len(s.Help()) != 2 {
		t.Errorf("one format offers to switch: %s %v", s.Text(120), s.Help())
	}
	press(s, "enter")
	viewtest.MustContain(t, s.Text(120), "saved to "+path)
	run(s, s.Start("routes", yaml("cen: b\n")))
	press(s, "enter")
	viewtest.MustContain(t, s.Text(120), path+" exists; overwrite? y/N")
	press(s, "y")
	if data, _ := os.ReadFile(path); string(data) != "cen: b\n" {
		t.Errorf("the file holds %q", data)
	}
}

// In a room, content that changes is saved anew each time, under a new
// name.
func TestRoomSavesEachTime(t *testing.T) {
	t.Parallel()
	room := t.TempDir()
	s := New(viewtest.Styles(), Options{Room: room}, "the routes file", false)
	for _, want := range []string{"routes.yaml", "routes-2.yaml"} {
		run(s, s.Start("routes", yaml("cen: a\n")))
		if s.Capturing() {
			t.Fatal("a room asked for a path")
		}
		viewtest.MustContain(t, s.Text(120), "saved as "+want+" in this session's room on the server")
	}
}

// Replace writes over a regular file, never through a symbolic link.
func TestSecurityReplaceNeverFollowsALink(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, "keep")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "routes.yaml")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := Replace(link, []byte("x")); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
		t.Errorf("Replace through a link = %v", err)
	}
	if data, _ := os.ReadFile(target); string(data) != "keep me" {
		t.Errorf("the target holds %q", data)
	}
	path := filepath.Join(dir, "new.yaml")
	for _, text := range []string{"one", "two"} {
		if err := Replace(path, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if data, _ := os.ReadFile(path); string(data) != "two" {
		t.Errorf("the file holds %q", data)
	}
}

// The answer to an earlier save, or to another saver's, changes nothing.
func TestLateSaveAnswerIsDropped(t *testing.T) {
	t.Parallel()
	s := New(viewtest.Styles(), Options{}, "the report", true)
	earlier := s.saves.Next()
	s.saves.Next() // the save awaited now
	other := New(viewtest.Styles(), Options{}, "the report", true)
	for _, ticket := range []views.Ticket{earlier, other.saves.Next()} {
		s.Update(savedMsg{ticket: ticket, path: "late.json", err: errors.New("late answer")})
		if s.err != nil || s.result != "" || s.Text(80) != "" {
			t.Errorf("a late answer reached the saver: %q", s.Text(80))
		}
	}
}
