package results

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

var regions = []string{"cn-hangzhou", "cn-shanghai"}

var report = engine.Report{
	RunID: "run-20260101-000000-abcd",
	Kind:  engine.KindApply,
	Plan:  engine.Plan{CenID: "cen-test", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-test", AccessRegionIDs: regions},
	Hosts: []engine.HostResult{
		{Host: "100.118.1.0/24", AccessRegionIDs: regions, Status: engine.StatusActive, Attempts: 1,
			RequestID: "5A1F0000-0000-4000-8000-000000000001"},
		{Host: "100.118.2.0/24", AccessRegionIDs: regions, Status: engine.StatusFailed, Attempts: 1,
			RequestID: "5A1F0000-0000-4000-8000-000000000002", Code: "CloudRoute.VpcNotAttached", Message: "The VPC is not attached."},
		{Host: "100.118.3.0/24", AccessRegionIDs: regions, Status: engine.StatusPresent},
		{Host: "100.118.4.0/24", AccessRegionIDs: regions, Status: engine.StatusFailed, Attempts: 5,
			Code: "Throttling.User", Message: "Request was denied due to user flow control."},
	},
}

func isAnswer(msg tea.Msg) bool {
	switch msg.(type) {
	case RetryMsg, NewPlanMsg, QuitMsg, views.BackMsg:
		return true
	}
	return false
}

func newResults(t *testing.T, r engine.Report, dir string) *View {
	t.Helper()
	v := New(viewtest.Styles(), r, Options{ReportDir: dir, Resumable: true})
	v.SetSize(120, 40)
	return v
}

func press(t *testing.T, v *View, names ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, n := range names {
		out = append(out, viewtest.Run(t, v, v.Update(viewtest.Key(n)), isAnswer)...)
	}
	return out
}

func TestTableShowsEveryHost(t *testing.T) {
	t.Parallel()
	v := newResults(t, report, "")
	viewtest.MustContain(t, v.View(),
		"Results of run run-20260101-000000-abcd", "✓ active 1", "✓ present 1", "✗ failed 2",
		"> 100.118.1.0/24", "5A1F0000-0000-4000-8000-000000000001",
		"100.118.2.0/24", "✗ failed", "CloudRoute.VpcNotAttached",
		"100.118.1.0/24: active, RequestId 5A1F0000-0000-4000-8000-000000000001, 1 attempt",
	)
	press(t, v, "down")
	viewtest.MustContain(t, v.View(), "> 100.118.2.0/24",
		"100.118.2.0/24: failed, RequestId 5A1F0000-0000-4000-8000-000000000002, 1 attempt; CloudRoute.VpcNotAttached:")
	if strings.Contains(v.View(), "> 100.118.1.0/24") {
		t.Error("the cursor mark stayed on the first row")
	}
}

func TestRetrySendsTheFailedAndStoppedHosts(t *testing.T) {
	t.Parallel()
	stopped := report
	stopped.Stopped = true
	stopped.Hosts = append(slices.Clone(report.Hosts),
		engine.HostResult{Host: "100.118.5.0/24", AccessRegionIDs: regions, Status: engine.StatusStopped})
	v := newResults(t, stopped, "")
	if h := v.keys.Retry.Help(); h.Key != "r" || h.Desc != "retry failed/stopped" {
		t.Errorf("retry is offered as %q %q", h.Key, h.Desc)
	}
	msgs := press(t, v, "r")
	if len(msgs) != 1 {
		t.Fatalf("r answered %v", msgs)
	}
	if got := msgs[0].(RetryMsg).Hosts; !slices.Equal(got, []string{"100.118.2.0/24", "100.118.4.0/24", "100.118.5.0/24"}) {
		t.Errorf("retry %v", got)
	}

	ok := report
	ok.Hosts = report.Hosts[:1]
	v = newResults(t, ok, "")
	if v.keys.Retry.Enabled() {
		t.Error("retry offered with nothing failed")
	}
	if msgs := press(t, v, "r"); len(msgs) != 0 {
		t.Errorf("r with nothing failed answered %v", msgs)
	}
}

func TestFilterShowsTheFailedOnly(t *testing.T) {
	t.Parallel()
	v := newResults(t, report, "")
	press(t, v, "f")
	view := v.View()
	viewtest.MustContain(t, view, "showing the 2 failed hosts", "100.118.2.0/24", "100.118.4.0/24")
	if strings.Contains(view, "100.118.1.0/24") {
		t.Errorf("an active host passed the filter:\n%s", view)
	}
	press(t, v, "f")
	viewtest.MustContain(t, v.View(), "showing all 4 hosts", "100.118.1.0/24")
}

func TestSaveJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	v := newResults(t, report, dir)
	press(t, v, "s")
	if !v.Capturing() {
		t.Fatal("the save prompt does not capture letters")
	}
	want := filepath.Join(dir, "cenroute-run-20260101-000000-abcd.json")
	viewtest.MustContain(t, v.View(), "save to: "+want, "format JSON")
	press(t, v, "enter")
	viewtest.MustContain(t, v.View(), "saved to "+want)
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	var got engine.Report
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.RunID != report.RunID || len(got.Hosts) != 4 || got.Hosts[1].Code != "CloudRoute.VpcNotAttached" {
		t.Errorf("saved %+v", got)
	}
}

