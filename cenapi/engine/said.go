package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/cenroute/cenroute/cenapi"
	"github.com/cenroute/cenroute/cenapi/fact"
)

// The kinds of the engine's own sentences (Event.Said, HostResult.Said,
// Problem.Said, the errors it makes), in a form no language is tied to
// (see package fact). A Message among the values is the API's message as
// received, or the client's own as a fact.
const (
	// A host's outcome and its retries.
	KindGaveUp        fact.Kind = "engine.gave_up"         // Attempts, Message
	KindSomeoneElse   fact.Kind = "engine.someone_else"    // routed by someone else meanwhile
	KindNotReplaced   fact.Kind = "engine.not_replaced"    // Region, Status
	KindNotReplacedBy fact.Kind = "engine.not_replaced_by" // Region, Status, Why
	KindEndedFailed   fact.Kind = "engine.ended_failed"    // Region
	KindNeverListed   fact.Kind = "engine.never_listed"    // Region, VPC, Listings
	KindUnfollowed    fact.Kind = "engine.unfollowed"      // Message
	KindFollowing     fact.Kind = "engine.following"       // Reason
	KindStillCreating fact.Kind = "engine.still_creating"  // Wait
	KindStillThere    fact.Kind = "engine.still_there"     // Wait
	KindThrottled     fact.Kind = "engine.throttled"       // a retry's reason
	KindThrottledBare fact.Kind = "engine.throttled_bare"  // a read's retry, in a word
	KindNoReply       fact.Kind = "engine.no_reply"        // a retry's reason
	KindCodeMessage   fact.Kind = "engine.code_message"    // Code, Message
	KindExistUnknown  fact.Kind = "engine.exist_unknown"   // Message, Reason: the entry could not be checked
	KindExistBecause  fact.Kind = "engine.exist_because"   // Message, Why
	KindExistMissing  fact.Kind = "engine.exist_missing"   // Region
	KindListing       fact.Kind = "engine.listing"         // Cause: listing the existing entries failed

	// What stands in the way of a host (Prepared.ConflictsSaid).
	KindOtherVPC fact.Kind = "engine.conflict.other_vpc" // Region, VPC
	KindFailed   fact.Kind = "engine.conflict.failed"    // Region
	KindDeleting fact.Kind = "engine.conflict.deleting"  // Region

	// The statuses an entry a create replaces may end in.
	KindStatusFailed   fact.Kind = "engine.status.failed"
	KindStatusStopped  fact.Kind = "engine.status.stopped"
	KindStatusDeleting fact.Kind = "engine.status.deleting"

	// The target rule's reasons (Problem.Said), and a whole problem.
	KindProblem         fact.Kind = "engine.problem" // Part, Value, Why
	KindNoSuchCEN       fact.Kind = "engine.target.no_cen"
	KindNoHostRegion    fact.Kind = "engine.target.no_vpc_there"     // Regions: the host regions
	KindNoAccessRegion  fact.Kind = "engine.target.no_access"        // no access region is chosen
	KindNamedTwice      fact.Kind = "engine.target.named_twice"      // an access region named twice
	KindNoLinkThere     fact.Kind = "engine.target.no_link_there"    // Regions: the access regions
	KindVPCNotAttached  fact.Kind = "engine.target.vpc_not_attached" // Region, VPCs: those attached
	KindNone            fact.Kind = "engine.none"                    // an empty list of IDs
	KindWantedNoCEN     fact.Kind = "engine.wanted.no_cen"
	KindWantedNoRegion  fact.Kind = "engine.wanted.no_host_region"
	KindWantedOutside   fact.Kind = "engine.wanted.outside" // Region, Regions: the file's host regions
	KindWantedNoVPC     fact.Kind = "engine.wanted.no_host_vpc"
	KindWantedNoAccess  fact.Kind = "engine.wanted.no_access"
	KindWantedNoHost    fact.Kind = "engine.wanted.no_host"
	KindWantedElsewhere fact.Kind = "engine.wanted.elsewhere" // Host, Region: wanted by another service too
	KindWantedTwice     fact.Kind = "engine.wanted.twice"     // Host
)

