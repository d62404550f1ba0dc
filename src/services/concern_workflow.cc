#include "services/concern_workflow.h"

#include <array>
#include <cstddef>
#include <string>
#include <utility>

namespace alley::services {

namespace {

using S = ConcernState;
using E = ConcernEventKind;

constexpr std::array kStates = {S::kReceived, S::kDispatched, S::kAccepted, S::kInProgress,
                                S::kResolved, S::kRated,      S::kClosed};
constexpr std::array kEventKinds = {E::kDispatch, E::kAccept,   E::kStart,    E::kResolve, E::kRate,
                                    E::kReopen,   E::kTransfer, E::kEscalate, E::kClose};
constexpr std::array kRatings = {ConcernRating::kSatisfied, ConcernRating::kBasicallySatisfied,
                                 ConcernRating::kNotSatisfied};

// Identifiers indexed by enumerator value.
constexpr std::array<std::string_view, kStates.size()> kStateIds = {
    "received", "dispatched", "accepted", "in_progress", "resolved", "rated", "closed"};
constexpr std::array<std::string_view, kEventKinds.size()> kEventIds = {
    "dispatch", "accept", "start", "resolve", "rate", "reopen", "transfer", "escalate", "close"};
constexpr std::array<std::string_view, kRatings.size()> kRatingIds = {
    "satisfied", "basically_satisfied", "not_satisfied"};

// Which ratings a row applies to: only `rate` rows distinguish them.
enum class When { kAlways, kSatisfied, kNotSatisfied };

struct Transition {
  ConcernState from;
  ConcernEventKind event;
  When when;
  ConcernState to;
};

// THE table of allowed transitions (the header draws it). Anything not here is
// refused.
constexpr std::array kTransitions = {
    Transition{S::kReceived, E::kDispatch, When::kAlways, S::kDispatched},
    Transition{S::kDispatched, E::kAccept, When::kAlways, S::kAccepted},
    Transition{S::kAccepted, E::kStart, When::kAlways, S::kInProgress},
    Transition{S::kInProgress, E::kResolve, When::kAlways, S::kResolved},
    Transition{S::kResolved, E::kRate, When::kNotSatisfied, S::kRated},
    Transition{S::kResolved, E::kRate, When::kSatisfied, S::kClosed},
    Transition{S::kResolved, E::kReopen, When::kAlways, S::kDispatched},
    Transition{S::kRated, E::kReopen, When::kAlways, S::kDispatched},
    Transition{S::kDispatched, E::kTransfer, When::kAlways, S::kDispatched},
    Transition{S::kAccepted, E::kTransfer, When::kAlways, S::kDispatched},
    Transition{S::kInProgress, E::kTransfer, When::kAlways, S::kDispatched},
    Transition{S::kReceived, E::kEscalate, When::kAlways, S::kReceived},
    Transition{S::kDispatched, E::kEscalate, When::kAlways, S::kDispatched},
    Transition{S::kAccepted, E::kEscalate, When::kAlways, S::kAccepted},
    Transition{S::kInProgress, E::kEscalate, When::kAlways, S::kInProgress},
    Transition{S::kResolved, E::kClose, When::kAlways, S::kClosed},
    Transition{S::kRated, E::kClose, When::kAlways, S::kClosed},
};

// The rule each event obeys, for the refusal message; indexed by event kind.
// It names the states the table allows the event in (a test checks that).
constexpr std::array<std::string_view, kEventKinds.size()> kRules = {
    "only a received concern can be dispatched (a dispatched one is transferred)",
    "only a dispatched concern can be accepted",
    "only an accepted concern can be started",
    "only an in_progress concern can be resolved",
    "only a resolved concern can be rated",
    "only a resolved or rated concern can be reopened",
    "only a dispatched, accepted or in_progress concern can be transferred",
    "only a received, dispatched, accepted or in_progress concern can be escalated",
    "only a resolved or rated concern can be closed",
};

// How an event kind uses each field.
enum class Use { kNone, kOptional, kRequired };

struct Fields {
  Use to, reason, note, rating, level;
};

// Indexed by event kind; the header's table of fields.
constexpr std::array<Fields, kEventKinds.size()> kFields = {
    Fields{Use::kRequired, Use::kNone, Use::kNone, Use::kNone, Use::kNone},      // dispatch
    Fields{Use::kNone, Use::kNone, Use::kNone, Use::kNone, Use::kNone},          // accept
    Fields{Use::kNone, Use::kNone, Use::kNone, Use::kNone, Use::kNone},          // start
    Fields{Use::kNone, Use::kNone, Use::kRequired, Use::kNone, Use::kNone},      // resolve
    Fields{Use::kNone, Use::kNone, Use::kNone, Use::kRequired, Use::kNone},      // rate
    Fields{Use::kOptional, Use::kOptional, Use::kNone, Use::kNone, Use::kNone},  // reopen
    Fields{Use::kRequired, Use::kRequired, Use::kNone, Use::kNone, Use::kNone},  // transfer
    Fields{Use::kNone, Use::kNone, Use::kNone, Use::kNone, Use::kRequired},      // escalate
    Fields{Use::kNone, Use::kRequired, Use::kNone, Use::kNone, Use::kNone},      // close
};

template <typename Enum>
size_t Index(Enum e) {
  return static_cast<size_t>(e);
}

bool HasText(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") != std::string_view::npos;
}

// Checks one text field against its use.
Status CheckText(std::string_view event, std::string_view field, Use use, std::string_view value) {
  if (use == Use::kNone && !value.empty()) {
    return InvalidArgumentError(std::string(event) + ": " + std::string(field) + " is not taken");
  }
  if (use == Use::kRequired && !HasText(value)) {
    return InvalidArgumentError(std::string(event) + ": " + std::string(field) + " is required");
  }
  if (use == Use::kOptional && !value.empty() && !HasText(value)) {
    return InvalidArgumentError(std::string(event) + ": " + std::string(field) +
                                " is blank: leave it empty or give text");
  }
  return OkStatus();
}

Status CheckFields(const ConcernEvent& event) {
  const std::string_view id = ConcernEventKindId(event.kind);
  const Fields& f = kFields[Index(event.kind)];
  ALLEY_RETURN_IF_ERROR(CheckText(id, "to", f.to, event.to));
  ALLEY_RETURN_IF_ERROR(CheckText(id, "reason", f.reason, event.reason));
  ALLEY_RETURN_IF_ERROR(CheckText(id, "note", f.note, event.note));
  if (f.rating == Use::kNone && event.rating.has_value()) {
    return InvalidArgumentError(std::string(id) + ": rating is not taken");
  }
  if (f.rating == Use::kRequired && !event.rating.has_value()) {
    return InvalidArgumentError(std::string(id) + ": rating is required (one of satisfied, " +
                                "basically_satisfied, not_satisfied)");
  }
  if (f.level == Use::kNone && event.escalation_level != 0) {
    return InvalidArgumentError(std::string(id) + ": escalation_level is not taken");
  }
  if (f.level == Use::kRequired && event.escalation_level < 1) {
    return InvalidArgumentError(std::string(id) + ": escalation_level must be at least 1, got " +
                                std::to_string(event.escalation_level));
  }
  return OkStatus();
}

bool Matches(When when, const ConcernEvent& event) {
  switch (when) {
    case When::kAlways:
      return true;
    case When::kSatisfied:
      return event.rating.has_value() && IsSatisfied(*event.rating);
    case When::kNotSatisfied:
      return event.rating.has_value() && !IsSatisfied(*event.rating);
  }
  return false;
}

template <typename Enum, size_t N>
StatusOr<Enum> ParseId(std::string_view what, const std::array<std::string_view, N>& ids,
                       std::string_view id) {
  for (size_t i = 0; i < N; ++i) {
    if (ids[i] == id) return static_cast<Enum>(i);
  }
  std::string expected;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) expected += ", ";
    expected += ids[i];
  }
  return InvalidArgumentError("unknown " + std::string(what) + " \"" + std::string(id) +
                              "\": expected one of " + expected);
}

}  // namespace

