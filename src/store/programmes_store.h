// The stored side of the programmes residents are enrolled in and of the
// platform workers they serve (services/programmes.h, services/enrolments.h,
// services/platform_service.h): enrolments (a resident in a programme from a
// date until an end date), what the ledger does not already hold of each
// platform worker (the platforms, occupational-injury protection), and the
// opening hours of rider rest stations (facilities of type
// rider_rest_station; their capacity is the facility's). The rules are
// services/'s; this file keeps the rows.
//
// Dates are YYYY-MM-DD; times (created_at, ...) are seconds since the epoch
// (UTC). Programme and status identifiers are stored as services/ names them.
//
// An enrolment holds on the dates d with enrolled_from <= d < ended_on (the
// end date is the first day no longer enrolled, as a ledger version's
// valid_to); at most one enrolment per resident and programme is open (no
// end date), which a unique index enforces.
//
// Rows point at the resident or facility they are about, with ON DELETE
// CASCADE: the demo's refresh (Writer::DeleteSyntheticUnder) takes them with
// its synthetic residents and facilities.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::store {

// ---------------------------------------------------------------------------
// Enrolments

struct EnrolmentRow {
  int64_t id = 0;  // set by InsertEnrolment
  int64_t resident_id = 0;
  std::string programme;       // services::Programme::id
  std::string unit_code;       // where the resident lived on enrolled_from (scope)
  std::string community_code;  // its community (distribution key)
  core::Date enrolled_from;
  std::optional<core::Date> ended_on;  // nullopt while open
  std::string note;
  std::string end_reason;  // "" while open, or when no reason was given
  int64_t created_at = 0;
  std::string created_by;
  std::optional<int64_t> ended_at;
  std::string ended_by;
  bool synthetic = false;
};

// A new enrolment; its id is answered. kAlreadyExists when the resident has
// an open enrolment in the programme; kFailedPrecondition for an unknown
// resident or unit.
StatusOr<int64_t> InsertEnrolment(Writer& w, const EnrolmentRow& row);

// Many enrolments at once (the demo): the same as InsertEnrolment each, the
// ids set in `rows`.
Status InsertEnrolments(Writer& w, std::vector<EnrolmentRow>& rows);

// The enrolment with this id, or nullopt.
StatusOr<std::optional<EnrolmentRow>> EnrolmentById(Reader& r, int64_t id);

// Every enrolment of a resident (in one programme, or in any when
// `programme` is empty), oldest first.
StatusOr<std::vector<EnrolmentRow>> EnrolmentsOfResident(Reader& r, int64_t resident_id,
                                                         std::string_view programme = "");

// Ends open enrolment `id` on `on`. kNotFound when there is no such
// enrolment; kFailedPrecondition when it has already ended.
Status EndEnrolment(Writer& w, int64_t id, core::Date on, std::string_view reason, int64_t at,
                    std::string_view by);

// Which enrolments a list asks for.
enum class EnrolmentState {
  kOpen,   // no end date
  kEnded,  // an end date
  kAll,
};

struct EnrolmentQuery {
  std::string subtree_code;              // by the enrolment's unit
  std::optional<std::string> programme;  // one programme; nullopt: any
  std::optional<int64_t> resident_id;
  EnrolmentState state = EnrolmentState::kOpen;
  std::optional<core::Date> in_force_on;  // only those holding on this date
  int64_t offset = 0;
  int64_t limit = 20;
};

// One enrolment of a list, with what a list shows of its resident: the name
// of their newest ledger version and the masked ID number (nothing decrypted).
struct EnrolmentListRow {
  EnrolmentRow enrolment;
  std::string resident_name;
  std::string id_number_masked;
  std::string unit_name;
};

struct EnrolmentPage {
  std::vector<EnrolmentListRow> items;  // newest start first, then newest id first
  int64_t total = 0;                    // every match, ignoring offset and limit
};

StatusOr<EnrolmentPage> ListEnrolments(Reader& r, const EnrolmentQuery& query);

// One enrolment with its list fields, or nullopt.
StatusOr<std::optional<EnrolmentListRow>> EnrolmentListRowById(Reader& r, int64_t id);

// The enrolments of these residents that hold on `on`, by resident and
// programme.
StatusOr<std::vector<EnrolmentRow>> EnrolmentsInForce(Reader& r,
                                                      std::span<const int64_t> resident_ids,
                                                      core::Date on);

// ---------------------------------------------------------------------------
// Platform workers

struct PlatformEntry {
  std::string key;   // services::NormalisePlatform's key
  std::string name;  // its name to show
};

struct PlatformWorkerRow {
  int64_t resident_id = 0;
  std::string community_code;                 // the resident's community at the last change
  std::vector<PlatformEntry> platforms;       // in the order given, keys distinct
  std::string injury_protection = "unknown";  // services::InjuryProtectionId
  std::optional<core::Date> injury_protection_since;
  int64_t version = 0;  // 0: nothing stored yet; +1 on every save
  int64_t updated_at = 0;
  std::string updated_by;
  bool synthetic = false;
};

// The stored record of one resident, or nullopt.
StatusOr<std::optional<PlatformWorkerRow>> PlatformWorkerById(Reader& r, int64_t resident_id);

// The stored records of these residents (those that have one), by resident id.
StatusOr<std::vector<PlatformWorkerRow>> PlatformWorkersOf(Reader& r,
                                                           std::span<const int64_t> resident_ids);

// Stores `row`: a new record when row.version is 0, else the record whose
// stored version is still row.version. The stored version becomes
// row.version + 1. kAborted when another change came first (a record exists
// for version 0, or the stored version differs); kFailedPrecondition for an
// unknown resident; kAlreadyExists for two platforms with one key.
Status SavePlatformWorker(Writer& w, const PlatformWorkerRow& row);

// Many new records at once (the demo): SavePlatformWorker each, every
// row.version 0.
Status InsertPlatformWorkers(Writer& w, const std::vector<PlatformWorkerRow>& rows);

// ---------------------------------------------------------------------------
// Rest stations

struct RestStationRow {
  int64_t facility_id = 0;  // a facility of type rider_rest_station
  std::string hours;        // services::FormatOpeningHours, "07:00-11:00,17:00-23:30"
  int64_t updated_at = 0;
  std::string updated_by;
  bool synthetic = false;
};

// The station details of facility `facility_id`, or nullopt.
StatusOr<std::optional<RestStationRow>> RestStationById(Reader& r, int64_t facility_id);

// The station details of the facilities of a subtree (by the facility's unit).
StatusOr<std::vector<RestStationRow>> RestStationsUnder(Reader& r, std::string_view subtree_code);

// Inserts or replaces the details of `row.facility_id`. kFailedPrecondition
// for an unknown facility.
Status SaveRestStation(Writer& w, const RestStationRow& row);

// ---------------------------------------------------------------------------

// Deletes every synthetic enrolment, platform-worker record and rest-station
// record under `subtree_code` (enrolments by their unit, workers by their
// community, stations by their facility's unit), so that the demo can
// regenerate its activity without regenerating its residents.
Status DeleteSyntheticProgrammesUnder(Writer& w, std::string_view subtree_code);

}  // namespace alley::store
