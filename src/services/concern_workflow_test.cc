#include "services/concern_workflow.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/status_matchers.h"

namespace alley::services {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

using S = ConcernState;

// --- identifiers -------------------------------------------------------------

TEST(ConcernIdsTest, StatesHaveTheirStableIdentifiers) {
  const std::vector<std::pair<S, std::string_view>> expected = {
      {S::kReceived, "received"},      {S::kDispatched, "dispatched"}, {S::kAccepted, "accepted"},
      {S::kInProgress, "in_progress"}, {S::kResolved, "resolved"},     {S::kRated, "rated"},
      {S::kClosed, "closed"}};
  ASSERT_EQ(AllConcernStates().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(AllConcernStates()[i], expected[i].first);
    EXPECT_EQ(ConcernStateId(expected[i].first), expected[i].second);
    ASSERT_OK_AND_ASSIGN(S parsed, ParseConcernState(expected[i].second));
    EXPECT_EQ(parsed, expected[i].first);
  }
}

TEST(ConcernIdsTest, EventsHaveTheirStableIdentifiers) {
  using K = ConcernEventKind;
  const std::vector<std::pair<K, std::string_view>> expected = {
      {K::kDispatch, "dispatch"}, {K::kAccept, "accept"},     {K::kStart, "start"},
      {K::kResolve, "resolve"},   {K::kRate, "rate"},         {K::kReopen, "reopen"},
      {K::kTransfer, "transfer"}, {K::kEscalate, "escalate"}, {K::kClose, "close"}};
  ASSERT_EQ(AllConcernEventKinds().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(AllConcernEventKinds()[i], expected[i].first);
    EXPECT_EQ(ConcernEventKindId(expected[i].first), expected[i].second);
    ASSERT_OK_AND_ASSIGN(K parsed, ParseConcernEventKind(expected[i].second));
    EXPECT_EQ(parsed, expected[i].first);
  }
}

TEST(ConcernIdsTest, RatingsHaveTheirStableIdentifiers) {
  using R = ConcernRating;
  const std::vector<std::pair<R, std::string_view>> expected = {
      {R::kSatisfied, "satisfied"},
      {R::kBasicallySatisfied, "basically_satisfied"},
      {R::kNotSatisfied, "not_satisfied"}};
  ASSERT_EQ(AllConcernRatings().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(AllConcernRatings()[i], expected[i].first);
    EXPECT_EQ(ConcernRatingId(expected[i].first), expected[i].second);
    ASSERT_OK_AND_ASSIGN(R parsed, ParseConcernRating(expected[i].second));
    EXPECT_EQ(parsed, expected[i].first);
  }
  EXPECT_TRUE(IsSatisfied(R::kSatisfied));
  EXPECT_TRUE(IsSatisfied(R::kBasicallySatisfied));
  EXPECT_FALSE(IsSatisfied(R::kNotSatisfied));
}

TEST(ConcernIdsTest, UnknownIdentifiersAreRefusedWithTheChoices) {
  EXPECT_THAT(ParseConcernState("done"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("unknown concern state \"done\": expected one of received, "
                                 "dispatched, accepted, in_progress, resolved, rated, closed")));
  EXPECT_THAT(ParseConcernState("Received"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseConcernState(""), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseConcernState("in progress"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseConcernEventKind("cancel"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("unknown concern event \"cancel\": expected one of dispatch")));
  EXPECT_THAT(ParseConcernRating("满意"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("expected one of satisfied, basically_satisfied, "
                                 "not_satisfied")));
}

// --- the exhaustive table ------------------------------------------------------

// A well-formed event of every kind, rate once per rating: the columns of the
// expected table below.
struct Column {
  std::string_view name;
  ConcernEvent event;
};

std::vector<Column> Columns() {
  return {
      {"dispatch", ConcernEvent::Dispatch("320706006010")},
      {"accept", ConcernEvent::Accept()},
      {"start", ConcernEvent::Start()},
      {"resolve", ConcernEvent::Resolve("streetlight replaced")},
      {"rate:satisfied", ConcernEvent::Rate(ConcernRating::kSatisfied)},
      {"rate:basically_satisfied", ConcernEvent::Rate(ConcernRating::kBasicallySatisfied)},
      {"rate:not_satisfied", ConcernEvent::Rate(ConcernRating::kNotSatisfied)},
      {"reopen", ConcernEvent::Reopen("the light is out again")},
      {"transfer", ConcernEvent::Transfer("320706006009", "the lamp belongs to Xinghua")},
      {"escalate", ConcernEvent::Escalate(1)},
      {"close", ConcernEvent::Close("not rated within 7 days")},
  };
}

// Written by hand from the issue, independently of the code's table: the state
// that follows, or "-" for a refusal. Rows in state order, columns as above.
// clang-format off
constexpr std::array<std::array<std::string_view, 11>, 7> kExpected = {{
  //               dispatch      accept      start          resolve     rate:s    rate:b    rate:n   reopen        transfer      escalate       close
  /* received */  {"dispatched", "-",        "-",           "-",        "-",      "-",      "-",     "-",          "-",          "received",    "-"},
  /* dispatched */{"-",          "accepted", "-",           "-",        "-",      "-",      "-",     "-",          "dispatched", "dispatched",  "-"},
  /* accepted */  {"-",          "-",        "in_progress", "-",        "-",      "-",      "-",     "-",          "dispatched", "accepted",    "-"},
  /* in_progress*/{"-",          "-",        "-",           "resolved", "-",      "-",      "-",     "-",          "dispatched", "in_progress", "-"},
  /* resolved */  {"-",          "-",        "-",           "-",        "closed", "closed", "rated", "dispatched", "-",          "-",           "closed"},
  /* rated */     {"-",          "-",        "-",           "-",        "-",      "-",      "-",     "dispatched", "-",          "-",           "closed"},
  /* closed */    {"-",          "-",        "-",           "-",        "-",      "-",      "-",     "-",          "-",          "-",           "-"},
}};
constexpr std::array<std::string_view, 7> kRowStates = {
    "received", "dispatched", "accepted", "in_progress", "resolved", "rated", "closed"};
// clang-format on

TEST(ConcernWorkflowTest, EveryStateTimesEveryEventMatchesTheExpectedTable) {
  const std::vector<Column> columns = Columns();
  ASSERT_EQ(columns.size(), kExpected[0].size());
  ASSERT_EQ(AllConcernStates().size(), kRowStates.size());
  int allowed = 0;
  int refused = 0;
  for (size_t r = 0; r < kRowStates.size(); ++r) {
    ASSERT_OK_AND_ASSIGN(S state, ParseConcernState(kRowStates[r]));
    for (size_t c = 0; c < columns.size(); ++c) {
      SCOPED_TRACE(std::string(kRowStates[r]) + " x " + std::string(columns[c].name));
      StatusOr<S> next = Next(state, columns[c].event);
      if (kExpected[r][c] == "-") {
        ++refused;
        EXPECT_THAT(next, StatusIs(StatusCode::kFailedPrecondition));
        // (rate is refused in a whole row or nowhere: no state takes only some ratings)
        EXPECT_FALSE(Allows(state, columns[c].event.kind));
      } else {
        ++allowed;
        ASSERT_OK(next);
        EXPECT_EQ(ConcernStateId(*next), kExpected[r][c]);
        EXPECT_TRUE(Allows(state, columns[c].event.kind));
      }
    }
  }
  EXPECT_EQ(allowed, 18);
  EXPECT_EQ(refused, 7 * 11 - 18);
}

TEST(ConcernWorkflowTest, AllowsAgreesWithNextForEveryKind) {
  for (S state : AllConcernStates()) {
    for (const Column& column : Columns()) {
      const bool some_rating_allowed = [&] {
        if (column.event.kind != ConcernEventKind::kRate) return Next(state, column.event).ok();
        for (ConcernRating r : AllConcernRatings()) {
          if (Next(state, ConcernEvent::Rate(r)).ok()) return true;
        }
        return false;
      }();
      EXPECT_EQ(Allows(state, column.event.kind), some_rating_allowed)
          << ConcernStateId(state) << " x " << column.name;
    }
  }
}

TEST(ConcernWorkflowTest, RefusalsNameTheEventTheStateAndTheRule) {
  EXPECT_THAT(Next(S::kInProgress, ConcernEvent::Rate(ConcernRating::kSatisfied)),
              StatusIs(StatusCode::kFailedPrecondition,
                       "cannot rate a concern that is in_progress: only a resolved concern can "
                       "be rated"));
  EXPECT_THAT(Next(S::kClosed, ConcernEvent::Reopen()),
              StatusIs(StatusCode::kFailedPrecondition,
                       "cannot reopen a concern that is closed: only a resolved or rated concern "
                       "can be reopened"));
  EXPECT_THAT(Next(S::kDispatched, ConcernEvent::Dispatch("3207")),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("cannot dispatch a concern that is dispatched: only a received "
                                 "concern can be dispatched (a dispatched one is transferred)")));
  // Every refusal, whatever the cell, has the same form, and its rule names
  // each state in which the table allows the event.
  for (S state : AllConcernStates()) {
    for (const Column& column : Columns()) {
      StatusOr<S> next = Next(state, column.event);
      if (next.ok()) continue;
      const std::string prefix = "cannot " + std::string(ConcernEventKindId(column.event.kind)) +
                                 " a concern that is " + std::string(ConcernStateId(state)) + ": ";
      const std::string message = next.status().message();
      ASSERT_EQ(message.substr(0, prefix.size()), prefix) << message;
      const std::string rule = message.substr(prefix.size());
      for (S from : AllConcernStates()) {
        if (Allows(from, column.event.kind)) {
          EXPECT_THAT(rule, HasSubstr(std::string(ConcernStateId(from)))) << message;
        }
      }
    }
  }
}

// --- the data an event carries --------------------------------------------------

TEST(ConcernWorkflowTest, MissingRequiredDataIsRefusedInEveryStateNamingTheField) {
  ConcernEvent rate_without_rating = ConcernEvent::Rate(ConcernRating::kSatisfied);
  rate_without_rating.rating.reset();
  ConcernEvent transfer_to_nobody = ConcernEvent::Transfer("", "not ours");
  const std::vector<std::pair<ConcernEvent, std::string>> cases = {
      {ConcernEvent::Transfer("3207", ""), "transfer: reason is required"},
      {ConcernEvent::Transfer("3207", "  \t"), "transfer: reason is required"},
      {transfer_to_nobody, "transfer: to is required"},
      {rate_without_rating, "rate: rating is required"},
      {ConcernEvent::Dispatch(""), "dispatch: to is required"},
      {ConcernEvent::Resolve(" "), "resolve: note is required"},
      {ConcernEvent::Close(""), "close: reason is required"},
      {ConcernEvent::Escalate(0), "escalate: escalation_level must be at least 1, got 0"},
      {ConcernEvent::Escalate(-2), "escalate: escalation_level must be at least 1, got -2"},
      {ConcernEvent::Reopen("  "), "reopen: reason is blank"},
  };
  for (S state : AllConcernStates()) {
    for (const auto& [event, message] : cases) {
      EXPECT_THAT(Next(state, event), StatusIs(StatusCode::kInvalidArgument, HasSubstr(message)))
          << ConcernStateId(state);
    }
  }
}

TEST(ConcernWorkflowTest, DataAnEventDoesNotTakeIsRefused) {
  ConcernEvent accept_with_rating = ConcernEvent::Accept();
  accept_with_rating.rating = ConcernRating::kSatisfied;
  ConcernEvent dispatch_with_reason = ConcernEvent::Dispatch("3207");
  dispatch_with_reason.reason = "why not";
  ConcernEvent start_with_level = ConcernEvent::Start();
  start_with_level.escalation_level = 2;
  ConcernEvent rate_with_note = ConcernEvent::Rate(ConcernRating::kNotSatisfied);
  rate_with_note.note = "late";
  ConcernEvent close_with_to = ConcernEvent::Close("unrated");
  close_with_to.to = "3207";
  EXPECT_THAT(Next(S::kDispatched, accept_with_rating),
              StatusIs(StatusCode::kInvalidArgument, "accept: rating is not taken"));
  EXPECT_THAT(Next(S::kReceived, dispatch_with_reason),
              StatusIs(StatusCode::kInvalidArgument, "dispatch: reason is not taken"));
  EXPECT_THAT(Next(S::kAccepted, start_with_level),
              StatusIs(StatusCode::kInvalidArgument, "start: escalation_level is not taken"));
  EXPECT_THAT(Next(S::kResolved, rate_with_note),
              StatusIs(StatusCode::kInvalidArgument, "rate: note is not taken"));
  EXPECT_THAT(Next(S::kResolved, close_with_to),
              StatusIs(StatusCode::kInvalidArgument, "close: to is not taken"));
}

TEST(ConcernWorkflowTest, ReopenTakesAnOptionalReasonAndBody) {
  EXPECT_OK(Next(S::kResolved, ConcernEvent::Reopen()));
  EXPECT_OK(Next(S::kRated, ConcernEvent::Reopen("still broken")));
  EXPECT_OK(Next(S::kRated, ConcernEvent::Reopen("still broken", "320706")));
}

// --- the shape of the machine ----------------------------------------------------

TEST(ConcernWorkflowTest, EveryStateIsReachableAndClosedIsReachableFromEveryState) {
  auto successors = [](S s) {
    std::set<S> out;
    for (const Column& column : Columns()) {
      StatusOr<S> next = Next(s, column.event);
      if (next.ok()) out.insert(*next);
    }
    return out;
  };
  auto reachable = [&](S from) {
    std::set<S> seen = {from};
    std::deque<S> queue = {from};
    while (!queue.empty()) {
      const S s = queue.front();
      queue.pop_front();
      for (S n : successors(s)) {
        if (seen.insert(n).second) queue.push_back(n);
      }
    }
    return seen;
  };
  EXPECT_EQ(reachable(S::kReceived).size(), AllConcernStates().size());
  for (S s : AllConcernStates())
    EXPECT_TRUE(reachable(s).contains(S::kClosed)) << ConcernStateId(s);
  EXPECT_TRUE(successors(S::kClosed).empty());
}

TEST(ConcernWorkflowTest, OpenStatesAreExactlyThoseThatCanBeEscalated) {
  for (S s : AllConcernStates()) {
    EXPECT_EQ(IsOpen(s), Allows(s, ConcernEventKind::kEscalate)) << ConcernStateId(s);
  }
  EXPECT_TRUE(IsOpen(S::kInProgress));
  EXPECT_FALSE(IsOpen(S::kResolved));
}

// --- sequences ---------------------------------------------------------------------

// Applies `events` in order from a new concern; fails the test on a refusal.
ConcernProgress Drive(const std::vector<ConcernEvent>& events) {
  ConcernProgress p;
  for (const ConcernEvent& e : events) {
    StatusOr<ConcernProgress> next = Apply(p, e);
    EXPECT_OK(next) << ConcernEventKindId(e.kind) << " in " << ConcernStateId(p.state);
    if (!next.ok()) return p;
    p = *next;
  }
  return p;
}

TEST(ConcernSequenceTest, ReopenCyclesUntilTheResidentIsSatisfied) {
  ConcernProgress p = Drive({ConcernEvent::Dispatch("320706006010"), ConcernEvent::Accept(),
                             ConcernEvent::Start(), ConcernEvent::Resolve("pipe fixed")});
  EXPECT_EQ(p.state, S::kResolved);
  // Two rounds of "not satisfied", each reopened and worked again.
  for (int round = 1; round <= 2; ++round) {
    ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Rate(ConcernRating::kNotSatisfied)));
    EXPECT_EQ(p.state, S::kRated);
    EXPECT_EQ(p.rating, ConcernRating::kNotSatisfied);
    ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Reopen("still leaking")));
    EXPECT_EQ(p.state, S::kDispatched);
    EXPECT_EQ(p.rating, std::nullopt);
    EXPECT_EQ(p.reopen_count, round);
    EXPECT_EQ(p.body, "320706006010");
    // A reopened concern must be accepted again before work restarts.
    EXPECT_THAT(Apply(p, ConcernEvent::Start()), StatusIs(StatusCode::kFailedPrecondition));
    for (const ConcernEvent& e :
         {ConcernEvent::Accept(), ConcernEvent::Start(), ConcernEvent::Resolve("pipe replaced")}) {
      ASSERT_OK_AND_ASSIGN(p, Apply(p, e));
    }
    EXPECT_EQ(p.state, S::kResolved);
  }
  // A supervisor reopens a resolution before any rating, to another body.
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Reopen("resolution not verified", "320706")));
  EXPECT_EQ(p.body, "320706");
  EXPECT_EQ(p.reopen_count, 3);
  for (const ConcernEvent& e :
       {ConcernEvent::Accept(), ConcernEvent::Start(), ConcernEvent::Resolve("verified"),
        ConcernEvent::Rate(ConcernRating::kBasicallySatisfied)}) {
    ASSERT_OK_AND_ASSIGN(p, Apply(p, e));
  }
  EXPECT_EQ(p.state, S::kClosed);
  EXPECT_EQ(p.rating, ConcernRating::kBasicallySatisfied);
  // A satisfied concern stays closed.
  EXPECT_THAT(Apply(p, ConcernEvent::Reopen("changed my mind")),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("that is closed")));
  EXPECT_THAT(Apply(p, ConcernEvent::Rate(ConcernRating::kNotSatisfied)),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST(ConcernSequenceTest, TransferChainsMoveTheConcernFromBodyToBody) {
  ConcernProgress p = Drive({ConcernEvent::Dispatch("A")});
  // From each state that allows it, a transfer returns to dispatched at the
  // next body.
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Transfer("B", "not in A's area")));
  EXPECT_EQ(p.state, S::kDispatched);
  EXPECT_EQ(p.body, "B");
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Accept()));
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Transfer("C", "a gas matter")));
  EXPECT_EQ(p.state, S::kDispatched);
  EXPECT_EQ(p.body, "C");
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Accept()));
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Start()));
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Transfer("A", "needs the street office")));
  EXPECT_EQ(p.state, S::kDispatched);
  EXPECT_EQ(p.body, "A");
  EXPECT_EQ(p.transfer_count, 3);
  // Not to the body that has it.
  EXPECT_THAT(Apply(p, ConcernEvent::Transfer("A", "again")),
              StatusIs(StatusCode::kFailedPrecondition,
                       "cannot transfer to A: the concern is already with it"));
  // Not once resolved: it is reopened instead.
  p = Drive({ConcernEvent::Dispatch("A"), ConcernEvent::Accept(), ConcernEvent::Start(),
             ConcernEvent::Resolve("done")});
  EXPECT_THAT(Apply(p, ConcernEvent::Transfer("B", "wrong body")),
              StatusIs(StatusCode::kFailedPrecondition,
                       HasSubstr("cannot transfer a concern that is resolved")));
}

