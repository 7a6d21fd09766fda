package engine

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
)

// The journal is one JSON-lines file per run, <StateDir>/<run ID>.jsonl,
// appended to (one write per record) as the run goes. Its first record is
// the plan; then come attempt and host records; a run that ended with every
// host settled ends with a finished record. It holds no credentials: plans,
// hosts, ClientTokens, RequestIds and API error codes and messages only.
//
// Record types:
//
//	plan      run_id, kind (apply|delete|sync), label (whom the run is sent as: masked
//	          AccessKey ID, profile, endpoint; absent in older journals), plan, delete or
//	          sync, pid (the process that started the run; absent in older journals), time
//	resume    time, pid: the run was resumed from here, by that process
//	attempt   host, host_region and region (delete), token, attempt, outcome (ok, throttled,
//	          timeout, transient, exists, permanent, canceled), request_id,
//	          code, message: one per call that got an answer or gave up
//	host      host, host_region and region (delete), status (an EventKind: queued with the
//	          access regions to send, skipped, accepted, creating, active,
//	          failed, deleting, deleted, stopped), request_id, code, message
//	finished  time
//
// The attempt and host records of a sync run also carry item, the item's
// place in the run (from 1): its items are told apart by that, since
// one host may have several of them (a delete and the create that
// replaces it, creates into other access regions).
const journalExt = ".jsonl"

// Record types.
const (
	recPlan     = "plan"
	recResume   = "resume"
	recAttempt  = "attempt"
	recHost     = "host"
	recFinished = "finished"
)

// record is one journal line.
type record struct {
	Type string    `json:"type"`
	Time time.Time `json:"time"`

	RunID  string      `json:"run_id,omitempty"`
	Kind   string      `json:"kind,omitempty"`
	Label  string      `json:"label,omitempty"`
	Plan   *Plan       `json:"plan,omitempty"`
	Delete *DeletePlan `json:"delete,omitempty"`
	Sync   *SyncPlan   `json:"sync,omitempty"`
	PID    int         `json:"pid,omitempty"` // plan and resume records

	Item       int       `json:"item,omitempty"` // sync runs: the item's place in the run, from 1
	Host       string    `json:"host,omitempty"`
	HostRegion string    `json:"host_region,omitempty"` // delete runs
	Region     string    `json:"region,omitempty"`      // delete runs: the access region
	Regions    []string  `json:"regions,omitempty"`
	Token      string    `json:"token,omitempty"`
	Attempt    int       `json:"attempt,omitempty"`
	Outcome    string    `json:"outcome,omitempty"`
	Status     EventKind `json:"status,omitempty"`
	RequestID  string    `json:"request_id,omitempty"`
	Code       string    `json:"code,omitempty"`
	Message    string    `json:"message,omitempty"`
}

// printable makes the text of a record read back from its journal safe to
// show (see cenapi.Printable): the file is the user's to edit. What the
// program wrote itself is printable already, and does not change.
func (r *record) printable() {
	for _, f := range []*string{&r.RunID, &r.Kind, &r.Label, &r.Host, &r.HostRegion, &r.Region,
		&r.Token, &r.Outcome, &r.RequestID, &r.Code, &r.Message} {
		*f = cenapi.Printable(*f)
	}
	r.Status = EventKind(cenapi.Printable(string(r.Status)))
	printableAll(r.Regions)
	if p := r.Plan; p != nil {
		for _, f := range []*string{&p.CenID, &p.HostRegionID, &p.HostVpcID, &p.Description} {
			*f = cenapi.Printable(*f)
		}
		printableAll(p.AccessRegionIDs)
		printableAll(p.Hosts)
	}
	if d := r.Delete; d != nil {
		d.CenID = cenapi.Printable(d.CenID)
		printableEntries(d.Entries)
	}
	if sp := r.Sync; sp != nil {
		sp.CenID = cenapi.Printable(sp.CenID)
		printableEntries(sp.Deletes)
		for i := range sp.Creates {
			c := &sp.Creates[i]
			for _, f := range []*string{&c.HostRegionID, &c.HostVpcID, &c.Host, &c.Description} {
				*f = cenapi.Printable(*f)
			}
			printableAll(c.AccessRegionIDs)
		}
	}
}

// printableEntries applies cenapi.Printable to every field of entries.
func printableEntries(entries []DeleteEntry) {
	for i := range entries {
		en := &entries[i]
		for _, f := range []*string{&en.HostRegionID, &en.Host, &en.AccessRegionID, &en.HostVpcID} {
			*f = cenapi.Printable(*f)
		}
	}
}

