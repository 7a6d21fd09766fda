package emulator

import (
	"sync"
	"time"
)

// boundedCache is a map with a capacity and a time-to-live: the oldest
// items go first when it is full, and items older than ttl count as absent
// and are dropped. It keeps the nonce and client-token memories bounded
// however long the emulator runs. It is safe for concurrent use.
type boundedCache[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	items map[K]cached[V]
	order []K // insertion order; the front is the oldest
}

type cached[V any] struct {
	value V
	at    time.Time
}

func newBoundedCache[K comparable, V any](max int, ttl time.Duration) *boundedCache[K, V] {
	return &boundedCache[K, V]{max: max, ttl: ttl, items: make(map[K]cached[V])}
}

// get returns the live value under k.
func (c *boundedCache[K, V]) get(k K, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evict(now)
	it, ok := c.items[k]
	return it.value, ok
}

// add stores v under k unless a live value is already there; it reports
// whether it stored.
func (c *boundedCache[K, V]) add(k K, v V, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.evict(now)
	if _, ok := c.items[k]; ok {
		return false
	}
	if len(c.order) >= c.max {
		c.dropOldest()
	}
	c.items[k] = cached[V]{v, now}
	c.order = append(c.order, k)
	return true
}

// evict drops expired items from the front of the queue.
func (c *boundedCache[K, V]) evict(now time.Time) {
	for len(c.order) > 0 && now.Sub(c.items[c.order[0]].at) > c.ttl {
		c.dropOldest()
	}
}

func (c *boundedCache[K, V]) dropOldest() {
	delete(c.items, c.order[0])
	var zero K
	c.order[0] = zero
	// Reslicing is enough: once the capacity runs out, append copies only
	// the live items to a new array and the dropped prefix is freed.
	c.order = c.order[1:]
}
