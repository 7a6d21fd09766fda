package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views"
	"github.com/cenroute/cenroute/views/layout"
)

// chinese is the environment of an operator whose locale is Chinese.
var chinese = map[string]string{"LANG": "zh_CN.UTF-8"}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// englishHelp are words of the help in English that a Chinese help must
// not hold: cobra's and pflag's own, and the program's.
var englishHelp = []string{"usage:", "Usage:", "flags:", "Flags:", "commands:", "help for", "(default", "Generate",
	"Run 'cenroute", "The global flags", "global flags", "required", "autocompletion"}

// TestHelpInChinese: under a Chinese locale, the program's help and every
// command's are Chinese: headings, summaries, each flag's usage and its
// default; --lang en overrides the locale, and CENROUTE_LANG chooses too.
func TestHelpInChinese(t *testing.T) {
	t.Parallel()
	zh := i18n.New(i18n.Chinese)
	code, _, help := runWithEnv(chinese, "--help")
	if code != exitcode.OK || !strings.HasPrefix(help, "cenroute："+zh.T("cli.root.short")+"\n") {
		t.Fatalf("exit %d, help:\n%s", code, help)
	}
	for _, want := range []string{"\n用法：\n", "\n命令：\n", "\n全局参数：\n", "  apply       " + zh.T("cli.apply.short") + "\n",
		"（默认 \"auto\"）", "显示 cenroute 的帮助"} {
		if !strings.Contains(help, want) {
			t.Errorf("the help lacks %q:\n%s", want, help)
		}
	}
	commands := [][]string{{"apply"}, {"delete"}, {"list"}, {"export"}, {"plan"}, {"sync"}, {"runs"}, {"serve"}, {"emulator"},
		{"doctor"}, {"completion"}, {"completion", "bash"}, {"completion", "zsh"}, {"completion", "fish"},
		{"completion", "powershell"}, {"help"}}
	helps := []string{help}
	for _, c := range commands {
		code, _, h := runWithEnv(chinese, append(c, "--help")...)
		if code != exitcode.OK || !strings.HasPrefix(h, "用法：cenroute "+strings.Join(c, " ")) || !strings.Contains(h, "\n参数：\n") {
			t.Errorf("%v --help: exit %d:\n%s", c, code, h)
		}
		helps = append(helps, h)
	}
	for _, h := range helps {
		for _, word := range englishHelp {
			if strings.Contains(h, word) {
				t.Errorf("a Chinese help says %q:\n%s", word, h)
			}
		}
		// Every command's summary and every flag's usage is Chinese.
		section := ""
		for _, line := range strings.Split(h, "\n") {
			switch {
			case line == "" || !strings.HasPrefix(line, " "):
				section = line
			case (section == "命令：" || section == "参数：" || section == "全局参数：") && !hasHan(line):
				t.Errorf("a line of a Chinese help is not Chinese: %q", line)
			}
		}
	}

	_, _, english := runMain("--help")
	for _, env := range []map[string]string{{"LANG": "zh_CN.UTF-8", "CENROUTE_LANG": "en"}, {"LANG": "en_US.UTF-8"}} {
		if _, _, h := runWithEnv(env, "--help"); h != english {
			t.Errorf("%v: the help is not the English one:\n%s", env, h)
		}
	}
	if _, _, h := runWithEnv(chinese, "--lang", "en", "--help"); h != english {
		t.Errorf("--lang en under a Chinese locale:\n%s", h)
	}
	if _, _, h := runWithEnv(map[string]string{"CENROUTE_LANG": "zh"}, "--help"); h != help {
		t.Errorf("CENROUTE_LANG=zh:\n%s", h)
	}
}