ConcernEvent ConcernEvent::Dispatch(std::string to) {
  ConcernEvent e;
  e.kind = E::kDispatch;
  e.to = std::move(to);
  return e;
}

ConcernEvent ConcernEvent::Accept() {
  ConcernEvent e;
  e.kind = E::kAccept;
  return e;
}

ConcernEvent ConcernEvent::Start() {
  ConcernEvent e;
  e.kind = E::kStart;
  return e;
}

ConcernEvent ConcernEvent::Resolve(std::string note) {
  ConcernEvent e;
  e.kind = E::kResolve;
  e.note = std::move(note);
  return e;
}

ConcernEvent ConcernEvent::Rate(ConcernRating rating) {
  ConcernEvent e;
  e.kind = E::kRate;
  e.rating = rating;
  return e;
}

ConcernEvent ConcernEvent::Reopen(std::string reason, std::string to) {
  ConcernEvent e;
  e.kind = E::kReopen;
  e.reason = std::move(reason);
  e.to = std::move(to);
  return e;
}

ConcernEvent ConcernEvent::Transfer(std::string to, std::string reason) {
  ConcernEvent e;
  e.kind = E::kTransfer;
  e.to = std::move(to);
  e.reason = std::move(reason);
  return e;
}

ConcernEvent ConcernEvent::Escalate(int level) {
  ConcernEvent e;
  e.kind = E::kEscalate;
  e.escalation_level = level;
  return e;
}

