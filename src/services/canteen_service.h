// Senior canteens (老年助餐点) as a community office runs them: the diner
// groups with their prices and per-meal subsidies, the meals served each day,
// the costs and lump-sum subsidies, and the finances of any period
// (canteen.h has every formula). The CLI (`alley canteen ...`) and the HTTP
// API (/api/v1/canteens/{facility_id}/...) go through here.
//
//   ALLEY_RETURN_IF_ERROR(SetDinerGroup(store, canteen_id,
//       {.id = "elderly_60", .name = "60岁以上", .eligible_elderly = true, .price = 1200,
//        .subsidies = {{.payer = "区民政局", .per_meal = 300}}, .valid_from = first_day},
//       principal.unit_code, actor, now).status());
//   ALLEY_RETURN_IF_ERROR(RecordMeals(store, canteen_id,
//       {{.date = today, .group = "elderly_60", .meals = 62}}, today, within, actor,
//       now).status());
//   ALLEY_ASSIGN_OR_RETURN(CanteenFinances f, CanteenFinancesFor(store, canteen_id, from, to,
//                                                                within));
//   f.report.subsidy_dependency, f.report.break_even_meals_per_day, ...
//
// A canteen is a facility of type senior_canteen (registry/facilities.h).
// What is dated and how a period reads it:
//   - diner groups (price, eligibility, per-meal subsidies) are settings in
//     force from a date until the group's next setting; a period's report
//     applies the settings in force on its last day to all of its meals, and
//     lists in `settings_changed` the changes dated inside it (report the two
//     sides of a change apart for exact figures);
//   - the food cost per meal is a rate in force from its date, read the same
//     way (the rate in force on the period's last day);
//   - staff, rent, utilities and other costs, and lump-sum subsidies, are
//     amounts that count in every period that contains their date;
//   - meals count on the day they were served; several counts of one day and
//     group add up.
//
// Scope: `within` is the caller's unit. A canteen outside it (or closed, or
// missing) is kNotFound, so that ids cannot be probed; a resident named in a
// meal outside it is kNotFound too. Every write is one transaction with its
// audit record (objects "canteen_group", "canteen_meal", "canteen_cost",
// "canteen_subsidy"). The finances hold no personal data and are not audited.
//
// Thread safety: as the Store's.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "registry/audit.h"
#include "services/canteen.h"
#include "store/elderly_care_store.h"
#include "store/store.h"

