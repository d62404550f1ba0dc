// The stored side of childcare: the classes of nurseries (托育机构, facilities
// of type "nursery"), the caregivers on each class's staff over time,
// children's applications (waiting, enrolled, withdrawn, cancelled) and the
// nurseries' inspections with their checklist scores and findings; and the
// ledger counts that the balance of places needs. The rules (norms,
// enrolment order, flags, the balance) are services/childcare.h's; this file
// keeps the rows.
//
// Every row carries the nursery's unit and community code (scope is a code
// range, and the community is the future distribution key). Dates are
// YYYY-MM-DD. Rows the demo makes are marked synthetic.
//
// Deleting a facility or a resident (DeleteSyntheticUnder) deletes their
// classes, enrolments and inspections with them (ON DELETE CASCADE).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::store {

// The community a row of `unit_code` belongs to: its first 12 digits, or the
// unit itself above community level (a street's own nursery).
std::string NurseryCommunityOf(std::string_view unit_code);

struct NurseryClassRow {
  int64_t id = 0;  // set by InsertNurseryClass
  int64_t facility_id = 0;
  std::string unit_code;       // the nursery's unit
  std::string community_code;  // NurseryCommunityOf(unit_code)
  std::string name;            // unique within the nursery
  std::string type;            // services::ClassNorm::id: infant, younger, older, mixed
  int capacity = 0;            // places, >= 1
  // Caregivers (保育人员) on the class's staff: on insert, from opened_on; on
  // reads, on the date the query asks about (or the newest figure).
  int caregivers = 0;
  core::Date opened_on;
  std::optional<core::Date> closed_on;  // the first day it is closed
  int64_t version = 1;                  // +1 on every UpdateNurseryClass
  bool synthetic = false;
};

// A new class and its first staffing figure (caregivers from opened_on); its
// id is answered. kAlreadyExists when the nursery has a class of that name.
StatusOr<int64_t> InsertNurseryClass(Writer& w, const NurseryClassRow& row);
// Many classes at once (the demo): InsertNurseryClass each, the ids set in `rows`.
Status InsertNurseryClasses(Writer& w, std::vector<NurseryClassRow>& rows);

// The class with this id (caregivers: the newest figure), or nullopt.
StatusOr<std::optional<NurseryClassRow>> NurseryClassById(Reader& r, int64_t id);

// Which classes to read. Set facility_id or subtree_code (or both).
struct NurseryClassQuery {
  std::optional<int64_t> facility_id;
  std::optional<std::string> subtree_code;  // classes of nurseries in this subtree
  // Only classes open on this date, of nurseries (facilities) open on it, with
  // the caregivers on staff that day. Unset: every class, open or closed, with
  // the newest caregiver figure.
  std::optional<core::Date> open_on;
};
// Ordered by facility, then class name.
StatusOr<std::vector<NurseryClassRow>> ListNurseryClasses(Reader& r,
                                                          const NurseryClassQuery& query);

// Stores name, capacity and closed_on of `row` when its stored version is
// still `row.version`; the version becomes row.version + 1. kAborted when
// another change came first; kNotFound when there is no such class;
// kAlreadyExists when the new name is another class's.
Status UpdateNurseryClass(Writer& w, const NurseryClassRow& row);

// One figure of a class's staffing history: `caregivers` from `valid_from`
// until the next figure.
struct NurseryStaffingRow {
  int64_t class_id = 0;
  core::Date valid_from;
  int caregivers = 0;
};
// Sets the caregivers of a class from `from` on (a figure of the same day is
// replaced). The caller keeps the history in date order.
Status SetNurseryCaregivers(Writer& w, int64_t class_id, core::Date from, int caregivers);
// A class's staffing history, oldest first.
StatusOr<std::vector<NurseryStaffingRow>> NurseryStaffing(Reader& r, int64_t class_id);

// A child's application to a class, and what became of it.
struct NurseryEnrolmentRow {
  int64_t id = 0;  // set by InsertNurseryEnrolment
  int64_t class_id = 0;
  int64_t facility_id = 0;
  std::string unit_code;       // the nursery's
  std::string community_code;  // the nursery's
  int64_t resident_id = 0;     // the child, a resident of the ledger
  core::Date applied_on;
  std::string state;                      // "waiting", "enrolled", "withdrawn", "cancelled"
  std::optional<core::Date> enrolled_on;  // enrolled and withdrawn
  std::optional<core::Date> left_on;      // withdrawn, cancelled: the first day away
  std::string reason;                     // why it left
  bool synthetic = false;
  core::Date birth_date;  // on reads: the child's, from the ledger; ignored on insert
};

