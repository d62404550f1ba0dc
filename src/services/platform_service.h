// Platform workers (新就业形态劳动者) as the CLI (`alley platform ...`) and the
// HTTP API (/api/v1/platform/...) keep them: who they are comes from the
// ledger (a resident whose employment form is platform work,
// registry::IsPlatformWork, with their social insurance); what the ledger
// does not hold is stored here: the platforms they work for (normalised,
// NormalisePlatform) and their occupational-injury protection with its date.
// The programmes that serve them are enrolments (enrolments.h). Rest stations
// are facilities of type rider_rest_station with their capacity (the
// facility's) and opening hours (stored here). Coverage per unit is
// SummarisePlatformWorkersByUnit (platform_workers.h) over all of it.
//
//   ALLEY_ASSIGN_OR_RETURN(PlatformCoverage c,
//       PlatformCoverageOf(store, "320706006", today, principal.unit_code));
//   c.total.insured_share  // 0..1, nullopt without workers
//
// Scope: `within` is the caller's unit; a worker (by the ledger's current
// record) or station (by its facility's unit) outside it is kNotFound; a unit
// named outside it is kPermissionDenied. Every write is one transaction with
// its audit record (objects "platform_worker", "rest_station"). Lists are not
// audited here: the caller that shows them appends its bulk_read record.
//
// Versions: a worker's record and a station have a version token (ETag). A
// worker with nothing stored yet has version 0; every change adds 1. A
// station's version is its facility's (store::FacilityRow::version): a
// change to the station changes the facility's version too. A write given an
// `expected_version` that is not the current one fails with kAborted;
// nullopt (the command line) writes over whatever is there.
//
// Thread safety: as the Store's.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/division.h"
#include "core/status.h"
#include "registry/audit.h"
#include "registry/paging.h"
#include "registry/vocabulary.h"
#include "services/platform_workers.h"
#include "store/store.h"

