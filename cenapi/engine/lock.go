package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cenroute/cenroute/cenapi/fact"
)

// A run holds an exclusive advisory lock (flock) on its journal for as long
// as it is live in this process, from Start, StartDelete or Resume until
// it ends. Two processes (two SSH sessions of `cenroute serve`, or the
// wizard and `cenroute apply --resume`) therefore cannot drive one run at
// once: each would send the same hosts and interleave its records with the
// other's. The lock goes with the journal's file descriptor, so the
// operating system releases it when the run ends or the process dies,
// however it dies; a lock never outlives its holder.

// gateName is the file in the state directory that serialises every
// attempt to take a journal's lock. See gated.
const gateName = "journals.lock"

// errLocked is what lockFile returns when another holder has the lock.
var errLocked = errors.New("locked")

// busyError is Resume's refusal of a run that is live elsewhere: in
// another cenroute process, or in another session of this one.
type busyError struct {
	RunID string
	// PID is the process that last started or resumed the run, as its
	// journal says; 0 when the journal does not say.
	PID int
}

// Error names the run and who runs it (the process ID when the journal
// says), and what the user can do.
func (e *busyError) Error() string { return e.Said().String() }

// Said is the error's fact.
func (e *busyError) Said() fact.Fact {
	kind, who := KindBusyOther, "another cenroute process"
	switch {
	case e.PID == os.Getpid():
		// `cenroute serve` runs every SSH session in one process.
		kind, who = KindBusyThisProcessPID, fmt.Sprintf("another session of this cenroute process (pid %d)", e.PID)
	case e.PID > 0:
		kind, who = KindBusyOtherPID, fmt.Sprintf("another cenroute process (pid %d)", e.PID)
	}
	return fact.New(kind, fmt.Sprintf("run %s is being run by %s; wait for it or stop it", e.RunID, who),
		fact.Args{"ID": e.RunID, "N": e.PID})
}

// lockJournal takes the exclusive lock of an open journal without waiting
// for it: errLocked when a live run holds it.
func lockJournal(dir string, f *os.File) error {
	return gated(dir, func() error { return lockFile(f, false) })
}

// journalBusy reports whether a live run holds the lock of the journal at
// path. It has to take the lock to know, so it releases it before the
// gate. A journal it cannot open or a gate it cannot take counts as free:
// Resume then reports the problem itself.
func journalBusy(dir, path string) bool {
	busy := false
	_ = gated(dir, func() error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close() // closing releases the lock, still inside the gate
		busy = errors.Is(lockFile(f, false), errLocked)
		return nil
	})
	return busy
}

// gated runs fn while holding the state directory's gate lock. Every
// attempt on a journal's lock, Unfinished's probes included, goes through
// the gate: a probe must take a journal's lock to see whether it is free,
// and without the gate a Resume that came in the middle of a probe would
// be refused as if the run were live. The gate is held for a flock call or
// two, never for a run, so waiting for it is short.
func gated(dir string, fn func() error) error {
	g, err := os.OpenFile(filepath.Join(dir, gateName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return failedTo(KindGateOpen, "opening the journals' lock", err)
	}
	defer g.Close() // releases the gate
	if err := lockFile(g, true); err != nil {
		return failedTo(KindGateLock, "locking the journals", err)
	}
	return fn()
}