StatusOr<int64_t> InsertNurseryEnrolment(Writer& w, const NurseryEnrolmentRow& row);
// Many at once (the demo): InsertNurseryEnrolment each, the ids set in `rows`.
Status InsertNurseryEnrolments(Writer& w, std::vector<NurseryEnrolmentRow>& rows);
// Stores state, enrolled_on, left_on and reason. kNotFound when there is none.
Status UpdateNurseryEnrolment(Writer& w, const NurseryEnrolmentRow& row);
StatusOr<std::optional<NurseryEnrolmentRow>> NurseryEnrolmentById(Reader& r, int64_t id);
// Every application to a class, in order of application (date, then id).
StatusOr<std::vector<NurseryEnrolmentRow>> NurseryEnrolmentsOfClass(Reader& r, int64_t class_id);
// A resident's waiting and enrolled applications, anywhere.
StatusOr<std::vector<NurseryEnrolmentRow>> OpenNurseryEnrolmentsOf(Reader& r, int64_t resident_id);
// A resident's birth date (no decryption), or nullopt for an unknown resident.
StatusOr<std::optional<core::Date>> NurseryChildBirthDate(Reader& r, int64_t resident_id);

// An application with what a list shows of the child (masked ID number only).
struct NurseryEnrolmentListRow {
  NurseryEnrolmentRow enrolment;
  std::string class_name;
  std::string class_type;
  std::string child_name;        // of the child's newest ledger version
  std::string id_number_masked;  // "320706********0147"
  std::string sex;
  core::Date birth_date;
  std::string child_community;   // where the child's newest version lives
  int64_t waiting_position = 0;  // waiting: the 1-based place on the class's list; else 0
};

struct NurseryEnrolmentQuery {
  int64_t facility_id = 0;
  std::optional<int64_t> class_id;
  std::optional<int64_t> enrolment_id;
  std::optional<std::string> state;
  int64_t offset = 0;
  int64_t limit = 20;
};
struct NurseryEnrolmentPage {
  std::vector<NurseryEnrolmentListRow>
      items;  // by class, state (enrolled, waiting, then the rest), date
  int64_t total = 0;
};
StatusOr<NurseryEnrolmentPage> ListNurseryEnrolments(Reader& r, const NurseryEnrolmentQuery& query);

// The children enrolled on a date (enrolled_on <= date < left_on) in the
// classes of nurseries in a subtree, or of one nursery.
struct NurseryRosterRow {
  int64_t class_id = 0;
  int64_t resident_id = 0;
  core::Date birth_date;
};
StatusOr<std::vector<NurseryRosterRow>> NurseryEnrolledOn(Reader& r, const NurseryClassQuery& where,
                                                          core::Date on);

// One inspection of a nursery.
struct NurseryChecklistItemRow {
  std::string item;
  int score = 0;  // 0..100
};
struct NurseryInspectionRow {
  int64_t id = 0;  // set by InsertNurseryInspection
  int64_t facility_id = 0;
  std::string unit_code;
  std::string community_code;
  core::Date date;
  std::string inspector;
  std::vector<NurseryChecklistItemRow> items;  // in checklist order
  std::vector<std::string> findings;           // in order
  std::optional<core::Date> remedy_deadline;
  std::optional<core::Date> follow_up;
  std::string follow_up_note;
  std::string note;
  std::string recorded_by;
  bool synthetic = false;
};

// A new inspection with its items and findings; its id is answered.
StatusOr<int64_t> InsertNurseryInspection(Writer& w, const NurseryInspectionRow& row);
// Many at once (the demo): InsertNurseryInspection each, the ids set in `rows`.
Status InsertNurseryInspections(Writer& w, std::vector<NurseryInspectionRow>& rows);
StatusOr<std::optional<NurseryInspectionRow>> NurseryInspectionById(Reader& r, int64_t id);
// The inspections of one nursery or of the nurseries of a subtree (the
// query's facility_id and subtree_code; open_on is ignored), by date then id.
StatusOr<std::vector<NurseryInspectionRow>> ListNurseryInspections(Reader& r,
                                                                   const NurseryClassQuery& where);
// Records the follow-up visit of inspection `id`. kNotFound when there is none.
Status SetNurseryInspectionFollowUp(Writer& w, int64_t id, core::Date on, std::string_view note);

// Active residents in force on `as_of` in a subtree, and how many of them
// were born after `born_after` (and not after `as_of`).
struct ResidentsBornAfterRow {
  std::string unit_code;  // the subtree, or the group's code prefix
  int64_t residents = 0;
  int64_t born_after = 0;
};
// group_length 0: one row for the whole subtree (unit_code = subtree_code);
// else one row per distinct first `group_length` characters of the
// residents' unit codes (the children of a unit, whose codes all have one
// length), by code.
StatusOr<std::vector<ResidentsBornAfterRow>> CountResidentsBornAfter(Reader& r,
                                                                     std::string_view subtree_code,
                                                                     core::Date as_of,
                                                                     core::Date born_after,
                                                                     int group_length = 0);

// Deletes the synthetic classes, enrolments and inspections of nurseries in
// a subtree (the demo's refresh; DeleteSyntheticUnder's cascades handle the
// rows of synthetic facilities and residents).
Status DeleteSyntheticChildcareUnder(Writer& w, std::string_view subtree_code);

}  // namespace alley::store
