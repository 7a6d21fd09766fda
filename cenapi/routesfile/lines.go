package routesfile

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/cenroute/cenroute/cenapi/yamlfile"
)

// lines are where a file's values are, found in one walk of its syntax
// tree so that a file of thousands of hosts, all of them wrong, is still
// placed at once. A value not found is on line 0, which errors show as 1.
type lines struct {
	cen      int
	services []serviceLines
}

// serviceLines are the lines of one service's values.
type serviceLines struct {
	start, hostRegion, hostVPC, accessRegions, description, hosts int
	accessRegionLines, hostLines                                  []int
}

// service is the lines of service i (none if the walk did not find it).
func (l lines) service(i int) serviceLines {
	if i < len(l.services) {
		return l.services[i]
	}
	return serviceLines{}
}

// host is the line of host j: its own, else that of the list.
func (s serviceLines) host(j int) int {
	if j >= 0 && j < len(s.hostLines) && s.hostLines[j] > 0 {
		return s.hostLines[j]
	}
	return max(s.hosts, s.start)
}

// accessRegion is the line of access region j: its own, else that of the
// list.
func (s serviceLines) accessRegion(j int) int {
	if j < len(s.accessRegionLines) && s.accessRegionLines[j] > 0 {
		return s.accessRegionLines[j]
	}
	return max(s.accessRegions, s.start)
}

// linesOf walks a decoded file's tree.
func linesOf(file *ast.File) lines {
	var l lines
	if file == nil || len(file.Docs) == 0 {
		return l
	}
	for key, value := range pairs(file.Docs[0].Body) {
		switch key {
		case "cen":
			l.cen = yamlfile.NodeLine(value)
		case "services":
			for _, n := range elements(value) {
				l.services = append(l.services, serviceLinesOf(n))
			}
		}
	}
	return l
}

// serviceLinesOf walks one service.
func serviceLinesOf(n ast.Node) serviceLines {
	s := serviceLines{start: yamlfile.NodeLine(n)}
	for key, value := range pairs(n) {
		line := yamlfile.NodeLine(value)
		switch key {
		case "host-region":
			s.hostRegion = line
		case "host-vpc":
			s.hostVPC = line
		case "description":
			s.description = line
		case "access-regions":
			s.accessRegions = line
			for _, e := range elements(value) {
				s.accessRegionLines = append(s.accessRegionLines, yamlfile.NodeLine(e))
			}
		case "hosts":
			s.hosts = line
			for _, e := range elements(value) {
				s.hostLines = append(s.hostLines, yamlfile.NodeLine(e))
			}
		}
	}
	return s
}

// pairs yields the keys and values of a mapping node (nothing for any
// other node).
func pairs(n ast.Node) func(yield func(string, ast.Node) bool) {
	return func(yield func(string, ast.Node) bool) {
		var values []*ast.MappingValueNode
		switch m := n.(type) {
		case *ast.MappingNode:
			values = m.Values
		case *ast.MappingValueNode:
			values = []*ast.MappingValueNode{m}
		}
		for _, mv := range values {
			if mv.Key == nil || mv.Key.GetToken() == nil {
				continue
			}
			if !yield(mv.Key.GetToken().Value, mv.Value) {
				return
			}
		}
	}
}

// elements are the values of a sequence node (none for any other node).
func elements(n ast.Node) []ast.Node {
	if s, ok := n.(*ast.SequenceNode); ok {
		return s.Values
	}
	return nil
}
