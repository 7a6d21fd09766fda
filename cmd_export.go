package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/routesfile"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
	"github.com/cenroute/cenroute/views/savefile"
)

// newExportCommand is 'cenroute export': a CEN's route services as a
// routes file, on stdout or in --file (written anew, the names of its
// services kept).
func (a *app) newExportCommand() *cobra.Command {
	var cenID, hostRegion, path string
	cmd := &cobra.Command{
		Use:   "export --cen ID [--host-region R] [--file FILE]",
		Short: a.words.T("cli.export.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runExport(cmd, cenID, hostRegion, path))
		},
	}
	cmd.Flags().StringVar(&cenID, "cen", "", a.words.T("cli.flag.cen"))
	cmd.Flags().StringVar(&hostRegion, "host-region", "", a.words.T("cli.flag.export.hostRegion"))
	cmd.Flags().StringVar(&path, "file", "", a.words.T("cli.flag.export.file"))
	return cmd
}

func (a *app) runExport(cmd *cobra.Command, cenID, hostRegion, path string) int {
	if cenID == "" {
		return a.usageError(cmd, a.required("--cen").Error())
	}
	previous, code, done := a.previousExport(path, cenID)
	if done {
		return code
	}
	client, closeConn, err := a.connect()
	if err != nil {
		return a.failed(err)
	}
	defer closeConn()
	// One paged listing, each page retried on its own (see list).
	client = client.WithRetry(engine.New(client, engine.Options{}))
	list, err := client.DescribeRouteServices(cmd.Context(), cenapi.RouteServiceFilter{CenID: cenID, HostRegionID: hostRegion})
	if err != nil {
		return a.failed(err)
	}
	f, skipped := routesfile.Export(cenID, hostRegion, list, previous)
	data, err := f.Marshal()
	if err != nil {
		return a.failed(err)
	}
	if path == "" {
		_, err = a.stdout.Write(data)
	} else {
		err = savefile.Replace(path, data)
	}
	if err != nil {
		return a.failed(err)
	}
	a.sayExported(f, skipped, path)
	return exitcode.OK
}

// previousExport reads the file an export is about to replace, for the
// names of its services. A file that is not a routes file of this CEN is
// left alone: the export ends with exitcode.Usage.
func (a *app) previousExport(path, cenID string) (*routesfile.File, int, bool) {
	if path == "" {
		return nil, exitcode.OK, false
	}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, exitcode.OK, false
	}
	f, err := routesfile.Load(path)
	switch {
	case err != nil:
		a.printFileProblems(err)
		return nil, a.inputError(a.words.T("cli.export.notRoutesFile", i18n.Args{"File": shown(path)})), true
	case f.CEN != cenID:
		return nil, a.inputError(a.words.T("cli.export.otherCEN", i18n.Args{"File": shown(path), "FileCEN": shown(f.CEN),
			"CEN": shown(cenID)})), true
	}
	return f, exitcode.OK, false
}

// sayExported says on stderr what was written, and what was left out.
func (a *app) sayExported(f *routesfile.File, skipped routesfile.Skipped, path string) {
	n := 0
	for _, s := range f.Services {
		n += len(s.Hosts) * len(s.AccessRegions)
	}
	args := i18n.Args{"Entries": a.entries(n), "CEN": shown(f.CEN), "Where": "stdout",
		"Services": a.words.T("cli.count.services", i18n.Args{"Count": len(f.Services)}),
		"Failed":   skipped.Failed, "Deleting": skipped.Deleting}
	if path != "" {
		args["Where"] = shown(path)
	}
	if skipped.Failed+skipped.Deleting > 0 {
		fmt.Fprintln(a.stderr, a.words.T("cli.export.doneLeftOut", args))
		return
	}
	fmt.Fprintln(a.stderr, a.words.T("cli.export.done", args))
}
