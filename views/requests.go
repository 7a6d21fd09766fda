package views

// Every asynchronous reply of the wizard, whether a view's (a list's
// load, the review's check, an editor's lookup, a run's events) or the
// root's (a run that starts), carries the Ticket of the request it
// answers, and its asker keeps it only while that ticket is current. That
// one rule drops a late reply for an old selection wherever it arrives:
// at a view that has since asked again, at another instance of the same
// view (built for another choice), or at the root.

// token identifies one Requests counter. It is never mutated after
// construction; it has a field because distinct zero-size values may share
// an address.
type token struct{ _ byte }

// Requests numbers the asynchronous requests of one asker. The zero value
// is not usable: call NewRequests.
type Requests struct {
	owner *token
	last  int
}

// Ticket tags a reply with the request it answers. It is a plain value,
// safe to capture in a command's goroutine.
type Ticket struct {
	owner *token
	seq   int
}

// NewRequests starts a counter of its own.
func NewRequests() Requests { return Requests{owner: new(token)} }

// Next starts a new request; replies to earlier ones become stale.
func (r *Requests) Next() Ticket {
	r.last++
	return Ticket{owner: r.owner, seq: r.last}
}

// Current reports whether t is the latest request of this counter: the
// test for a reply that supersedes the ones before (a reload).
func (r *Requests) Current(t Ticket) bool {
	return t.owner == r.owner && t.seq == r.last
}

// Issued reports whether t is any request of this counter: the test for
// requests that run side by side, each answered on its own (lookups of
// different names).
func (r *Requests) Issued(t Ticket) bool {
	return t.owner == r.owner && t.seq > 0 && t.seq <= r.last
}
