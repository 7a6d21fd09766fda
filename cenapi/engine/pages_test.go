package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cenroute/cenroute/cenapi"
)

// pagedAPI lists entries a page at a time: entries of them, and total as
// the count it claims (entries if total is 0). onPage, if set, runs
// before page n is answered, unlocked.
type pagedAPI struct {
	entries, total int
	onPage         func(ctx context.Context, n int) error

	mu    sync.Mutex
	reads []int // the pages read, in order
}

func (p *pagedAPI) DescribeRouteServicesPage(ctx context.Context, _ cenapi.RouteServiceFilter, page, size int) ([]cenapi.RouteService, int, error) {
	p.mu.Lock()
	p.reads = append(p.reads, page)
	p.mu.Unlock()
	if p.onPage != nil {
		if err := p.onPage(ctx, page); err != nil {
			return nil, 0, err
		}
	}
	var out []cenapi.RouteService
	for i := (page - 1) * size; i < min(page*size, p.entries); i++ {
		out = append(out, cenapi.RouteService{Host: fmt.Sprintf("100.64.%d.%d", i/256, i%256)})
	}
	return out, max(p.total, p.entries), nil
}

func (p *pagedAPI) ResolveAndRouteService(context.Context, cenapi.ResolveRequest) (string, error) {
	return "", errors.New("not a write test")
}

func (p *pagedAPI) DeleteRouteService(context.Context, cenapi.DeleteRequest) (string, error) {
	return "", errors.New("not a write test")
}

// readAll reads every page of api with the listing's count known to be
// known, and returns the pages visited, in order, and the total.
func readAll(t *testing.T, api *pagedAPI, known int) ([]int, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e := New(api, Options{StateDir: t.TempDir(), QPS: 1000})
	var visited []int
	total, err := e.readPages(ctx, nil, cenapi.RouteServiceFilter{}, known, func(page int, _ []cenapi.RouteService) {
		visited = append(visited, page)
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(visited)
	return visited, total
}

// With the listing's count known from the last sweep, the first page is
// not read alone: a first page slow to answer holds up no other page.
func TestReadPagesKnownReadsEveryPageAtOnce(t *testing.T) {
	t.Parallel()
	others := make(chan struct{}, 2)
	api := &pagedAPI{entries: 3 * cenapi.MaxPageSize}
	api.onPage = func(ctx context.Context, n int) error {
		if n != 1 {
			others <- struct{}{}
			return nil
		}
		for range 2 {
			select {
			case <-others:
			case <-ctx.Done():
				return fmt.Errorf("page 1 was read before pages 2 and 3: %w", ctx.Err())
			}
		}
		return nil
	}
	visited, total := readAll(t, api, api.entries)
	if !slices.Equal(visited, []int{1, 2, 3}) || total != api.entries {
		t.Errorf("visited %v, total %d; want pages 1 to 3, total %d", visited, total, api.entries)
	}
}

// A listing that grew since the last sweep is read to its new end.
func TestReadPagesGrownListing(t *testing.T) {
	t.Parallel()
	api := &pagedAPI{entries: 2*cenapi.MaxPageSize + 7}
	visited, total := readAll(t, api, 2*cenapi.MaxPageSize)
	if !slices.Equal(visited, []int{1, 2, 3}) || total != api.entries {
		t.Errorf("visited %v, total %d; want pages 1 to 3, total %d", visited, total, api.entries)
	}
}

// A reply claiming a billion entries costs no more than the pages that
// hold entries and one empty page per reader: the first empty page ends
// the listing.
func TestReadPagesHostileTotal(t *testing.T) {
	t.Parallel()
	api := &pagedAPI{entries: 2 * cenapi.MaxPageSize, total: 1e9}
	visited, _ := readAll(t, api, 0)
	if !slices.Equal(visited, []int{1, 2}) {
		t.Errorf("visited %v, want pages 1 and 2", visited)
	}
	if n := len(api.reads); n > 2+pageReaders {
		t.Errorf("%d pages read, want at most %d", n, 2+pageReaders)
	}
}
