package views

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/cenapitest"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/emulator/emulatortest"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/fact/facttest"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/cenapi/routesfile"
	"github.com/cenroute/cenroute/theme/i18n"
)

var (
	en = i18n.New(i18n.English)
	zh = i18n.New(i18n.Chinese)
)

// sample is a value for every name a fact's message may use: numbers for
// those that count or measure, a mark that is no word for the rest, so
// that what is left of a message said with them is its own words.
func sample() fact.Args {
	args := fact.Args{}
	for _, name := range []string{"Fix", "Other", "Block", "Flag", "Char", "Message", "Region", "Status", "Why", "VPC",
		"Reason", "Code", "Cause", "Regions", "VPCs", "Host", "Part", "Value", "Name", "Access", "Permission", "Profile",
		"Path", "Mode", "Tried", "Failure", "ID", "Secret", "Var", "Source", "Origin", "Key", "HostPort", "URL", "File", "Size",
		"What", "Document", "Field", "CEN", "Prefix", "Example", "Wait"} {
		args[name] = "§"
	}
	for _, name := range []string{"Line", "N", "KiB", "Max", "Bytes", "Length", "Position", "Min", "Attempts", "Listings",
		"Depth", "Columns", "Hosts", "Tags", "Status"} {
		if _, ok := args[name]; !ok {
			args[name] = 7
		}
	}
	return args
}