// A command's forms line up under "cenroute" after the language's own
// "usage:", whatever its width.
func TestUsageLinesLineUp(t *testing.T) {
	t.Parallel()
	for _, env := range []map[string]string{nil, chinese} {
		_, _, h := runWithEnv(env, "apply", "--help")
		lines := strings.Split(h, "\n")
		resume := ""
		for _, l := range lines {
			if strings.Contains(l, "cenroute apply --resume") {
				resume = l
			}
		}
		at := func(l string) int { return layout.Width(l[:strings.Index(l, "cenroute")]) }
		if resume == "" || at(lines[0]) != at(resume) {
			t.Errorf("%v: the forms do not line up:\n%s", env, h)
		}
	}
}

// Usage errors are Chinese under a Chinese locale, each with the usage
// line, pflag's and cobra's own included.
func TestUsageErrorsInChinese(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lsit"}, "cenroute: 未知命令 \"lsit\"；您是要用 list 吗？\n运行 'cenroute --help' 查看用法。\n"},
		{[]string{"list", "--nope"}, "cenroute: 未知参数：--nope\n用法：cenroute list "},
		{[]string{"list", "-x"}, "cenroute: 未知的短参数：-x 中的 'x'\n用法：cenroute list "},
		{[]string{"list", "--cen"}, "cenroute: 参数需要一个值：--cen\n用法：cenroute list "},
		{[]string{"list", "-cen", "x"}, "cenroute: -cen：长参数须用两个短横线：--cen\n用法：cenroute list "},
		{[]string{"apply", "--qps", "fast"}, "cenroute: --qps \"fast\"：应为数字\n用法：cenroute apply "},
		{[]string{"list"}, "cenroute: 必须指定 --cen\n用法：cenroute list "},
		{[]string{"runs", "--output", "xml"}, "cenroute: --output \"xml\"：应为 table 或 json\n用法：cenroute runs "},
		{[]string{"runs", "extra"}, "cenroute: 多余的参数 \"extra\"\n用法：cenroute runs "},
		{[]string{"completion", "tcsh"}, "cenroute: 未知命令 \"tcsh\"\n用法：cenroute completion"},
	} {
		code, out, errOut := runWithEnv(chinese, c.args...)
		if code != exitcode.Usage || out != "" || !strings.HasPrefix(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

// A language cenroute does not speak is bad usage, exit 2, naming where it
// was asked for, in the locale's language.
func TestUnknownLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--lang", "fr", "list"}, "cenroute: --lang: \"fr\" is not a language cenroute speaks: use en or zh\n"},
		{nil, []string{"list", "--lang=fr"}, "cenroute: --lang: \"fr\" is not a language cenroute speaks: use en or zh\n"},
		{map[string]string{"CENROUTE_LANG": "fr"}, []string{"--help"}, "cenroute: CENROUTE_LANG: \"fr\" is not a language cenroute speaks: use en or zh\n"},
		{map[string]string{"CENROUTE_LANG": "fr", "LANG": "zh_CN.UTF-8"}, []string{"list"}, "cenroute: CENROUTE_LANG：cenroute 不支持语言 \"fr\"，请使用 en 或 zh\n"},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, []string{"--lang", "fr"}, "cenroute: --lang：cenroute 不支持语言 \"fr\"，请使用 en 或 zh\n"},
	} {
		code, out, errOut := runWithEnv(c.env, c.args...)
		if code != exitcode.Usage || out != "" || errOut != c.want {
			t.Errorf("%v %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.env, c.args, code, out, errOut, c.want)
		}
	}
}