// plan is the Plan of a run whose plan record is r: the apply plan, or
// the CEN alone of a delete or sync run.
func (r record) plan() Plan {
	switch {
	case r.Plan != nil:
		return *r.Plan
	case r.Delete != nil:
		return Plan{CenID: r.Delete.CenID}
	case r.Sync != nil:
		return Plan{CenID: r.Sync.CenID}
	}
	return Plan{}
}

// printableAll applies cenapi.Printable to every element of s.
func printableAll(s []string) {
	for i := range s {
		s[i] = cenapi.Printable(s[i])
	}
}

// journal appends records to a run's file. Writes are serialised by the
// run's lock.
type journal struct {
	f   *os.File
	err error // the first write error; later records are not written
}

// runIDPattern is what a run ID looks like; anything else is refused
// before it is used in a path.
var runIDPattern = regexp.MustCompile(`^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$`)

// newRunID is the UTC start time and a random suffix, so that IDs sort by
// age and never collide.
func newRunID(now time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b[:])
}

func journalPath(dir, runID string) (string, error) {
	if !runIDPattern.MatchString(runID) {
		quoted := fmt.Sprintf("%q", runID)
		return "", unknownRun{fact.New(KindNotRunID, quoted+" is not a run ID (they look like 20250102-030405-a1b2c3)",
			fact.Args{"ID": quoted})}
	}
	return filepath.Join(dir, runID+journalExt), nil
}

// createJournal creates a new run's journal, and the state directory if
// needed, readable by the user only, and takes its lock.
func createJournal(dir, runID string) (*journal, error) {
	path, err := journalPath(dir, runID)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, failedTo(KindStateDirCreate, "creating the state directory", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return nil, failedTo(KindJournalCreate, "creating the run journal", err)
	}
	if err := lockJournal(dir, f); err != nil {
		f.Close()
		os.Remove(path) // empty: no run was journaled
		return nil, failedTo(KindJournalLockNew, "locking the new run journal", err)
	}
	return &journal{f: f}, nil
}

// openJournal takes the lock of a run's journal, reads the journal and
// keeps it open for appending. A torn last line (the process was killed in
// the middle of a write) is cut off first; any other line that cannot be
// read is skipped. A journal locked by a live run is left untouched: the
// error is a *BusyError.
func openJournal(dir, runID string) (*journal, []record, error) {
	path, err := journalPath(dir, runID)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, noRun(path)
	}
	if err != nil {
		return nil, nil, failedTo(KindJournalOpen, "opening the run journal", err)
	}
	recs, err := lockAndRead(dir, runID, path, f)
	if err != nil {
		f.Close() // releases the lock, if taken
		return nil, nil, err
	}
	return &journal{f: f}, recs, nil
}

// lockAndRead locks the journal open as f, then reads and repairs it.
func lockAndRead(dir, runID, path string, f *os.File) ([]record, error) {
	if err := lockJournal(dir, f); errors.Is(err, errLocked) {
		return nil, &busyError{RunID: runID, PID: lastPID(path)}
	} else if err != nil {
		return nil, err
	}
	recs, complete, err := readJournal(path)
	if err != nil {
		return nil, err
	}
	if err := f.Truncate(complete); err != nil {
		return nil, failedTo(KindJournalRepair, "repairing the run journal", err)
	}
	return recs, nil
}

// lastPID is the process that last started or resumed the run journaled
// at path, or 0 if the journal does not say.
func lastPID(path string) int {
	recs, _, err := readJournal(path)
	if err != nil {
		return 0
	}
	pid := 0
	for _, r := range recs {
		if r.PID != 0 {
			pid = r.PID
		}
	}
	return pid
}

// ErrUnknownRun is what Resume's error is (errors.Is) when the caller
// named no run of the state directory: a malformed run ID, or one without
// a journal. It is a mistake in the input, not a failure.
var ErrUnknownRun = errors.New("unknown run")

// unknownRun is an ErrUnknownRun in words.
type unknownRun struct{ said fact.Fact }

func (e unknownRun) Error() string { return e.said.String() }

// Said is the error's fact.
func (e unknownRun) Said() fact.Fact { return e.said }

// Is makes errors.Is(err, ErrUnknownRun) hold.
func (e unknownRun) Is(target error) bool { return target == ErrUnknownRun }

// noRun is the error for a run ID without a journal.
func noRun(path string) error {
	id, dir := strings.TrimSuffix(filepath.Base(path), journalExt), filepath.Dir(path)
	return unknownRun{fact.New(KindNoRun, fmt.Sprintf("no run %s in %s", id, dir), fact.Args{"ID": id, "Path": dir})}
}

