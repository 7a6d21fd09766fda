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
		Short: "write a CEN's route services as a routes file",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runExport(cmd, cenID, hostRegion, path))
		},
	}
	cmd.Flags().StringVar(&cenID, "cen", "", "ID of the CEN (required)")
	cmd.Flags().StringVar(&hostRegion, "host-region", "", "only the route services of this host region (the file then speaks for it alone)")
	cmd.Flags().StringVar(&path, "file", "", "write the routes file here, keeping the names of the services an earlier export there gave (default: stdout)")
	return cmd
}

func (a *app) runExport(cmd *cobra.Command, cenID, hostRegion, path string) int {
	if cenID == "" {
		return a.usageError(cmd, "--cen is required")
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
		var fe *routesfile.Error
		if errors.As(err, &fe) {
			for _, p := range fe.Problems {
				fmt.Fprintln(a.stderr, shownMessage(p))
			}
		}
		return nil, a.inputError(shown(path) + " exists and is not a routes file that reads: it was left as it was"), true
	case f.CEN != cenID:
		return nil, a.inputError(fmt.Sprintf("%s is the routes file of %s, not of %s: it was left as it was", shown(path), shown(f.CEN), shown(cenID))), true
	}
	return f, exitcode.OK, false
}

// sayExported says on stderr what was written, and what was left out.
func (a *app) sayExported(f *routesfile.File, skipped routesfile.Skipped, path string) {
	n := 0
	for _, s := range f.Services {
		n += len(s.Hosts) * len(s.AccessRegions)
	}
	where := "stdout"
	if path != "" {
		where = shown(path)
	}
	text := fmt.Sprintf("exported %s of %s in %s to %s", entries(n), shown(f.CEN), count(len(f.Services), "service", "services"), where)
	if skipped.Failed+skipped.Deleting > 0 {
		text += fmt.Sprintf("; left out %d Failed and %d being deleted", skipped.Failed, skipped.Deleting)
	}
	fmt.Fprintln(a.stderr, text)
}