// statusSaid is the status an item ended in, as a fact where the
// engine's words for it are needed; else the status as it is.
func statusSaid(status string) fact.Fact {
	switch status {
	case StatusFailed:
		return fact.New(KindStatusFailed, status, nil)
	case StatusStopped:
		return fact.New(KindStatusStopped, status, nil)
	case StatusDeleting:
		return fact.New(KindStatusDeleting, status, nil)
	}
	return fact.Verbatim(status)
}

// idList is a list of IDs the API gave, or "none".
func idList(ids []string) fact.Fact {
	if len(ids) == 0 {
		return fact.New(KindNone, "none", nil)
	}
	return fact.Verbatim(strings.Join(ids, ", "))
}

// messageSaid is what an item's message says: its fact, else its text as
// received (an item read back from a journal keeps only its text).
func messageSaid(said fact.Fact, msg string) fact.Fact {
	if !said.IsZero() {
		return said
	}
	return fact.Verbatim(msg)
}

// listingFailed is the error of a listing of the existing entries that
// failed with err.
func listingFailed(err error) error {
	return fact.Errorf(KindListing, "listing the existing route services: "+err.Error(), fact.Args{"Cause": err})
}

// gaveUp says that a call was given up after attempts attempts, the last
// of which failed with err.
func gaveUp(attempts int, err *cenapi.Error) fact.Fact {
	return fact.New(KindGaveUp, fmt.Sprintf("gave up after %d attempts: %s", attempts, err.Message),
		fact.Args{"Attempts": attempts, "Message": err.MessageSaid()})
}

// someoneElse says that a host was routed by someone else meanwhile.
func someoneElse() fact.Fact {
	return fact.New(KindSomeoneElse, "routed by someone else after the plan was checked; nothing was created", nil)
}

// notReplaced says why a create was not sent: d, the delete of the entry
// it replaces, ended in another status than deleted or absent.
func notReplaced(d *item) fact.Fact {
	english := fmt.Sprintf("not sent: the entry it replaces into %s was not deleted (%s", d.region, d.status)
	args := fact.Args{"Region": d.region, "Status": statusSaid(d.status)}
	if d.msg == "" {
		return fact.New(KindNotReplaced, english+")", args)
	}
	args["Why"] = messageSaid(d.said, d.msg)
	return fact.New(KindNotReplacedBy, english+": "+d.msg+")", args)
}

// endedFailed says that the entry into region ended Failed.
func endedFailed(region string) fact.Fact {
	return fact.New(KindEndedFailed, fmt.Sprintf("the entry into %s ended Failed", region), fact.Args{"Region": region})
}

// neverListed says that an accepted entry was missing from listings
// complete listings in a row.
func neverListed(region, vpc string, listings int) fact.Fact {
	return fact.New(KindNeverListed,
		fmt.Sprintf("accepted, but no entry into %s through %s was listed in %d complete listings in a row", region, vpc, listings),
		fact.Args{"Region": region, "VPC": vpc, "Listings": listings})
}

// unfollowed says that an entry could not be followed: err ended it.
func unfollowed(err *cenapi.Error) fact.Fact {
	return fact.New(KindUnfollowed, "the entry could not be followed: "+err.Message, fact.Args{"Message": err.MessageSaid()})
}

// following says why a listing that follows an entry is retried.
func following(reason fact.Fact) fact.Fact {
	return fact.New(KindFollowing, "following the entry: "+reason.String(), fact.Args{"Reason": reason})
}

// stillWaiting says that an entry (to delete, when deletes) did not settle
// within wait.
func stillWaiting(deletes bool, wait time.Duration) fact.Fact {
	kind, what := KindStillCreating, "Creating"
	if deletes {
		kind, what = KindStillThere, "not gone"
	}
	return fact.New(kind, fmt.Sprintf("still %s after %s; resume the run to keep following it", what, wait), fact.Args{"Wait": wait})
}

// existUnknown is err, an Exist, with why the entry behind it could not
// be checked.
func existUnknown(err *cenapi.Error, reason fact.Fact) fact.Fact {
	return fact.New(KindExistUnknown, err.Message+": the existing entry could not be checked: "+reason.String(),
		fact.Args{"Message": err.MessageSaid(), "Reason": reason})
}