// kinds are the kinds of facts the whole program declares.
func kinds(t *testing.T) []fact.Kind {
	t.Helper()
	var all []fact.Kind
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata"):
			return filepath.SkipDir
		case d.IsDir():
			all = append(all, facttest.Kinds(t, path)...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 100 {
		t.Fatalf("only %d kinds of facts found", len(all))
	}
	return all
}

// englishWord is a run of Latin letters that a Chinese sentence may hold
// only as a name: an ID, a code, a flag, a command, a product's name.
var englishWord = regexp.MustCompile(`[A-Za-z][A-Za-z_-]*[A-Za-z]`)

// names are the words a Chinese sentence keeps as they are: the names of
// products, settings, commands and codes, as docs/i18n.md has it.
var names = map[string]bool{
	"IPv": true, "CIDR": true, "cenroute": true, "UTF": true, "http": true, "https": true, "KiB": true, "MiB": true,
	"VPC": true, "VBR": true, "CCN": true, "CEN": true, "HOST": true, "PORT": true, "HTTP": true, "TLS": true, "URL": true,
	"AccessKey": true, "ID": true, "Secret": true, "STS": true, "Token": true, "RAM": true, "API": true, "aliyun": true,
	"configure": true, "profile": true, "demo": true, "ALIBABA_CLOUD_ACCESS_KEY_ID": true, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": true,
	"ALIBABA_CLOUD_SECURITY_TOKEN": true, "timedatectl": true, "set-ntp": true, "true": true, "chrony": true, "CLI": true,
	"JSON": true, "YAML": true, "AK": true, "StsToken": true, "RamRoleArn": true, "EcsRamRole": true, "OIDC": true,
	"ChainableRamRoleArn": true, "ECS": true, "DEBUG": true, "sdk": true, "SDK": true, "host-regions": true, "hosts": true,
	"regions": true, "ccn": true, "cens": true, "cidr": true, "ipv6_cidr": true, "host_vpc": true, "status": true,
	"Basic": true, "Enterprise": true, "Active": true, "Failed": true, "RequestId": true, "cn-hangzhou": true, "ipv": true,
	"host": true, "IP": true, "URI": true,
}

// TestEveryKindIsSaidInChinese: no fact the program can make falls back
// to English: every kind has a Chinese message, which says all its values
// and no English word but a name.
func TestEveryKindIsSaidInChinese(t *testing.T) {
	t.Parallel()
	for _, k := range kinds(t) {
		f := fact.New(k, "", sample())
		english, chinese := Say(en, f), Say(zh, f)
		switch {
		case chinese == string(k) || english == string(k):
			t.Errorf("%s has no message", k)
		case strings.Contains(chinese, "<no value>") || strings.Contains(english, "<no value>"):
			t.Errorf("%s names a value the test does not give: %q", k, english)
		case chinese == english:
			t.Errorf("%s is said in English in Chinese: %q", k, chinese)
		}
		for _, w := range englishWord.FindAllString(chinese, -1) {
			if !names[w] {
				t.Errorf("%s: the Chinese %q holds the English word %q", k, chinese, w)
			}
		}
	}
}

// chinese reports whether s is a Chinese sentence.
func chinese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// check says what a function said in each language: in English, want; in
// Chinese, words of Chinese that hold each of keep.
func check(t *testing.T, what string, say func(*i18n.Localizer) string, want string, keep ...string) {
	t.Helper()
	if got := say(en); got != want {
		t.Errorf("%s in English:\n\t%q\nwant\n\t%q", what, got, want)
	}
	if got := say(nil); got != want {
		t.Errorf("%s without a language: %q", what, got)
	}
	got := say(zh)
	if !chinese(got) {
		t.Errorf("%s in Chinese is not Chinese: %q", what, got)
	}
	for _, k := range keep {
		if !strings.Contains(got, k) {
			t.Errorf("%s in Chinese %q lacks %q", what, got, k)
		}
	}
}

func TestHostWords(t *testing.T) {
	t.Parallel()
	res := hostlist.Check("100.118.1.0/24\n100.118.1.0/24\n100.118.0.0/16 10.0.0.1\n100.118.28.5/24\n100.119.0.1",
		map[string]bool{"100.119.0.1": true})
	dup, overlap, outside, bits, present := res.Lines[1], res.Lines[2], res.Lines[3], res.Lines[4], res.Lines[5]
	check(t, "duplicate", func(l *i18n.Localizer) string { return HostProblem(l, dup) }, "duplicate of line 1", "1")
	check(t, "overlap", func(l *i18n.Localizer) string { return HostNote(l, overlap) }, "overlaps line 1 (100.118.1.0/24)", "100.118.1.0/24")
	check(t, "host bits", func(l *i18n.Localizer) string { return HostProblem(l, bits) },
		"host bits set: did you mean 100.118.28.0/24?", "100.118.28.0/24")
	check(t, "present", func(l *i18n.Localizer) string { return HostNote(l, present) }, hostlist.NotePresent)
	if HostProblem(zh, present) != "" || HostNote(zh, res.Lines[0]) != "" {
		t.Error("a good entry has a note")
	}
	check(t, "outside", func(l *i18n.Localizer) string { return HostProblem(l, outside) }, "outside 100.64.0.0/10", "100.64.0.0/10")
	values := hostlist.CheckValues([]string{"100.118.1.0/24", "100.118.1.0/24"}, "--host")
	check(t, "a flag's duplicate", func(l *i18n.Localizer) string { return HostProblem(l, values.Lines[1]) },
		"duplicate of --host #1", "--host", "1")

	// A problem a caller words itself is shown as it worded it.
	conflict := res.Lines[0]
	conflict.Problem = "已通过 vpc-2 路由"
	if got := HostProblem(zh, conflict); got != conflict.Problem {
		t.Errorf("a caller's problem: %q", got)
	}
}

func TestEngineWords(t *testing.T) {
	t.Parallel()
	plan := engine.Plan{CenID: "cen-1", HostRegionID: "cn-hangzhou", HostVpcID: "vpc-1", AccessRegionIDs: []string{"cn-shanghai"},
		Hosts: []string{"100.118.1.0/24"}}
	prep, err := engine.Judge(plan, []cenapi.RouteService{{CenID: "cen-1", HostRegionID: "cn-hangzhou", Host: "100.118.1.0/24",
		AccessRegionID: "cn-shanghai", HostVpcID: "vpc-2", Status: cenapi.StatusActive}})
	if err != nil {
		t.Fatal(err)
	}
	why := "already routed into cn-shanghai through vpc-2"
	check(t, "conflicts", func(l *i18n.Localizer) string { return Conflicts(l, prep)["100.118.1.0/24"] }, why, "cn-shanghai", "vpc-2")

	said := prep.ConflictsSaid["100.118.1.0/24"]
	result := engine.HostResult{Host: "100.118.1.0/24", Status: engine.StatusFailed, Code: engine.CodeConflict, Message: why, Said: said}
	check(t, "a result", func(l *i18n.Localizer) string { return ResultMessage(l, result) }, why, "vpc-2")
	event := engine.Event{Kind: engine.EventFailed, Message: why, Said: said}
	check(t, "an event", func(l *i18n.Localizer) string { return EventMessage(l, event) }, why, "vpc-2")
	// Read back from a journal, a result keeps its text only; the API's
	// own message is shown as received.
	journaled := engine.HostResult{Message: "The Specified Cloud Route already Exists"}
	if got := ResultMessage(zh, journaled); got != journaled.Message {
		t.Errorf("a journaled result: %q", got)
	}
	retry := engine.Event{Kind: engine.EventRetrying, Reason: "ServiceUnavailable: try later"}
	if got := EventMessage(zh, retry); got != retry.Reason {
		t.Errorf("a retry without its fact: %q", got)
	}

	problems := engine.JudgeTarget(engine.Inventory{CENs: []cenapi.CEN{{ID: "cen-1"}},
		HostRegions:   []cenapi.HostRegion{{Region: cenapi.Region{ID: "cn-hangzhou"}, Supported: true}},
		AccessRegions: []cenapi.AccessRegion{{Region: cenapi.Region{ID: "cn-hongkong"}, VBRs: 1}},
	}, plan.Target(), engine.ForCreate)
	if len(problems) != 2 {
		t.Fatalf("problems %q", problems)
	}
	for _, p := range problems {
		check(t, "a target's problem", func(l *i18n.Localizer) string { return TargetProblem(l, p) }, p.String(), string(p.Part), p.Value)
	}

	h := engine.Halt{Code: "Forbidden.RAM", Message: "User not authorized to operate on the specified resource.",
		Permission: "cen:ResolveAndRouteServiceInCen", RequestID: "R-1"}
	h.Remedy, h.Said = (&cenapi.Error{Code: h.Code, Permission: h.Permission}).Remedy(), fact.Verbatim(h.Message)
	check(t, "a halt", func(l *i18n.Localizer) string { return HaltText(l, h) }, h.Text(),
		"Forbidden.RAM", h.Message, "cen:ResolveAndRouteServiceInCen", "RAM")
	note := cenapi.RetryNote{Reason: "throttled", Said: fact.New(engine.KindThrottledBare, "throttled", nil)}
	check(t, "a retry's reason", func(l *i18n.Localizer) string { return RetryReason(l, note) }, "throttled")
}

// TestRunWords: what a run's journal and a plan's mistakes say, as the
// engine finds them: a run that is not there, a malformed run ID, a run
// live in another session, a journal that is no journal, plans that lack
// what a call needs.
func TestRunWords(t *testing.T) {
	t.Parallel()
	_, client := cenapitest.Serve(t, emulator.Options{ActivateAfter: time.Hour})
	dir := t.TempDir()
	eng := engine.New(client, engine.Options{StateDir: dir})
	plan := engine.Plan{CenID: emulator.DemoCenID, HostRegionID: "cn-hangzhou", HostVpcID: emulator.DemoVpcID,
		AccessRegionIDs: []string{"cn-hangzhou"}, Hosts: []string{"100.118.40.0/24"}}
	run, err := eng.Start(context.Background(), plan)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run.Stop(); <-run.Done() })
	other := engine.New(client, engine.Options{StateDir: dir})
	_, busy := other.Resume(context.Background(), run.ID())
	check(t, "a live run", func(l *i18n.Localizer) string { return ErrorText(l, busy) }, busy.Error(), run.ID(), "会话")
	_, missing := other.Resume(context.Background(), "20250102-030405-a1b2c3")
	check(t, "no such run", func(l *i18n.Localizer) string { return ErrorText(l, missing) }, missing.Error(),
		"20250102-030405-a1b2c3", dir)
	_, malformed := other.Resume(context.Background(), "bogus")
	check(t, "no run ID", func(l *i18n.Localizer) string { return ErrorText(l, malformed) }, malformed.Error(), `"bogus"`)
	if !errors.Is(missing, engine.ErrUnknownRun) || !errors.Is(malformed, engine.ErrUnknownRun) {
		t.Errorf("%v, %v: not ErrUnknownRun", missing, malformed)
	}
	if err := os.WriteFile(filepath.Join(dir, "20250102-030405-a1b2c3.jsonl"), []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, notJournal := other.Resume(context.Background(), "20250102-030405-a1b2c3")
	check(t, "no journal", func(l *i18n.Localizer) string { return ErrorText(l, notJournal) }, notJournal.Error(),
		"20250102-030405-a1b2c3.jsonl", "执行记录")
	blocked := engine.New(client, engine.Options{StateDir: filepath.Join(dir, "20250102-030405-a1b2c3.jsonl", "state")})
	_, noDir := blocked.Start(context.Background(), plan)
	check(t, "no state directory", func(l *i18n.Localizer) string { return ErrorText(l, noDir) }, noDir.Error(),
		"状态目录", "20250102-030405-a1b2c3.jsonl")

	plan.Hosts = append(plan.Hosts, "100.118.40.0/24")
	for _, err := range []error{plan.Validate(), engine.Plan{}.Validate(), engine.DeletePlan{CenID: "cen-1"}.Validate(),
		engine.DeletePlan{CenID: "cen-1", Entries: []engine.DeleteEntry{{Host: "100.118.1.0/24"}}}.Validate(),
		engine.SyncPlan{CenID: "cen-1"}.Validate()} {
		check(t, "a plan's mistake", func(l *i18n.Localizer) string { return ErrorText(l, err) }, err.Error())
	}
}

