// Package engine submits cloud route services in bulk: it turns a Plan into
// one ResolveAndRouteServiceInCen call per host, sends a bounded number at
// once behind one adaptive rate limiter, retries transient failures
// with the same ClientToken, follows every entry to Active or Failed, and
// journals every step so that a stopped run can be resumed without losing or
// duplicating anything. The terminal UI and the scripted commands both drive
// it and consume the same Events.
package engine

import (
	"encoding/json"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
)

// Plan is what the operator asked for: route every host into every access
// region through the host VPC of the host region.
type Plan struct {
	CenID           string   `json:"cen_id"`
	HostRegionID    string   `json:"host_region_id"`
	HostVpcID       string   `json:"host_vpc_id"`
	AccessRegionIDs []string `json:"access_region_ids"`
	Hosts           []string `json:"hosts"`
	Description     string   `json:"description,omitempty"`
}

// DeletePlan is a set of route-service entries to delete, all on one CEN.
type DeletePlan struct {
	CenID   string        `json:"cen_id"`
	Entries []DeleteEntry `json:"entries"`
}

// DeleteEntry is one entry to delete: one DeleteRouteServiceInCen call.
type DeleteEntry struct {
	HostRegionID   string `json:"host_region_id"`
	Host           string `json:"host"`
	AccessRegionID string `json:"access_region_id"`
	HostVpcID      string `json:"host_vpc_id,omitempty"` // optional; narrows the delete to this VPC
}

// NewDeletePlan turns listed entries (all of one CEN) into a plan that
// deletes them.
func NewDeletePlan(entries []cenapi.RouteService) DeletePlan {
	var p DeletePlan
	for _, e := range entries {
		p.CenID = e.CenID
		p.Entries = append(p.Entries, DeleteEntry{HostRegionID: e.HostRegionID, Host: e.Host,
			AccessRegionID: e.AccessRegionID, HostVpcID: e.HostVpcID})
	}
	return p
}

// EventKind names a step in a host's life during a run.
type EventKind string

// The event kinds, in the order a host normally goes through them.
const (
	EventQueued   EventKind = "queued"   // the host is waiting for its turn to be sent
	EventSkipped  EventKind = "skipped"  // already present on the CEN; nothing sent
	EventSending  EventKind = "sending"  // a call is on the wire (Attempt says which)
	EventRetrying EventKind = "retrying" // a transient failure; Reason says why
	EventAccepted EventKind = "accepted" // the API accepted the call; RequestID set
	EventCreating EventKind = "creating" // the entry exists and is being created
	EventActive   EventKind = "active"   // every access region's entry is Active
	EventFailed   EventKind = "failed"   // permanent failure; Code and Message set
	EventDeleting EventKind = "deleting" // delete accepted, entry being removed
	EventDeleted  EventKind = "deleted"  // the entry is gone
	EventStopped  EventKind = "stopped"  // the run was stopped before this host finished
)

// Final reports whether a host's life ends at this kind of event.
func (k EventKind) Final() bool {
	switch k {
	case EventSkipped, EventActive, EventFailed, EventDeleted, EventStopped:
		return true
	}
	return false
}

// Event is one step of one host. Events of a run arrive in order per host.
type Event struct {
	RunID     string    `json:"run_id"`
	Kind      EventKind `json:"kind"`
	Host      string    `json:"host"`
	Attempt   int       `json:"attempt,omitempty"`
	RequestID string    `json:"request_id,omitempty"`
	Code      string    `json:"code,omitempty"`
	Message   string    `json:"message,omitempty"`
	Reason    string    `json:"reason,omitempty"` // why a retry happens, in words
	// Said is Message, or Reason, as a fact (see package fact): the
	// screens say it in their language.
	Said   fact.Fact `json:"-"`
	Region string    `json:"region,omitempty"` // an entry to delete: its access region
	// Op and Item tell the items of a sync run apart: OpCreate or
	// OpDelete, and the item's place in the run, from 1 (the creates of
	// its SyncPlan, then its deletes). Both are empty in other runs.
	Op   string    `json:"op,omitempty"`
	Item int       `json:"item,omitempty"`
	Time time.Time `json:"time"`
}

// Final statuses of a host (apply) or an entry (delete) in a Report.
const (
	StatusActive   = "active"   // every access region's entry is Active
	StatusPresent  = "present"  // already routed before the run; nothing sent
	StatusAccepted = "accepted" // accepted and not followed (NoWait)
	StatusCreating = "creating" // still Creating when the run stopped following it
	StatusFailed   = "failed"   // Code and Message say why
	StatusStopped  = "stopped"  // the run stopped first; resume to finish it
	StatusDeleting = "deleting" // delete accepted and not followed (NoWait)
	StatusDeleted  = "deleted"  // the entry is gone
	StatusAbsent   = "absent"   // nothing to delete: the entry did not exist
)

