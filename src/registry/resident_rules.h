// The resident ledger's rules, shared by the CSV import and the CLI's dated
// changes (ledger.cc) and by the API's operations (residents.cc,
// households.cc), so that a resident is validated and changed the same way
// whichever door the data comes through. Internal to src/registry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/id_number.h"
#include "core/status.h"
#include "registry/ledger.h"
#include "store/store.h"

namespace alley::registry::internal {

// Longest name accepted, in bytes (about 21 Chinese characters; the longest
// names of minority nationalities written in Chinese stay well under this).
inline constexpr size_t kMaxNameBytes = 64;
// Longest value of any other field, in bytes.
inline constexpr size_t kMaxFieldBytes = 200;

// `s` without the spaces and tabs around it.
std::string Trimmed(std::string_view s);

// kInvalidArgument "LABEL NAME: reason": LABEL is "column" for a file's
// columns and "field" for the API's body fields.
Status FieldError(std::string_view label, std::string_view name, std::string_view reason);

// The fields of one resident as a user typed them (CSV cells, JSON strings),
// already trimmed. Empty means "not given".
struct ResidentFields {
  std::string name;
  std::string id_number;
  std::string sex;         // checked against the ID number when given
  std::string birth_date;  // checked against the ID number when given
  std::string phone;
  std::string household;  // a household number
  std::string relation;
  std::string compound;  // a compound's name or code (files only)
  std::string building;
  std::string entrance;
  std::string room;
  std::string registration;
  std::string tags;  // "living_alone;veteran" (ParseTagList)
  std::string employment;
  std::string insurance;
  std::string note;
  std::string synthetic;  // yes/no
};

// A resident that passed ValidateResident: vocabulary values are their
// identifiers, defaults filled in.
struct ValidResident {
  core::IdNumber id;
  std::string name;
  std::string phone;
  std::string household;
  std::string relation;
  std::string compound;
  std::string building;
  std::string entrance;
  std::string room;
  std::string registration = "registered";
  uint32_t tags = 0;
  std::string employment = "none";
  std::string insurance = "unknown";
  std::string note;
  bool synthetic = false;
};

// Checks `fields` by the ledger's rules (docs/ledger.md): the ID number per
// GB 11643 with no birth date after `today`, sex and birth date agreeing with
// it, the phone's form, vocabulary values, a relation only with a household,
// lengths. kInvalidArgument "LABEL NAME: reason" for the first broken rule.
StatusOr<ValidResident> ValidateResident(const ResidentFields& fields, core::Date today,
                                         std::string_view label);

// A phone number's form (empty is fine). kInvalidArgument "LABEL phone: ...".
Status ValidatePhone(std::string_view phone, std::string_view label);

// The community at or above `unit`. kFailedPrecondition for a unit above
// community level; kDataLoss for a broken parent chain.
StatusOr<store::UnitRow> CommunityOf(store::Reader& r, const store::UnitRow& unit);

// The latest birth date of someone at least `age` (>= 1) whole years old on
// `on` (core::AgeOn: age falls as the birth date rises), or nullopt when that
// would be before the year 1.
std::optional<core::Date> LatestBirthForAge(core::Date on, int age);

// How PrepareResidentChange words its errors and whether it creates
// households: the CLI's `resident change` and the API differ.
struct ChangeStyle {
  std::string_view label = "field";  // names the field in errors
  // false (the CLI): a unit or household number that does not exist is
  // kNotFound, a unit above community level kFailedPrecondition, and a new
  // household number an error. true (an API body): those are
  // kInvalidArgument, and a household number new to the community creates
  // the household.
  bool api = false;
};

// The version that `change` makes of resident `identity`'s newest one, by
// RecordChange's rules (docs/ledger.md): only an active resident changes; a
// change dated before the newest version or the birth is refused; "death"
// and "departure" set the status; a move to another community leaves the
// household; joining a household takes its address, and revives it when it
// was dissolved. May write a household (inside the caller's transaction);
// the caller adds the version. Errors: kInvalidArgument (a value, the change
// kind), kFailedPrecondition (status, date), and those of ChangeStyle.
StatusOr<store::ResidentVersion> PrepareResidentChange(store::Writer& w,
                                                       const store::ResidentIdentity& identity,
                                                       const ResidentChange& change,
                                                       const ChangeStyle& style);

}  // namespace alley::registry::internal

namespace alley::registry {

// Shared with the workflows of services/ (a concern, a volunteer, a class
// is placed in a community as a resident is).
using internal::CommunityOf;
using internal::ValidatePhone;

}  // namespace alley::registry
