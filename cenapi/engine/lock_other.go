//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package engine

import "os"

// lockFile locks nothing here. cenroute is released for Linux and runs on
// macOS, which both have flock; on other systems (Windows, Solaris, AIX)
// it still builds, but nothing stops two processes from running one
// journal at once.
func lockFile(*os.File, bool) error { return nil }
