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
		r.measure(cfg, i, tbl, &b)
		r.order[i] = i
		r.setReason(cfg, i, it)
		if cfg.Preselect != nil && r.reason(i) == "" {
			r.check(i, cfg.Preselect(it))
		}
	}
	return r
}

// measure computes item i's cells and search text, measuring the cells
// into tbl; b is scratch space.
func (r *rows[T]) measure(cfg Config[T], i int, tbl *table.Table, b *strings.Builder) {
	cells := make([]string, len(cfg.Columns))
	b.Reset()
	for c, col := range cfg.Columns {
		cells[c] = col.Text(r.items[i])
		tbl.Grow(c, layout.Width(cells[c]))
		b.WriteString(cells[c])
		b.WriteByte('\t')
	}
	r.cells[i] = cells
	r.hay[i] = strings.ToLower(b.String())
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

// term is one word of the filter: text that a row's text must contain
// (lower case), or, for a word with a meaning of its own (Config.Match),
// the test a row must pass.
type term[T any] struct {
	text string
	test func(T) bool
}

// terms splits a filter into its words; special reports whether any has
// a test of its own.
func terms[T any](query string, match func(string) func(T) bool) (out []term[T], special bool) {
	for _, w := range strings.Fields(strings.ToLower(query)) {
		t := term[T]{text: w}
		if match != nil {
			t.test = match(w)
		}
		special = special || t.test != nil
		out = append(out, t)
	}
	return out, special
}

// filter keeps the items that pass every term. When narrower is true, the
// terms only add to the previous filter's, so the search starts from the
// rows already visible.
func (r *rows[T]) filter(terms []term[T], narrower bool) {
	from := r.order
	if narrower {
		from = r.visible
	}
	out := make([]int, 0, len(from))
	for _, i := range from {
		if r.matches(i, terms) {
			out = append(out, i)
		}
	}
	r.visible = out
}

// matches reports whether item i passes every term.
func (r *rows[T]) matches(i int, terms []term[T]) bool {
	for _, t := range terms {
		switch {
		case t.test != nil:
			if !t.test(r.items[i]) {
				return false
			}
		case !strings.Contains(r.hay[i], t.text):
			return false
		}
	}
	return true
}
