#include "core/division.h"

#include <array>

#include "core/status.h"

namespace alley::core {
namespace {

constexpr std::array<std::string_view, 8> kLevelNames = {
    "nation", "province", "city", "county", "street", "community", "compound", "grid"};

// Length of the official code at each level from province to community.
constexpr std::array<size_t, 5> kOfficialLengths = {2, 4, 6, 9, 12};

// Words that name the kind of a village-level committee. The one that starts
// last in the name decides: the committee type closes an official name
// ("朱庄村社区居委会" is a residents' committee that took a village's name,
// "赵岗社区村民委员会" a villagers' committee that took a community's), and in a
// name without one at the end ("林场社区生活区") the last marker is the nearest.
struct Marker {
  std::string_view text;
  Settlement settlement;
};
constexpr std::array<Marker, 9> kMarkers = {{
    {"社区", Settlement::kUrban},    // community (社区居民委员会)
    {"居委", Settlement::kUrban},    // 居委会, 居委
    {"居民", Settlement::kUrban},    // 居民委员会, 居民委, 居民区
    {"家委会", Settlement::kUrban},  // 家属委员会: a work unit's residential compound
    {"村", Settlement::kRural},      // 村, 村民委员会, 村委会
    {"嘎查", Settlement::kRural},    // Inner Mongolia's pastoral village
    {"牧委", Settlement::kRural},    // 牧民委员会 (herders' committee)
    {"牧民", Settlement::kRural},
    {"渔委会", Settlement::kRural},  // fishermen's committee
}};

// A placeholder the statistics office made for people outside any committee
// (development zones, prisons, farms; GB/T 10114 sequence 498 or 598), even
// when it is called "虚拟社区".
constexpr std::string_view kVirtual = "虚拟";

// A production team (生产队, 大队, 牧业队) and its committee (队委会) are a rural
// collective; a company of the Xinjiang Production and Construction Corps
// (连队) is a state farm.
constexpr std::string_view kTeam = "队";
constexpr std::string_view kTeamCommittee = "队委会";
constexpr std::string_view kCorpsCompany = "连队";

// Drops trailing parenthesised notes, full-width or ASCII:
// "繁荣居委会（五棵树现代农业产业开发区）（省级）" -> "繁荣居委会".
std::string_view WithoutTrailingNotes(std::string_view name) {
  constexpr std::string_view kOpen = "（";
  constexpr std::string_view kClose = "）";
  while (name.ends_with(kClose) || name.ends_with(')')) {
    const size_t full = name.rfind(kOpen);
    const size_t ascii = name.rfind('(');
    size_t open = std::string_view::npos;
    if (full != std::string_view::npos) open = full;
    if (ascii != std::string_view::npos && (open == std::string_view::npos || ascii > open)) {
      open = ascii;
    }
    if (open == std::string_view::npos) break;
    name = name.substr(0, open);
  }
  return name;
}

// The marker that starts last in `name`, or nullptr.
const Marker* LastMarker(std::string_view name) {
  const Marker* last = nullptr;
  size_t last_at = 0;
  for (const Marker& m : kMarkers) {
    const size_t at = name.rfind(m.text);
    if (at != std::string_view::npos && (last == nullptr || at > last_at)) {
      last = &m;
      last_at = at;
    }
  }
  return last;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

}  // namespace

std::string_view UnitLevelName(UnitLevel level) {
  const auto i = static_cast<size_t>(level);
  ALLEY_CHECK(i < kLevelNames.size(), "not a UnitLevel");
  return kLevelNames[i];
}

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
  return !ancestor.empty() && code.starts_with(ancestor);
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
  // Byte search is exact on UTF-8: a lead byte never equals a continuation
  // byte, so a whole-character pattern such as "村" only matches whole
  // characters.
  if (name.find(kVirtual) != std::string_view::npos) return Settlement::kUnknown;
  const std::string_view proper = WithoutTrailingNotes(name);
  const Marker* marker = LastMarker(proper);
  // Only a note names the kind: "湖区管理处（村委会）".
  if (marker == nullptr) marker = LastMarker(name);
  if (marker != nullptr) return marker->settlement;
  if ((proper.ends_with(kTeam) && !proper.ends_with(kCorpsCompany)) ||
      proper.ends_with(kTeamCommittee)) {
    return Settlement::kRural;
  }
  return Settlement::kUnknown;
}

}  // namespace alley::core
