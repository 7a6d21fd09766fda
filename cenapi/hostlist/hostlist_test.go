package hostlist

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	text := "100.64.0.1\n\n  100.64.0.2, 100.64.0.3;100.64.0.4\t# comment, 100.64.0.9\r\n#whole line\n100.64.0.5\u00a0100.64.0.6\uff0c100.64.0.7"
	got := Parse(text)
	want := []struct {
		line int
		text string
	}{
		{1, "100.64.0.1"}, {3, "100.64.0.2"}, {3, "100.64.0.3"}, {3, "100.64.0.4"},
		{5, "100.64.0.5"}, {5, "100.64.0.6"}, {5, "100.64.0.7"},
	}
	if len(got) != len(want) {
		t.Fatalf("Parse gave %d entries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Line != w.line || got[i].Text != w.text {
			t.Errorf("entry %d = line %d %q, want line %d %q", i, got[i].Line, got[i].Text, w.line, w.text)
		}
		if text[got[i].Offset:got[i].Offset+len(got[i].Text)] != got[i].Text {
			t.Errorf("entry %d: offset %d does not point at %q", i, got[i].Offset, got[i].Text)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"", "\n\n", "# only a comment", " , ; \t"} {
		if got := Parse(text); len(got) != 0 {
			t.Errorf("Parse(%q) = %+v, want nothing", text, got)
		}
	}
}

// TestCheckSingle covers every rule that judges an entry on its own.
func TestCheckSingle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		host     string
		problem  string
		fix      string
		hostname bool
	}{
		{host: "100.118.28.0/24"},
		{host: "100.118.28.52"},
		{host: "100.118.28.52/32"},
		{host: "100.64.0.0/10"},
		{host: "100.127.255.255"},
		{host: "100.64.0.0/9", problem: ProblemOutside},
		{host: "100.128.0.1", problem: ProblemOutside},
		{host: "100.63.255.255", problem: ProblemOutside},
		{host: "10.0.0.1", problem: ProblemOutside},
		{host: "0.0.0.0/0", problem: ProblemOutside},
		{host: "100.118.28.5/24", problem: "host bits set: did you mean 100.118.28.0/24?", fix: "100.118.28.0/24"},
		{host: "100.100.1.1/12", problem: "host bits set: did you mean 100.96.0.0/12?", fix: "100.96.0.0/12"},
		{host: "100.118.28.0/33", problem: ProblemSyntax},
		{host: "100.118.28", problem: ProblemSyntax},
		{host: "100.118.28.256", problem: ProblemSyntax},
		{host: "100.064.0.1", problem: ProblemSyntax},
		{host: "100.118.28.0/", problem: ProblemSyntax},
		{host: "hello", problem: ProblemSyntax},
		{host: "-bad-.example.com", problem: ProblemSyntax},
		{host: "oss-cn-hangzhou-internal.aliyuncs.com", problem: ProblemHostname, hostname: true},
		{host: "oss-cn-hangzhou-internal.aliyuncs.com.", problem: ProblemHostname, hostname: true},
		{host: "fd00::1", problem: ProblemIPv6},
		{host: "2408:4000::/32", problem: ProblemIPv6},
		{host: "::ffff:100.64.0.1", problem: ProblemIPv6},
		{host: "fe80::1%eth0", problem: ProblemSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			t.Parallel()
			res := Check(tt.host, nil)
			if len(res.Lines) != 1 {
				t.Fatalf("Check(%q) gave %d lines", tt.host, len(res.Lines))
			}
			l := res.Lines[0]
			if l.Problem != tt.problem || l.Fix != tt.fix || l.Fixable != (tt.fix != "") || l.Hostname != tt.hostname {
				t.Errorf("Check(%q) = problem %q fix %q fixable %v hostname %v; want %q %q %v", tt.host, l.Problem, l.Fix, l.Fixable, l.Hostname, tt.problem, tt.fix, tt.hostname)
			}
			if l.Host != tt.host || l.Raw != tt.host || l.Number != 1 {
				t.Errorf("Check(%q): host %q raw %q line %d; the host must be kept as typed", tt.host, l.Host, l.Raw, l.Number)
			}
			wantValid := 0
			if tt.problem == "" {
				wantValid = 1
			}
			if res.Valid != wantValid || res.Invalid != 1-wantValid || res.Skipped != 0 {
				t.Errorf("Check(%q) counts = %d/%d/%d", tt.host, res.Valid, res.Skipped, res.Invalid)
			}
		})
	}
}