func TestCenapiWords(t *testing.T) {
	t.Parallel()
	e := &cenapi.Error{Code: "InvalidTimeStamp.Expired"}
	check(t, "a remedy", func(l *i18n.Localizer) string { return Remedy(l, e) }, e.Remedy(), "timedatectl set-ntp true", "15")
	region := cenapi.HostRegion{Region: cenapi.Region{ID: "cn-shanghai"}, Reason: cenapi.ReasonEnterpriseEdition}
	check(t, "a region's reason", func(l *i18n.Localizer) string { return RegionReason(l, region) }, cenapi.ReasonEnterpriseEdition)

	// Where the credentials came from, as the header and the doctor say it.
	for _, cfg := range []cenapi.Config{
		{Endpoint: "127.0.0.1:1", AccessKeyID: "LTAI5tTestKey", AccessKeySecret: "secret", DemoCredentials: true},
		{Endpoint: "127.0.0.1:1", Getenv: func(k string) string {
			return map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAI5tTestKey", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s"}[k]
		}},
	} {
		c, err := cenapi.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		id := c.Identity()
		check(t, "credentials "+id.Credentials, func(l *i18n.Localizer) string { return CredentialsText(l, id) }, id.Credentials)
	}
	if got := CredentialsText(zh, cenapi.Identity{Credentials: "set by a test"}); got != "set by a test" {
		t.Errorf("credentials without a fact: %q", got)
	}

	// The API's refusals of the credentials, as CheckCredentials words
	// them: where the credentials came from is said in the same language;
	// the masked AccessKey ID, the code and the API's message stay.
	env := func(k string) string {
		return map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": emulator.DemoAccessKeyID,
			"ALIBABA_CLOUD_ACCESS_KEY_SECRET": emulator.DemoAccessKeySecret}[k]
	}
	for _, opts := range []emulator.Options{
		{AccessKeyID: emulator.DemoAccessKeyID, AccessKeySecret: "another-secret"},
		{Deny: []string{"cen:DescribeCens"}},
		{ClockSkew: time.Hour},
	} {
		srv := emulatortest.Start(t, opts)
		c, err := cenapi.New(cenapi.Config{Endpoint: srv.Endpoint(), Getenv: env})
		if err != nil {
			t.Fatal(err)
		}
		refusal := c.CheckCredentials(context.Background())
		e, ok := cenapi.AsError(refusal)
		if !ok || !strings.Contains(e.Message, "(AccessKey from environment)") {
			t.Fatalf("CheckCredentials = %v", refusal)
		}
		// The API's message, with the client's words about it, said alike.
		apiMessage := Say(zh, e.Said.Args["Message"].(fact.Fact))
		check(t, "a refusal of the credentials", func(l *i18n.Localizer) string { return ErrorText(l, refusal) }, refusal.Error(),
			"环境变量中的 AccessKey", "demo****y-id", e.Code, apiMessage, e.RequestID)
		own := strings.NewReplacer(apiMessage, "", e.Code, "", e.Op, "", e.RequestID, "", e.Permission, "", "demo****y-id", "").Replace(ErrorText(zh, refusal))
		for _, w := range englishWord.FindAllString(own, -1) {
			if !names[w] {
				t.Errorf("the refusal in Chinese %q holds the English word %q", own, w)
			}
		}
	}

	// Real failures of the client: a refused connection on loopback, a
	// plain-HTTP endpoint off this machine.
	c, err := cenapi.New(cenapi.Config{Endpoint: "127.0.0.1:1", AccessKeyID: "LTAI5tTestKey", AccessKeySecret: "secret",
		Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	_, refused := c.ListCENs(context.Background(), cenapi.CENFilter{})
	check(t, "a refused connection", func(l *i18n.Localizer) string { return ErrorText(l, refused) }, refused.Error(),
		"127.0.0.1:1")
	wrapped := fmt.Errorf("checking the CEN: %w", refused)
	check(t, "a wrapped error", func(l *i18n.Localizer) string { return ErrorText(l, wrapped) }, wrapped.Error(),
		"checking the CEN: ", "127.0.0.1:1")
	_, plain := cenapi.New(cenapi.Config{Endpoint: "http://cbn.example.com", Getenv: func(string) string { return "" }})
	check(t, "a plain-HTTP endpoint", func(l *i18n.Localizer) string { return ErrorText(l, plain) }, plain.Error(),
		"--endpoint", "https://cbn.example.com")
	denied := &cenapi.Error{Op: "DescribeCens", Code: "Forbidden.RAM", Message: "User not authorized", Permission: "cen:DescribeCens",
		RequestID: "R-9"}
	check(t, "a denial", func(l *i18n.Localizer) string { return ErrorText(l, denied) }, denied.Error(),
		"DescribeCens", "Forbidden.RAM", "User not authorized", "cen:DescribeCens", "R-9")

	check(t, "no error", func(l *i18n.Localizer) string { return ErrorText(l, nil) }, "unknown failure")
	check(t, "a deadline", func(l *i18n.Localizer) string { return ErrorText(l, leak(context.DeadlineExceeded)) }, cenapi.MsgTimeout)
	check(t, "a cancel", func(l *i18n.Localizer) string { return ErrorText(l, leak(context.Canceled)) }, "cancelled")
	check(t, "a leak", func(l *i18n.Localizer) string { return ErrorText(l, leak(errors.New("EOF"))) },
		"the call failed without an API error code")
}

// leak wraps err in an error whose text gives a signed URL away.
func leak(err error) error {
	return fmt.Errorf("Post https://cbn.aliyuncs.com/?AccessKeyId=LTAI5tX&Signature=s: %w", err)
}

func TestFileWords(t *testing.T) {
	t.Parallel()
	_, missing := os.Open(filepath.Join(t.TempDir(), "routes.yaml"))
	check(t, "a missing file", func(l *i18n.Localizer) string { return ErrorText(l, missing) }, missing.Error(), "routes.yaml")
	wrapped := fmt.Errorf("reading the hosts: %w", missing)
	check(t, "a missing file, wrapped", func(l *i18n.Localizer) string { return ErrorText(l, wrapped) }, wrapped.Error(), "reading the hosts: ")

	text := "cen: cen-1\nservices:\n  - host-region: cn-hangzhou\n    host-vpc: vpc-1\n    access-regions: [cn-hangzhou]\n" +
		"    colour: red\n    hosts: [10.0.0.1]\n"
	_, err := routesfile.Parse("routes.yaml", []byte(text))
	check(t, "a routes file's mistake", func(l *i18n.Localizer) string { return ErrorText(l, err) }, err.Error(),
		"routes.yaml:6", `"colour"`)
	text = strings.Replace(text, "    colour: red\n", "", 1)
	text = strings.Replace(text, "[10.0.0.1]", "[10.0.0.1, 100.118.28.5/24]", 1)
	_, err = routesfile.Parse("routes.yaml", []byte(text))
	var fe *routesfile.Error
	if !errors.As(err, &fe) || len(fe.Problems) != 2 {
		t.Fatalf("Parse = %v", err)
	}
	for i, keep := range []string{"100.64.0.0/10", "100.118.28.0/24"} {
		check(t, "a routes file's problem", func(l *i18n.Localizer) string { return ErrorLines(l, err)[i] }, fe.Problems[i],
			"routes.yaml:6", keep)
	}
	if got := ErrorLines(zh, missing); len(got) != 1 || !chinese(got[0]) {
		t.Errorf("the lines of one error: %q", got)
	}
}

// TestSecurityHostileTextStaysEscapedInChinese: text from outside (a
// file, the API) is made printable wherever a fact says it, in every
// language.
func TestSecurityHostileTextStaysEscapedInChinese(t *testing.T) {
	t.Parallel()
	hostile := "\x1b]52;c;eA==\a\u202e"
	_, fileErr := routesfile.Parse("r\x1b[2J.yaml", []byte("cen: cen-1\nservices: [{host-region: cn-hangzhou, host-vpc: vpc-1, "+
		"access-regions: [cn-hangzhou], hosts: [\"100.118.1.0/24\", \""+strings.ReplaceAll(hostile, "\x1b", `\e`)+"\"]}]\n"))
	apiErr := &cenapi.Error{Op: "DescribeCens", Code: "Bad\x1bCode", Message: "no" + hostile, RequestID: "R\x07"}
	halt := engine.Halt{Code: "Forbidden.RAM", Message: hostile, Said: fact.Verbatim(hostile)}
	for _, lang := range []*i18n.Localizer{zh, en} {
		for what, got := range map[string]string{
			"a routes file":  ErrorText(lang, fileErr),
			"an API error":   ErrorText(lang, apiErr),
			"a halt":         HaltText(lang, halt),
			"a fact's value": Say(lang, fact.New(engine.KindEndedFailed, "", fact.Args{"Region": hostile})),
		} {
			if strings.ContainsAny(got, "\x1b\a\u202e") {
				t.Errorf("%s in %s shows raw control characters: %q", what, lang.Lang(), got)
			}
			if !strings.Contains(got, `\x1b`) {
				t.Errorf("%s in %s hides what was odd: %q", what, lang.Lang(), got)
			}
		}
	}
}
