// Package routesfile reads and writes routes files: the route services an
// operator wants on a CEN, kept in version control and made true by
// `cenroute sync`. A file is YAML (or JSON):
//
//	cen: cen-demo0000000001
//	host-regions: [cn-hangzhou]   # optional: the only host regions the file speaks for
//	services:
//	  - name: oss-hangzhou        # optional label
//	    host-region: cn-hangzhou
//	    host-vpc: vpc-demo0000000001
//	    access-regions: [cn-hangzhou, cn-shanghai]
//	    description: oss-hz       # optional; omitted means any description
//	    hosts:
//	      - 100.118.28.0/24
//
// The wanted state is every host of a service routed into each of its
// access regions (see engine.Wanted). A file is read through yamlfile's
// rules (size, no anchors or tags, no unknown keys), its hosts judged by
// hostlist's (one list per service, within a list's limits, and no more
// hosts in the whole file than one list holds), and every mistake is named
// with the file and line, "routes.yaml:12: 10.0.0.1: outside
// 100.64.0.0/10". Text from the file is made printable as it is read
// (cenapi.Printable).
package routesfile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/cenapi/yamlfile"
)

// MaxBytes is the size of the largest routes file: that of a host list
// (hostlist.MaxBytes), which a file's hosts may not outgrow either.
const MaxBytes = hostlist.MaxBytes

// kind is how yamlfile reads a routes file.
var kind = yamlfile.Kind{What: "a routes file", Document: "route services", MaxBytes: MaxBytes}

// File is a routes file: the route services wanted on one CEN.
type File struct {
	CEN string `yaml:"cen"`
	// HostRegions, if any, are the only host regions the file speaks for:
	// a sync neither creates nor deletes anything elsewhere.
	HostRegions []string  `yaml:"host-regions,omitempty,flow"`
	Services    []Service `yaml:"services"`
	// Note, when set, is said in a comment at the head of the file (see
	// Marshal).
	Note string `yaml:"-"`

	name  string // what errors call the file
	lines lines  // where its values are
}

// Service is one group of route services: every host into every access
// region through the host VPC.
type Service struct {
	Name          string   `yaml:"name,omitempty"`
	HostRegion    string   `yaml:"host-region"`
	HostVPC       string   `yaml:"host-vpc"`
	AccessRegions []string `yaml:"access-regions,flow"`
	// Description is what every entry must carry; nil (left out) accepts
	// any.
	Description *string  `yaml:"description,omitempty"`
	Hosts       []string `yaml:"hosts"`
}

// Error is everything wrong with a file, one "FILE:LINE: reason" each.
type Error struct {
	Problems []string
}

// Error is the problems, one a line.
func (e *Error) Error() string { return strings.Join(e.Problems, "\n") }

// Load reads the routes file at path (see Parse).
func Load(path string) (*File, error) {
	var f File
	file, err := yamlfile.Read(path, kind, &f)
	if err != nil {
		return nil, &Error{Problems: []string{err.Error()}}
	}
	return f.checked(path, file)
}

// Parse reads a routes file from data; name is what errors call it. The
// error, if any, is an *Error listing every mistake found.
func Parse(name string, data []byte) (*File, error) {
	var f File
	file, err := yamlfile.Decode(name, data, kind, &f)
	if err != nil {
		return nil, &Error{Problems: []string{err.Error()}}
	}
	return f.checked(name, file)
}

