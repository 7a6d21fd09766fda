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
// client of it, with region as the client's region ("" for the default),
// asking for names in language (an AcceptLanguage; "" for the default).
// stop stops the emulator; the world ends with it.
func Start(opts emulator.Options, region, language string) (client *cenapi.Client, stop func(), err error) {
	cfg, stop, err := Serve(opts, region, language)
	if err != nil {
		return nil, nil, err
	}
	client, err = cenapi.New(cfg)
	if err != nil {
		stop()
		return nil, nil, err
	}
	return client, stop, nil
}

// Serve starts an emulator with opts on a free loopback port and returns
// the configuration of a client of it: both APIs there, the demo
// credentials, region as the client's region, language as its language.
// stop stops the emulator.
func Serve(opts emulator.Options, region, language string) (cfg cenapi.Config, stop func(), err error) {
	srv, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		return cenapi.Config{}, nil, fmt.Errorf("starting the demo emulator: %w", err)
	}
	cfg = cenapi.Config{Region: region, Language: language, Endpoint: srv.Endpoint(), VPCEndpoint: srv.Endpoint(),
		AccessKeyID: emulator.DemoAccessKeyID, AccessKeySecret: emulator.DemoAccessKeySecret,
		DemoCredentials: true}
	return cfg, func() { srv.Close() }, nil
}