func TestSaveCSVToATypedPath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	v := newResults(t, report, "")
	press(t, v, "s")
	viewtest.MustContain(t, v.View(), "save to: ."+string(filepath.Separator)+"cenroute-run-20260101-000000-abcd.json")
	press(t, v, "tab")
	viewtest.MustContain(t, v.View(), "cenroute-run-20260101-000000-abcd.csv", "format CSV")
	// Replace the proposed path with one in the test's directory; "q"
	// types into it rather than quitting.
	press(t, v, "ctrl+u")
	path := filepath.Join(dir, "q.csv")
	for _, r := range path {
		press(t, v, string(r))
	}
	if msgs := press(t, v, "enter"); len(msgs) != 0 {
		t.Fatalf("enter answered %v", msgs)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 || !slices.Equal(recs[0], csvHeader) ||
		!slices.Equal(recs[2], []string{"100.118.2.0/24", "cn-hangzhou cn-shanghai", "failed",
			"5A1F0000-0000-4000-8000-000000000002", "1", "CloudRoute.VpcNotAttached", "The VPC is not attached."}) {
		t.Errorf("csv %q", recs)
	}
}

func TestSaveErrorIsShown(t *testing.T) {
	t.Parallel()
	v := newResults(t, report, filepath.Join(t.TempDir(), "missing"))
	press(t, v, "s", "enter")
	viewtest.MustContain(t, v.View(), "✗ could not save the report:", "no such file or directory")
}

func TestEscClosesThePromptThenGoesBack(t *testing.T) {
	t.Parallel()
	v := newResults(t, report, "")
	press(t, v, "s")
	if msgs := press(t, v, "esc"); len(msgs) != 0 || v.Capturing() {
		t.Fatalf("esc in the prompt answered %v", msgs)
	}
	for name, want := range map[string]tea.Msg{"esc": views.BackMsg{}, "n": NewPlanMsg{}, "q": QuitMsg{}} {
		if msgs := press(t, v, name); len(msgs) != 1 || msgs[0] != want {
			t.Errorf("%s answered %v, want %T", name, msgs, want)
		}
	}
}

// A stopped run's note says that r continues it now and, when its journal
// outlives the program, gives the resume command whole on a line of its
// own, even at 80 columns.
func TestStoppedRunSaysHowToContinue(t *testing.T) {
	t.Parallel()
	r := report
	r.Stopped = true
	r.RunID = "20260101-000000-abcdef0123456789abcdef0123456789"
	v := newResults(t, r, "")
	v.SetSize(80, 24)
	view := v.View()
	viewtest.CheckSize(t, view, 80, 24)
	viewtest.MustContain(t, view, "r sends the stopped hosts now", "\n  cenroute apply --resume "+r.RunID+"\n")
}

// A run stopped by a refusal of the credentials says what was refused and
// what to do, before r or the resume command.
func TestHaltedRunSaysWhatToDo(t *testing.T) {
	t.Parallel()
	r := report
	r.Stopped = true
	r.RunID = "20260101-000000-abcdef"
	r.Halt = &engine.Halt{Code: "Forbidden.RAM", Message: "User not authorized.", Permission: "cen:ResolveAndRouteServiceInCen",
		Remedy: "grant cen:ResolveAndRouteServiceInCen to the RAM user or role of these credentials"}
	v := newResults(t, r, "")
	v.SetSize(80, 24)
	view := v.View()
	viewtest.CheckSize(t, view, 80, 24)
	viewtest.MustContain(t, strings.Join(strings.Fields(view), " "), "the API refused the credentials: Forbidden.RAM",
		"(missing RAM permission cen:ResolveAndRouteServiceInCen); grant cen:ResolveAndRouteServiceInCen to the RAM user",
		"cenroute apply --resume "+r.RunID)
}

// A demo run's journal goes with the demo world: nothing promises a resume.
func TestStoppedDemoRunPromisesNoResume(t *testing.T) {
	t.Parallel()
	r := report
	r.Stopped = true
	v := New(viewtest.Styles(), r, Options{})
	v.SetSize(80, 24)
	view := v.View()
	viewtest.MustContain(t, strings.Join(strings.Fields(view), " "), "r sends the stopped hosts now",
		"cannot be resumed once cenroute exits")
	if strings.Contains(view, "--resume") {
		t.Errorf("a demo run offers a resume command:\n%s", view)
	}
}

