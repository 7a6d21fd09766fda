package picker

// token identifies one Requests counter. It is never mutated after
// construction; it has a field because distinct zero-size values may share
// an address.
type token struct{ _ byte }

// Requests numbers the asynchronous requests of one view, so that a reply
// to an earlier request, or to another instance of the same view, is
// recognised and dropped. The zero value is not usable: call NewRequests.
type Requests struct {
	owner *token
	last  int
}

// RequestID tags a command's reply with the request it answers. It is a
// plain value, safe to capture in a command's goroutine.
type RequestID struct {
	owner *token
	seq   int
}

// NewRequests starts a counter of its own.
func NewRequests() Requests { return Requests{owner: new(token)} }

// Next starts a new request; replies to earlier ones become stale.
func (r *Requests) Next() RequestID {
	r.last++
	return RequestID{owner: r.owner, seq: r.last}
}

// Current reports whether id is the latest request of this counter.
func (r *Requests) Current(id RequestID) bool {
	return id.owner == r.owner && id.seq == r.last
}
