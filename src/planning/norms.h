// The 15-minute community life circle's walking thresholds per facility type,
// as data with the clause each comes from, and coverage against them: the
// share of residents (and of the facility's target group) whose nearest
// facility is within the threshold, per unit and overall, and the list of the
// unserved. The planner's stage 5 (issue 5).
//
//   ALLEY_ASSIGN_OR_RETURN(const FacilityNorm* norm, FindFacilityNorm("kindergarten"));
//   // norm->distance_m == 300, norm->walk_ds == 3000, norm->target == kChildren3To5
//   CoverageInput in{.nearest_ds = nearest, .residents = pop, .target = kids,
//                    .unit_of_home = unit, .unit_count = n};
//   ALLEY_ASSIGN_OR_RETURN(CoverageResult c, ComputeCoverage(in, norm->walk_ds));
//   c.overall.residents.share;  // 0–1, or nullopt where nobody lives
//
// Source: GB 50180-2018 城市居住区规划设计标准 (Standard for urban residential
// area planning and design). §2.0.2–2.0.4 define the 15-, 10- and 5-minute
// life circles by walking distances of 800–1,000 m, 500 m and 300 m; its
// Appendix B (Table B.0.1 for the 15- and 10-minute circles, Table B.0.2 for
// the 5-minute circle) lists each facility with its circle and, for many,
// "服务半径不宜大于 … m" (the service radius should not exceed …). The table in
// norms.cc says, per entry, which clause it rests on and whether the radius
// is the facility's own or the circle's distance.
//
// Pure functions and constant data: safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "planning/travel.h"
#include "registry/vocabulary.h"

namespace alley::planning {

// The tiers of the life circle (生活圈居住区), by walking time.
enum class LifeCircle : std::uint8_t {
  k5Minute,   // 五分钟生活圈, 300 m (§2.0.4)
  k10Minute,  // 十分钟生活圈, 500 m (§2.0.3)
  k15Minute,  // 十五分钟生活圈, 800–1,000 m (§2.0.2)
};
// The circle's nominal walking time in minutes: 5, 10, 15.
std::uint32_t LifeCircleMinutes(LifeCircle circle);

// Whom a facility serves: the weights coverage counts besides all residents.
enum class TargetGroup : std::uint8_t {
  kAllResidents,
  kAged60Plus,     // 60 and over (老年人, 老年人权益保障法 Art. 2)
  kAged80Plus,     // 80 and over (高龄)
  kChildren0To2,   // 0–2 years: nursery (托育, under 3)
  kChildren3To5,   // 3–5 years: kindergarten
  kChildren6To11,  // 6–11 years: primary school
  kChildren0To5,   // 0–5 years: under 6 (学龄前儿童)
};
// The number of groups, and each by its id (TargetGroupId's inverse; nullopt
// for anything else).
inline constexpr std::size_t kTargetGroupCount =
    static_cast<std::size_t>(TargetGroup::kChildren0To5) + 1;
std::optional<TargetGroup> ParseTargetGroup(std::string_view id);
// "all_residents", "aged_60_plus", "aged_80_plus", "children_0_2", "children_3_5",
// "children_6_11", "children_0_5".
std::string_view TargetGroupId(TargetGroup group);
// The group's ages in whole years, inclusive: [min_age, max_age]; max_age is
// nullopt for an open top (60+, 80+, all residents).
struct AgeRange {
  std::uint32_t min_age = 0;
  std::optional<std::uint32_t> max_age;
};
AgeRange TargetGroupAges(TargetGroup group);

// One facility type's norm.
struct FacilityNorm {
  registry::FacilityType type;
  std::string_view facility_zh;  // the standard's name of the facility
  LifeCircle circle;
  double distance_m;    // the walking distance (service radius) in metres
  Deciseconds walk_ds;  // distance_m at kDefaultWalkingSpeedMps (WalkDeciseconds)
  TargetGroup target;
  std::string_view clause;  // where the figure comes from
  bool in_standard;         // false: GB 50180-2018 names no such facility (Alley's default)

  // walk_ds in minutes (e.g. 5.0 for 300 m at 1.0 m/s).
  double walk_minutes() const {
    return static_cast<double>(walk_ds) / static_cast<double>(kDecisecondsPerMinute);
  }
};

// Every facility type's norm, in FacilityType order (one per type).
std::span<const FacilityNorm> FacilityNorms();
// The norm of `type`.
const FacilityNorm& NormFor(registry::FacilityType type);
// The norm of the facility type whose identifier (or Chinese name, as
// registry::ParseFacilityType reads it) is `type_id`; kNotFound listing the
// known identifiers otherwise.
StatusOr<const FacilityNorm*> FindFacilityNorm(std::string_view type_id);

// Per home (all columns of one length, the homes' count): the time to the
// nearest facility (kUnreachable when none), the residents, and optionally
// the target group's count (empty: no target figures) and the unit (empty:
// overall figures only).
struct CoverageInput {
  std::span<const Deciseconds> nearest_ds;
  std::span<const double> residents;
  std::span<const double> target;
  std::span<const std::uint32_t> unit_of_home;
  std::uint32_t unit_count = 0;
};

// Covered and total weight; share = covered / total, nullopt when total is 0
// (nobody to cover: missing, not 0).
struct CoverageShare {
  double total = 0;
  double covered = 0;
  std::optional<double> share;
};

struct UnitCoverage {
  CoverageShare residents;
  CoverageShare target;  // all zero, share nullopt, when no target column is given
};

// A home whose nearest facility is past the threshold (or unreachable) and
// where someone lives (residents > 0 or target > 0).
struct UnservedHome {
  std::uint32_t home = 0;
  double residents = 0;
  double target = 0;
};

struct CoverageResult {
  UnitCoverage overall;
  std::vector<UnitCoverage> units;     // unit_count entries; empty without units
  std::vector<UnservedHome> unserved;  // in home order
};

// Coverage within `threshold_ds`: a home is covered when nearest_ds <= threshold_ds.
//
// kInvalidArgument when the columns differ in length (a non-empty target or
// unit column included), a weight is negative or not finite, or the threshold
// is 0 or kUnreachable; kOutOfRange when a home names a unit past unit_count.
// O(homes).
StatusOr<CoverageResult> ComputeCoverage(const CoverageInput& input, Deciseconds threshold_ds);

}  // namespace alley::planning
