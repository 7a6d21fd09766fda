package main

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// helperArgs is the environment variable that turns the test binary into
// cenroute itself (see TestHelperCenroute): the program's arguments, as
// JSON.
const helperArgs = "CENROUTE_TEST_HELPER_ARGS"

// helperProxy is the HTTPS_PROXY of a helper process (see TestMain).
const helperProxy = "CENROUTE_TEST_HELPER_HTTPS_PROXY"

// TestHelperCenroute is cenroute, run as a process of its own by tests
// that need a process environment of their own: the trusted certificates
// (SSL_CERT_FILE) and the proxy settings are read once per process.
func TestHelperCenroute(t *testing.T) {
	raw := os.Getenv(helperArgs)
	if raw == "" {
		t.Skip("runs only as a helper process")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	// TestMain unset the proxy variables, as every test process does; the
	// ones the test meant for this process come under another name.
	if proxy := os.Getenv(helperProxy); proxy != "" {
		os.Setenv("HTTPS_PROXY", proxy)
	}
	env := environment{stdin: strings.NewReader(""), stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(context.Background(), args, env))
}

// runProcess runs cenroute with args in a process of its own, with the
// emulator's demo credentials, nothing of the developer's environment, and
// the variables of extra; it returns the exit code and the output.
func runProcess(t *testing.T, extra map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	encoded, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperCenroute$")
	home := t.TempDir()
	cmd.Env = []string{"HOME=" + home, "XDG_STATE_HOME=" + filepath.Join(home, "state"), "PATH=" + os.Getenv("PATH"),
		helperArgs + "=" + string(encoded),
		"ALIBABA_CLOUD_ACCESS_KEY_ID=" + emulator.DemoAccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + emulator.DemoAccessKeySecret,
		"ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true", "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true"}
	for k, v := range extra {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("cenroute %v did not end within two minutes: %s", args, errOut.String())
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errOut.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errOut.String()
}

// tlsEmulator serves an emulator over TLS on loopback, with a certificate
// for 127.0.0.1 and example.com, and writes that certificate to a PEM file
// for SSL_CERT_FILE.
func tlsEmulator(t *testing.T) (srv *httptest.Server, certFile string) {
	t.Helper()
	srv = httptest.NewUnstartedServer(emulator.New(emulator.Options{}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // a client that does not trust it is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	certFile = filepath.Join(t.TempDir(), "emulator.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(certFile, block, 0o600); err != nil {
		t.Fatal(err)
	}
	return srv, certFile
}

// An https endpoint is reached over TLS: trusted through SSL_CERT_FILE, it
// works (and, being loopback, skips the proxy of HTTPS_PROXY); without the
// certificate it fails with a clear line. A proxy carries the calls to an
// endpoint off this machine.
func TestEndpointOverTLS(t *testing.T) {
	t.Parallel()
	srv, certFile := tlsEmulator(t)
	endpoint := srv.URL // https://127.0.0.1:PORT
	list := []string{"list", "--cen", emulator.DemoCenID, "--output", "json"}

	deadProxy := "http://127.0.0.1:1"
	code, out, errOut := runProcess(t, map[string]string{"SSL_CERT_FILE": certFile, helperProxy: deadProxy},
		append([]string{"--endpoint", endpoint}, list...)...)
	if code != exitcode.OK || !strings.Contains(out, "100.118.28.0/24") {
		t.Fatalf("over TLS, trusted: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// The environment names the endpoint as well as the flag does.
	code, _, errOut = runProcess(t, map[string]string{"SSL_CERT_FILE": certFile, "CENROUTE_ENDPOINT": endpoint}, list...)
	if code != exitcode.OK {
		t.Fatalf("over TLS, from $CENROUTE_ENDPOINT: exit %d, stderr %q", code, errOut)
	}

	empty := filepath.Join(t.TempDir(), "none.pem")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runProcess(t, map[string]string{"SSL_CERT_FILE": empty}, append([]string{"--endpoint", endpoint}, list...)...)
	if code != exitcode.Failed || !strings.Contains(errOut, "TLS certificate not trusted") || strings.Count(errOut, "\n") > 2 {
		t.Errorf("over TLS, not trusted: exit %d, stderr %q", code, errOut)
	}

	proxy := newConnectProxy(t, srv.Listener.Addr().String())
	code, out, errOut = runProcess(t, map[string]string{"SSL_CERT_FILE": certFile, helperProxy: proxy.url},
		append([]string{"--endpoint", "https://example.com", "--vpc-endpoint", "https://example.com"}, list...)...)
	if code != exitcode.OK || !strings.Contains(out, "100.118.28.0/24") {
		t.Fatalf("through a proxy: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if got := proxy.targets(); len(got) == 0 || got[0] != "example.com:443" {
		t.Errorf("the proxy was asked for %v, want example.com:443", got)
	}
}

// connectProxy is an HTTPS proxy on loopback that tunnels every CONNECT to
// one address, whatever host it names, and remembers the hosts named:
// calls to an endpoint off this machine go no further than loopback.
type connectProxy struct {
	url string
	mu  sync.Mutex
	to  []string
}

func newConnectProxy(t *testing.T, target string) *connectProxy {
	t.Helper()
	p := &connectProxy{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		p.mu.Lock()
		p.to = append(p.to, r.Host)
		p.mu.Unlock()
		upstream, err := net.Dial("tcp", target)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		client, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			upstream.Close()
			return
		}
		_, _ = rw.WriteString("HTTP/1.1 200 Connection established\r\n\r\n")
		_ = rw.Flush()
		go func() {
			_, _ = io.Copy(upstream, rw)
			upstream.Close()
		}()
		_, _ = io.Copy(client, upstream)
		client.Close()
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

func (p *connectProxy) targets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.to...)
}