namespace alley::services {

// The most platforms recorded for one worker.
inline constexpr size_t kMaxPlatformsPerWorker = 10;

// The national pilot of occupational injury protection for platform workers,
// led by 人力资源社会保障部, began on 2022-07-01 (platform_workers.h): nobody is
// enrolled since an earlier date.
inline constexpr int kInjuryPilotYear = 2022;
inline constexpr int kInjuryPilotMonth = 7;
inline constexpr int kInjuryPilotDay = 1;

// ---------------------------------------------------------------------------
// Workers

struct PlatformWorkerItem {
  int64_t resident_id = 0;
  std::string name;
  std::string id_number_masked;
  std::string phone_masked;
  std::string sex;
  int age = 0;  // on the date asked
  std::string unit_code;
  std::string unit_name;
  std::string community_code;
  registry::EmploymentForm form = registry::EmploymentForm::kDeliveryRider;
  registry::Insurance insurance = registry::Insurance::kUnknown;
  std::vector<PlatformName> platforms;  // in the order recorded
  InjuryProtection injury_protection = InjuryProtection::kUnknown;
  std::optional<core::Date> injury_protection_since;
  // The platform-worker programmes the worker is enrolled in on the date
  // asked (identifiers, programmes.h order).
  std::vector<std::string> programmes;
  int64_t version = 0;  // 0: nothing recorded beyond the ledger yet
  bool synthetic = false;
};

struct PlatformWorkerListQuery {
  std::string unit_code;  // the subtree (required)
  core::Date as_of;       // the ledger and the enrolments on this date
  std::string form;       // one platform form (identifier or Chinese name); empty: all four
  int64_t page = 1;
  int64_t page_size = registry::kDefaultPageSize;
};

struct PlatformWorkerList {
  std::vector<PlatformWorkerItem> items;  // in the resident list's order
  int64_t total = 0;
};

// One page of the platform workers living in `query.unit_code`'s subtree on
// `query.as_of`. Errors: kInvalidArgument "parameter form: ..." (unknown or
// not platform work); ValidatePage's; kPermissionDenied for a unit outside
// `within`; kNotFound for an unknown unit.
StatusOr<PlatformWorkerList> ListPlatformWorkers(store::Store& store,
                                                 const PlatformWorkerListQuery& query,
                                                 std::string_view within = core::kNationCode);

// Resident `resident_id` as a platform worker on `as_of`. kNotFound as
// registry::GetResidentById (none, removed, outside `within`, not in force
// on `as_of`); kFailedPrecondition when their employment on `as_of` is not
// platform work.
StatusOr<PlatformWorkerItem> GetPlatformWorker(store::Store& store, int64_t resident_id,
                                               core::Date as_of,
                                               std::string_view within = core::kNationCode);

// A change to a worker's record. Unset fields keep their value.
struct PlatformWorkerChange {
  // Replaces the platforms: each NormalisePlatform'd, two spellings of one
  // platform kept once (the first), at most kMaxPlatformsPerWorker.
  std::optional<std::vector<std::string>> platforms;
  std::optional<std::string> injury_protection;  // identifier or Chinese name
  // The date since which the status holds. Default, when the status changes:
  // `today` (none for "unknown").
  std::optional<core::Date> injury_protection_since;
};

// Records `change` for resident `resident_id`, a platform worker on `today`,
// and returns the worker on `today`. Errors: GetPlatformWorker's;
// kInvalidArgument "field platforms: ..." (NormalisePlatform's rules, too
// many), "field injury_protection: ..." (unknown status),
// "field injury_protection_since: ..." (after `today`; before the pilot
// began, kInjuryPilot*, for "enrolled"; given for "unknown"); kAborted for a
// stale `expected_version`.
StatusOr<PlatformWorkerItem> UpdatePlatformWorker(store::Store& store, int64_t resident_id,
                                                  std::optional<int64_t> expected_version,
                                                  const PlatformWorkerChange& change,
                                                  core::Date today, std::string_view within,
                                                  const registry::audit::Actor& by,
                                                  store::Timestamp now);

// ---------------------------------------------------------------------------
// Coverage

struct UnitCoverage {
  std::string unit_code;
  std::string unit_name;
  PlatformWorkerSummary summary;
};

struct PlatformCoverage {
  std::string unit_code;
  std::string unit_name;
  core::Date as_of;
  PlatformWorkerSummary total;  // the whole subtree
  // Per direct child of the unit that has workers (and the unit itself for
  // workers recorded on it directly), by code.
  std::vector<UnitCoverage> units;
  int64_t rest_stations = 0;          // open rider_rest_station facilities of the subtree
  int64_t rest_station_capacity = 0;  // people at once, summed
  int64_t rest_stations_with_hours = 0;
};

// The counts and coverage (platform_workers.h, PlatformWorkerSummary) of the
// platform workers living in `unit_code`'s subtree on `as_of`: the
// ledger's form and insurance, the stored platforms and injury protection,
// the platform-worker programmes they are enrolled in on `as_of`. Errors:
// kPermissionDenied for a unit outside `within`; kNotFound for an unknown
// unit; kDataLoss for a stored record that no longer parses.
StatusOr<PlatformCoverage> PlatformCoverageOf(store::Store& store, std::string_view unit_code,
                                              core::Date as_of,
                                              std::string_view within = core::kNationCode);

// ---------------------------------------------------------------------------
// Rest stations

struct RestStationItem {
  store::FacilityRow facility;  // version: the ETag token
  std::string unit_name;
  std::optional<OpeningHours> hours;  // nullopt until recorded
};

// The rest station of facility `facility_id`. Errors: kNotFound (no such
// facility, closed, outside `within`); kFailedPrecondition for a facility of
// another type.
StatusOr<RestStationItem> GetRestStation(store::Store& store, int64_t facility_id,
                                         std::string_view within = core::kNationCode);

struct RestStationChange {
  std::optional<int> capacity;       // 1..kMaxRestStationCapacity
  std::optional<std::string> hours;  // ParseOpeningHours
};

// Records `change` and returns the station. Errors: GetRestStation's;
// kInvalidArgument "field capacity: ...", "field hours: ..."; kAborted for a
// stale `expected_version`.
StatusOr<RestStationItem> UpdateRestStation(store::Store& store, int64_t facility_id,
                                            std::optional<int64_t> expected_version,
                                            const RestStationChange& change,
                                            std::string_view within,
                                            const registry::audit::Actor& by, store::Timestamp now);

// The same inside the caller's write transaction (the demo's); the
// opening hours stored are marked `synthetic`.
StatusOr<RestStationItem> UpdateRestStation(store::Writer& w, int64_t facility_id,
                                            std::optional<int64_t> expected_version,
                                            const RestStationChange& change,
                                            std::string_view within,
                                            const registry::audit::Actor& by, store::Timestamp now,
                                            bool synthetic = false);

// ---------------------------------------------------------------------------
// Many workers at once (the demo)

// The first record of one worker.
struct PlatformWorkerRecord {
  int64_t resident_id = 0;
  std::vector<std::string> platforms;  // as typed (NormalisePlatform)
  std::string injury_protection = "unknown";
  // The date since which the status holds; default `today` (none for "unknown").
  std::optional<core::Date> injury_protection_since;
};

// Records the first record of many platform workers inside the caller's
// write transaction, with one audit record (object "platform_worker", the
// count); rows are marked `synthetic`. Each is checked by
// UpdatePlatformWorker's rules on `today` (the worker, the platforms, the
// status and its date), with its errors prefixed "worker N" (0-based);
// kAlreadyExists for a worker who has a record already, kInvalidArgument for
// a resident listed twice. Answers how many were recorded. Everything is
// checked before anything is written.
StatusOr<int64_t> RecordPlatformWorkers(store::Writer& w,
                                        std::span<const PlatformWorkerRecord> workers,
                                        core::Date today, bool synthetic, std::string_view within,
                                        const registry::audit::Actor& by, store::Timestamp now);

}  // namespace alley::services
