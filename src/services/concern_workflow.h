// The lifecycle of a resident's concern (接诉即办) as a state machine: which
// event may happen in which state, and what state follows. Pure: no clock, no
// store; the caller records every transition with who and when.
//
//   ALLEY_ASSIGN_OR_RETURN(ConcernState s,
//                          Next(ConcernState::kReceived, ConcernEvent::Dispatch("320706006010")));
//   // s == kDispatched
//   Next(ConcernState::kInProgress, ConcernEvent::Rate(ConcernRating::kSatisfied))
//   // kFailedPrecondition: "cannot rate a concern that is in_progress: only a
//   // resolved concern can be rated"
//
// The transitions (one table in concern_workflow.cc, kTransitions):
//
//   received    --dispatch-->             dispatched
//   dispatched  --accept-->               accepted
//   accepted    --start-->                in_progress
//   in_progress --resolve-->              resolved
//   resolved    --rate(not_satisfied)-->  rated
//   resolved    --rate(satisfied | basically_satisfied)--> closed
//   resolved, rated                        --reopen-->   dispatched
//   dispatched, accepted, in_progress      --transfer--> dispatched (another body)
//   received, dispatched, accepted,
//   in_progress                            --escalate--> the same state
//   resolved, rated                        --close-->    closed
//
// Why `closed` exists: the issue lets a concern be reopened after a
// resolution or after a not_satisfied rating, but not after a satisfied one.
// A machine that decides from the state alone must therefore tell the two
// kinds of rated concern apart, so a satisfied or basically_satisfied rating
// ends the concern in `closed` (terminal: nothing follows it), and `rated`
// means "rated not_satisfied, awaiting a reopen or a supervisor's close".
// `close` (an event the issue does not name, added for the same reason) ends a
// concern that nobody will take further: a resolved one the resident did not
// rate within the rating window, or a not_satisfied one a supervisor decides
// not to reopen; it needs a reason. Without `closed`, every not_satisfied
// concern would stay open forever and every resolved, unrated one would stay
// rateable forever.
//
// Reopen returns the concern to `dispatched` (to the same body unless the
// event names another): the body must accept it again, so that a reopened
// concern is acknowledged like a new one. Escalation (a deadline has passed)
// is a self-transition of an open state: it records a level and keeps the
// state; a resolved, rated or closed concern has no deadline running.
//
// Identifiers (states, events, ratings) are stable: files, the API and the
// database use them. They never change once released.
//
// Thread safety: everything here is a pure function or an immutable value.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace alley::services {

// Where a concern stands. Identifiers in comments.
enum class ConcernState {
  kReceived,    // "received": taken in from a channel, not yet sent to a body
  kDispatched,  // "dispatched": sent to a unit or department, not yet accepted by it
  kAccepted,    // "accepted": the body acknowledged it (the first response)
  kInProgress,  // "in_progress": the body is working on it
  kResolved,    // "resolved": the body reported a resolution; awaiting the resident's rating
  kRated,       // "rated": the resident rated the resolution not_satisfied
  kClosed,      // "closed": finished; nothing may follow
};

// What may happen to a concern.
enum class ConcernEventKind {
  kDispatch,  // "dispatch": send a received concern to a body (`to`)
  kAccept,    // "accept": the body acknowledges it
  kStart,     // "start": the body starts work
  kResolve,   // "resolve": the body reports a resolution (`note`)
  kRate,      // "rate": the resident rates the resolution (`rating`)
  kReopen,    // "reopen": the resident or a supervisor disputes the resolution
  kTransfer,  // "transfer": the body hands it to another body (`to`, `reason`)
  kEscalate,  // "escalate": a deadline passed (`escalation_level`)
  kClose,     // "close": a supervisor ends it without (further) rating (`reason`)
};

// The resident's verdict on a resolution.
enum class ConcernRating {
  kSatisfied,           // "satisfied" (满意)
  kBasicallySatisfied,  // "basically_satisfied" (基本满意)
  kNotSatisfied,        // "not_satisfied" (不满意)
};

