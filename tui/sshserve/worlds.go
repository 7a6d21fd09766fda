package sshserve

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/cli"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
)

// world is the CEN API one SSH session talks to, with what its wizard needs
// around it.
type world struct {
	client    *cenapi.Client
	engine    *engine.Engine
	reportDir string
	// reportNote is said where reports are saved: why they may not last.
	reportNote string
	demo       bool
	// close releases what was opened for this session only.
	close func()
}

// worlds opens a session's world.
type worlds interface {
	open() (*world, error)
}

// demoWorlds gives every session a sandbox of its own: an emulator on a
// loopback port with a freshly seeded demo world, and a temporary directory
// for its run journals and saved reports. Attendees of one training never
// see each other's route services, and closing the session removes it all:
// a journal of a world that no longer exists could never be resumed.
type demoWorlds struct {
	opts    emulator.Options
	tempDir string // parent of the session directories; "" = os.TempDir()
}

func (d demoWorlds) open() (*world, error) {
	dir, err := os.MkdirTemp(d.tempDir, "cenroute-session-")
	if err != nil {
		return nil, fmt.Errorf("creating the session directory: %w", err)
	}
	conn, err := cli.StartDemo(d.opts, "")
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting the session's demo world: %w", err)
	}
	release := func() {
		conn.Close()
		os.RemoveAll(dir)
	}
	client := conn.Client
	return &world{
		client:     client,
		engine:     engine.New(client, engine.Options{StateDir: filepath.Join(dir, "journals"), Identity: client.Identity}),
		reportDir:  dir,
		reportNote: "this demo session's files are removed when you disconnect",
		demo:       true,
		close:      release,
	}, nil
}

// cloudWorlds hands every session the same client and engine: the server's
// own credentials, shared by the operators it admits. One engine means
// concurrent runs share its rate limiters, as they share the account's API
// limits. Journals go to the engine's state directory, so a run cut short by
// a dropped connection can be resumed from the next session, or with
// 'cenroute apply' on the same host.
type cloudWorlds struct {
	client    *cenapi.Client
	engine    *engine.Engine
	reportDir string
}

func (c cloudWorlds) open() (*world, error) {
	return &world{client: c.client, engine: c.engine, reportDir: c.reportDir, close: func() {}}, nil
}
