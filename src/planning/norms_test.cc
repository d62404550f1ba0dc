#include "planning/norms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using registry::FacilityType;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(FacilityNorms, OnePerFacilityTypeInOrder) {
  const auto norms = FacilityNorms();
  ASSERT_EQ(norms.size(), registry::FacilityTypeTerms().size());
  for (std::size_t i = 0; i < norms.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(norms[i].type), i);
    EXPECT_EQ(&NormFor(norms[i].type), &norms[i]);
    EXPECT_FALSE(norms[i].clause.empty());
    EXPECT_EQ(norms[i].walk_ds, WalkDeciseconds(norms[i].distance_m));
  }
}

TEST(FacilityNorms, TheStandardsFigures) {
  const FacilityNorm& kindergarten = NormFor(FacilityType::kKindergarten);
  EXPECT_EQ(kindergarten.distance_m, 300);
  EXPECT_EQ(kindergarten.walk_ds, 3000u);  // 300 m at 1.0 m/s: 5 minutes
  EXPECT_DOUBLE_EQ(kindergarten.walk_minutes(), 5.0);
  EXPECT_EQ(kindergarten.circle, LifeCircle::k5Minute);
  EXPECT_EQ(kindergarten.target, TargetGroup::kChildren3To5);

  const FacilityNorm& school = NormFor(FacilityType::kPrimarySchool);
  EXPECT_EQ(school.distance_m, 500);
  EXPECT_EQ(school.circle, LifeCircle::k10Minute);
  EXPECT_EQ(school.target, TargetGroup::kChildren6To11);
  EXPECT_THAT(school.clause, HasSubstr("B.0.1"));

  const FacilityNorm& health = NormFor(FacilityType::kHealthStation);
  EXPECT_EQ(health.distance_m, 1000);
  EXPECT_EQ(health.walk_ds, 10000u);
  EXPECT_EQ(health.circle, LifeCircle::k15Minute);

  EXPECT_EQ(NormFor(FacilityType::kNursery).target, TargetGroup::kChildren0To2);
  EXPECT_EQ(NormFor(FacilityType::kElderlyDayCare).target, TargetGroup::kAged60Plus);
  EXPECT_EQ(NormFor(FacilityType::kServiceCentre).distance_m, 300);
  // The standard has no rider rest stations: Alley's default says so.
  EXPECT_FALSE(NormFor(FacilityType::kRiderRestStation).in_standard);
  EXPECT_THAT(NormFor(FacilityType::kRiderRestStation).clause, HasSubstr("not in GB 50180"));
}

TEST(FacilityNorms, FindsByIdentifierOrChineseName) {
  ASSERT_OK_AND_ASSIGN(const FacilityNorm* norm, FindFacilityNorm("nursery"));
  EXPECT_EQ(norm->type, FacilityType::kNursery);
  const std::string_view zh = registry::FacilityTypeTerms()[1].name_zh;
  ASSERT_OK_AND_ASSIGN(norm, FindFacilityNorm(zh));
  EXPECT_EQ(norm->type, FacilityType::kElderlyDayCare);
}

TEST(FacilityNorms, UnknownTypeListsTheKnownOnes) {
  EXPECT_THAT(FindFacilityNorm("swimming_pool"),
              StatusIs(StatusCode::kNotFound,
                       AllOf(HasSubstr("swimming_pool"), HasSubstr("senior_canteen"),
                             HasSubstr("primary_school"), HasSubstr("rider_rest_station"))));
}

TEST(TargetGroups, IdentifiersAndAges) {
  std::set<std::string_view> ids;
  for (TargetGroup g :
       {TargetGroup::kAllResidents, TargetGroup::kAged60Plus, TargetGroup::kAged80Plus,
        TargetGroup::kChildren0To2, TargetGroup::kChildren3To5, TargetGroup::kChildren6To11}) {
    ids.insert(TargetGroupId(g));
  }
  EXPECT_EQ(ids.size(), 6u);
  EXPECT_EQ(TargetGroupAges(TargetGroup::kChildren3To5).min_age, 3u);
  EXPECT_EQ(TargetGroupAges(TargetGroup::kChildren3To5).max_age, 5u);
  EXPECT_EQ(TargetGroupAges(TargetGroup::kAged80Plus).max_age, std::nullopt);
  EXPECT_EQ(LifeCircleMinutes(LifeCircle::k10Minute), 10u);
}