// The session's note about the report directory is said when saving and
// with the outcome.
func TestSaveSaysTheSessionsNote(t *testing.T) {
	t.Parallel()
	note := "this demo session's files are removed when you disconnect"
	v := New(viewtest.Styles(), report, Options{ReportDir: t.TempDir(), ReportNote: note})
	v.SetSize(80, 24)
	press(t, v, "s")
	flat := strings.Join(strings.Fields(v.View()), " ")
	viewtest.MustContain(t, flat, "enter saves, esc cancels; "+note)
	press(t, v, "enter")
	flat = strings.Join(strings.Fields(v.View()), " ")
	viewtest.MustContain(t, flat, "saved to ", "; "+note)
	viewtest.CheckSize(t, v.View(), 80, 24)
}

// Saving over a file asks first; anything but y keeps it.
func TestSaveAsksBeforeOverwriting(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "cenroute-"+report.RunID+".json")
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	v := newResults(t, report, dir)
	press(t, v, "s", "enter")
	viewtest.MustContain(t, v.View(), path+" exists; overwrite? y/N")
	if !v.Capturing() {
		t.Fatal("the question does not capture letters: q would quit")
	}
	if msgs := press(t, v, "q"); len(msgs) != 0 {
		t.Fatalf("q on the question answered %v", msgs)
	}
	viewtest.MustContain(t, v.View(), "nothing saved")
	if data, _ := os.ReadFile(path); string(data) != "keep me" {
		t.Fatalf("the file was overwritten without a yes: %q", data)
	}
	press(t, v, "s", "enter", "y")
	viewtest.MustContain(t, v.View(), "saved to "+path)
	var got engine.Report
	if data, err := os.ReadFile(path); err != nil || json.Unmarshal(data, &got) != nil || got.RunID != report.RunID {
		t.Errorf("after y the file holds %+v (%v)", got, err)
	}
}

// A path typed relative to the current directory is saved there, and the
// screen names it in full.
func TestSaveSaysTheFullPath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	v := newResults(t, report, "")
	press(t, v, "s", "ctrl+u", "rel.json", "enter")
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(wd, "rel.json")
	viewtest.MustContain(t, strings.Join(strings.Fields(v.View()), " "), "saved to "+want)
	if _, err := os.Stat(filepath.Join(dir, "rel.json")); err != nil {
		t.Errorf("the report: %v", err)
	}
}

func TestResultsFitTheTerminal(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		v := newResults(t, report, strings.Repeat("/very/long/dir", 10))
		v.SetSize(size[0], size[1])
		press(t, v, "down")
		viewtest.CheckSize(t, v.View(), size[0], size[1])
		press(t, v, "s")
		viewtest.CheckSize(t, v.View(), size[0], size[1])
	}
}

func TestMoveKeysAreNamedAsOnEveryScreen(t *testing.T) {
	t.Parallel()
	v := newResults(t, engine.Report{RunID: "r1"}, t.TempDir())
	viewtest.CheckMoveKeys(t, v.FullHelp())
}

// roomView is the results of report in a session's room.
func roomView(t *testing.T, room string) *View {
	t.Helper()
	v := New(viewtest.Styles(), report, Options{Room: room, ReportNote: "your room goes when you disconnect"})
	v.SetSize(120, 40)
	return v
}

// In a room, s saves at once under a name of its own, a new file private
// to the server's user; no path is asked for, and a second s saves
// nothing more.
func TestRoomSaveWritesANewPrivateFileOfItsOwnName(t *testing.T) {
	t.Parallel()
	room := t.TempDir()
	v := roomView(t, room)
	press(t, v, "s")
	if v.Capturing() {
		t.Fatal("saving in a room opened a prompt")
	}
	name := "cenroute-" + report.RunID + ".json"
	viewtest.MustContain(t, strings.Join(strings.Fields(v.View()), " "),
		"saved as "+name+" in this session's room on the server; your room goes when you disconnect")
	fi, err := os.Lstat(filepath.Join(room, name))
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the report: %v, mode %v", err, fi.Mode())
	}
	var got engine.Report
	if data, err := os.ReadFile(filepath.Join(room, name)); err != nil || json.Unmarshal(data, &got) != nil || got.RunID != report.RunID {
		t.Errorf("the report holds %+v (%v)", got, err)
	}
	press(t, v, "s")
	viewtest.MustContain(t, v.View(), "already saved as "+name)
	if entries, _ := os.ReadDir(room); len(entries) != 1 {
		t.Errorf("the room holds %d files, want 1", len(entries))
	}
}

