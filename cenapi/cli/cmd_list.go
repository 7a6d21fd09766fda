package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/cenroute/cenroute/cenapi"
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
	switch {
	case *cenID == "":
		return listUsageError(env, "--cen is required")
	case *output != "table" && *output != "json":
		return listUsageError(env, fmt.Sprintf("--output %q: want table or json", *output))
	}
	conn, err := env.Connect()
	if err != nil {
		fmt.Fprintf(env.Stderr, "cenroute: %v\n", err)
		return ExitFailed
	}
	defer conn.Close()
	entries, err := conn.Client.DescribeRouteServices(ctx, cenapi.RouteServiceFilter{CenID: *cenID})
	if err != nil {
		fmt.Fprintf(env.Stderr, "cenroute: %v\n", err)
		return ExitFailed
	}
	if *output == "json" {
		err = writeRoutesJSON(env.Stdout, entries)
	} else {
		err = writeRoutesTable(env.Stdout, entries)
		if len(entries) == 0 {
			fmt.Fprintf(env.Stderr, "no route services in %s\n", *cenID)
		}
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "cenroute: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}

func listUsageError(env *Env, problem string) int {
	fmt.Fprintf(env.Stderr, "cenroute: %s\nusage: %s\n", problem, listUsage)
	return ExitUsage
}

// writeRoutesTable prints one row per entry under a header.
func writeRoutesTable(w io.Writer, entries []cenapi.RouteService) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HOST\tHOST REGION\tACCESS REGION\tHOST VPC\tSTATUS\tDESCRIPTION")
	for _, e := range entries {
		desc := e.Description
		if desc == "" {
			desc = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Host, e.HostRegionID, e.AccessRegionID, e.HostVpcID, e.Status, desc)
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

// writeRoutesJSON prints the entries as an indented JSON array ([] when
// there are none).
func writeRoutesJSON(w io.Writer, entries []cenapi.RouteService) error {
	out := make([]routeJSON, 0, len(entries))
	for _, e := range entries {
		cidrs := e.Cidrs
		if cidrs == nil {
			cidrs = []string{}
		}
		out = append(out, routeJSON{CenID: e.CenID, Host: e.Host, HostRegionID: e.HostRegionID, HostVpcID: e.HostVpcID,
			AccessRegionID: e.AccessRegionID, Status: e.Status, Description: e.Description, Cidrs: cidrs})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