namespace alley::services {

// The kinds of a cost: "food_per_meal" (a rate per meal), "staff", "rent",
// "utilities", "other" (amounts).
std::span<const std::string_view> CanteenCostKinds();

// The longest name, payer, note or purpose, in bytes.
inline constexpr size_t kMaxCanteenTextBytes = 200;
// The longest diner group id: [a-z0-9_], 1..32 characters.
inline constexpr size_t kMaxDinerGroupIdBytes = 32;
// The most meal counts one call records (a CSV file may hold a year of a
// canteen's days and groups; the API's body is smaller, api_canteen.cc).
inline constexpr size_t kMaxMealEntries = 200'000;

// The settings of a diner group from `valid_from`.
struct DinerGroupSetting {
  std::string id;  // [a-z0-9_]{1,32}: how meals name the group
  std::string name;
  bool eligible_elderly = false;
  Fen price = 0;
  std::vector<PerMealSubsidy> subsidies;  // `group` is ignored; one per payer
  core::Date valid_from;
};

// Sets a diner group from setting.valid_from, replacing a setting of the
// same group and date. Errors: kNotFound (the canteen); kFailedPrecondition
// for a facility that is not a senior canteen; kInvalidArgument "field id:
// ...", "field name: ...", "field price: ...", "field subsidies[1].payer:
// ..." (empty, too long, a payer twice), "field subsidies[0].per_meal: ...".
StatusOr<store::CanteenGroupRow> SetDinerGroup(store::Store& store, int64_t facility_id,
                                               const DinerGroupSetting& setting,
                                               std::string_view within,
                                               const registry::audit::Actor& actor,
                                               store::Timestamp now);

// The groups of the canteen in force on `on`, by id. kNotFound as above.
StatusOr<std::vector<store::CanteenGroupRow>> DinerGroupsOn(store::Store& store,
                                                            int64_t facility_id, core::Date on,
                                                            std::string_view within);

// Meals served to a group on a day; `resident_id` names the elderly person
// they were served to, when the canteen records meals per person.
struct MealEntry {
  core::Date date;
  std::string group;
  int64_t meals = 0;
  std::optional<int64_t> resident_id;
};

// Checks every entry, then stores them all in one transaction with one
// audit record, and returns the rows stored (ids set). Errors: kNotFound and
// kFailedPrecondition for the canteen as SetDinerGroup; kInvalidArgument
// "field meals: none given" or more than kMaxMealEntries, and for the first
// bad entry i "field counts[i].NAME: reason": a date after `today`, a group
// with no setting in force on the date, meals outside 0..kMaxMealsPerCount,
// a resident_id not positive; kNotFound for a resident that does not exist or
// lies outside `within`; kFailedPrecondition for a resident not in the
// ledger on the date, younger than 60 (kElderlyAge) on it, or served in a
// group that is not an eligible elderly one.
StatusOr<std::vector<store::CanteenMealRow>> RecordMeals(store::Store& store, int64_t facility_id,
                                                         std::span<const MealEntry> entries,
                                                         core::Date today, std::string_view within,
                                                         const registry::audit::Actor& actor,
                                                         store::Timestamp now);

// What an import stored.
struct MealImport {
  int64_t rows = 0;   // meal counts stored
  int64_t meals = 0;  // the meals they add up to
};

// Imports meal counts from CSV text with the columns date, group, meals and
// optionally resident_id (docs/cli.md): every row is checked as RecordMeals
// checks an entry, then all are stored in one transaction. The first bad
// row is kInvalidArgument (or the code RecordMeals gives it) "FILE:LINE:
// column NAME: reason", and nothing is stored. Other errors: RecordMeals's.
StatusOr<MealImport> ImportMealsCsv(store::Store& store, int64_t facility_id,
                                    std::string_view file_name, std::string_view csv_text,
                                    core::Date today, std::string_view within,
                                    const registry::audit::Actor& actor, store::Timestamp now);

struct CostEntry {
  core::Date date;
  std::string kind;  // CanteenCostKinds()
  Fen amount = 0;    // for food_per_meal: per meal
  std::string note;
};

// Records a cost. Errors: the canteen's as SetDinerGroup; kInvalidArgument
// "field kind: ..." (not one of CanteenCostKinds), "field amount: ..."
// (outside 0..kMaxAmountFen), "field note: ..." (too long).
StatusOr<store::CanteenCostRow> RecordCost(store::Store& store, int64_t facility_id,
                                           const CostEntry& cost, std::string_view within,
                                           const registry::audit::Actor& actor,
                                           store::Timestamp now);

struct LumpSumEntry {
  core::Date date;
  std::string payer;
  Fen amount = 0;
  std::string purpose;
};

// Records a lump-sum subsidy. Errors: the canteen's; kInvalidArgument "field
// payer: ..." (empty, too long), "field amount: ...", "field purpose: ...".
StatusOr<store::CanteenSubsidyRow> RecordLumpSumSubsidy(store::Store& store, int64_t facility_id,
                                                        const LumpSumEntry& subsidy,
                                                        std::string_view within,
                                                        const registry::audit::Actor& actor,
                                                        store::Timestamp now);

// A setting that changed inside a period: its date and what it was.
struct SettingChange {
  core::Date date;
  std::string what;  // "group elderly_60", "food_per_meal"
};

// The finances of a canteen over a period, and what they were computed from.
struct CanteenFinances {
  store::FacilityRow facility;
  std::vector<store::CanteenGroupRow> groups;  // in force on period.to
  CanteenPeriod period;                        // as read from the store
  CanteenReport report;
  std::vector<SettingChange> settings_changed;  // dated in (from, to], by date
};

// The canteen's report for [from, to] (canteen.h's formulas). Errors: the
// canteen's as SetDinerGroup; kInvalidArgument "field to: ..." when `to` is
// before `from`; kFailedPrecondition when meals were stored for a group with
// no setting in force on `to`; kOutOfRange from CanteenReportFor.
StatusOr<CanteenFinances> CanteenFinancesFor(store::Store& store, int64_t facility_id,
                                             core::Date from, core::Date to,
                                             std::string_view within);

// ---- A canteen's history at once (the demo) ----

// Settings, meals, costs and lump sums to record together.
struct CanteenHistory {
  std::vector<DinerGroupSetting> groups;
  std::vector<MealEntry> meals;  // resident_id unset: counts per group
  std::vector<CostEntry> costs;
  std::vector<LumpSumEntry> lump_sums;
};

// Records `history` for canteen `facility_id` inside the caller's write
// transaction (the demo writes a year of a canteen in one), with one audit
// record (object "canteen_meal", the count). Each entry is checked by the
// rules of SetDinerGroup, RecordMeals, RecordCost and RecordLumpSumSubsidy; a
// meal's group may be one of the batch's. Rows are marked `synthetic`.
// Errors: those of the single functions, the field named with its list and
// index ("field meals[3].group: ...", "groups[1]: field price: ..."), and
// kInvalidArgument for a meal that names a resident (RecordMeals checks
// those against the ledger). Everything is checked before anything is
// written.
Status RecordCanteenHistory(store::Writer& w, int64_t facility_id, const CanteenHistory& history,
                            core::Date today, bool synthetic, std::string_view within,
                            const registry::audit::Actor& actor, store::Timestamp now);

}  // namespace alley::services
