package results

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// theirs are the words of a report that other parts word (the engine's
// messages, the halt), checked where they are made; the API's codes, which
// a narrow column cuts at any dot; and "on", tmux's "set-clipboard on".
func theirs(st *i18n.Localizer, r engine.Report) []string {
	said := []string{"on"}
	for _, h := range r.Hosts {
		said = append(said, views.ResultMessage(st, h), strings.ReplaceAll(h.Code, ".", " "))
	}
	if r.Halt != nil {
		said = append(said, views.HaltText(st, *r.Halt))
	}
	return viewtest.EnglishWords(strings.Join(said, "\n"))
}

// The results read in Chinese and fit 80x24 and 60x16: the table, a
// host's details, the filter, a stopped and a halted run, the report's
// JSON, the copy and the save prompt with its outcome.
func TestResultsSpeakChinese(t *testing.T) {
	t.Parallel()
	stopped := report
	stopped.Stopped = true
	stopped.Hosts = append(slices.Clone(report.Hosts), engine.HostResult{Host: "100.118.5.0/24", AccessRegionIDs: regions,
		Status: engine.StatusStopped})
	halted := stopped
	halted.Halt = &engine.Halt{Code: "Forbidden.RAM", Message: "User not authorized.", Permission: "cen:ResolveAndRouteServiceInCen",
		Remedy: "grant cen:ResolveAndRouteServiceInCen to the RAM user or role of these credentials"}
	journal := report
	journal.JournalError = "disk full"
	big := report // more than terminals take through OSC 52
	big.Hosts = nil
	for i := range 2000 {
		big.Hosts = append(big.Hosts, engine.HostResult{Host: fmt.Sprintf("100.%d.%d.0/24", 64+i/256, i%256),
			AccessRegionIDs: regions, Status: engine.StatusActive, Attempts: 1, RequestID: "5A1F0000-0000-4000-8000-000000000001"})
	}
	lang := i18n.New(i18n.Chinese)
	for _, size := range viewtest.Sizes {
		w, h := size[0], size[1]
		for _, c := range []struct {
			r    engine.Report
			opts Options
		}{
			{report, Options{ReportDir: t.TempDir()}}, {stopped, Options{Resumable: true}}, {stopped, Options{}},
			{halted, Options{Resumable: true}}, {journal, Options{}},
			{report, Options{Room: t.TempDir(), ReportNote: "断开连接后目录即删除"}},
		} {
			if c.opts.Room == "" {
				c.opts.ReportDir = t.TempDir() // never the package's own directory
			}
			v := New(viewtest.StylesIn(i18n.Chinese), c.r, c.opts)
			v.SetSize(w, h)
			// The journal's error as the engine says it, the resume
			// command, and the report's JSON when it is shown: data.
			allowed := append(theirs(lang, c.r), "disk", "full", "apply")
			check := func() {
				t.Helper()
				viewtest.CheckSize(t, v.View(), w, h)
				if v.pane.open {
					viewtest.CheckChinese(t, v.View(), append(allowed, viewtest.EnglishWords(v.reportJSON())...)...)
					return
				}
				viewtest.CheckChinese(t, v.View(), allowed...)
			}
			check()
			viewtest.MustContain(t, v.View(), "任务 "+c.r.RunID+" 的结果")
			for _, k := range []string{"down", "f", "down", "f", "y", "v", "pgdown", "v", "s"} {
				press(t, v, k)
				if v.saver.Capturing() { // the path typed: data
					viewtest.CheckSize(t, v.View(), w, h)
					continue
				}
				check()
			}
			press(t, v, "enter")
			check()
			viewtest.CheckChinese(t, viewtest.HelpText(v.FullHelp()...))
		}
		v := New(viewtest.StylesIn(i18n.Chinese), big, Options{})
		v.SetSize(w, h)
		press(t, v, "y")
		viewtest.CheckSize(t, v.View(), w, h)
		viewtest.CheckChinese(t, v.View())
		viewtest.MustContain(t, strings.Join(strings.Fields(v.View()), ""), "超过终端通过OSC52能接收的大小")
	}
}

// The report saved is the same bytes whatever the language of the screen
// it was saved from, as JSON and as CSV: scripts read it.
func TestSavedReportIsTheSameInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"json", "csv"} {
		var saved [][]byte
		for _, lang := range i18n.Langs() {
			dir := t.TempDir()
			v := New(viewtest.StylesIn(lang), report, Options{ReportDir: dir})
			v.SetSize(80, 24)
			press(t, v, "s")
			if format == "csv" {
				press(t, v, "tab")
			}
			press(t, v, "enter")
			data, err := os.ReadFile(filepath.Join(dir, "cenroute-"+report.RunID+"."+format))
			if err != nil {
				t.Fatalf("%s %s: %v\n%s", lang, format, err, v.View())
			}
			saved = append(saved, data)
		}
		if !bytes.Equal(saved[0], saved[1]) {
			t.Errorf("the %s report differs between the languages:\n%s\n%s", format, saved[0], saved[1])
		}
		if want, _ := reportBytes(format, report); !bytes.Equal(saved[0], want) {
			t.Errorf("the %s report is not the report:\n%s", format, saved[0])
		}
	}
}
