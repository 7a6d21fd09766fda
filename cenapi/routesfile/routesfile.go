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
	"github.com/cenroute/cenroute/cenapi/fact"
	"github.com/cenroute/cenroute/cenapi/hostlist"
	"github.com/cenroute/cenroute/cenapi/yamlfile"
)

// MaxBytes is the size of the largest routes file: that of a host list
// (hostlist.MaxBytes), which a file's hosts may not outgrow either.
const MaxBytes = hostlist.MaxBytes

// The kinds of what this package finds in a file (see package fact).
const (
	KindWhat       fact.Kind = "files.routes.what"         // "a routes file"
	KindDocument   fact.Kind = "files.routes.document"     // "route services"
	KindHosts      fact.Kind = "files.routes.hosts"        // Why: a service's hosts go beyond a list's limits
	KindOnePerItem fact.Kind = "files.routes.one_per_item" // Value, quoted
	KindTooMany    fact.Kind = "files.routes.too_many"     // Hosts, Max
	KindFirstAt    fact.Kind = "files.routes.first_at"     // Why, Line: the line of the first of two
	KindPart       fact.Kind = "files.routes.part"         // Part, Why: the file's field at fault
	KindEntry      fact.Kind = "files.entry"               // Value, Why: a value, and what is wrong with it
)

// kind is how yamlfile reads a routes file.
var kind = yamlfile.Kind{What: fact.New(KindWhat, "a routes file", nil), Document: fact.New(KindDocument, "route services", nil),
	MaxBytes: MaxBytes}

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
	errs     []error // the problems as errors, one for each
}

// newError is the *Error of the problems errs.
func newError(errs ...error) *Error {
	e := &Error{errs: errs}
	for _, err := range errs {
		e.Problems = append(e.Problems, err.Error())
	}
	return e
}

// Error is the problems, one a line.
func (e *Error) Error() string { return strings.Join(e.Problems, "\n") }

// Unwrap is the problems as errors, one for each of Problems (most of
// them facts: see package fact).
func (e *Error) Unwrap() []error { return e.errs }

// Load reads the routes file at path (see Parse).
func Load(path string) (*File, error) {
	var f File
	file, err := yamlfile.Read(path, kind, &f)
	if err != nil {
		return nil, newError(err)
	}
	return f.checked(path, file)
}

// Parse reads a routes file from data; name is what errors call it. The
// error, if any, is an *Error listing every mistake found.
func Parse(name string, data []byte) (*File, error) {
	var f File
	file, err := yamlfile.Decode(name, data, kind, &f)
	if err != nil {
		return nil, newError(err)
	}
	return f.checked(name, file)
}

// checked makes f's text printable and judges it: descriptions, hosts,
// then the state it wants as a whole.
func (f *File) checked(name string, file *ast.File) (*File, error) {
	f.name, f.lines = name, linesOf(file)
	var problems []error
	for i := range f.Services {
		problems = append(problems, f.serviceProblems(i)...)
	}
	f.printable()
	total := 0
	for _, s := range f.Services {
		total += len(s.Hosts)
	}
	if total > hostlist.MaxHosts {
		problems = append(problems, yamlfile.In(name, fact.New(KindTooMany,
			fmt.Sprintf("%d hosts: a routes file holds at most %d, as a host list does", total, hostlist.MaxHosts),
			fact.Args{"Hosts": total, "Max": hostlist.MaxHosts})))
	}
	if len(problems) > 0 {
		return nil, newError(problems...)
	}
	if err := f.Wanted().Validate(); err != nil {
		var we *engine.WantedError
		if !errors.As(err, &we) {
			return nil, newError(yamlfile.In(name, err))
		}
		return nil, newError(f.wantedProblem(we))
	}
	return f, nil
}

// serviceProblems judges service i's description and hosts.
func (f *File) serviceProblems(i int) []error {
	s, at := f.Services[i], f.lines.service(i)
	var problems []error
	if s.Description != nil {
		if err := hostlist.CheckDescription(*s.Description, false); err != nil {
			problems = append(problems, f.at(at.description, err))
		}
	}
	if err := hostlist.CheckLimits(strings.Join(s.Hosts, "\n")); err != nil {
		return append(problems, f.at(at.hosts, fact.New(KindHosts, "hosts: "+err.Error(), fact.Args{"Why": err})))
	}
	for j, h := range s.Hosts {
		if entries := hostlist.Parse(h); len(entries) != 1 || entries[0].Text != h {
			value := strconv.Quote(cenapi.Printable(h))
			problems = append(problems, f.at(at.host(j), fact.New(KindOnePerItem, value+": want one IPv4 address or CIDR block per item",
				fact.Args{"Value": value})))
		}
	}
	if len(problems) > 0 {
		return problems
	}
	res := hostlist.CheckEach(s.Hosts, func(n int) int { return at.host(n - 1) })
	for _, l := range res.Lines {
		if l.Problem != "" {
			host := cenapi.Printable(l.Raw)
			problems = append(problems, f.at(at.host(l.Number-1), fact.New(KindEntry, host+": "+l.Problem,
				fact.Args{"Value": host, "Why": l.Why()})))
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

// at is "FILE:LINE: why" (why: a fact, or an error).
func (f *File) at(line int, why any) error { return yamlfile.At(f.name, line, why) }

// Name is what errors call the file: the path it was read from.
func (f *File) Name() string { return f.name }

// wantedProblem places what engine.Wanted.Validate found.
func (f *File) wantedProblem(we *engine.WantedError) error {
	if we.Service < 0 {
		return f.at(f.lines.cen, fact.New(KindPart, string(we.Part)+": "+we.Why, fact.Args{"Part": string(we.Part), "Why": we.Said()}))
	}
	at := f.lines.service(we.Service)
	switch {
	case we.Host >= 0 && we.FirstService >= 0:
		first := f.lines.service(we.FirstService).host(we.FirstHost)
		return f.at(at.host(we.Host), fact.New(KindFirstAt, we.Why+" (line "+strconv.Itoa(first)+")",
			fact.Args{"Why": we.Said(), "Line": first}))
	case we.Host >= 0:
		return f.at(at.host(we.Host), we.Said())
	case we.Part == engine.PartHostRegion:
		return f.at(at.hostRegion, we.Said())
	}
	return f.at(at.start, we.Said())
}

// Placed places a problem the target rule found with a service of the
// file, as an error whose text is "FILE:LINE: access-region cn-hongkong:
// only a VBR is attached …" and whose fact (see package fact) a screen
// says in its language.
func (f *File) Placed(p engine.ServiceProblem) error { return f.at(f.Line(p), p.Fact()) }

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