// TestCheckList covers the rules that compare entries with each other and
// with what is already routed.
func TestCheckList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		text    string
		present []string
		notes   []string // Note() of every entry, in input order
	}{
		{
			name:  "duplicate names the first line",
			text:  "100.118.28.0/24\n100.118.29.0/24\n100.118.28.0/24\n100.118.28.0/24",
			notes: []string{"", "", "duplicate of line 1", "duplicate of line 1"},
		},
		{
			name:  "a bare address duplicates its /32",
			text:  "100.118.28.5\n100.118.28.5/32",
			notes: []string{"", "duplicate of line 1"},
		},
		{
			name:  "later inner block overlaps earlier outer block",
			text:  "100.118.0.0/16\n100.118.28.0/24\n100.118.28.52",
			notes: []string{"", "overlaps line 1 (100.118.0.0/16)", "overlaps line 1 (100.118.0.0/16)"},
		},
		{
			name:  "later outer block overlaps earlier inner blocks: earliest named",
			text:  "100.118.28.0/24\n100.118.1.0/24\n100.118.0.0/16",
			notes: []string{"", "", "overlaps line 1 (100.118.28.0/24)"},
		},
		{
			name:  "nested chain in mixed order",
			text:  "100.118.28.0/24\n100.118.28.128/25\n100.118.0.0/16\n100.119.0.0/16",
			notes: []string{"", "overlaps line 1 (100.118.28.0/24)", "overlaps line 1 (100.118.28.0/24)", ""},
		},
		{
			name:  "sibling under a later parent: the earlier sibling is named",
			text:  "100.118.29.0/24\n100.118.28.0/24\n100.118.0.0/16",
			notes: []string{"", "", "overlaps line 1 (100.118.29.0/24)"},
		},
		{
			name:  "adjacent blocks do not overlap",
			text:  "100.118.28.0/24 100.118.29.0/24 100.118.30.0/23",
			notes: []string{"", "", ""},
		},
		{
			name:  "invalid entries take no part in duplicates",
			text:  "100.118.28.5/24\n100.118.28.5/24\n100.118.28.0/24",
			notes: []string{"host bits set: did you mean 100.118.28.0/24?", "host bits set: did you mean 100.118.28.0/24?", ""},
		},
		{
			name:    "present in any spelling, will skip",
			text:    "100.118.28.0/24\n100.118.29.52\n100.118.30.0/24",
			present: []string{"100.118.28.0/24", "100.118.29.52/32"},
			notes:   []string{NotePresent, NotePresent, ""},
		},
		{
			name:    "a duplicate of a present host is still a duplicate",
			text:    "100.118.28.0/24,100.118.28.0/24",
			present: []string{"100.118.28.0/24"},
			notes:   []string{NotePresent, "duplicate of line 1"},
		},
		{
			name:  "entries sharing a line",
			text:  "# header\n100.118.0.0/16, 100.118.5.0/24",
			notes: []string{"", "overlaps line 2 (100.118.0.0/16)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			present := map[string]bool{}
			for _, h := range tt.present {
				present[h] = true
			}
			res := Check(tt.text, present)
			var notes []string
			valid, skipped, invalid := 0, 0, 0
			for _, l := range res.Lines {
				notes = append(notes, l.Note())
				switch {
				case l.Problem != "":
					invalid++
				case l.Present:
					skipped++
				default:
					valid++
				}
			}
			if !reflect.DeepEqual(notes, tt.notes) {
				t.Errorf("notes = %q\nwant    %q", notes, tt.notes)
			}
			if res.Valid != valid || res.Skipped != skipped || res.Invalid != invalid {
				t.Errorf("counts = %d/%d/%d, want %d/%d/%d", res.Valid, res.Skipped, res.Invalid, valid, skipped, invalid)
			}
		})
	}
}

