package sshserve

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// loadAuthorizedKeys reads an OpenSSH authorized_keys file. Blank lines and
// comments are skipped. Options in front of a key (from="...", command=...,
// restrict) are refused rather than ignored: serve does not enforce them,
// and silently dropping a from= limit would admit a key from anywhere. A
// file without a single key is an error too: it would lock everybody out,
// and it usually means the wrong file was named.
func loadAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the authorized keys: %w", err)
	}
	var keys []gossh.PublicKey
	for line, rest := 1, data; len(bytes.TrimSpace(rest)) > 0; line++ {
		var current []byte
		current, rest, _ = bytes.Cut(rest, []byte("\n"))
		current = bytes.TrimSpace(current)
		if len(current) == 0 || current[0] == '#' {
			continue
		}
		key, _, options, _, err := gossh.ParseAuthorizedKey(current)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: not a public key", path, line)
		}
		if len(options) > 0 {
			return nil, fmt.Errorf("%s line %d: key options such as %q are not supported; list plain keys", path, line, options[0])
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s holds no public key", path)
	}
	return keys, nil
}

// keyPolicy decides which public keys may log in.
type keyPolicy struct {
	// path is the authorized_keys file; "" admits every key (demo only).
	path string
	// onError reports a file that became unreadable after start.
	onError func(error)
}

// allow is the server's public-key handler. The file is read again on
// every attempt, so an operator adds or removes an attendee's key without
// restarting the server.
func (p keyPolicy) allow(_ ssh.Context, key ssh.PublicKey) bool {
	if p.path == "" {
		// Demo without a key list: every session gets its own emulator
		// world, holds no credentials and can reach nothing but that
		// world, so a key proves nothing worth checking. Attendees connect
		// with whatever key their agent offers. Passwords stay refused.
		return true
	}
	keys, err := loadAuthorizedKeys(p.path)
	if err != nil {
		p.onError(err)
		return false
	}
	return containsKey(keys, key)
}

// containsKey reports whether key is one of keys.
func containsKey(keys []gossh.PublicKey, key gossh.PublicKey) bool {
	for _, k := range keys {
		if ssh.KeysEqual(k, key) {
			return true
		}
	}
	return false
}

// CheckAuthorizedKeys checks the list of the keys allowed in, path: it
// must hold at least one plain public key, and may be "" (any key) only
// for a demo server.
func CheckAuthorizedKeys(path string, demo bool) error {
	if path == "" {
		if !demo {
			return errNoAuthorizedKeys
		}
		return nil
	}
	_, err := loadAuthorizedKeys(path)
	return err
}

// errNoAuthorizedKeys is the refusal to serve real credentials to anyone.
var errNoAuthorizedKeys = errors.New("--authorized-keys is required unless --demo: " +
	"without a key list any SSH key would get a wizard holding this machine's cloud credentials")
