package routesfile

import (
	"cmp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
)

// Skipped counts the entries an export leaves out: a Failed entry is not
// wanted by anyone, and one being deleted is going.
type Skipped struct {
	Failed, Deleting int
}

// Export is the routes file of cenID's entries (those of hostRegion alone
// when it is not "", and the file then says it speaks for that region
// only). Entries are grouped into services by host region, host VPC,
// access regions and description, in a stable order (services by those,
// hosts as addresses), so that two exports of one CEN are the same text
// and the diff of a change is small. A service of previous (an earlier
// file of the CEN; may be nil) that wants the same group lends it its
// name. Failed entries and entries being deleted are left out and
// counted.
func Export(cenID, hostRegion string, entries []cenapi.RouteService, previous *File) (*File, Skipped) {
	var skipped Skipped
	type hostKey struct{ region, host, vpc, desc string }
	regions := map[hostKey][]string{}
	var order []hostKey
	for _, en := range entries {
		switch {
		case en.CenID != cenID || hostRegion != "" && en.HostRegionID != hostRegion:
			continue
		case en.Status == cenapi.StatusFailed:
			skipped.Failed++
			continue
		case en.Status == cenapi.StatusDeleting:
			skipped.Deleting++
			continue
		}
		k := hostKey{en.HostRegionID, en.Host, en.HostVpcID, en.Description}
		if regions[k] == nil {
			order = append(order, k)
		}
		regions[k] = append(regions[k], en.AccessRegionID)
	}
	byService := map[string]*Service{}
	var services []*Service
	for _, k := range order {
		access := slices.Sorted(slices.Values(regions[k]))
		id := strings.Join([]string{k.region, k.vpc, strings.Join(access, ","), k.desc}, "\x00")
		s := byService[id]
		if s == nil {
			desc := k.desc
			s = &Service{HostRegion: k.region, HostVPC: k.vpc, AccessRegions: access, Description: &desc}
			byService[id] = s
			services = append(services, s)
		}
		s.Hosts = append(s.Hosts, k.host)
	}
	slices.SortFunc(services, func(a, b *Service) int {
		return cmp.Or(cmp.Compare(a.HostRegion, b.HostRegion), cmp.Compare(a.HostVPC, b.HostVPC),
			slices.Compare(a.AccessRegions, b.AccessRegions), cmp.Compare(*a.Description, *b.Description))
	})
	f := &File{CEN: cenID, Services: []Service{}}
	if hostRegion != "" {
		f.HostRegions = []string{hostRegion}
	}
	used := map[int]bool{}
	for _, s := range services {
		slices.SortFunc(s.Hosts, engine.CompareHosts)
		s.Name = previous.nameFor(*s, used)
		f.Services = append(f.Services, *s)
	}
	return f, skipped
}

// nameFor is the name of the first service of f, not yet used, that
// wants what s wants (the same host region, VPC and access regions, and
// s's description or any), so that a name survives an export; "" if none
// does.
func (f *File) nameFor(s Service, used map[int]bool) string {
	if f == nil {
		return ""
	}
	want := slices.Sorted(slices.Values(s.AccessRegions))
	for i, p := range f.Services {
		if used[i] || p.Name == "" || p.HostRegion != s.HostRegion || p.HostVPC != s.HostVPC ||
			!slices.Equal(slices.Sorted(slices.Values(p.AccessRegions)), want) ||
			p.Description != nil && *p.Description != *s.Description {
			continue
		}
		used[i] = true
		return p.Name
	}
	return ""
}

// Marshal writes the file as YAML, headed by a comment saying what it is.
func (f *File) Marshal() ([]byte, error) {
	body, err := yaml.MarshalWithOptions(f, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return nil, err
	}
	head := "# Route services of " + f.CEN + ", as `cenroute sync --file FILE` makes them.\n" +
		"# `cenroute plan --file FILE` shows what a sync would change.\n"
	if f.Note != "" {
		head += "# " + f.Note + "\n"
	}
	return append([]byte(head), body...), nil
}
