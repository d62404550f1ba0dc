#include "core/division.h"

#include <array>

#include "core/status.h"

namespace alley::core {
namespace {

constexpr std::array<std::string_view, 8> kLevelNames = {
    "nation", "province", "city", "county", "street", "community", "compound", "grid"};

// Length of the official code at each level from province to community.
constexpr std::array<size_t, 5> kOfficialLengths = {2, 4, 6, 9, 12};

// Name endings, tried in order; the first that matches decides.
struct Marker {
  std::string_view text;
  Settlement settlement;
};
constexpr std::array<Marker, 12> kEndings = {{
    {"居民委员会", Settlement::kUrban},
    {"居委会", Settlement::kUrban},
    {"社区", Settlement::kUrban},
    {"居委", Settlement::kUrban},
    {"村民委员会", Settlement::kRural},
    {"村委会", Settlement::kRural},
    {"村委", Settlement::kRural},
    {"嘎查委员会", Settlement::kRural},
    {"嘎查", Settlement::kRural},
    {"村", Settlement::kRural},
    {"牧委会", Settlement::kRural},
    {"居民区", Settlement::kUrban},
}};
// Markers anywhere in the name, for names without a known ending.
constexpr std::array<Marker, 4> kInside = {{
    {"社区", Settlement::kUrban},
    {"居委", Settlement::kUrban},
    {"嘎查", Settlement::kRural},
    {"村", Settlement::kRural},
}};

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

std::string_view UnitLevelName(UnitLevel level) { return kLevelNames[static_cast<size_t>(level)]; }

std::optional<UnitLevel> ParseUnitLevel(std::string_view name) {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<UnitLevel>(i);
  }
  return std::nullopt;
}

std::optional<UnitLevel> OfficialLevelOfCode(std::string_view code) {
  if (!AllDigits(code)) return std::nullopt;
  for (size_t i = 0; i < kOfficialLengths.size(); ++i) {
    if (code.size() == kOfficialLengths[i]) return static_cast<UnitLevel>(i + 1);
  }
  return std::nullopt;
}

std::string_view OfficialParentCode(std::string_view code) {
  std::optional<UnitLevel> level = OfficialLevelOfCode(code);
  if (!level || *level == UnitLevel::kProvince) return kNationCode;
  return code.substr(0, kOfficialLengths[static_cast<size_t>(*level) - 2]);
}

std::string ChildCode(std::string_view parent_code, int sequence) {
  ALLEY_CHECK(sequence >= 1 && sequence <= 999, "child sequence must be 1..999");
  std::string code(parent_code);
  code += static_cast<char>('0' + sequence / 100);
  code += static_cast<char>('0' + sequence / 10 % 10);
  code += static_cast<char>('0' + sequence % 10);
  return code;
}

bool IsCodePrefixAncestor(std::string_view ancestor, std::string_view code) {
  if (ancestor == kNationCode) return true;
  return code.starts_with(ancestor);
}

std::string_view SettlementName(Settlement settlement) {
  switch (settlement) {
    case Settlement::kUrban:
      return "urban";
    case Settlement::kRural:
      return "rural";
    case Settlement::kUnknown:
      return "unknown";
  }
  return "unknown";
}

Settlement ClassifySettlement(std::string_view name) {
  // UTF-8 suffixes: a whole character sequence always ends on a character
  // boundary, so byte comparison cannot match half a character.
  for (const Marker& m : kEndings) {
    if (name.ends_with(m.text)) return m.settlement;
  }
  for (const Marker& m : kInside) {
    if (name.find(m.text) != std::string_view::npos) return m.settlement;
  }
  return Settlement::kUnknown;
}

}  // namespace alley::core