// A bad hosts file is named at each bad line, FILE:LINE, and summed up in
// Chinese; nothing is sent.
func TestBadHostsFileInChinese(t *testing.T) {
	t.Parallel()
	srv, ep := emulatorEndpoint(t, emulator.Options{Seed: 1})
	file := writeFile(t, "hosts.txt", "100.118.40.0/24\n# a comment\n10.0.0.1\n100.118.41.0/24, fd00::1\n")
	code, _, errOut := runWithEnv(chinese, append(ep, applyArgs(t.TempDir(), "--hosts-file", file)...)...)
	for _, want := range []string{file + ":3: 10.0.0.1：", file + ":4: fd00::1：", "\ncenroute: 4 个服务地址中有 2 个无效；未发送任何请求\n"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code != exitcode.Usage || resolveCount(srv) != 0 {
		t.Errorf("exit %d, %d calls sent", code, resolveCount(srv))
	}
}

// columnStarts are the display columns at which the cells of a table's
// line start; cells are apart by two spaces or more.
func columnStarts(line string) []int {
	var starts []int
	col, spaces := 0, 2
	for _, r := range line {
		if r != ' ' && spaces >= 2 {
			starts = append(starts, col)
		}
		if r == ' ' {
			spaces++
		} else {
			spaces = 0
		}
		col += layout.Width(string(r))
	}
	return starts
}

// linedUp fails the test unless every line of the table starts its cells
// at the same display columns as its header, which is Chinese.
func linedUp(t *testing.T, what, table string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	if len(lines) < 2 || !hasHan(lines[0]) {
		t.Fatalf("%s: no Chinese table:\n%s", what, table)
	}
	header := columnStarts(lines[0])
	for _, l := range lines[1:] {
		if got := columnStarts(l); len(got) != len(header) || !slicesEqual(got, header) {
			t.Errorf("%s: %q starts its cells at %v, the header at %v", what, l, got, header)
		}
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Tables in Chinese line up by display width: a Chinese header takes two
// cells a character.
func TestTablesLineUpInChinese(t *testing.T) {
	t.Parallel()
	var tb table
	tb.gap = 2
	tb.row("服务地址", "状态", "描述")
	tb.row("100.118.28.0/24", "可用", "OSS 杭州")
	tb.row("10.0.0.1", "Active", "-")
	want := "服务地址         状态    描述\n100.118.28.0/24  可用    OSS 杭州\n10.0.0.1         Active  -\n"
	if got := strings.Join(tb.lines(), "\n") + "\n"; got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}

	code, out, errOut := runWithEnv(chinese, "--demo", "list", "--cen", emulator.DemoCenID)
	if code != exitcode.OK || !strings.HasPrefix(out, "服务地址  ") || !strings.Contains(out, "  可用  ") {
		t.Fatalf("list: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	linedUp(t, "list", out)

	code, out, errOut = runWithEnv(chinese, append([]string{"--demo"}, applyArgs(t.TempDir(), "--host", "100.118.28.0/24",
		"--host", "100.118.29.0/24", "--description", "对象存储")...)...)
	if code != exitcode.OK || !strings.Contains(out, "  已存在  ") || !regexp.MustCompile(`(?m)^2 个服务地址：已存在 1，可用 1；`).MatchString(errOut) {
		t.Fatalf("apply: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	linedUp(t, "apply", out)

	_, ep := emulatorEndpoint(t, emulator.Options{Seed: 1})
	path := writeFile(t, "routes.yaml", planFile)
	code, out, errOut = runWithEnv(chinese, append(ep, "plan", "--file", path)...)
	if code != exitcode.OK || !strings.Contains(out, "有差异，保留（描述）") || !strings.HasPrefix(errOut, "计划：创建 2 个，") {
		t.Fatalf("plan: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	linedUp(t, "plan", out)
}

// volatile are the parts of JSON output that differ from one run to the
// next whatever the language: run IDs, times, RequestIds, the number of
// listings a run made while following its entries, the port of a demo
// world, a clock's skew (measured to a second).
var volatile = regexp.MustCompile(`"(run_id|started|finished|request_id|calls|throttled_calls)": ("[^"]*"|\d+)` +
	`|127\.0\.0\.1:\d+|\b(\d+m)?\d+s\b`)

// sameInBothLanguages runs the command args gives (called once for each
// language, for a world of its own) in English and in Chinese and fails
// the test unless both print the same JSON, byte for byte but for what
// changes between any two runs (see volatile), and none of it Chinese (the
// worlds hold no Chinese names). It returns the output.
func sameInBothLanguages(t *testing.T, name string, wantCode int, args func() []string) string {
	t.Helper()
	var outs [2]string
	for i, lang := range []string{"en", "zh"} {
		code, out, errOut := runWithEnv(chinese, append([]string{"--lang", lang}, args()...)...)
		if code != wantCode || !json.Valid([]byte(out)) {
			t.Fatalf("%s --lang %s: exit %d, stdout:\n%s\nstderr:\n%s", name, lang, code, out, errOut)
		}
		outs[i] = volatile.ReplaceAllString(out, "…")
	}
	if outs[0] != outs[1] || hasHan(outs[1]) {
		t.Errorf("%s: the JSON differs with the language:\nen:\n%s\nzh:\n%s", name, outs[0], outs[1])
	}
	return outs[0]
}

// --output json is the same in both languages, for every command that
// prints it: scripts do not break when the locale changes.
func TestJSONIsTheSameInBothLanguages(t *testing.T) {
	t.Parallel()
	demo := func(args ...string) func() []string {
		return func() []string { return append([]string{"--demo"}, args...) }
	}
	// fresh is an emulator of its own for each language, so that a run
	// meets the same world in both.
	fresh := func(opts emulator.Options, args ...string) func() []string {
		return func() []string {
			_, ep := emulatorEndpoint(t, opts)
			return append(ep, args...)
		}
	}
	hosts := []string{"--host", "100.118.40.0/24", "--host", "100.118.28.0/24", "--host", "100.118.41.0/24"}
	routes := writeFile(t, "routes.yaml", planFile)
	sameInBothLanguages(t, "list", exitcode.OK, demo("list", "--cen", emulator.DemoCenID, "--output", "json"))
	sameInBothLanguages(t, "apply --dry-run", exitcode.OK, demo(applyArgs(t.TempDir(), append(hosts, "--dry-run", "--output", "json")...)...))
	if out := sameInBothLanguages(t, "apply", exitcode.OK, fresh(emulator.Options{Seed: 1}, applyArgs(t.TempDir(), append(hosts, "--output", "json")...)...)); !strings.Contains(out, `"status": "present"`) {
		t.Errorf("apply:\n%s", out)
	}
	sameInBothLanguages(t, "apply, failed", exitcode.Failed, fresh(emulator.Options{Seed: 1, FailRate: 1}, applyArgs(t.TempDir(), append(hosts, "--output", "json")...)...))
	sameInBothLanguages(t, "delete", exitcode.OK, fresh(emulator.Options{Seed: 1}, "delete", "--cen", emulator.DemoCenID, "--host-region", "cn-hangzhou",
		"--access-region", "cn-hangzhou", "--access-region", "cn-shanghai", "--host", "100.118.28.0/24", "--state-dir", t.TempDir(), "--output", "json"))
	sameInBothLanguages(t, "plan", exitcode.OK, fresh(emulator.Options{Seed: 1}, "plan", "--file", routes, "--prune", "--replace", "--output", "json"))
	sameInBothLanguages(t, "sync --dry-run", exitcode.OK, fresh(emulator.Options{Seed: 1}, "sync", "--file", routes, "--dry-run", "--output", "json", "--state-dir", t.TempDir()))
	sameInBothLanguages(t, "sync", exitcode.Failed, fresh(emulator.Options{Seed: 1}, "sync", "--file", routes, "--output", "json", "--state-dir", t.TempDir()))
	sameInBothLanguages(t, "doctor", exitcode.OK, demo("doctor", "--output", "json"))
	sameInBothLanguages(t, "doctor, failing", exitcode.Failed, fresh(emulator.Options{Seed: 1, Deny: []string{"vpc:DescribeVpcs"}, ClockSkew: 10 * time.Minute},
		"doctor", "--output", "json"))

	// A stopped run, resumable: runs lists it the same way.
	stateDir := t.TempDir()
	_, ep := emulatorEndpoint(t, emulator.Options{Seed: 1, Deny: []string{"cen:ResolveAndRouteServiceInCen"}})
	if code, _, errOut := runMain(append(ep, applyArgs(stateDir, hosts...)...)...); code != exitcode.Failed {
		t.Fatalf("a refused apply: exit %d, stderr:\n%s", code, errOut)
	}
	if out := sameInBothLanguages(t, "runs", exitcode.OK, func() []string { return []string{"runs", "--state-dir", stateDir, "--output", "json"} }); !strings.Contains(out, `"kind": "apply"`) {
		t.Errorf("runs:\n%s", out)
	}

	// export writes the same file, and prints the same to stdout.
	dir := t.TempDir()
	var files [2][]byte
	for i, lang := range []string{"en", "zh"} {
		path := filepath.Join(dir, lang+".yaml")
		if code, _, errOut := runWithEnv(chinese, "--lang", lang, "--demo", "export", "--cen", emulator.DemoCenID, "--file", path); code != exitcode.OK {
			t.Fatalf("export --lang %s: exit %d, stderr:\n%s", lang, code, errOut)
		}
		files[i], _ = os.ReadFile(path)
	}
	_, en, _ := runWithEnv(chinese, "--lang", "en", "--demo", "export", "--cen", emulator.DemoCenID)
	_, zh, _ := runWithEnv(chinese, "--lang", "zh", "--demo", "export", "--cen", emulator.DemoCenID)
	if len(files[0]) == 0 || string(files[0]) != string(files[1]) || en != zh || en != string(files[0]) {
		t.Errorf("export differs with the language:\nen:\n%s\nzh:\n%s\nstdout en:\n%s\nstdout zh:\n%s", files[0], files[1], en, zh)
	}
}

// The doctor's remedies are the client's own (views.Remedy): in English
// cenapi's Remedy, which the JSON output and the engine's reports say; in
// Chinese the same words the wizard says.
func TestDoctorRemediesAreTheClients(t *testing.T) {
	t.Parallel()
	en, zh := i18n.New(i18n.English), i18n.New(i18n.Chinese)
	for _, e := range []*cenapi.Error{{Code: cenapi.CodeNoCredentials}, {Code: "InvalidAccessKeyId.NotFound"}, {Code: "SecurityTokenExpired"},
		{Code: "Forbidden.RAM", Permission: "cen:DescribeCens"}, {Code: "Forbidden.RAM"}, {Code: "InvalidTimeStamp.Expired"}} {
		said := remedy(e)
		if said == nil || said(en) != e.Remedy() || !hasHan(said(zh)) || said(zh) != views.Remedy(zh, e) {
			t.Errorf("%s: the doctor says %q, the client %q", e.Code, said(en), e.Remedy())
		}
	}
	if remedy(&cenapi.Error{Code: "Throttling"}) != nil {
		t.Error("a remedy for a call's error")
	}
}

// The doctor's table is Chinese under a Chinese locale, every line of it;
// its marks are words without a UTF-8 locale.
func TestDoctorInChinese(t *testing.T) {
	t.Parallel()
	_, ep := emulatorEndpoint(t, emulator.Options{Seed: 1, Deny: []string{"cen:DescribeRouteServicesInCen"}})
	code, out, errOut := runWithEnv(chinese, append(ep, "doctor")...)
	if code != exitcode.Failed || !strings.HasPrefix(out, "✓ 凭证：环境变量中的 AccessKey，AccessKey demo****y-id\n") ||
		!strings.Contains(out, "✗ cen:DescribeRouteServicesInCen：被拒绝（Forbidden.RAM）\n  修复：请为此凭证的 RAM 用户或角色授予 cen:DescribeRouteServicesInCen；") ||
		!strings.HasSuffix(out, "\n1 项检查失败\n") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !hasHan(l) {
			t.Errorf("a line of the Chinese doctor is not Chinese: %q", l)
		}
	}
	_, out, _ = runWithEnv(map[string]string{"LANG": "C", "CENROUTE_LANG": "zh"}, append(ep, "doctor")...)
	if !strings.Contains(out, "[通过] API 接受了凭证\n") || !strings.Contains(out, "[失败] cen:DescribeRouteServicesInCen：") {
		t.Errorf("ASCII marks:\n%s", out)
	}
}
