package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/tui/exitcode"
)

// newListCommand is 'cenroute list': the route services of one CEN with
// their status, as a table or as a JSON array.
func (a *app) newListCommand() *cobra.Command {
	var cenID, output string
	cmd := &cobra.Command{
		Use:   "list --cen ID [--output table|json]",
		Short: a.words.T("cli.list.short"),
		Args:  a.noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return exit(a.runList(cmd, cenID, output))
		},
	}
	cmd.Flags().StringVar(&cenID, "cen", "", a.words.T("cli.flag.list.cen"))
	cmd.Flags().StringVar(&output, "output", "table", a.words.T("cli.flag.output"))
	return cmd
}

func (a *app) runList(cmd *cobra.Command, cenID, output string) int {
	if cenID == "" {
		return a.usageError(cmd, a.required("--cen").Error())
	}
	if err := a.checkOutput(output); err != nil {
		return a.usageError(cmd, err.Error())
	}
	client, closeConn, err := a.connect()
	if err != nil {
		return a.failed(err)
	}
	defer closeConn()
	// Each page is retried on its own (throttling, 5xx, timeouts) with the
	// engine's backoff, as apply's reads are, instead of failing the listing.
	client = client.WithRetry(engine.New(client, engine.Options{}))
	entries, err := client.DescribeRouteServices(cmd.Context(), cenapi.RouteServiceFilter{CenID: cenID})
	if err != nil {
		return a.failed(err)
	}
	if output == "json" {
		err = writeJSON(a.stdout, routesJSON(entries))
	} else {
		err = a.writeRoutesTable(a.stdout, entries)
		if len(entries) == 0 {
			fmt.Fprintln(a.stderr, a.words.T("cli.list.none", i18n.Args{"CEN": shown(cenID)}))
		}
	}
	if err != nil {
		return a.failed(err)
	}
	return exitcode.OK
}

// writeRoutesTable prints one row per entry under a header. Every field
// comes from the API, so each is shown terminal-safe (see shown).
func (a *app) writeRoutesTable(w io.Writer, entries []cenapi.RouteService) error {
	t, words := newTable(2), a.words
	t.row(words.T("cli.table.host"), words.T("cli.table.hostRegion"), words.T("cli.table.accessRegion"),
		words.T("cli.table.hostVpc"), words.T("cli.table.status"), words.T("cli.table.description"))
	for _, e := range entries {
		t.row(shown(e.Host), shown(e.HostRegionID), shown(e.AccessRegionID), shown(e.HostVpcID),
			shown(a.statusWord(e.Status)), orDash(shown(e.Description)))
	}
	return t.write(w)
}

// routeJSON is an entry as `list --output json` prints it: the API's own
// field names, as `aliyun cbn DescribeRouteServicesInCen` shows them.
type routeJSON struct {
	CenID          string   `json:"CenId"`
	Host           string   `json:"Host"`
	HostRegionID   string   `json:"HostRegionId"`
	HostVpcID      string   `json:"HostVpcId"`
	AccessRegionID string   `json:"AccessRegionId"`
	Status         string   `json:"Status"`
	Description    string   `json:"Description"`
	Cidrs          []string `json:"Cidrs"`
}

// routesJSON is the JSON array of the entries ([] when there are none).
func routesJSON(entries []cenapi.RouteService) []routeJSON {
	out := make([]routeJSON, 0, len(entries))
	for _, e := range entries {
		out = append(out, routeJSON{CenID: e.CenID, Host: e.Host, HostRegionID: e.HostRegionID, HostVpcID: e.HostVpcID,
			AccessRegionID: e.AccessRegionID, Status: e.Status, Description: e.Description, Cidrs: nonNil(e.Cidrs)})
	}
	return out
}
