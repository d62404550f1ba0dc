// A year of SYNTHETIC activity for the Hailian demo, so that every page and
// report of the services shows something real-looking. BuildHailianDemo
// (hailian.h) calls this inside its one transaction, after the ledger; every
// record is marked synthetic and made again, whole, with the demo.
//
// What a year of the community holds (the figures for the 7,266 residents of
// the default demo; smaller demos get proportionally less):
//   - residents' concerns: about 1,500 (roughly one for every five
//     residents, the order of 12345 hotline complaints per head in Chinese
//     cities), with a seasonal mix of categories, received mostly in office
//     hours, most answered and resolved on time and rated, some late, some
//     reopened, some still open at the end;
//   - programme enrolments: home care (居家养老), canteen meals (助餐) and
//     visits (探访关爱) for residents aged 60 or more, by age and tags;
//     rest-station, insurance, legal-aid and training programmes for the
//     platform workers; some ended during the year;
//   - the senior canteen: four diner groups (60–79, 80 and over, subsistence
//     and special-hardship elders, other residents) with prices and per-meal
//     subsidies from the district and the street; lunches and dinners every
//     day but the Spring Festival holiday, fewer at weekends; food, staff,
//     rent and utilities; quarterly operating grants and a donation — a
//     canteen that covers about two thirds of its cost from its diners, a
//     quarter from subsidies (the rest is a deficit), and would need almost
//     four times its volume to do without subsidy;
//   - visits to every elderly person living alone on the policy's schedule
//     (weekly at 80 or with a disability, fortnightly otherwise), by the
//     compounds' grid workers, some unanswered, some finding a need; one
//     compound's worker fell behind in the last ten days, so some are overdue;
//   - caregivers with their certificates and volunteers with their skills
//     and weekly availability; home-service orders of the home-care elders
//     matched to the nearest provider who fits, through to done and rated,
//     some cancelled, some still open;
//   - the time bank: hours the volunteers earned for orders and community
//     activities, some given to an elderly parent, some redeemed, one
//     reversed; the ledger sums to zero;
//   - the nursery: four classes by age band within the national norms,
//     two years of applications with a waiting list, inspections with
//     scores and findings; one deliberate ratio breach (a caregiver on
//     leave) and one remedy overdue;
//   - the platform workers: their platforms and occupational-injury
//     protection (the national pilot's platforms and dates), and the rest
//     station's opening hours.
//
// The result is a pure function of the seed, the reference date and the
// ledger the demo has just written.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/date.h"
#include "core/status.h"
#include "registry/audit.h"
#include "store/store.h"

namespace alley::demo {

// What one year of activity holds.
struct ActivityReport {
  int64_t concerns = 0;
  int64_t concern_events = 0;
  int64_t enrolments = 0;      // in every programme
  int64_t canteen_meals = 0;   // meals served in the year
  int64_t canteen_counts = 0;  // the meal counts they were recorded as
  int64_t visits = 0;
  int64_t visits_overdue = 0;  // people overdue for a visit on the reference date
  int64_t caregivers = 0;
  int64_t volunteers = 0;
  int64_t home_service_orders = 0;
  int64_t timebank_transactions = 0;
  int64_t nursery_classes = 0;
  int64_t nursery_applications = 0;
  int64_t nursery_waiting = 0;  // still waiting on the reference date
  int64_t nursery_inspections = 0;
  int64_t platform_workers = 0;
};

// Deletes the synthetic activity under `community`, children before parents
// (home services and the time bank, childcare, canteens and visits,
// enrolments and platform workers, concerns), before the demo's residents
// and facilities, which it refers to, are deleted. kFailedPrecondition, as
// store::DeleteSyntheticCareUnder, when the community's time bank holds real
// transactions besides synthetic ones.
Status DeleteActivity(store::Writer& w, std::string_view community);

// Writes a year of activity ending on `as_of` for `community`, whose
// synthetic ledger is already written in this transaction, through the
// services' checked bulk functions (their audit records name `actor`).
StatusOr<ActivityReport> WriteActivity(store::Writer& w, std::string_view community,
                                       core::Date as_of, uint64_t seed,
                                       const registry::audit::Actor& actor);

}  // namespace alley::demo
