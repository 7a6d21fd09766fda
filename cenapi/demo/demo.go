// Package demo starts demo worlds: the CEN API emulator on a loopback port
// and a client signed in to it with the emulator's demo credentials. It is
// the one way cenroute starts one, for --demo, for every demo SSH session
// and for the screenshots.
package demo

import (
	"fmt"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/emulator"
)

// Start starts an emulator with opts on a free loopback port and returns a
// client of it, with region as the client's region ("" for the default).
// stop stops the emulator; the world ends with it.
func Start(opts emulator.Options, region string) (client *cenapi.Client, stop func(), err error) {
	srv, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		return nil, nil, fmt.Errorf("starting the demo emulator: %w", err)
	}
	client, err = cenapi.New(cenapi.Config{Region: region, Endpoint: srv.Endpoint(),
		AccessKeyID: emulator.DemoAccessKeyID, AccessKeySecret: emulator.DemoAccessKeySecret,
		CredentialsName: "demo credentials"})
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	return client, func() { srv.Close() }, nil
}