// A symbolic link in the room where the report would go is never written
// through: the report takes the next name, and the link's target is left
// as it was.
func TestSecurityRoomSaveNeverWritesThroughASymlink(t *testing.T) {
	t.Parallel()
	room, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, ".bashrc")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(room, "cenroute-"+report.RunID)
	if err := os.Symlink(target, base+".json"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "missing"), base+"-2.json"); err != nil {
		t.Fatal(err)
	}
	v := roomView(t, room)
	press(t, v, "s")
	viewtest.MustContain(t, v.View(), "saved as cenroute-"+report.RunID+"-3.json")
	if data, _ := os.ReadFile(target); string(data) != "keep me" {
		t.Errorf("the link's target now holds %q", data)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("a file appeared outside the room: %v", entries)
	}
}

// The walk of the review: in a room, keys that would type a path type
// nothing, and nothing lands anywhere but in the room.
func TestSecurityRoomTakesNoPath(t *testing.T) {
	t.Parallel()
	room := t.TempDir()
	v := roomView(t, room)
	press(t, v, "s", "ctrl+u")
	for _, r := range "/tmp/x.json" {
		press(t, v, string(r))
	}
	press(t, v, "enter")
	entries, _ := os.ReadDir(room)
	if len(entries) != 1 || entries[0].Name() != "cenroute-"+report.RunID+".json" {
		t.Errorf("the room holds %v", entries)
	}
}

// typePath opens the prompt, replaces the proposed path with path and
// saves.
func typePath(t *testing.T, v *View, path string) {
	t.Helper()
	press(t, v, "s", "ctrl+u")
	for _, r := range path {
		press(t, v, string(r))
	}
	press(t, v, "enter")
}

// Locally a report is saved only under a report's name: never as a file
// a shell would run, never through a symbolic link, never over anything
// but a regular file.
func TestSecurityLocalSaveRefusesWhatIsNotAReportFile(t *testing.T) {
	t.Parallel()
	dir, outside := t.TempDir(), t.TempDir()
	target := filepath.Join(outside, "profile")
	if err := os.WriteFile(target, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.json"), 0o700); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		filepath.Join(dir, ".bashrc"):  "a JSON file's name must end in .json, and " + filepath.Join(dir, ".bashrc") + " does not",
		filepath.Join(dir, "x.sh"):     "a JSON file's name must end in .json",
		link:                           link + " is a symbolic link: it is not followed, and nothing was saved",
		filepath.Join(dir, "dir.json"): filepath.Join(dir, "dir.json") + " is not a regular file: nothing was saved",
	} {
		v := newResults(t, report, dir)
		typePath(t, v, path)
		viewtest.MustContain(t, strings.Join(strings.Fields(v.View()), " "), "could not save the report: "+want)
		if v.Capturing() {
			t.Errorf("%s: a question is open:\n%s", path, v.View())
		}
	}
	if data, _ := os.ReadFile(target); string(data) != "keep me" {
		t.Errorf("the link's target now holds %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the directory holds %v", entries)
	}
}

// v shows the report's JSON in place of the table, to copy off the
// screen; it scrolls, and v closes it.
func TestReportPaneShowsTheJSON(t *testing.T) {
	t.Parallel()
	v := roomView(t, t.TempDir())
	v.SetSize(80, 24)
	press(t, v, "v")
	view := v.View()
	viewtest.CheckSize(t, view, 80, 24)
	viewtest.MustContain(t, view, "The report as JSON, line 1 of ", `"run_id": "`+report.RunID+`"`)
	press(t, v, "pgdown")
	if v.View() == view {
		t.Error("pgdown did not scroll the JSON")
	}
	press(t, v, "end")
	viewtest.MustContain(t, v.View(), "\n}")
	press(t, v, "v")
	viewtest.MustContain(t, v.View(), "> 100.118.1.0/24")
}

// y copies a report of a size terminals take; a larger one is refused
// with the way to copy it instead.
func TestCopyReport(t *testing.T) {
	t.Parallel()
	v := roomView(t, t.TempDir())
	if cmd := v.Update(viewtest.Key("y")); cmd == nil {
		t.Error("y sent nothing to the terminal")
	}
	viewtest.MustContain(t, strings.Join(strings.Fields(v.View()), " "), "sent the report (", "bytes) to the clipboard with OSC 52")
	big := report
	big.Hosts = slices.Repeat(report.Hosts, 1000)
	v = New(viewtest.Styles(), big, Options{Room: t.TempDir()})
	v.SetSize(120, 40)
	if cmd := v.Update(viewtest.Key("y")); cmd != nil {
		t.Error("y sent a report too large for the clipboard")
	}
	viewtest.MustContain(t, strings.Join(strings.Fields(v.View()), " "), "more than terminals take through OSC 52 (100 KB): v shows it")
}
