//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package engine

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on f. With wait it waits for the lock;
// without, it returns errLocked at once when another open file holds it.
// A lock belongs to the open file, not to the process: a second open of
// the same journal in this process conflicts too, which is what keeps two
// sessions of one `cenroute serve` apart.
func lockFile(f *os.File, wait bool) error {
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue // a signal came while waiting
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errLocked
		}
		return err
	}
}
