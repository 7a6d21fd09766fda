package cli

import (
	"os"
	"testing"
)

// TestMain keeps the SDK's credential chain away from the network and from
// the developer's files, and keeps loopback traffic off any proxy. It serves
// every test of the package.
func TestMain(m *testing.M) {
	os.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	os.Setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")
	for _, v := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		os.Unsetenv(v)
	}
	os.Exit(m.Run())
}
