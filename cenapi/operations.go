package cenapi

import (
	"encoding/json"
	"slices"
)

// The operations the client calls (docs/cen-api.md#operations).
const (
	opDescribeCens                 = "DescribeCens"
	opDescribeChildInstances       = "DescribeCenAttachedChildInstances"
	opDescribeChildInstanceRegions = "DescribeChildInstanceRegions"
	opListTransitRouters           = "ListTransitRouters"
	opDescribeVpcs                 = "DescribeVpcs"
	opDescribeRouteServices        = "DescribeRouteServicesInCen"
	opResolveAndRouteService       = "ResolveAndRouteServiceInCen"
	opDeleteRouteService           = "DeleteRouteServiceInCen"
)

// Operation is one API operation the client calls.
type Operation struct {
	Action string // e.g. DescribeCens
	// Permission is the RAM action that allows it, e.g. cen:DescribeCens.
	Permission string
	// Write is true for the operations that change something.
	Write bool
}

// operations are every operation the client calls, reads first, in the
// order the wizard first needs them.
var operations = []struct {
	p      product
	action string
	write  bool
}{
	{cbnProduct, opDescribeCens, false},
	{cbnProduct, opDescribeChildInstanceRegions, false},
	{cbnProduct, opDescribeChildInstances, false},
	{cbnProduct, opListTransitRouters, false},
	{vpcProduct, opDescribeVpcs, false},
	{cbnProduct, opDescribeRouteServices, false},
	{cbnProduct, opResolveAndRouteService, true},
	{cbnProduct, opDeleteRouteService, true},
}

// Operations lists every operation the client calls, with the RAM action
// that allows each: what a RAM policy for cenroute must grant.
func Operations() []Operation {
	out := make([]Operation, len(operations))
	for i, op := range operations {
		out[i] = Operation{Action: op.action, Permission: op.p.permission(op.action), Write: op.write}
	}
	return out
}

// Policy is the least-privilege RAM policy for the client: it allows the
// RAM actions of Operations and nothing else, on every resource (the
// route-service operations have no resource-level permissions). It is
// indented JSON, ready for the RAM console or `aliyun ram
// CreatePolicy --PolicyDocument`.
func Policy() []byte {
	var actions []string
	for _, op := range Operations() {
		actions = append(actions, op.Permission)
	}
	slices.Sort(actions)
	doc := struct {
		Version   string
		Statement []policyStatement
	}{"1", []policyStatement{{Effect: "Allow", Action: actions, Resource: "*"}}}
	out, _ := json.MarshalIndent(doc, "", "  ")
	return out
}

// policyStatement is one statement of a RAM policy document.
type policyStatement struct {
	Effect   string
	Action   []string
	Resource string
}
