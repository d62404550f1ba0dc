// Residents' concerns (接诉即办) as a community office and the offices above
// it work them: taken in from any channel, given their deadlines by their
// category, moved through their lifecycle by the state machine, escalated
// when a deadline passes, and counted into the three rates.
//
// The rules are concern_categories.h (categories, bodies, deadlines),
// concern_workflow.h (the state machine) and concern_rates.h (the rates);
// this file applies them to the stored concerns (store/concerns_store.h)
// under the same scope and audit rules as the ledger:
//
//   NewConcern c{.unit_code = "320706006010", .category = "noise",
//                .channel = "hotline", .description = "楼上夜间装修"};
//   ALLEY_ASSIGN_OR_RETURN(store::ConcernRow row,
//       TakeConcern(store, c, principal.unit_code, ActorOf(principal), now));
//   ALLEY_ASSIGN_OR_RETURN(row, MoveConcern(store, row.id, row.version,
//       ConcernEvent::Dispatch("street_office"), principal.unit_code, actor, now));
//
// Scope: `within` is the acting user's (or API key's) unit. A concern is
// theirs when its place (unit_code) is in that subtree: anything else is
// kNotFound when addressed by id, and a unit named outside it is
// kPermissionDenied. Every write appends its audit record in its own
// transaction; the reporter's phone is sealed and shown masked.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hierarchy.h"
#include "core/status.h"
#include "core/workdays.h"
#include "registry/audit.h"
#include "services/concern_categories.h"
#include "services/concern_rates.h"
#include "services/concern_workflow.h"
#include "store/concerns_store.h"
#include "store/store.h"

namespace alley::services {

// Where a concern came in (stable identifiers).
inline constexpr std::array<std::string_view, 5> kConcernChannels = {
    "hotline",  // 12345 热线
    "app",      // an app or the API
    "walk_in",  // 来访: at the community office
    "patrol",   // 巡查: found by a grid worker on patrol
    "open311",  // an Open311 GeoReport v2 client
};

struct NewConcern {
  std::string unit_code;  // where: a community, or a compound or grid in it
  std::string category;   // concern_categories.h, identifier or Chinese name
  std::string urgency = "normal";
  std::string channel;
  std::string description;
  std::string address;
  std::optional<double> lat;  // WGS-84
  std::optional<double> lon;
  std::string reporter_name;
  std::string reporter_phone;  // sealed; shown masked
  std::optional<int64_t> resident_id;
  std::optional<Instant> received_at;  // default: now (never later than now)
  bool synthetic = false;
};

inline constexpr size_t kMaxConcernDescription = 4000;  // bytes
inline constexpr size_t kMaxConcernShortText = 200;     // address, names, bodies, reasons

// The official calendar (core::OfficialWorkCalendar), named for the default.
const core::WorkCalendar& OfficialCalendar();

// Takes a concern in: validates it (kInvalidArgument "field F: rule"), finds
// its community, gives it its responsible body and deadlines, stores it in
// state received with its first event and audit record.
StatusOr<store::ConcernRow> TakeConcern(store::Store& store, const NewConcern& concern,
                                        std::string_view within,
                                        const registry::audit::Actor& actor, Instant now,
                                        const core::WorkCalendar& calendar = OfficialCalendar());

// One concern, with its events oldest first.
struct ConcernDetail {
  store::ConcernRow concern;
  std::vector<store::ConcernEventRow> events;
};
StatusOr<ConcernDetail> GetConcern(store::Store& store, int64_t id, std::string_view within);

// Moves a concern on by `given` (concern_workflow.h): kFailedPrecondition for
// an illegal transition, kInvalidArgument for missing data, kAborted when
// `expected_version` is given and the concern has changed since. The first
// acceptance is its response; a resolution stands until a reopen, which
// also clears the rating. A dispatch or transfer goes to a responsible body
// (concern_categories.h's identifiers) or to a unit in scope; a dispatch
// without a target goes to the category's body.
StatusOr<store::ConcernRow> MoveConcern(store::Store& store, int64_t id,
                                        std::optional<int64_t> expected_version,
                                        const ConcernEvent& given, std::string_view within,
                                        const registry::audit::Actor& actor, Instant now);

// Escalates every open concern in scope whose deadline has passed at `now`
// and that is not yet escalated that far: level 1 when the response
// deadline passed without a response, level 2 when the resolution deadline
// passed without a resolution. Answers how many were escalated.
StatusOr<int64_t> EscalateOverdue(store::Store& store, std::string_view within,
                                  const registry::audit::Actor& actor, Instant now);

// A page of concerns; `query.subtree_code` must be in scope (empty: all of
// `within`). Appends a bulk_read audit record (the reporters' data).
StatusOr<store::ConcernPage> ListConcerns(store::Store& store, store::ConcernQuery query,
                                          std::string_view within,
                                          const registry::audit::Actor& actor, Instant now);

// The reporter's phone in clear, audited as an unmasking with `reason`.
StatusOr<std::string> RevealReporterPhone(store::Store& store, int64_t id, std::string_view within,
                                          std::string_view reason,
                                          const registry::audit::Actor& actor, Instant now);

// The three rates of `unit`'s subtree for the concerns received in `period`,
// as things stood at `as_of` (concern_rates.h has the definitions).
StatusOr<ConcernRates> RatesFor(store::Store& store, const core::Hierarchy& hierarchy,
                                std::string_view unit, ReportPeriod period, Instant as_of);

// The counts per unit of `level` under `unit` and per month, in one pass:
// LoadConcernFacts for the months, then CountConcernsByMonthAtLevel.
StatusOr<MonthlyConcernCounts> MonthlyRatesFor(store::Store& store,
                                               const core::Hierarchy& hierarchy,
                                               std::string_view unit, core::UnitLevel level,
                                               YearMonth first, YearMonth last, Instant as_of);

// The facts the rates count (concern_rates.h) of the concerns placed in
// `unit`'s subtree (by code range; `unit` need not be in `hierarchy`) and
// received in [from, to), in no particular order: one read of the store's
// covering index. Each concern is placed at the hierarchy index of its unit,
// or of its community when its unit is not in `hierarchy` (added since the
// hierarchy was loaded); one whose community is not there either is left out.
// Errors are the store's, and kInvalidArgument for a stored rating that is
// not a rating identifier. For any number of units and months of the same
// span, load once and call CountConcernsByMonth.
StatusOr<ConcernFacts> LoadConcernFacts(store::Store& store, const core::Hierarchy& hierarchy,
                                        std::string_view unit, Instant from, Instant to);

// Where concerns gather: the places (the finest unit given: compound, grid
// or community) × categories with the most concerns received in `period`.
struct HotSpot {
  std::string unit_code;
  std::string category;
  int64_t count = 0;
  int64_t open = 0;  // of them, not resolved yet
};
StatusOr<std::vector<HotSpot>> HotSpots(store::Store& store, std::string_view unit,
                                        ReportPeriod period, size_t top);

// The instants [from 00:00, to + 1 day 00:00) of a period in China Standard
// Time.
Instant PeriodStart(const ReportPeriod& period);
Instant PeriodEnd(const ReportPeriod& period);

}  // namespace alley::services
