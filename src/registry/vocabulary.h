// The ledger's fixed vocabularies: resident tags, employment forms, social
// insurance, registration, relation to the household head, facility types.
//
// Each term has a stable identifier (what files, the API and the database
// use) and its Chinese name (what a community worker reads and may type).
// Parsing accepts either:
//
//   std::optional<EmploymentForm> f = ParseEmploymentForm("外卖骑手");
//   // f == EmploymentForm::kDeliveryRider, EmploymentFormId(*f) == "delivery_rider"
//
// Identifiers and tag bit positions never change once released: stored
// records and exported files depend on them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace alley::registry {

// One entry of a vocabulary.
struct Term {
  std::string_view id;
  std::string_view name_zh;
};

// Care-relevant tags a resident may carry (any number). The enumerator's
// value is the bit position in ResidentVersion::tags.
enum class ResidentTag : uint8_t {
  kLivingAlone = 0,      // 独居老人, an elderly person living alone
  kDisability = 1,       // 残疾
  kSubsistence = 2,      // 低保, minimum subsistence allowance
  kSpecialHardship = 3,  // 特困, extreme poverty support
  kVeteran = 4,          // 退役军人
  kLeftBehindChild = 5,  // 留守儿童
};
std::span<const Term> ResidentTagTerms();  // in bit order
inline uint32_t TagBit(ResidentTag tag) { return 1u << static_cast<unsigned>(tag); }
std::optional<ResidentTag> ParseResidentTag(std::string_view text);
// "living_alone;veteran" (identifiers or Chinese names, separated by ';', '|'
// or '、'; blanks ignored). kInvalidArgument naming the unknown tag.
StatusOr<uint32_t> ParseTagList(std::string_view text);
// Identifiers joined with ';', in bit order.
std::string FormatTagList(uint32_t tags);

enum class EmploymentForm : uint8_t {
  kEmployee,
  kSelfEmployed,
  kUnemployed,
  kRetired,
  kStudent,
  kNone,
  // New forms of employment (新就业形态).
  kDeliveryRider,
  kRideHailingDriver,
  kEcommerceLivestreaming,
  kOtherPlatform,
};
std::span<const Term> EmploymentFormTerms();
std::optional<EmploymentForm> ParseEmploymentForm(std::string_view text);
std::string_view EmploymentFormId(EmploymentForm form);
bool IsPlatformWork(EmploymentForm form);

// Social (basic pension and medical) insurance status.
enum class Insurance : uint8_t {
  kEmployee,  // 职工社保: enrolled through an employer
  kResident,  // 城乡居民: enrolled as an urban-rural resident
  kFlexible,  // 灵活就业: enrolled individually as a flexible worker
  kNone,
  kUnknown,
};
std::span<const Term> InsuranceTerms();
std::optional<Insurance> ParseInsurance(std::string_view text);

enum class Registration : uint8_t {
  kRegistered,    // 户籍: household registration is here
  kResidentOnly,  // 常住: lives here, registered elsewhere
};
std::span<const Term> RegistrationTerms();
std::optional<Registration> ParseRegistration(std::string_view text);

// Relation to the head of the household (户主).
std::span<const Term> RelationTerms();
std::optional<std::string_view> ParseRelation(std::string_view text);  // → identifier

enum class FacilityType : uint8_t {
  kSeniorCanteen,
  kElderlyDayCare,
  kNursery,
  kKindergarten,
  kHealthStation,
  kRiderRestStation,
  kServiceCentre,
  kPrimarySchool,
};
std::span<const Term> FacilityTypeTerms();
std::optional<FacilityType> ParseFacilityType(std::string_view text);
std::string_view FacilityTypeId(FacilityType type);

// Finds `text` among `terms` by identifier or Chinese name; the index or nullopt.
std::optional<size_t> FindTerm(std::span<const Term> terms, std::string_view text);

}  // namespace alley::registry
