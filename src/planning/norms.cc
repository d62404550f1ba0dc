#include "planning/norms.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <string>

namespace alley::planning {
namespace {

using registry::FacilityType;

// GB 50180-2018's distances (§2.0.2–2.0.4) and its Appendix B service radii.
//
// What was verified (by searching public copies of the text): the circles'
// distances, and — in the predecessor GB 50180-93 (2016 revision), Table
// A.0.1 — 托儿所 and 幼儿园 "服务半径不宜大于300m", 小学 500 m and 中学
// 1,000 m. The 2018 edition's Appendix B itself could not be retrieved: the
// table below gives its figures as commonly quoted (B.0.1: 社区卫生服务中心
// and 初中 1,000 m, 小学 500 m; B.0.2: 社区服务站, 幼儿园, 托儿所 and
// 老年人日间照料中心 300 m; 社区食堂 listed without a radius of its own), to be
// checked against the printed standard.
constexpr double kFiveMinuteM = 300;      // §2.0.4
constexpr double kTenMinuteM = 500;       // §2.0.3
constexpr double kFifteenMinuteM = 1000;  // §2.0.2, the upper end of 800–1,000 m

struct NormRow {
  FacilityType type;
  std::string_view facility_zh;
  LifeCircle circle;
  double distance_m;
  TargetGroup target;
  std::string_view clause;
  bool in_standard;
};

constexpr std::array<NormRow, 8> kRows = {{
    {FacilityType::kSeniorCanteen, "社区食堂（老年助餐）", LifeCircle::k5Minute, kFiveMinuteM,
     TargetGroup::kAged60Plus,
     "GB 50180-2018 Table B.0.2 (社区食堂, no radius of its own: the 5-minute circle's 300 m, "
     "§2.0.4)",
     true},
    {FacilityType::kElderlyDayCare, "老年人日间照料中心（托老所）", LifeCircle::k5Minute,
     kFiveMinuteM, TargetGroup::kAged60Plus, "GB 50180-2018 Table B.0.2 (服务半径不宜大于300m)",
     true},
    {FacilityType::kNursery, "托儿所", LifeCircle::k5Minute, kFiveMinuteM,
     TargetGroup::kChildren0To2, "GB 50180-2018 Table B.0.2 (服务半径不宜大于300m)", true},
    {FacilityType::kKindergarten, "幼儿园", LifeCircle::k5Minute, kFiveMinuteM,
     TargetGroup::kChildren3To5, "GB 50180-2018 Table B.0.2 (服务半径不宜大于300m)", true},
    {FacilityType::kHealthStation, "社区卫生服务中心", LifeCircle::k15Minute, kFifteenMinuteM,
     TargetGroup::kAllResidents, "GB 50180-2018 Table B.0.1 (服务半径不宜大于1000m)", true},
    {FacilityType::kRiderRestStation, "户外劳动者服务站（骑手驿站）", LifeCircle::k15Minute,
     kFifteenMinuteM, TargetGroup::kAllResidents,
     "not in GB 50180-2018: Alley's default, the 15-minute circle's 1,000 m (§2.0.2)", false},
    {FacilityType::kServiceCentre, "社区服务站", LifeCircle::k5Minute, kFiveMinuteM,
     TargetGroup::kAllResidents, "GB 50180-2018 Table B.0.2 (服务半径不宜大于300m)", true},
    {FacilityType::kPrimarySchool, "小学", LifeCircle::k10Minute, kTenMinuteM,
     TargetGroup::kChildren6To11, "GB 50180-2018 Table B.0.1 (服务半径不宜大于500m)", true},
}};

const std::array<FacilityNorm, kRows.size()>& Norms() {
  static const std::array<FacilityNorm, kRows.size()> norms = [] {
    std::array<FacilityNorm, kRows.size()> out{};
    for (std::size_t i = 0; i < kRows.size(); ++i) {
      const NormRow& row = kRows[i];
      ALLEY_CHECK(static_cast<std::size_t>(row.type) == i, "norms out of FacilityType order");
      out[i] = FacilityNorm{.type = row.type,
                            .facility_zh = row.facility_zh,
                            .circle = row.circle,
                            .distance_m = row.distance_m,
                            .walk_ds = WalkDeciseconds(row.distance_m),
                            .target = row.target,
                            .clause = row.clause,
                            .in_standard = row.in_standard};
    }
    return out;
  }();
  return norms;
}

Status ValidateWeights(std::span<const double> values, std::string_view name) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || values[i] < 0) {
      return InvalidArgumentError(
          fmt::format("{}[{}]: {} must be finite and >= 0", name, i, values[i]));
    }
  }
  return OkStatus();
}

void Finish(CoverageShare& s) {
  if (s.total > 0) s.share = s.covered / s.total;
}

}  // namespace

