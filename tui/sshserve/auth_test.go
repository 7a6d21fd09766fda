package sshserve

import (
	"os"
	"strings"
	"testing"
)

func TestLoadAuthorizedKeys(t *testing.T) {
	t.Parallel()
	signer, line := newKey(t)
	other, otherLine := newKey(t)
	path := writeFile(t, "keys", []byte("# team\n\n"+string(line)+"  "+string(otherLine)))
	keys, err := loadAuthorizedKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || !containsKey(keys, signer.PublicKey()) || !containsKey(keys, other.PublicKey()) {
		t.Fatalf("got %d keys, want both listed keys", len(keys))
	}
}

func TestLoadAuthorizedKeysRefusesWhatItCannotHonour(t *testing.T) {
	t.Parallel()
	_, line := newKey(t)
	cases := map[string]struct{ content, want string }{
		"empty":    {"# nobody yet\n", "holds no public key"},
		"garbage":  {string(line) + "ssh-ed25519 AAAAnotakey\n", "line 2: not a public key"},
		"options":  {`from="10.0.0.0/8" ` + string(line), "key options"},
		"restrict": {"restrict " + string(line), "key options"},
	}
	for name, c := range cases {
		_, err := loadAuthorizedKeys(writeFile(t, name, []byte(c.content)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, c.want)
		}
	}
	if _, err := loadAuthorizedKeys(t.TempDir() + "/missing"); err == nil {
		t.Error("a missing file was accepted")
	}
}

// The key list is read at every login: a key added while the server runs
// is let in, and one removed is refused, without a restart.
func TestAuthorizedKeysAreReadAtEveryLogin(t *testing.T) {
	t.Parallel()
	first, firstLine := newKey(t)
	late, lateLine := newKey(t)
	cfg := demoConfig()
	cfg.AuthorizedKeysPath = writeFile(t, "authorized_keys", firstLine)
	srv, _ := testServer(t, cfg)
	mustDial(t, srv.Addr().String(), first).Close()
	if c, err := dial(t, srv.Addr().String(), late); err == nil {
		c.Close()
		t.Fatal("a key not yet listed was let in")
	}
	if err := appendFile(cfg.AuthorizedKeysPath, lateLine); err != nil {
		t.Fatal(err)
	}
	mustDial(t, srv.Addr().String(), late).Close()
	if err := os.WriteFile(cfg.AuthorizedKeysPath, lateLine, 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := dial(t, srv.Addr().String(), first); err == nil {
		c.Close()
		t.Fatal("a key removed from the list was still let in")
	}
	mustDial(t, srv.Addr().String(), late).Close()
}