func TestResultHosts(t *testing.T) {
	t.Parallel()
	res := Check("100.118.28.0/24\n100.118.29.0/24 10.0.0.1\n100.118.30.0/24", map[string]bool{"100.118.29.0/24": true})
	if got, want := res.Hosts(), []string{"100.118.28.0/24", "100.118.30.0/24"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Hosts() = %q, want %q", got, want)
	}
	var present []string
	for _, l := range res.Lines {
		if l.Present {
			present = append(present, l.Host)
		}
	}
	if want := []string{"100.118.29.0/24"}; !reflect.DeepEqual(present, want) || res.Skipped != 1 {
		t.Errorf("present = %q (%d skipped), want %q", present, res.Skipped, want)
	}
}

// TestOverlapMatchesPairwise compares the sweep with the obvious quadratic
// definition on generated lists full of nesting.
func TestOverlapMatchesPairwise(t *testing.T) {
	t.Parallel()
	for seed := 0; seed < 50; seed++ {
		var hosts []string
		x := uint32(seed*7919 + 1)
		for i := 0; i < 60; i++ {
			x = x*1664525 + 1013904223
			bits := 16 + int(x>>28)%12
			a := netip.AddrFrom4([4]byte{100, 118, byte(x >> 8 & 7), byte(x >> 16)})
			hosts = append(hosts, netip.PrefixFrom(a, bits).Masked().String())
		}
		res := Check(strings.Join(hosts, "\n"), nil)
		for i, l := range res.Lines {
			want := ""
			pi := netip.MustParsePrefix(hosts[i])
			for j := 0; j < i; j++ {
				pj := netip.MustParsePrefix(hosts[j])
				if pj == pi {
					want = fmt.Sprintf("duplicate of line %d", j+1)
					break
				}
			}
			if want == "" {
				for j := range hosts {
					pj := netip.MustParsePrefix(hosts[j])
					if j < i && pj != pi && pj.Overlaps(pi) && !repeatsEarlier(hosts, j) {
						want = fmt.Sprintf("overlaps line %d (%s)", j+1, hosts[j])
						break
					}
				}
			}
			if l.Problem != want {
				t.Fatalf("seed %d line %d (%s): problem %q, want %q", seed, i+1, hosts[i], l.Problem, want)
			}
		}
	}
}

// repeatsEarlier reports whether hosts[j] is a duplicate (and so takes no
// part in overlap checks).
func repeatsEarlier(hosts []string, j int) bool {
	for k := 0; k < j; k++ {
		if hosts[k] == hosts[j] {
			return true
		}
	}
	return false
}

func TestFixHostBits(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"100.118.28.5/24", "100.118.28.0/24"},
		{"# keep\n100.118.28.5/24, 100.118.29.0/24 ; 100.100.1.1/12 # note 100.118.28.5/24\n10.0.0.1/8\nx",
			"# keep\n100.118.28.0/24, 100.118.29.0/24 ; 100.96.0.0/12 # note 100.118.28.5/24\n10.0.0.1/8\nx"},
		{"100.118.28.0/24\n", "100.118.28.0/24\n"},
		{"", ""},
	}
	for _, tt := range tests {
		got := FixHostBits(tt.in)
		if got != tt.want {
			t.Errorf("FixHostBits(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for _, l := range Check(got, nil).Lines {
			if l.Fixable {
				t.Errorf("FixHostBits(%q) left %q fixable", tt.in, l.Raw)
			}
		}
	}
}