// HostResult is the outcome for one host (apply) or one entry (delete), as
// reports show it.
type HostResult struct {
	Op              string   `json:"op,omitempty"` // sync runs: OpCreate or OpDelete
	Host            string   `json:"host"`
	HostRegionID    string   `json:"host_region_id,omitempty"` // delete and sync runs
	AccessRegionIDs []string `json:"access_region_ids"`
	RequestID       string   `json:"request_id,omitempty"`
	Status          string   `json:"status"` // one of the Status constants
	Attempts        int      `json:"attempts"`
	Code            string   `json:"code,omitempty"`
	Message         string   `json:"message,omitempty"`
	// Said is Message as a fact (see package fact); zero for a result
	// read back from a journal, which keeps the text only.
	Said fact.Fact `json:"-"`
}

// Run kinds.
const (
	KindApply  = "apply"
	KindDelete = "delete"
	KindSync   = "sync"
)

// Report is the outcome of a whole run.
type Report struct {
	RunID    string       `json:"run_id"`
	Kind     string       `json:"kind"` // KindApply, KindDelete or KindSync
	Plan     Plan         `json:"plan"` // apply runs; the others set CenID only, and JSON leaves it out
	Delete   *DeletePlan  `json:"delete,omitempty"`
	Sync     *SyncPlan    `json:"sync,omitempty"`
	Started  time.Time    `json:"started"`
	Finished time.Time    `json:"finished"`
	Hosts    []HostResult `json:"hosts"`
	Stopped  bool         `json:"stopped,omitempty"` // the run was stopped and can be resumed
	// Halt says why the run stopped by itself, when it did: the API
	// refused the credentials (see Halt).
	Halt *Halt `json:"halt,omitempty"`
	// Calls counts the API calls this process made for the run (writes,
	// their retries, and the listings that followed the entries), and
	// ThrottledCalls those of them the API answered with throttling: a
	// real API counts them against the account, and may flow-control it
	// harder.
	Calls          int `json:"calls"`
	ThrottledCalls int `json:"throttled_calls"`
	// JournalError says why the journal could not be written in full (a
	// full disk, say): the run may then not be resumable.
	JournalError string        `json:"journal_error,omitempty"`
	Elapsed      time.Duration `json:"-"`
}

// Halt is why a run stopped by itself: the API refused the credentials
// rather than a call (a permission RAM denies, an expired STS token, a
// rejected key, a clock too far off; see cenapi.AccessProblem). Every other
// call would meet the same refusal and no retry cures it, so the run stops
// at once, resumable; the operator fixes the credentials, then resumes.
type Halt struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Permission is the RAM action missing, for a denial.
	Permission string `json:"permission,omitempty"`
	// Remedy says what to do, in one line.
	Remedy    string `json:"remedy"`
	RequestID string `json:"request_id,omitempty"`
	// Said is Message as a fact (see package fact).
	Said fact.Fact `json:"-"`
}

// newHalt is the Halt of a run stopped by err.
func newHalt(err *cenapi.Error) *Halt {
	return &Halt{Code: err.Code, Message: err.Message, Permission: err.Permission, Remedy: err.Remedy(), RequestID: err.RequestID,
		Said: err.MessageSaid()}
}

// Text says why the run stopped and what to do, in one line: "Forbidden.RAM:
// User not authorized … (missing RAM permission cen:ResolveAndRouteServiceInCen);
// grant cen:ResolveAndRouteServiceInCen to the RAM user or role of these
// credentials".
func (h Halt) Text() string {
	e := cenapi.Error{Code: h.Code, Message: h.Message, Permission: h.Permission}
	return e.Error() + "; " + h.Remedy
}

// MarshalJSON leaves the plan out of a delete or sync run's report: its
// entries are in Delete or Sync, and an apply plan naming only the CEN
// would be all blanks and nulls.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report // without this method
	if r.Kind == KindApply || r.Kind == "" {
		return json.Marshal(plain(r))
	}
	return json.Marshal(struct {
		plain
		Plan *Plan `json:"plan,omitempty"` // hides the embedded one
	}{plain: plain(r)})
}

// Failed counts the hosts whose status is failed.
func (r Report) Failed() int {
	n := 0
	for _, h := range r.Hosts {
		if h.Status == StatusFailed {
			n++
		}
	}
	return n
}
