// The stored side of two elderly-care workflows: senior canteens' finances
// (老年助餐点: diner groups with their prices and per-meal subsidies, meals
// served, costs, lump-sum subsidies) and visits to elderly people living
// alone (探访关爱). The rules are services/canteen.h and services/visits.h;
// the scope, audit and validation are services/canteen_service.h and
// services/visits_service.h; this file keeps the rows.
//
// Money is whole fen (分) in int64_t. Dates are YYYY-MM-DD text, so that they
// compare as text. Every row carries the community of its canteen or resident
// (`community_code`, the unit itself for a canteen above community level) and
// a synthetic mark for the demo's generated activity.
//
// Bulk inserts (InsertCanteenMeals, InsertCanteenCosts, InsertCanteenSubsidies,
// InsertVisits) take a vector and write every row in the caller's transaction,
// so that a year of a community's activity lands in one Write. They check
// nothing but what the tables enforce (foreign keys, CHECKs): the services
// validate.
//
// Rows referring to a facility or a resident are deleted with it (ON DELETE
// CASCADE), so that Writer::DeleteSyntheticUnder can remove the demo.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::store {

// ---- Senior canteens ----

// A per-meal subsidy of a diner group and who pays it.
struct CanteenGroupSubsidyRow {
  std::string payer;
  int64_t per_meal_fen = 0;
};

// One version of a diner group's settings: in force from `valid_from` until
// the next version of the same facility and key.
struct CanteenGroupRow {
  int64_t id = 0;  // set by SaveCanteenGroup
  int64_t facility_id = 0;
  std::string community_code;
  std::string group_key;  // services::DinerGroup::id, e.g. "elderly_60"
  core::Date valid_from;
  std::string name;
  bool eligible_elderly = false;
  int64_t price_fen = 0;
  std::vector<CanteenGroupSubsidyRow> subsidies;  // by payer
  bool synthetic = false;
};

// Stores `row` as the version of its group from row.valid_from, replacing a
// version of the same facility, key and date (its subsidies included);
// returns the version's id.
StatusOr<int64_t> SaveCanteenGroup(Writer& w, const CanteenGroupRow& g);

// The version of each group of the facility in force on `on` (groups whose
// first version is later are absent), by key.
StatusOr<std::vector<CanteenGroupRow>> CanteenGroupsOn(Reader& r, int64_t facility_id,
                                                       core::Date on);

// Every version of every group of the facility, by key then date, subsidies
// included.
StatusOr<std::vector<CanteenGroupRow>> CanteenGroupHistory(Reader& r, int64_t facility_id);

// Meals served to one group on one day; several rows of one day and group
// add up. `resident_id`: the enrolled elderly person the meals were for.
struct CanteenMealRow {
  int64_t id = 0;  // set by InsertCanteenMeals
  int64_t facility_id = 0;
  std::string community_code;
  core::Date date;
  std::string group_key;
  int64_t meals = 0;
  std::optional<int64_t> resident_id;
  int64_t recorded_at = 0;  // Unix seconds
  bool synthetic = false;
};

// Inserts every row; sets their ids.
Status InsertCanteenMeals(Writer& w, std::vector<CanteenMealRow>& rows);

// The meals of the facility dated in [from, to], summed per date and group
// (resident_id unset), by date then group.
StatusOr<std::vector<CanteenMealRow>> CanteenMealTotals(Reader& r, int64_t facility_id,
                                                        core::Date from, core::Date to);

// What a cost row is: a rate per meal in force from its date, or an amount
// for the period it is dated in.
inline constexpr std::string_view kCostFoodPerMeal = "food_per_meal";
inline constexpr std::string_view kCostStaff = "staff";
inline constexpr std::string_view kCostRent = "rent";
inline constexpr std::string_view kCostUtilities = "utilities";
inline constexpr std::string_view kCostOther = "other";

struct CanteenCostRow {
  int64_t id = 0;
  int64_t facility_id = 0;
  std::string community_code;
  core::Date date;
  std::string kind;  // one of the kCost* above (a CHECK refuses others)
  int64_t amount_fen = 0;
  std::string note;
  int64_t recorded_at = 0;
  bool synthetic = false;
};

Status InsertCanteenCosts(Writer& w, std::vector<CanteenCostRow>& rows);

// The cost rows of the facility dated in [from, to], every kind, by date then id.
StatusOr<std::vector<CanteenCostRow>> CanteenCosts(Reader& r, int64_t facility_id, core::Date from,
                                                   core::Date to);

// The latest row of `kind` dated on or before `on`, or nullopt.
StatusOr<std::optional<CanteenCostRow>> LatestCanteenCost(Reader& r, int64_t facility_id,
                                                          std::string_view kind, core::Date on);

// A subsidy for a period as a whole (an operating grant, a donation).
struct CanteenSubsidyRow {
  int64_t id = 0;
  int64_t facility_id = 0;
  std::string community_code;
  core::Date date;
  std::string payer;
  int64_t amount_fen = 0;
  std::string purpose;
  int64_t recorded_at = 0;
  bool synthetic = false;
};

Status InsertCanteenSubsidies(Writer& w, std::vector<CanteenSubsidyRow>& rows);

// The lump-sum subsidies of the facility dated in [from, to], by date then id.
StatusOr<std::vector<CanteenSubsidyRow>> CanteenSubsidies(Reader& r, int64_t facility_id,
                                                          core::Date from, core::Date to);

// ---- Visits ----

struct VisitRow {
  int64_t id = 0;  // set by InsertVisit(s)
  int64_t resident_id = 0;
  std::string community_code;  // the resident's community when visited (scope)
  std::string unit_code;       // the resident's unit when visited
  core::Date date;
  std::optional<int64_t> visitor_user_id;  // when the visitor is a user
  std::string visitor_name;
  std::string outcome;  // services::VisitOutcomeId (a CHECK refuses others)
  bool follow_up_needed = false;
  std::string notes;
  int64_t recorded_at = 0;  // Unix seconds
  std::string recorded_by;  // the user or "cli:..." who recorded it
  bool synthetic = false;
};

StatusOr<int64_t> InsertVisit(Writer& w, const VisitRow& v);
// Inserts every row; sets their ids.
Status InsertVisits(Writer& w, std::vector<VisitRow>& rows);

struct VisitQuery {
  std::string subtree_code;  // visits whose community lies in this subtree
  std::optional<int64_t> resident_id;
  std::optional<core::Date> from;  // date >= from
  std::optional<core::Date> to;    // date <= to
  int64_t limit = 20;
  int64_t offset = 0;
};

struct VisitPage {
  std::vector<VisitRow> items;  // newest first (date, then id)
  int64_t total = 0;
};

StatusOr<VisitPage> ListVisits(Reader& r, const VisitQuery& query);

// Every visit of these residents dated on or before `on`, by resident then
// date then id (the schedule of each person is computed from them).
StatusOr<std::vector<VisitRow>> VisitsOf(Reader& r, std::span<const int64_t> resident_ids,
                                         core::Date on);

// ---- The demo ----

// Deletes every synthetic row of these tables under `subtree_code` (canteen
// rows by their community, visits by the resident's unit), so that the demo
// can regenerate its activity without regenerating its residents and
// canteens. Rows not marked synthetic stay.
Status DeleteSyntheticElderlyCareUnder(Writer& w, std::string_view subtree_code);

}  // namespace alley::store