TEST(Coverage, SharesPerUnitAndOverall) {
  // Unit 0: homes 0 (covered, 10 residents, 2 children) and 1 (at 3001 ds:
  // not covered, 30 residents, 1 child). Unit 1: home 2, unreachable, 5
  // residents. Unit 2: home 3, nobody lives there.
  const std::vector<Deciseconds> nearest = {3000, 3001, kUnreachable, 100};
  const std::vector<double> residents = {10, 30, 5, 0};
  const std::vector<double> children = {2, 1, 0, 0};
  const std::vector<std::uint32_t> unit = {0, 0, 1, 2};
  const CoverageInput in{.nearest_ds = nearest,
                         .residents = residents,
                         .target = children,
                         .unit_of_home = unit,
                         .unit_count = 4};
  ASSERT_OK_AND_ASSIGN(CoverageResult r, ComputeCoverage(in, 3000));
  EXPECT_EQ(r.overall.residents.total, 45.0);
  EXPECT_EQ(r.overall.residents.covered, 10.0);
  EXPECT_DOUBLE_EQ(*r.overall.residents.share, 10.0 / 45.0);
  EXPECT_DOUBLE_EQ(*r.overall.target.share, 2.0 / 3.0);
  ASSERT_EQ(r.units.size(), 4u);
  EXPECT_DOUBLE_EQ(*r.units[0].residents.share, 0.25);
  EXPECT_EQ(r.units[1].residents.share, 0.0);
  EXPECT_EQ(r.units[1].target.share, std::nullopt);     // no children there: missing
  EXPECT_EQ(r.units[2].residents.share, std::nullopt);  // nobody lives there
  EXPECT_EQ(r.units[3].residents.share, std::nullopt);  // no homes at all
  ASSERT_EQ(r.unserved.size(), 2u);
  EXPECT_EQ(r.unserved[0].home, 1u);
  EXPECT_EQ(r.unserved[0].residents, 30.0);
  EXPECT_EQ(r.unserved[0].target, 1.0);
  EXPECT_EQ(r.unserved[1].home, 2u);
}

TEST(Coverage, WithoutTargetOrUnits) {
  const std::vector<Deciseconds> nearest = {10, 20};
  const std::vector<double> residents = {1, 3};
  ASSERT_OK_AND_ASSIGN(CoverageResult r,
                       ComputeCoverage({.nearest_ds = nearest, .residents = residents}, 15));
  EXPECT_DOUBLE_EQ(*r.overall.residents.share, 0.25);
  EXPECT_EQ(r.overall.target.share, std::nullopt);
  EXPECT_TRUE(r.units.empty());
}

TEST(Coverage, EmptyInputIsMissingNotZero) {
  ASSERT_OK_AND_ASSIGN(CoverageResult r, ComputeCoverage({}, 9000));
  EXPECT_EQ(r.overall.residents.share, std::nullopt);
  EXPECT_TRUE(r.unserved.empty());
}

TEST(Coverage, RefusesBadInputByName) {
  const std::vector<Deciseconds> nearest = {10};
  const std::vector<double> residents = {1};
  const std::vector<double> negative = {-2};
  const std::vector<double> two = {1, 1};
  const std::vector<std::uint32_t> unit = {3};
  EXPECT_THAT(ComputeCoverage({.nearest_ds = nearest, .residents = negative}, 15),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("residents[0]")));
  EXPECT_THAT(ComputeCoverage({.nearest_ds = nearest, .residents = residents, .target = two}, 15),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("differ in length")));
  EXPECT_THAT(ComputeCoverage({.nearest_ds = nearest, .residents = residents}, 0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("threshold_ds")));
  EXPECT_THAT(
      ComputeCoverage(
          {.nearest_ds = nearest, .residents = residents, .unit_of_home = unit, .unit_count = 2},
          15),
      StatusIs(StatusCode::kOutOfRange, HasSubstr("unit_of_home[0]: unit 3")));
}

}  // namespace
}  // namespace alley::planning

namespace alley::planning {
namespace {

TEST(TargetGroups, ParseIsTheInverseOfTheId) {
  for (std::size_t g = 0; g < kTargetGroupCount; ++g) {
    const auto group = static_cast<TargetGroup>(g);
    EXPECT_EQ(ParseTargetGroup(TargetGroupId(group)), group);
  }
  EXPECT_EQ(ParseTargetGroup("children_0_5"), TargetGroup::kChildren0To5);
  EXPECT_EQ(TargetGroupAges(TargetGroup::kChildren0To5).max_age, 5u);
  EXPECT_EQ(ParseTargetGroup("toddlers"), std::nullopt);
}

}  // namespace
}  // namespace alley::planning