// readJournal parses a journal and returns its records and the length of
// its complete lines. The first record must be the plan.
func readJournal(path string) ([]record, int64, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, noRun(path)
	}
	if err != nil {
		return nil, 0, failedTo(KindJournalRead, "reading the run journal", err)
	}
	complete := bytes.LastIndexByte(data, '\n') + 1
	var recs []record
	for _, line := range bytes.Split(data[:complete], []byte{'\n'}) {
		var r record
		if len(line) == 0 || json.Unmarshal(line, &r) != nil {
			continue
		}
		r.printable()
		recs = append(recs, r)
	}
	if len(recs) == 0 || recs[0].Type != recPlan || (recs[0].Plan == nil && recs[0].Delete == nil && recs[0].Sync == nil) {
		return nil, 0, fact.Errorf(KindJournalNoPlan, "the run journal "+path+" does not start with a plan", fact.Args{"Path": path})
	}
	return recs, int64(complete), nil
}

// write appends one record as one line. After a failure it writes nothing
// more; the error is reported with the run's report.
func (j *journal) write(r record) {
	if j.err != nil {
		return
	}
	line, err := json.Marshal(r)
	if err == nil {
		_, err = j.f.Write(append(line, '\n'))
	}
	if err != nil {
		j.err = failedTo(KindJournalWrite, "writing the run journal", err)
	}
}

// close syncs and closes the file, returning the first error met.
func (j *journal) close() error {
	if err := j.f.Sync(); err != nil && j.err == nil {
		j.err = err
	}
	if err := j.f.Close(); err != nil && j.err == nil {
		j.err = err
	}
	return j.err
}

// finishedTail is how much of a journal's end endsFinished reads: more
// than a finished record's line.
const finishedTail = 256

// endsFinished reports whether the journal at path ends with a complete
// finished record, reading only its tail. The state directory keeps every
// run ever made, and Unfinished runs whenever the wizard starts: a
// finished run's journal is skipped without being read in full. Anything
// else (a short read, a torn last line) says false, and the journal is
// read in full.
func endsFinished(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	off := max(0, fi.Size()-finishedTail)
	buf := make([]byte, fi.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil {
		return false
	}
	buf, complete := bytes.CutSuffix(buf, []byte{'\n'})
	if !complete {
		return false
	}
	var r record
	return json.Unmarshal(buf[bytes.LastIndexByte(buf, '\n')+1:], &r) == nil && r.Type == recFinished
}

// RunInfo describes a journaled run that did not finish.
type RunInfo struct {
	ID      string
	Kind    string      // KindApply, KindDelete or KindSync
	Label   string      // whom the run was sent as (Engine.Label); "" in journals older than labels
	Plan    Plan        // apply runs; the others: the CEN
	Delete  *DeletePlan // delete runs
	Sync    *SyncPlan   // sync runs
	Started time.Time
	Updated time.Time // the journal's last change
	Total   int       // hosts (apply), entries (delete) or calls (sync)
	Settled int       // of which settled for good (active, present, failed, deleted, absent)
	// Busy: the run is live right now, in this process (another session
	// of `cenroute serve`, or a run of the caller's own) or in another;
	// Resume would refuse it.
	Busy bool
}

// Unfinished lists the runs in the state directory whose journal has no
// finished record, newest first, each marked Busy if it is live right now.
// Journals that cannot be read are skipped.
func (e *Engine) Unfinished() ([]RunInfo, error) {
	if e.optErr != nil {
		return nil, e.optErr
	}
	return Unfinished(e.opts.StateDir)
}

// Unfinished is Engine.Unfinished for the journals in stateDir ("" for
// DefaultStateDir), with no engine: listing runs needs no connection.
func Unfinished(stateDir string) ([]RunInfo, error) {
	if stateDir == "" {
		dir, err := DefaultStateDir()
		if err != nil {
			return nil, err
		}
		stateDir = dir
	}
	paths, err := filepath.Glob(filepath.Join(stateDir, "*"+journalExt))
	if err != nil {
		return nil, err
	}
	var out []RunInfo
	for _, path := range paths {
		id := strings.TrimSuffix(filepath.Base(path), journalExt)
		if !runIDPattern.MatchString(id) || endsFinished(path) {
			continue
		}
		recs, _, err := readJournal(path)
		if err != nil {
			continue
		}
		st := replay(recs)
		if st.finished {
			continue
		}
		info := RunInfo{ID: id, Kind: st.kind, Label: recs[0].Label, Plan: st.plan, Delete: st.del, Sync: recs[0].Sync,
			Started: recs[0].Time, Total: len(st.items), Busy: journalBusy(stateDir, path)}
		if fi, err := os.Stat(path); err == nil {
			info.Updated = fi.ModTime()
		}
		for _, it := range st.items {
			if it.settled() {
				info.Settled++
			}
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, nil
}
