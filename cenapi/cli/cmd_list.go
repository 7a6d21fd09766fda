package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
)

const listUsage = "cenroute list --cen ID [--output table|json]"

// runList prints the route services of one CEN with their status, as a
// table or as a JSON array.
func runList(ctx context.Context, env *Env) int {
	fs := env.CommandFlags("list")
	cenID := fs.String("cen", "", "ID of the CEN whose route services to list (required)")
	output := fs.String("output", "table", "output format: table or json")
	if ok, code := env.ParseCommand(fs, listUsage); !ok {
		return code
	}
	if *cenID == "" {
		return usageError(env, listUsage, "--cen is required")
	}
	if err := checkOutput(*output); err != nil {
		return usageError(env, listUsage, err.Error())
	}
	conn, err := env.Connect()
	if err != nil {
		return failed(env, err)
	}
	defer conn.Close()
	// Each page is retried on its own (throttling, 5xx, timeouts) with the
	// engine's backoff, as apply's reads are, instead of failing the listing.
	client := conn.Client.WithRetry(engine.New(conn.Client, engine.Options{}))
	entries, err := client.DescribeRouteServices(ctx, cenapi.RouteServiceFilter{CenID: *cenID})
	if err != nil {
		return failed(env, err)
	}
	if *output == "json" {
		err = writeJSON(env.Stdout, routesJSON(entries))
	} else {
		err = writeRoutesTable(env.Stdout, entries)
		if len(entries) == 0 {
			fmt.Fprintf(env.Stderr, "no route services in %s\n", shown(*cenID))
		}
	}
	if err != nil {
		return failed(env, err)
	}
	return ExitOK
}

// writeRoutesTable prints one row per entry under a header. Every field
// comes from the API, so each is shown terminal-safe (see shown).
func writeRoutesTable(w io.Writer, entries []cenapi.RouteService) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HOST\tHOST REGION\tACCESS REGION\tHOST VPC\tSTATUS\tDESCRIPTION")
	for _, e := range entries {
		desc := e.Description
		if desc == "" {
			desc = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", shown(e.Host), shown(e.HostRegionID), shown(e.AccessRegionID),
			shown(e.HostVpcID), shown(e.Status), shown(desc))
	}
	return tw.Flush()
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
