package sshserve

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/demo"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
)

// world is the CEN API one SSH session talks to, with what its wizard needs
// around it.
type world struct {
	client *cenapi.Client
	engine *engine.Engine
	// room is the session's own directory on the server: the only place
	// its reports are written, under names of cenroute's choosing. A
	// demo world's goes with the session.
	room string
	demo bool
	// close releases what was opened for this session only.
	close func()
}

// reportNote is said, in lang's words, where the session's reports are
// saved: where its room is, or that a demo session's files go with it.
func (w *world) reportNote(lang *i18n.Localizer) string {
	if w.demo {
		return lang.T("wizard.ssh.note.demo")
	}
	return lang.T("wizard.ssh.note.room", i18n.Args{"Room": w.room})
}

// worlds opens the world of a session authenticated with key.
type worlds interface {
	open(key gossh.PublicKey) (*world, error)
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

func (d demoWorlds) open(gossh.PublicKey) (*world, error) {
	dir, err := os.MkdirTemp(d.tempDir, "cenroute-session-")
	if err != nil {
		return nil, fmt.Errorf("creating the session directory: %w", err)
	}
	client, stop, err := demo.Start(d.opts, "", "") // the session asks for its own language (see run)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting the session's demo world: %w", err)
	}
	release := func() {
		stop()
		os.RemoveAll(dir)
	}
	return &world{
		client: client,
		engine: engine.New(client, engine.Options{StateDir: filepath.Join(dir, "journals"), Identity: client.Identity}),
		room:   dir,
		demo:   true,
		close:  release,
	}, nil
}

// cloudWorlds hands every session the same client and engine: the server's
// own credentials, shared by the operators it admits. One engine means
// concurrent runs share its rate limiters, as they share the account's API
// limits. Journals go to the engine's state directory, so a run cut short by
// a dropped connection can be resumed from the next session, or with
// 'cenroute apply' on the same host. Reports go to a room per key, under
// rooms: an operator finds the reports of earlier sessions there, and
// never another key's.
type cloudWorlds struct {
	client *cenapi.Client
	engine *engine.Engine
	rooms  string
}

func (c cloudWorlds) open(key gossh.PublicKey) (*world, error) {
	room, err := keyRoom(c.rooms, key)
	if err != nil {
		return nil, err
	}
	return &world{client: c.client, engine: c.engine, room: room, close: func() {}}, nil
}

// keyRoom is the room of key under rooms, created on first use: a
// directory named after the SHA-256 of the key, readable by the server's
// user only. Something else in its place, a symbolic link above all, is
// refused rather than followed.
func keyRoom(rooms string, key gossh.PublicKey) (string, error) {
	sum := sha256.Sum256(key.Marshal())
	room := filepath.Join(rooms, hex.EncodeToString(sum[:]))
	err := os.Mkdir(room, 0o700)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("creating the session's room: %w", err)
	}
	fi, err := os.Lstat(room)
	if err != nil {
		return "", fmt.Errorf("the session's room: %w", err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("the session's room %s is not a directory", room)
	}
	return room, nil
}