func TestCanonical(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"100.118.28.5":    "100.118.28.5/32",
		"100.118.28.5/24": "100.118.28.0/24",
		"100.118.28.0/24": "100.118.28.0/24",
		"example.com":     "example.com",
	} {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSpellings(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"100.118.28.5":    {"100.118.28.5", "100.118.28.5/32"},
		"100.118.28.5/32": {"100.118.28.5/32", "100.118.28.5"},
		"100.118.28.0/24": {"100.118.28.0/24"},
		"example.com":     {"example.com"},
	} {
		if got := Spellings(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Spellings(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCheckValues: hosts given as flag values are referred to by flag and
// position, not by line.
func TestCheckValues(t *testing.T) {
	t.Parallel()
	res := CheckValues([]string{"100.118.0.0/16", "100.118.28.0/24", "100.118.0.0/16"}, "--host")
	want := []string{"", "overlaps --host #1 (100.118.0.0/16)", "duplicate of --host #1"}
	for i, l := range res.Lines {
		if l.Problem != want[i] || l.Number != i+1 {
			t.Errorf("value %d: %+v, want problem %q", i+1, l, want[i])
		}
	}
	if res.Invalid != 2 || res.Valid != 1 {
		t.Errorf("result = %+v", res)
	}
}

func TestCheckDescription(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 256)
	tests := []struct {
		desc   string
		strict bool
		err    string // substring; "" = accepted
	}{
		{"", false, ""},
		{"", true, ""},
		{"a", false, ""},
		{"a", true, "at least 2 characters"},
		{"oss hz", false, ""},
		{"oss hz", true, "only letters, digits"},
		{"oss-hz_1.0", true, ""},
		{"中文描述", true, ""},
		{"中文 描述 *~+&", false, ""},
		{"1st service", false, ""},
		{"1st", true, "must start with a letter"},
		{"_x", true, "must start with a letter"},
		{long, false, ""},
		{long, true, ""},
		{long + "a", false, "257 characters long; at most 256"},
		{strings.Repeat("中", 256), false, ""},
		{strings.Repeat("中", 257), false, "257 characters"},
		{"http://oss", false, "must not start with http:// or https://"},
		{"HTTPS://oss", true, "must not start with http:// or https://"},
		{"see http://oss", false, ""},
		{"two\nlines", false, "control character at position 4"},
		{"bad \xff utf8", false, "not valid UTF-8"},
	}
	for _, tt := range tests {
		err := CheckDescription(tt.desc, tt.strict)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("CheckDescription(%.20q, %v) = %v, want nil", tt.desc, tt.strict, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("CheckDescription(%.20q, %v) = %v, want an error containing %q", tt.desc, tt.strict, err, tt.err)
		}
	}
}

type fakeResolver struct {
	addrs []netip.Addr
	err   error
}

func (f fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if network != "ip4" {
		return nil, fmt.Errorf("asked for %s", network)
	}
	return f.addrs, f.err
}

func TestResolve(t *testing.T) {
	t.Parallel()
	addrs := []netip.Addr{
		netip.MustParseAddr("100.118.28.9"), netip.MustParseAddr("::ffff:100.118.28.1"),
		netip.MustParseAddr("100.118.28.9"), netip.MustParseAddr("2408::1"),
	}
	got, err := Resolve(context.Background(), fakeResolver{addrs: addrs}, "oss.example")
	if err != nil || !reflect.DeepEqual(got, []string{"100.118.28.1", "100.118.28.9"}) {
		t.Errorf("Resolve = %q, %v", got, err)
	}
	if _, err := Resolve(context.Background(), fakeResolver{addrs: addrs[3:]}, "v6.example"); err == nil || err.Error() != "no IPv4 address" {
		t.Errorf("Resolve of an IPv6-only name = %v", err)
	}
	// A resolver's error is said in a few words, without the name and
	// the server, which the screen shows or has no room for.
	for err, want := range map[error]string{
		&net.DNSError{Err: "no such host", Name: "x.example", Server: "10.0.0.2:53", IsNotFound: true}: "no such host",
		&net.DNSError{Err: "i/o timeout", Name: "x.example", Server: "10.0.0.2:53", IsTimeout: true}:   "no answer in time",
		&net.DNSError{Err: "server misbehaving", Name: "x.example", Server: "10.0.0.2:53"}:             "server misbehaving",
		context.DeadlineExceeded: "no answer in time",
	} {
		if _, got := Resolve(context.Background(), fakeResolver{err: err}, "x.example"); got == nil || got.Error() != want {
			t.Errorf("Resolve error for %v = %v, want %q", err, got, want)
		}
	}
}

// check5000 is a realistic large paste: mostly valid blocks, with some
// duplicates, overlaps, host bits and junk.
func check5000() string {
	var b strings.Builder
	for i := 0; i < 5000; i++ {
		switch i % 50 {
		case 7:
			b.WriteString("100.118.0.0/16")
		case 13:
			fmt.Fprintf(&b, "100.%d.%d.5/24", 64+i%60, i%250)
		case 29:
			b.WriteString("10.0.0.1 # on-premises, oops")
		default:
			fmt.Fprintf(&b, "100.%d.%d.%d/30", 64+i/4096%60, i/16%256, i%16*16)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func BenchmarkCheck5000(b *testing.B) {
	text := check5000()
	present := map[string]bool{"100.64.0.0/30": true}
	b.ReportAllocs()
	for b.Loop() {
		Check(text, present)
	}
}