TEST(ConcernSequenceTest, EscalationKeepsTheStateAndIsNeverLost) {
  ConcernProgress p;
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Escalate(1)));
  EXPECT_EQ(p.state, S::kReceived);
  EXPECT_EQ(p.escalation_level, 1);
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Dispatch("A")));
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Accept()));
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Start()));
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Escalate(2)));
  EXPECT_EQ(p.state, S::kInProgress);
  EXPECT_EQ(p.escalation_level, 2);
  EXPECT_THAT(Apply(p, ConcernEvent::Escalate(2)),
              StatusIs(StatusCode::kFailedPrecondition,
                       "cannot escalate to level 2: the concern is already at level 2"));
  EXPECT_THAT(Apply(p, ConcernEvent::Escalate(1)), StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Transfer("B", "not ours")));
  EXPECT_EQ(p.escalation_level, 2);
  for (const ConcernEvent& e :
       {ConcernEvent::Accept(), ConcernEvent::Start(), ConcernEvent::Resolve("done"),
        ConcernEvent::Rate(ConcernRating::kNotSatisfied), ConcernEvent::Reopen()}) {
    ASSERT_OK_AND_ASSIGN(p, Apply(p, e));
  }
  EXPECT_EQ(p.escalation_level, 2);
  EXPECT_EQ(p.state, S::kDispatched);
  ASSERT_OK_AND_ASSIGN(p, Apply(p, ConcernEvent::Escalate(4)));
  EXPECT_EQ(p.escalation_level, 4);
  EXPECT_EQ(p.state, S::kDispatched);
}

