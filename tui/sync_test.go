package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/emulator"
)

// routesFile wants, of the demo CEN: the OSS entries, one more host, and
// the Log Service entry with another description.
const routesFile = `cen: cen-demo0000000001
services:
  - host-region: cn-hangzhou
    host-vpc: vpc-demo0000000001
    access-regions: [cn-hangzhou, cn-shanghai]
    hosts: [100.118.28.0/24, 100.118.29.0/24]
  - host-region: cn-hangzhou
    host-vpc: vpc-demo0000000001
    access-regions: [cn-hangzhou]
    description: logs
    hosts: [100.104.112.0/24]
`

// TestRoutesFileReviewAndSync: cenroute --file opens on the difference
// between the file and the CEN; x and p widen the sync to replacing and
// pruning; enter and y send it, followed in place; the file is then
// checked again and there is nothing left to do. An edit that breaks the
// file is refused at its line when r reads it again.
func TestRoutesFileReviewAndSync(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "routes.yaml")
	if err := os.WriteFile(path, []byte(routesFile), 0o600); err != nil {
		t.Fatal(err)
	}
	s := defaultSetup()
	s.routesFile = path
	s.emu = emulator.Options{Seed: 1, ActivateAfter: 20 * time.Millisecond, DeleteAfter: 20 * time.Millisecond}
	f := start(t, s)
	f.waitStep(stepSync, "Sync "+path+" to cen-demo0000000001",
		"2 to create, 0 to delete, 0 to replace, 2 unchanged, 1 extra kept, 1 differing kept: 1 call", "differs, kept")
	f.press("x")
	f.waitView("2 to create, 0 to delete, 1 to replace, 2 unchanged, 1 extra kept: 3 calls")
	f.press("p")
	f.waitView("2 to create, 1 to delete, 1 to replace, 2 unchanged: 4 calls")
	f.press("enter")
	f.waitView("? y/N")
	f.press("y")
	f.waitView("Synced: 4 calls done.", "0 to create, 0 to delete, 0 to replace, 5 unchanged: nothing to send")
	for _, en := range f.srv.Emulator().State().Entries {
		if en.CenID == emulator.DemoCenID && en.Host == "100.104.112.0/24" && en.Description != "logs" ||
			en.Host == "100.118.102.0/24" {
			t.Errorf("entry left as it was: %+v", en)
		}
	}

	if err := os.WriteFile(path, []byte(strings.Replace(routesFile, "100.118.29.0/24", "10.0.0.0/24", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	f.press("r")
	f.waitView("Nothing can be sent: fix the file", path+":6: 10.0.0.0/24: outside 100.64.0.0/10")
	f.press("esc")
	f.waitStep(stepCEN)
}