// An event with the data it carries. Which fields each kind takes:
//
//   kind      to          reason      note       rating     escalation_level
//   dispatch  required    -           -          -          -
//   accept    -           -           -          -          -
//   start     -           -           -          -          -
//   resolve   -           -           required   -          -
//   rate      -           -           -          required   -
//   reopen    optional    optional    -          -          -
//   transfer  required    required    -          -          -
//   escalate  -           -           -          -          required, >= 1
//   close     -           required    -          -          -
//
// "Required" text must hold a non-space character; "-" fields must be left
// empty (unset, 0): a field the kind does not take is a caller's mistake,
// refused rather than silently dropped. `to` names the body (a unit code or a
// department identifier; the caller checks that it exists). Build events with
// the factories below.
struct ConcernEvent {
  ConcernEventKind kind = ConcernEventKind::kAccept;
  std::string to;
  std::string reason;
  std::string note;
  std::optional<ConcernRating> rating;
  int escalation_level = 0;

  static ConcernEvent Dispatch(std::string to);
  static ConcernEvent Accept();
  static ConcernEvent Start();
  static ConcernEvent Resolve(std::string note);
  static ConcernEvent Rate(ConcernRating rating);
  // `to` empty: back to the body that resolved it.
  static ConcernEvent Reopen(std::string reason = {}, std::string to = {});
  static ConcernEvent Transfer(std::string to, std::string reason);
  static ConcernEvent Escalate(int level);
  static ConcernEvent Close(std::string reason);
};

// Every state, event kind and rating, in declaration order (for tests, menus
// and documentation).
std::span<const ConcernState> AllConcernStates();
std::span<const ConcernEventKind> AllConcernEventKinds();
std::span<const ConcernRating> AllConcernRatings();

// The stable identifiers ("in_progress", "reopen", "basically_satisfied").
// Every enumerator has one.
std::string_view ConcernStateId(ConcernState state);
std::string_view ConcernEventKindId(ConcernEventKind kind);
std::string_view ConcernRatingId(ConcernRating rating);

// The inverse of the identifiers: exact, case-sensitive matches only.
// kInvalidArgument naming what was expected, e.g. `unknown concern state
// "done": expected one of received, dispatched, ...`.
StatusOr<ConcernState> ParseConcernState(std::string_view id);
StatusOr<ConcernEventKind> ParseConcernEventKind(std::string_view id);
StatusOr<ConcernRating> ParseConcernRating(std::string_view id);

// Whether the rating counts towards the satisfaction rate's numerator
// (satisfied or basically_satisfied).
bool IsSatisfied(ConcernRating rating);

// Whether a deadline is still running: received, dispatched, accepted,
// in_progress.
bool IsOpen(ConcernState state);

// Whether the table allows `kind` in `state` for some well-formed event.
bool Allows(ConcernState state, ConcernEventKind kind);

// The state that follows `event` in `state`.
//
// The event's data is checked first, whatever the state, since malformed data
// is malformed in every state: kInvalidArgument naming the field ("transfer:
// reason is required", "dispatch: rating is not taken", "escalate:
// escalation_level must be at least 1, got 0"). Then the table:
// kFailedPrecondition naming the event, the state and the rule ("cannot rate a
// concern that is in_progress: only a resolved concern can be rated").
StatusOr<ConcernState> Next(ConcernState state, const ConcernEvent& event);

// What a concern's record keeps beside its state, folded over its events.
struct ConcernProgress {
  ConcernState state = ConcernState::kReceived;
  std::string body;          // who has it; empty until dispatched
  int escalation_level = 0;  // the highest level recorded; 0 when never escalated
  int reopen_count = 0;
  int transfer_count = 0;
  std::optional<ConcernRating> rating;  // the standing rating; cleared by a reopen
};

// `progress` after `event`: the state from Next (its errors unchanged), and:
// dispatch and transfer set `body` (a transfer to the body that already has it
// is kFailedPrecondition: "cannot transfer to 3207: the concern is already
// with it"); reopen clears the rating, counts the reopen and moves `body` when
// the event names another; rate sets the rating; escalate records the level,
// which must exceed the current one (kFailedPrecondition: "cannot escalate to
// level 1: the concern is already at level 2"). The level survives every
// later event, transfers and reopens included: escalation is history.
StatusOr<ConcernProgress> Apply(const ConcernProgress& progress, const ConcernEvent& event);

}  // namespace alley::services