// checked makes f's text printable and judges it: descriptions, hosts,
// then the state it wants as a whole.
func (f *File) checked(name string, file *ast.File) (*File, error) {
	f.name, f.lines = name, linesOf(file)
	var problems []string
	for i := range f.Services {
		problems = append(problems, f.serviceProblems(i)...)
	}
	f.printable()
	total := 0
	for _, s := range f.Services {
		total += len(s.Hosts)
	}
	if total > hostlist.MaxHosts {
		problems = append(problems, fmt.Sprintf("%s: %d hosts: a routes file holds at most %d, as a host list does", name, total, hostlist.MaxHosts))
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	if err := f.Wanted().Validate(); err != nil {
		var we *engine.WantedError
		if !errors.As(err, &we) {
			return nil, &Error{Problems: []string{name + ": " + err.Error()}}
		}
		return nil, &Error{Problems: []string{f.wantedProblem(we)}}
	}
	return f, nil
}

// serviceProblems judges service i's description and hosts.
func (f *File) serviceProblems(i int) []string {
	s, at := f.Services[i], f.lines.service(i)
	var problems []string
	if s.Description != nil {
		if err := hostlist.CheckDescription(*s.Description, false); err != nil {
			problems = append(problems, f.at(at.description, err.Error()))
		}
	}
	if err := hostlist.CheckLimits(strings.Join(s.Hosts, "\n")); err != nil {
		return append(problems, f.at(at.hosts, "hosts: "+err.Error()))
	}
	for j, h := range s.Hosts {
		if entries := hostlist.Parse(h); len(entries) != 1 || entries[0].Text != h {
			problems = append(problems, f.at(at.host(j), strconv.Quote(cenapi.Printable(h))+": want one IPv4 address or CIDR block per item"))
		}
	}
	if len(problems) > 0 {
		return problems
	}
	res := hostlist.CheckEach(s.Hosts, func(n int) string { return "line " + strconv.Itoa(at.host(n-1)) })
	for _, l := range res.Lines {
		if l.Problem != "" {
			problems = append(problems, f.at(at.host(l.Number-1), cenapi.Printable(l.Raw)+": "+l.Problem))
		}
	}
	return problems
}

// printable makes every text of the file printable.
func (f *File) printable() {
	f.CEN = cenapi.Printable(f.CEN)
	printableAll(f.HostRegions)
	for i := range f.Services {
		s := &f.Services[i]
		s.Name, s.HostRegion, s.HostVPC = cenapi.Printable(s.Name), cenapi.Printable(s.HostRegion), cenapi.Printable(s.HostVPC)
		if s.Description != nil {
			d := cenapi.Printable(*s.Description)
			s.Description = &d
		}
		printableAll(s.AccessRegions)
		printableAll(s.Hosts)
	}
}

// printableAll applies cenapi.Printable to every element of s.
func printableAll(s []string) {
	for i := range s {
		s[i] = cenapi.Printable(s[i])
	}
}

// at is "FILE:LINE: why".
func (f *File) at(line int, why string) string {
	return fmt.Sprintf("%s:%d: %s", f.name, max(line, 1), why)
}

// Name is what errors call the file: the path it was read from.
func (f *File) Name() string { return f.name }

// wantedProblem places what engine.Wanted.Validate found.
func (f *File) wantedProblem(we *engine.WantedError) string {
	if we.Service < 0 {
		return f.at(f.lines.cen, string(we.Part)+": "+we.Why)
	}
	at := f.lines.service(we.Service)
	switch {
	case we.Host >= 0 && we.FirstService >= 0:
		return f.at(at.host(we.Host), we.Why+" (line "+strconv.Itoa(f.lines.service(we.FirstService).host(we.FirstHost))+")")
	case we.Host >= 0:
		return f.at(at.host(we.Host), we.Why)
	case we.Part == engine.PartHostRegion:
		return f.at(at.hostRegion, we.Why)
	}
	return f.at(at.start, we.Why)
}

// Where places a problem the target rule found with a service of the
// file: "FILE:LINE: access-region cn-hongkong: only a VBR is attached …".
func (f *File) Where(p engine.ServiceProblem) string { return f.at(f.Line(p), p.String()) }

// Line is the line of the file a problem the target rule found is about:
// the key of the service's part at fault, else the service's first line,
// else (a problem of the CEN) the cen key's.
func (f *File) Line(p engine.ServiceProblem) int {
	if p.Service < 0 || p.Part == engine.PartCEN {
		return max(f.lines.cen, 1)
	}
	at := f.lines.service(p.Service)
	line := at.start
	switch p.Part {
	case engine.PartHostRegion:
		line = at.hostRegion
	case engine.PartHostVPC:
		line = at.hostVPC
	case engine.PartAccessRegion:
		line = at.accessRegions
		regions := f.Services[p.Service].AccessRegions
		for j := len(regions) - 1; j >= 0; j-- {
			if regions[j] == p.Value {
				line = at.accessRegion(j)
				break
			}
		}
	}
	return max(line, 1)
}

// Wanted is the state the file asks for.
func (f *File) Wanted() engine.Wanted {
	w := engine.Wanted{CenID: f.CEN, HostRegions: f.HostRegions}
	for _, s := range f.Services {
		w.Services = append(w.Services, engine.Service{Name: s.Name, HostRegionID: s.HostRegion, HostVpcID: s.HostVPC,
			AccessRegionIDs: s.AccessRegions, Description: s.Description, Hosts: s.Hosts})
	}
	return w
}
