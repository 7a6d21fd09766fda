package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os/exec"
	"slices"
	"testing"
)

// The command line is this package's alone: no package of the wizard
// (tui/), its views (views/) or the client (cenapi/) depends on a package
// that parses command-line flags. They take their options as values, so
// that they serve the wizard, serve and the commands alike, and tests
// build them directly. The standard flag package is allowed only through
// testing, in the helper packages only tests import.
func TestOnlyMainParsesTheCommandLine(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-json=ImportPath,Deps", "./tui/...", "./views/...", "./cenapi/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	flagParsers := []string{"flag", "github.com/spf13/cobra", "github.com/spf13/pflag"}
	dec := json.NewDecoder(bytes.NewReader(out))
	seen := 0
	for {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		seen++
		for _, dep := range p.Deps {
			if !slices.Contains(flagParsers, dep) || dep == "flag" && slices.Contains(p.Deps, "testing") {
				continue
			}
			t.Errorf("%s depends on %s, which parses command-line flags", p.ImportPath, dep)
		}
	}
	if seen < 10 {
		t.Fatalf("go list named %d packages; expected every package of tui, views and cenapi", seen)
	}
}
