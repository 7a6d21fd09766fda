package picker

import (
	"slices"
	"strings"

	"github.com/cenroute/cenroute/views/internal/table"
	"github.com/cenroute/cenroute/views/layout"
)

// rows holds the loaded items and everything derived from them once per
// load, so that filtering and rendering never call back into Column.Text.
type rows[T any] struct {
	items    []T
	cells    [][]string // [item][column] plain, printable text
	hay      []string   // [item] lower-case text the filter searches
	reasons  []string   // [item] why it cannot be chosen; nil if none is disabled
	checked  []bool     // [item]
	nChecked int        // how many are checked
	order    []int      // item indexes in sort order
	visible  []int      // order, filtered
}

// buildRows computes the cells, search text, disabled reasons and initial
// check marks of items, measuring the cells into tbl.
func buildRows[T any](cfg Config[T], items []T, tbl *table.Table) rows[T] {
	r := rows[T]{
		items:   items,
		cells:   make([][]string, len(items)),
		hay:     make([]string, len(items)),
		checked: make([]bool, len(items)),
		order:   make([]int, len(items)),
	}
	tbl.Reset()
	var b strings.Builder
	for i, it := range items {
		cells := make([]string, len(cfg.Columns))
		b.Reset()
		for c, col := range cfg.Columns {
			cells[c] = col.Text(it)
			tbl.Grow(c, layout.Width(cells[c]))
			b.WriteString(cells[c])
			b.WriteByte('\t')
		}
		r.cells[i] = cells
		r.hay[i] = strings.ToLower(b.String())
		r.order[i] = i
		r.setReason(cfg, i, it)
		if cfg.Preselect != nil && r.reason(i) == "" {
			r.check(i, cfg.Preselect(it))
		}
	}
	return r
}

// setReason records why item i cannot be chosen, allocating the slice only
// when some row is disabled.
func (r *rows[T]) setReason(cfg Config[T], i int, it T) {
	if cfg.Disabled == nil {
		return
	}
	reason := cfg.Disabled(it)
	if reason == "" {
		return
	}
	if r.reasons == nil {
		r.reasons = make([]string, len(r.items))
	}
	r.reasons[i] = reason
}

// check sets item i's check mark, keeping the count.
func (r *rows[T]) check(i int, on bool) {
	if r.checked[i] == on {
		return
	}
	r.checked[i] = on
	if on {
		r.nChecked++
	} else {
		r.nChecked--
	}
}

// reason is why item i cannot be chosen, or "".
func (r *rows[T]) reason(i int) string {
	if r.reasons == nil {
		return ""
	}
	return r.reasons[i]
}

// sort orders the items by column col (stable), or restores load order
// when col is -1.
func (r *rows[T]) sort(cols []Column[T], col int) {
	for i := range r.order {
		r.order[i] = i
	}
	if col < 0 {
		return
	}
	cmp := cols[col].Compare
	slices.SortStableFunc(r.order, func(a, b int) int {
		if cmp != nil {
			return cmp(r.items[a], r.items[b])
		}
		return strings.Compare(strings.ToLower(r.cells[a][col]), strings.ToLower(r.cells[b][col]))
	})
}

// filter keeps the items whose text contains every word of query (case
// insensitive). When narrower is true, query only adds to the previous
// query, so the search starts from the rows already visible.
func (r *rows[T]) filter(query string, narrower bool) {
	terms := strings.Fields(strings.ToLower(query))
	from := r.order
	if narrower {
		from = r.visible
	}
	out := make([]int, 0, len(from))
	for _, i := range from {
		if matches(r.hay[i], terms) {
			out = append(out, i)
		}
	}
	r.visible = out
}

func matches(hay string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(hay, t) {
			return false
		}
	}
	return true
}
