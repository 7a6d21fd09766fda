package emulator

import (
	"encoding/json"
	"maps"
	"net/http"
	"time"
)

// State is a snapshot of the emulator: every route-service entry and the
// per-action counters. GET /_emulator/state returns it as JSON.
type State struct {
	Entries []Entry `json:"entries"`
	// Counters are keyed by Action; requests naming no known action count
	// under "_unknown".
	Counters map[string]Counters `json:"counters"`
}

// Entry is one route-service entry as it stands.
type Entry struct {
	CenID          string    `json:"cen_id"`
	HostRegionID   string    `json:"host_region_id"`
	Host           string    `json:"host"`
	HostVpcID      string    `json:"host_vpc_id"`
	AccessRegionID string    `json:"access_region_id"`
	Description    string    `json:"description"`
	Status         string    `json:"status"` // Creating, Active, Failed or Deleting
	CreatedAt      time.Time `json:"created_at"`
}

// Counters count one action's requests.
type Counters struct {
	// Requests counts every request naming the action, whatever became of
	// it.
	Requests int `json:"requests"`
	// Created counts route-service entries created (one per access region)
	// and Deleted those accepted for deletion.
	Created int `json:"created"`
	Deleted int `json:"deleted"`
	// IdempotentReplays counts ClientToken retries answered with the stored
	// reply.
	IdempotentReplays int `json:"idempotent_replays"`
	// Rejections counts error replies by code, Throttling.User included,
	// injected faults excluded.
	Rejections map[string]int `json:"rejections"`
	// Faults counts injected faults by FaultKind.
	Faults map[FaultKind]int `json:"faults"`
}

// counter returns action's counters; e.mu must be held.
func (e *Emulator) counter(action string) *Counters {
	c := e.counters[action]
	if c == nil {
		c = &Counters{Rejections: map[string]int{}, Faults: map[FaultKind]int{}}
		e.counters[action] = c
	}
	return c
}

func (e *Emulator) countRequest(action string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.counter(action).Requests++
}

func (e *Emulator) countRejection(action, code string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.counter(action).Rejections[code]++
}

func (e *Emulator) countFault(action string, k FaultKind) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.counter(action).Faults[k]++
}

// State returns a snapshot of the entries, in creation order, and the
// counters.
func (e *Emulator) State() State {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	e.sweep(now)
	st := State{Entries: make([]Entry, 0, len(e.routes)), Counters: make(map[string]Counters, len(e.counters))}
	for _, en := range e.routes {
		st.Entries = append(st.Entries, en.snapshot(e.status(en, now)))
	}
	for a, c := range e.counters {
		cp := *c
		cp.Rejections = maps.Clone(c.Rejections)
		cp.Faults = maps.Clone(c.Faults)
		st.Counters[a] = cp
	}
	return st
}

// serveState answers GET /_emulator/state.
func (e *Emulator) serveState(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "only GET", http.StatusMethodNotAllowed)
		return
	}
	body, err := json.Marshal(e.State())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(body)
}
