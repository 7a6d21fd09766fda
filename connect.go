package main

import (
	"errors"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/demo"
	"github.com/cenroute/cenroute/cenapi/emulator"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// connect builds the client the global flags describe: a demo world of
// its own with --demo (see demo.Start), else the CEN API at --endpoint or
// in the cloud, as the account the flags and the environment name.
// closeConn releases it.
func (a *app) connect() (client *cenapi.Client, closeConn func(), err error) {
	if a.demo {
		opts, err := a.demoWorld()
		if err != nil {
			return nil, nil, err
		}
		return demo.Start(opts, a.region, a.words.APILanguage())
	}
	cfg, err := a.cloudConfig()
	if err == nil {
		client, err = cenapi.New(cfg)
	}
	if err != nil {
		return nil, nil, err
	}
	return client, func() {}, nil
}

// config is the configuration of the client connect builds, for what
// needs it before any client (the doctor: an endpoint can be probed
// without credentials). stop releases a demo world.
func (a *app) config() (cfg cenapi.Config, stop func(), err error) {
	if a.demo {
		opts, err := a.demoWorld()
		if err != nil {
			return cfg, nil, err
		}
		return demo.Serve(opts, a.region, a.words.APILanguage())
	}
	cfg, err = a.cloudConfig()
	return cfg, func() {}, err
}

// demoWorld checks the flags given with --demo and returns the options of
// its emulator.
func (a *app) demoWorld() (emulator.Options, error) {
	if a.endpoint != "" || a.vpcEndpoint != "" {
		return emulator.Options{}, exitcode.BadUsage(errors.New(a.words.T("cli.demo.endpoint")))
	}
	return a.demoOptions()
}

// cloudConfig is the configuration of a client of the CEN API at
// --endpoint or in the cloud.
func (a *app) cloudConfig() (cenapi.Config, error) {
	if a.world != "" {
		return cenapi.Config{}, errors.New(a.words.T("cli.demo.worldWithoutDemo"))
	}
	return cenapi.Config{Profile: a.profile, Region: a.region, Endpoint: a.endpoint, VPCEndpoint: a.vpcEndpoint,
		Language: a.words.APILanguage(), Getenv: a.getenv}, nil
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