ConcernEvent ConcernEvent::Close(std::string reason) {
  ConcernEvent e;
  e.kind = E::kClose;
  e.reason = std::move(reason);
  return e;
}

std::span<const ConcernState> AllConcernStates() { return kStates; }
std::span<const ConcernEventKind> AllConcernEventKinds() { return kEventKinds; }
std::span<const ConcernRating> AllConcernRatings() { return kRatings; }

std::string_view ConcernStateId(ConcernState state) {
  ALLEY_CHECK(Index(state) < kStateIds.size(), "not a ConcernState");
  return kStateIds[Index(state)];
}

std::string_view ConcernEventKindId(ConcernEventKind kind) {
  ALLEY_CHECK(Index(kind) < kEventIds.size(), "not a ConcernEventKind");
  return kEventIds[Index(kind)];
}

std::string_view ConcernRatingId(ConcernRating rating) {
  ALLEY_CHECK(Index(rating) < kRatingIds.size(), "not a ConcernRating");
  return kRatingIds[Index(rating)];
}

StatusOr<ConcernState> ParseConcernState(std::string_view id) {
  return ParseId<ConcernState>("concern state", kStateIds, id);
}

StatusOr<ConcernEventKind> ParseConcernEventKind(std::string_view id) {
  return ParseId<ConcernEventKind>("concern event", kEventIds, id);
}

StatusOr<ConcernRating> ParseConcernRating(std::string_view id) {
  return ParseId<ConcernRating>("concern rating", kRatingIds, id);
}

bool IsSatisfied(ConcernRating rating) {
  return rating == ConcernRating::kSatisfied || rating == ConcernRating::kBasicallySatisfied;
}

bool IsOpen(ConcernState state) {
  return state == S::kReceived || state == S::kDispatched || state == S::kAccepted ||
         state == S::kInProgress;
}

bool Allows(ConcernState state, ConcernEventKind kind) {
  for (const Transition& t : kTransitions) {
    if (t.from == state && t.event == kind) return true;
  }
  return false;
}

StatusOr<ConcernState> Next(ConcernState state, const ConcernEvent& event) {
  ALLEY_CHECK(Index(state) < kStates.size(), "not a ConcernState");
  ALLEY_CHECK(Index(event.kind) < kEventKinds.size(), "not a ConcernEventKind");
  ALLEY_RETURN_IF_ERROR(CheckFields(event));
  for (const Transition& t : kTransitions) {
    if (t.from == state && t.event == event.kind && Matches(t.when, event)) return t.to;
  }
  return FailedPreconditionError("cannot " + std::string(ConcernEventKindId(event.kind)) +
                                 " a concern that is " + std::string(ConcernStateId(state)) + ": " +
                                 std::string(kRules[Index(event.kind)]));
}

StatusOr<ConcernProgress> Apply(const ConcernProgress& progress, const ConcernEvent& event) {
  ALLEY_ASSIGN_OR_RETURN(ConcernState next, Next(progress.state, event));
  ConcernProgress out = progress;
  out.state = next;
  switch (event.kind) {
    case E::kDispatch:
      out.body = event.to;
      break;
    case E::kTransfer:
      if (event.to == progress.body) {
        return FailedPreconditionError("cannot transfer to " + event.to +
                                       ": the concern is already with it");
      }
      out.body = event.to;
      ++out.transfer_count;
      break;
    case E::kReopen:
      if (!event.to.empty()) out.body = event.to;
      out.rating.reset();
      ++out.reopen_count;
      break;
    case E::kRate:
      out.rating = event.rating;
      break;
    case E::kEscalate:
      if (event.escalation_level <= progress.escalation_level) {
        return FailedPreconditionError(
            "cannot escalate to level " + std::to_string(event.escalation_level) +
            ": the concern is already at level " + std::to_string(progress.escalation_level));
      }
      out.escalation_level = event.escalation_level;
      break;
    case E::kAccept:
    case E::kStart:
    case E::kResolve:
    case E::kClose:
      break;
  }
  return out;
}

}  // namespace alley::services