// existBecause is err, an Exist, with why it stands.
func existBecause(err *cenapi.Error, why fact.Fact) fact.Fact {
	return fact.New(KindExistBecause, err.Message+": "+why.String(), fact.Args{"Message": err.MessageSaid(), "Why": why})
}

// existMissing says that no entry into region was found behind an Exist.
func existMissing(region string) fact.Fact {
	return fact.New(KindExistMissing, "no entry into "+region+" was found", fact.Args{"Region": region})
}

// The kinds of the engine's errors about plans and run journals, which
// reach the screen and the command line (Cause: the system's error).
const (
	KindPlanNoCEN          fact.Kind = "engine.plan.no_cen"
	KindPlanNoHostRegion   fact.Kind = "engine.plan.no_host_region"
	KindPlanNoHostVPC      fact.Kind = "engine.plan.no_host_vpc"
	KindPlanNoAccess       fact.Kind = "engine.plan.no_access"
	KindPlanNoHost         fact.Kind = "engine.plan.no_host"
	KindPlanTwice          fact.Kind = "engine.plan.twice" // Host
	KindDeleteNoCEN        fact.Kind = "engine.plan.delete_no_cen"
	KindDeleteNoEntry      fact.Kind = "engine.plan.delete_no_entry"
	KindEntryIncomplete    fact.Kind = "engine.plan.entry_incomplete"  // Host, Access, Region: quoted
	KindEntryTwice         fact.Kind = "engine.plan.entry_twice"       // Host, Access
	KindSyncNoCEN          fact.Kind = "engine.plan.sync_no_cen"       //
	KindSyncNothing        fact.Kind = "engine.plan.sync_nothing"      //
	KindCreateIncomplete   fact.Kind = "engine.plan.create_incomplete" // Host, Access, Region: quoted
	KindCreateBadReplace   fact.Kind = "engine.plan.bad_replace"       // Host, Position
	KindNoStateDir         fact.Kind = "engine.journal.no_state_dir"   // Cause
	KindStateDirCreate     fact.Kind = "engine.journal.create_dir"     // Cause
	KindJournalCreate      fact.Kind = "engine.journal.create"         // Cause
	KindJournalLockNew     fact.Kind = "engine.journal.lock_new"       // Cause
	KindJournalOpen        fact.Kind = "engine.journal.open"           // Cause
	KindJournalRepair      fact.Kind = "engine.journal.repair"         // Cause
	KindJournalRead        fact.Kind = "engine.journal.read"           // Cause
	KindJournalWrite       fact.Kind = "engine.journal.write"          // Cause
	KindJournalNoPlan      fact.Kind = "engine.journal.no_plan"        // Path
	KindGateOpen           fact.Kind = "engine.journal.gate_open"      // Cause
	KindGateLock           fact.Kind = "engine.journal.gate_lock"      // Cause
	KindNoRun              fact.Kind = "engine.journal.no_run"         // ID, Path: the state directory
	KindNotRunID           fact.Kind = "engine.journal.not_run_id"     // ID, quoted
	KindBusyOther          fact.Kind = "engine.journal.busy_other"     // ID
	KindBusyOtherPID       fact.Kind = "engine.journal.busy_other_pid" // ID, N: its process
	KindBusyThisProcessPID fact.Kind = "engine.journal.busy_session"   // ID, N: this process
)

// failedTo is err, the system's, as the engine's error of kind k, whose
// English text is what (what was being done) before err's.
func failedTo(k fact.Kind, what string, err error) error {
	return fact.Errorf(k, what+": "+err.Error(), fact.Args{"Cause": err})
}

// incomplete is the error of a delete plan's entry or a sync plan's create
// (what: "the entry", "the create of") that lacks something a call needs;
// access is its access regions, quoted.
func incomplete(k fact.Kind, what, host, access, region string) error {
	host, region = fmt.Sprintf("%q", host), fmt.Sprintf("%q", region)
	return fact.Errorf(k, fmt.Sprintf("%s %s into %s from %s is incomplete", what, host, access, region),
		fact.Args{"Host": host, "Access": access, "Region": region})
}