TEST(ConcernSequenceTest, AnUnratedOrDisputedConcernCanBeClosedBySupervisor) {
  ConcernProgress unrated =
      Drive({ConcernEvent::Dispatch("A"), ConcernEvent::Accept(), ConcernEvent::Start(),
             ConcernEvent::Resolve("done"), ConcernEvent::Close("not rated within 7 days")});
  EXPECT_EQ(unrated.state, S::kClosed);
  EXPECT_EQ(unrated.rating, std::nullopt);
  ConcernProgress disputed =
      Drive({ConcernEvent::Dispatch("A"), ConcernEvent::Accept(), ConcernEvent::Start(),
             ConcernEvent::Resolve("done"), ConcernEvent::Rate(ConcernRating::kNotSatisfied),
             ConcernEvent::Close("request outside policy; explained to the resident")});
  EXPECT_EQ(disputed.state, S::kClosed);
  EXPECT_EQ(disputed.rating, ConcernRating::kNotSatisfied);
}

TEST(ConcernSequenceTest, RandomWalksKeepTheInvariants) {
  core::Rng rng(20260701);
  const std::vector<Column> columns = Columns();
  const std::array<std::string_view, 3> bodies = {"A", "B", "C"};
  for (int walk = 0; walk < 200; ++walk) {
    ConcernProgress p;
    for (int step = 0; step < 60; ++step) {
      ConcernEvent e = columns[rng.Uniform(columns.size())].event;
      if (!e.to.empty()) e.to = std::string(bodies[rng.Uniform(bodies.size())]);
      if (e.kind == ConcernEventKind::kEscalate) {
        e.escalation_level = static_cast<int>(rng.Uniform(5)) + 1;
      }
      StatusOr<ConcernProgress> next = Apply(p, e);
      if (!next.ok()) {
        EXPECT_THAT(next, StatusIs(StatusCode::kFailedPrecondition));
        continue;
      }
      EXPECT_GE(next->escalation_level, p.escalation_level);
      EXPECT_GE(next->reopen_count, p.reopen_count);
      if (next->state != S::kReceived) {
        EXPECT_FALSE(next->body.empty());
      }
      if (next->state == S::kRated) {
        EXPECT_EQ(next->rating, ConcernRating::kNotSatisfied);
      }
      if (IsOpen(next->state) || next->state == S::kResolved) {
        EXPECT_EQ(next->rating, std::nullopt);
      }
      p = *next;
    }
  }
}

}  // namespace
}  // namespace alley::services