std::uint32_t LifeCircleMinutes(LifeCircle circle) {
  switch (circle) {
    case LifeCircle::k5Minute:
      return 5;
    case LifeCircle::k10Minute:
      return 10;
    case LifeCircle::k15Minute:
      return 15;
  }
  return 0;
}

std::string_view TargetGroupId(TargetGroup group) {
  switch (group) {
    case TargetGroup::kAllResidents:
      return "all_residents";
    case TargetGroup::kAged60Plus:
      return "aged_60_plus";
    case TargetGroup::kAged80Plus:
      return "aged_80_plus";
    case TargetGroup::kChildren0To2:
      return "children_0_2";
    case TargetGroup::kChildren3To5:
      return "children_3_5";
    case TargetGroup::kChildren6To11:
      return "children_6_11";
    case TargetGroup::kChildren0To5:
      return "children_0_5";
  }
  return "?";
}

std::optional<TargetGroup> ParseTargetGroup(std::string_view id) {
  for (std::size_t g = 0; g < kTargetGroupCount; ++g) {
    const auto group = static_cast<TargetGroup>(g);
    if (TargetGroupId(group) == id) return group;
  }
  return std::nullopt;
}

AgeRange TargetGroupAges(TargetGroup group) {
  switch (group) {
    case TargetGroup::kAllResidents:
      return {0, std::nullopt};
    case TargetGroup::kAged60Plus:
      return {60, std::nullopt};
    case TargetGroup::kAged80Plus:
      return {80, std::nullopt};
    case TargetGroup::kChildren0To2:
      return {0, 2};
    case TargetGroup::kChildren3To5:
      return {3, 5};
    case TargetGroup::kChildren6To11:
      return {6, 11};
    case TargetGroup::kChildren0To5:
      return {0, 5};
  }
  return {};
}

std::span<const FacilityNorm> FacilityNorms() { return Norms(); }

const FacilityNorm& NormFor(registry::FacilityType type) {
  return Norms()[static_cast<std::size_t>(type)];
}

StatusOr<const FacilityNorm*> FindFacilityNorm(std::string_view type_id) {
  if (std::optional<FacilityType> type = registry::ParseFacilityType(type_id)) {
    return &NormFor(*type);
  }
  std::string known;
  for (const FacilityNorm& norm : Norms()) {
    if (!known.empty()) known += ", ";
    known += registry::FacilityTypeId(norm.type);
  }
  return NotFoundError(
      fmt::format("facility type \"{}\": no norm (known types: {})", type_id, known));
}

StatusOr<CoverageResult> ComputeCoverage(const CoverageInput& input, Deciseconds threshold_ds) {
  const std::size_t n = input.nearest_ds.size();
  if (input.residents.size() != n || (!input.target.empty() && input.target.size() != n) ||
      (!input.unit_of_home.empty() && input.unit_of_home.size() != n)) {
    return InvalidArgumentError(fmt::format(
        "coverage: the columns differ in length (nearest_ds {}, residents {}, target {}, units "
        "{})",
        n, input.residents.size(), input.target.size(), input.unit_of_home.size()));
  }
  if (threshold_ds == 0 || threshold_ds == kUnreachable) {
    return InvalidArgumentError(
        fmt::format("threshold_ds: {} must be > 0 and below kUnreachable", threshold_ds));
  }
  ALLEY_RETURN_IF_ERROR(ValidateWeights(input.residents, "residents"));
  ALLEY_RETURN_IF_ERROR(ValidateWeights(input.target, "target"));
  const bool has_target = !input.target.empty();
  const bool has_units = !input.unit_of_home.empty();

  CoverageResult result;
  if (has_units) result.units.resize(input.unit_count);
  for (std::size_t i = 0; i < n; ++i) {
    const double residents = input.residents[i];
    const double target = has_target ? input.target[i] : 0.0;
    const bool covered = input.nearest_ds[i] <= threshold_ds;
    UnitCoverage* unit = nullptr;
    if (has_units) {
      const std::uint32_t u = input.unit_of_home[i];
      if (u >= input.unit_count) {
        return OutOfRangeError(fmt::format("unit_of_home[{}]: unit {} is past the last of {} units",
                                           i, u, input.unit_count));
      }
      unit = &result.units[u];
    }
    for (UnitCoverage* c : {&result.overall, unit}) {
      if (c == nullptr) continue;
      c->residents.total += residents;
      c->target.total += target;
      if (covered) {
        c->residents.covered += residents;
        c->target.covered += target;
      }
    }
    if (!covered && (residents > 0 || target > 0)) {
      result.unserved.push_back(
          {.home = static_cast<std::uint32_t>(i), .residents = residents, .target = target});
    }
  }
  Finish(result.overall.residents);
  Finish(result.overall.target);
  for (UnitCoverage& c : result.units) {
    Finish(c.residents);
    Finish(c.target);
  }
  return result;
}

}  // namespace alley::planning
