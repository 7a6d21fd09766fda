// Command cenroute routes on-premises networks to Alibaba Cloud services
// through a Cloud Enterprise Network: an interactive wizard, scripted
// commands and a built-in emulator of the CEN API.
package main

import (
	"os"

	"github.com/cenroute/cenroute/cenapi/cli"
	"github.com/cenroute/cenroute/tui"
	"github.com/cenroute/cenroute/tui/sshserve"
)

func main() {
	stdio := cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(cli.Main(os.Args[1:], stdio, cli.Launchers{UI: tui.Launch, Serve: sshserve.Launch}))
}
