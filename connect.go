package main

import (
	"errors"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/demo"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// connect builds the client the global flags describe (see config).
// closeConn releases it.
func (a *app) connect() (client *cenapi.Client, closeConn func(), err error) {
	cfg, stop, err := a.config()
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

// config is the client configuration the global flags describe: a demo
// world of its own with --demo (see demo.Serve), else the CEN API at
// --endpoint or in the cloud, as the account the flags and the
// environment name. stop releases a demo world.
func (a *app) config() (cfg cenapi.Config, stop func(), err error) {
	if a.demo {
		if a.endpoint != "" || a.vpcEndpoint != "" {
			return cfg, nil, exitcode.BadUsage(errors.New("--demo and --endpoint (or --vpc-endpoint) cannot be used together: --demo starts its own emulator"))
		}
		opts, err := a.demoOptions()
		if err != nil {
			return cfg, nil, err
		}
		return demo.Serve(opts, a.region)
	}
	if a.world != "" {
		return cfg, nil, errors.New("--world describes an emulated world: use it with --demo, or with the emulator command")
	}
	return cenapi.Config{Profile: a.profile, Region: a.region, Endpoint: a.endpoint, VPCEndpoint: a.vpcEndpoint,
		Getenv: a.getenv}, func() {}, nil
}

// demoOptions are the options of a demo emulator (--demo, a demo SSH
// session): emulator.DemoOptions, with the world of --world when given.
func (a *app) demoOptions() (emulator.Options, error) {
	opts := emulator.DemoOptions()
	w, err := a.loadWorld()
	opts.World = w
	return opts, err
}

// loadWorld reads the world file --world names; nil (the built-in demo
// world) when there is none. Its errors name the file and line.
func (a *app) loadWorld() (*emulator.World, error) {
	if a.world == "" {
		return nil, nil
	}
	return emulator.LoadWorld(a.world)
}
