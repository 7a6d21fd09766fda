package main

import (
	"os"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// zeros is /dev/zero as a reader that counts what was read from it.
type zeros struct{ read int }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += len(p)
	return len(p), nil
}

// --hosts-file /dev/zero ran the process out of memory, and
// --hosts-file - fed from /dev/zero never ended. Both are read through
// the host-list limit now: refused with the reason and exit 2, having
// read just past the limit, nothing sent.
func TestSecurityEndlessHostsFileIsRefused(t *testing.T) {
	t.Parallel()
	const want = "it is more than 512 KiB; a host list holds at most 512 KiB"
	for _, cmd := range [][]string{
		{"apply", "--cen", "cen-x", "--host-region", "cn-hangzhou", "--host-vpc", "vpc-x", "--access-region", "cn-hangzhou"},
		{"delete", "--cen", "cen-x", "--host-region", "cn-hangzhou", "--access-region", "cn-hangzhou"},
	} {
		stdin := &zeros{}
		args := append([]string{"--demo"}, append(cmd, "--hosts-file", "-", "--state-dir", t.TempDir())...)
		code, out, errOut := runMainFrom(stdin, args...)
		if code != exitcode.Usage || out != "" || !strings.Contains(errOut, "--hosts-file -: "+want) {
			t.Errorf("%s from endless stdin: exit %d, stdout %q, stderr %q", cmd[0], code, out, errOut)
		}
		if stdin.read > hostlist.MaxBytes+64<<10 {
			t.Errorf("%s read %d bytes of an endless stdin", cmd[0], stdin.read)
		}
		if _, err := os.Stat("/dev/zero"); err != nil {
			continue // not a Unix system
		}
		args = append([]string{"--demo"}, append(cmd, "--hosts-file", "/dev/zero", "--state-dir", t.TempDir())...)
		code, stdout, stderr := runMain(args...)
		if code != exitcode.Usage || stdout != "" || !strings.Contains(stderr, "--hosts-file /dev/zero: "+want) {
			t.Errorf("%s --hosts-file /dev/zero: exit %d, stdout %q, stderr %q", cmd[0], code, stdout, stderr)
		}
	}
}
