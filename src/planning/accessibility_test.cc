#include "planning/accessibility.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/random.h"
#include "core/status_matchers.h"

namespace alley::planning {
namespace {

using ::alley::testing::StatusIs;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Pairs as rows, for tests; Columns() gives the view.
struct Pairs {
  std::vector<std::uint32_t> home;
  std::vector<std::uint32_t> facility;
  std::vector<Deciseconds> time_ds;
  void Add(std::uint32_t h, std::uint32_t f, Deciseconds t) {
    home.push_back(h);
    facility.push_back(f);
    time_ds.push_back(t);
  }
  ReachPairs Columns() const { return {home, facility, time_ds}; }
};

AccessOptions Method(AccessMethod method) {
  AccessOptions o;
  o.method = method;
  return o;
}

TEST(Accessibility, TwoStepBinaryByHand) {
  // 100 and 300 residents share 40 places: 0.1 place per resident each.
  Pairs p;
  p.Add(0, 0, 600);
  p.Add(1, 0, 9000);  // exactly at the threshold: inside
  const std::vector<double> demand = {100, 300};
  const std::vector<double> supply = {40};
  ASSERT_OK_AND_ASSIGN(AccessResult r, ComputeAccessibility(demand, supply, p.Columns(),
                                                            Method(AccessMethod::k2sfca)));
  EXPECT_THAT(r.facility_demand, ElementsAre(400.0));
  EXPECT_THAT(r.facility_ratio, ElementsAre(0.1));
  EXPECT_THAT(r.home_access, ElementsAre(0.1, 0.1));
  EXPECT_EQ(r.reached_supply, 40.0);
  EXPECT_EQ(r.unreached_supply, 0.0);
}

TEST(Accessibility, PairsPastTheThresholdWeighNothing) {
  Pairs p;
  p.Add(0, 0, 600);
  p.Add(1, 0, 9001);
  p.Add(1, 0, kUnreachable);
  const std::vector<double> demand = {100, 300};
  const std::vector<double> supply = {40};
  ASSERT_OK_AND_ASSIGN(AccessResult r, ComputeAccessibility(demand, supply, p.Columns(),
                                                            Method(AccessMethod::k2sfca)));
  EXPECT_THAT(r.home_access, ElementsAre(0.4, 0.0));
}

TEST(Accessibility, StepwiseZonesByHand) {
  // Zone bounds belong to their zone: 3000 ds weighs 1.00, 3001 ds 0.68.
  Pairs p;
  p.Add(0, 0, 3000);
  p.Add(1, 0, 3001);
  p.Add(2, 0, 9000);
  p.Add(3, 0, 9001);
  const std::vector<double> demand = {10, 10, 10, 10};
  const std::vector<double> supply = {19};  // V = 10 × (1 + 0.68 + 0.22) = 19
  ASSERT_OK_AND_ASSIGN(AccessResult r, ComputeAccessibility(demand, supply, p.Columns(),
                                                            Method(AccessMethod::kStepwise)));
  EXPECT_THAT(r.facility_demand, ElementsAre(DoubleNear(19, 1e-12)));
  EXPECT_THAT(r.home_access, ElementsAre(DoubleNear(1.0, 1e-12), DoubleNear(0.68, 1e-12),
                                         DoubleNear(0.22, 1e-12), 0.0));
}

TEST(Accessibility, StepwiseZonesAreConfigurable) {
  AccessOptions o = Method(AccessMethod::kStepwise);
  o.zones = {{100, 1.0}, {200, 0.5}};
  EXPECT_EQ(DecayWeight(o, 0), 1.0);
  EXPECT_EQ(DecayWeight(o, 100), 1.0);
  EXPECT_EQ(DecayWeight(o, 101), 0.5);
  EXPECT_EQ(DecayWeight(o, 200), 0.5);
  EXPECT_EQ(DecayWeight(o, 201), 0.0);
  // The threshold comes from the last zone, not threshold_ds.
  o.threshold_ds = 50;
  EXPECT_EQ(DecayWeight(o, 150), 0.5);
}

TEST(Accessibility, DefaultZonesAreThirdsOfFifteenMinutes) {
  const std::vector<DecayZone> zones = DefaultDecayZones();
  ASSERT_EQ(zones.size(), 3u);
  EXPECT_EQ(zones[0].upper_ds, 3000u);
  EXPECT_EQ(zones[1].upper_ds, 6000u);
  EXPECT_EQ(zones[2].upper_ds, 9000u);
  EXPECT_EQ(zones[1].weight, 0.68);
  const std::vector<DecayZone> five = DecayZonesFor(MinutesToDeciseconds(5));
  EXPECT_EQ(five[0].upper_ds, 1000u);
  EXPECT_EQ(five[2].upper_ds, 3000u);
}

TEST(Accessibility, GaussianWeightFallsFromOneToZero) {
  AccessOptions o = Method(AccessMethod::kGaussian);
  o.threshold_ds = 1000;
  EXPECT_DOUBLE_EQ(DecayWeight(o, 0), 1.0);
  EXPECT_EQ(DecayWeight(o, 1000), 0.0);
  EXPECT_EQ(DecayWeight(o, 1001), 0.0);
  const double tail = std::exp(-0.5);
  EXPECT_DOUBLE_EQ(DecayWeight(o, 500), (std::exp(-0.125) - tail) / (1 - tail));
  EXPECT_GT(DecayWeight(o, 400), DecayWeight(o, 500));
}

TEST(Accessibility, GravityByHand) {
  // β = 2, times 10 and 20: f = 1/100 and 1/400. V = 1/100 + 2/400 = 0.015,
  // R = 6 / 0.015 = 400, A = 4 and 1; Σ P A = 4 + 2 = 6.
  Pairs p;
  p.Add(0, 0, 10);
  p.Add(1, 0, 20);
  AccessOptions o = Method(AccessMethod::kGravity);
  o.beta = 2;
  const std::vector<double> demand = {1, 2};
  const std::vector<double> supply = {6};
  ASSERT_OK_AND_ASSIGN(AccessResult r, ComputeAccessibility(demand, supply, p.Columns(), o));
  EXPECT_THAT(r.home_access, ElementsAre(DoubleNear(4, 1e-12), DoubleNear(1, 1e-12)));
  // A time of 0 counts as 1 ds.
  EXPECT_EQ(DecayWeight(o, 0), 1.0);
  EXPECT_EQ(DecayWeight(o, 1), 1.0);
}

TEST(Accessibility, FacilityWithNoDemandInReachServesNobody) {
  // Facility 1 reaches only an empty home; facility 2 reaches nobody.
  Pairs p;
  p.Add(0, 0, 100);
  p.Add(1, 1, 100);
  const std::vector<double> demand = {50, 0};
  const std::vector<double> supply = {10, 7, 3};
  ASSERT_OK_AND_ASSIGN(AccessResult r, ComputeAccessibility(demand, supply, p.Columns(),
                                                            Method(AccessMethod::k2sfca)));
  EXPECT_THAT(r.facility_ratio, ElementsAre(0.2, 0.0, 0.0));
  EXPECT_EQ(r.reached_supply, 10.0);
  EXPECT_EQ(r.unreached_supply, 10.0);
  // The empty home still reads what a resident there would have: facility 1's
  // ratio, 0.
  EXPECT_THAT(r.home_access, ElementsAre(0.2, 0.0));
}

TEST(Accessibility, NoPairsGivesZeros) {
  const std::vector<double> demand = {1, 2};
  const std::vector<double> supply = {5};
  ASSERT_OK_AND_ASSIGN(AccessResult r,
                       ComputeAccessibility(demand, supply, ReachPairs{}, AccessOptions{}));
  EXPECT_THAT(r.home_access, ElementsAre(0.0, 0.0));
  EXPECT_EQ(r.unreached_supply, 5.0);
}

// A random instance: `homes` homes, `facilities` facilities, ~`per_home`
// pairs per home with times up to 1.2 × 15 minutes (some past the threshold).
struct Instance {
  std::vector<double> demand;
  std::vector<double> supply;
  Pairs pairs;
};

Instance RandomInstance(std::uint64_t seed, std::uint32_t homes, std::uint32_t facilities,
                        std::uint32_t per_home) {
  core::Rng rng(seed);
  Instance in;
  for (std::uint32_t h = 0; h < homes; ++h) {
    in.demand.push_back(rng.Bernoulli(0.1) ? 0.0 : static_cast<double>(rng.Uniform(40)));
  }
  for (std::uint32_t f = 0; f < facilities; ++f) {
    in.supply.push_back(static_cast<double>(rng.Uniform(200)));
  }
  for (std::uint32_t h = 0; h < homes; ++h) {
    const std::uint64_t k = rng.Uniform(2 * per_home + 1);
    for (std::uint64_t i = 0; i < k; ++i) {
      in.pairs.Add(h, static_cast<std::uint32_t>(rng.Uniform(facilities)),
                   static_cast<Deciseconds>(rng.Uniform(10800)));
    }
  }
  return in;
}

TEST(Accessibility, SupplyIsConservedByEveryMethod) {
  const Instance in = RandomInstance(7, 3000, 60, 6);
  for (AccessMethod method : {AccessMethod::k2sfca, AccessMethod::kStepwise,
                              AccessMethod::kGaussian, AccessMethod::kGravity}) {
    SCOPED_TRACE(AccessMethodId(method));
    AccessOptions o = Method(method);
    o.beta = 1.5;
    ASSERT_OK_AND_ASSIGN(AccessResult r,
                         ComputeAccessibility(in.demand, in.supply, in.pairs.Columns(), o));
    double served = 0;
    for (std::size_t i = 0; i < in.demand.size(); ++i) served += in.demand[i] * r.home_access[i];
    const double total = std::accumulate(in.supply.begin(), in.supply.end(), 0.0);
    ASSERT_GT(r.reached_supply, 0);
    EXPECT_NEAR(served, r.reached_supply, 1e-9 * r.reached_supply);
    EXPECT_DOUBLE_EQ(r.reached_supply + r.unreached_supply, total);
  }
}

TEST(Accessibility, PairOrderDoesNotMatter) {
  const Instance in = RandomInstance(11, 500, 20, 5);
  Pairs reversed;
  for (std::size_t p = in.pairs.home.size(); p-- > 0;) {
    reversed.Add(in.pairs.home[p], in.pairs.facility[p], in.pairs.time_ds[p]);
  }
  ASSERT_OK_AND_ASSIGN(AccessResult a, ComputeAccessibility(in.demand, in.supply,
                                                            in.pairs.Columns(), AccessOptions{}));
  ASSERT_OK_AND_ASSIGN(AccessResult b, ComputeAccessibility(in.demand, in.supply,
                                                            reversed.Columns(), AccessOptions{}));
  for (std::size_t i = 0; i < a.home_access.size(); ++i) {
    EXPECT_NEAR(a.home_access[i], b.home_access[i], 1e-12 * (1 + a.home_access[i]));
  }
}

TEST(Accessibility, ThresholdsPastTheTableGiveTheSameWeights) {
  // 2^20 ds is tabulated, 2^20 + 1 is not: gravity weights do not depend on
  // the threshold, so the two agree exactly.
  const Instance in = RandomInstance(5, 300, 10, 4);
  AccessOptions tabulated = Method(AccessMethod::kGravity);
  tabulated.threshold_ds = Deciseconds{1} << 20;
  AccessOptions direct = tabulated;
  direct.threshold_ds = (Deciseconds{1} << 20) + 1;
  ASSERT_OK_AND_ASSIGN(AccessResult a,
                       ComputeAccessibility(in.demand, in.supply, in.pairs.Columns(), tabulated));
  ASSERT_OK_AND_ASSIGN(AccessResult b,
                       ComputeAccessibility(in.demand, in.supply, in.pairs.Columns(), direct));
  EXPECT_EQ(a.home_access, b.home_access);
}

TEST(Accessibility, RefusesBadInputByName) {
  Pairs p;
  p.Add(0, 0, 100);
  const std::vector<double> demand = {1};
  const std::vector<double> supply = {1};
  const std::vector<double> negative_supply = {-1};
  const std::vector<double> nan_demand = {std::nan("")};
  EXPECT_THAT(ComputeAccessibility(demand, negative_supply, p.Columns(), AccessOptions{}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("supply[0]")));
  EXPECT_THAT(ComputeAccessibility(nan_demand, supply, p.Columns(), AccessOptions{}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("demand[0]")));

  Pairs past_home;
  past_home.Add(0, 0, 100);
  past_home.Add(1, 0, 100);
  EXPECT_THAT(ComputeAccessibility(demand, supply, past_home.Columns(), AccessOptions{}),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("pairs.home[1]: home 1")));
  Pairs past_facility;
  past_facility.Add(0, 3, 100);
  EXPECT_THAT(ComputeAccessibility(demand, supply, past_facility.Columns(), AccessOptions{}),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("pairs.facility[0]")));

  Pairs ragged = p;
  ragged.time_ds.push_back(5);
  EXPECT_THAT(ComputeAccessibility(demand, supply, ragged.Columns(), AccessOptions{}),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("differ in length")));

  AccessOptions zero = Method(AccessMethod::kGaussian);
  zero.threshold_ds = 0;
  EXPECT_THAT(ComputeAccessibility(demand, supply, p.Columns(), zero),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("threshold_ds")));

  AccessOptions beta = Method(AccessMethod::kGravity);
  for (double b : {0.0, -1.0, std::nan("")}) {
    beta.beta = b;
    EXPECT_THAT(ComputeAccessibility(demand, supply, p.Columns(), beta),
                StatusIs(StatusCode::kInvalidArgument, HasSubstr("beta")));
  }

  AccessOptions zones = Method(AccessMethod::kStepwise);
  zones.zones = {{3000, 1.0}, {3000, 0.5}};
  EXPECT_THAT(ComputeAccessibility(demand, supply, p.Columns(), zones),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("zones[1].upper_ds")));
  zones.zones = {{0, 1.0}};
  EXPECT_THAT(ComputeAccessibility(demand, supply, p.Columns(), zones),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("zones[0].upper_ds")));
  zones.zones = {{100, 1.0}, {kUnreachable, 0.5}};
  EXPECT_THAT(ComputeAccessibility(demand, supply, p.Columns(), zones),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("zones[1].upper_ds")));
  zones.zones = {{100, -0.5}};
  EXPECT_THAT(ComputeAccessibility(demand, supply, p.Columns(), zones),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("zones[0].weight")));
  zones.zones = {};
  EXPECT_THAT(ComputeAccessibility(demand, supply, p.Columns(), zones),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at least one zone")));
}

TEST(AccessMethod, ParsesItsIdentifiers) {
  for (AccessMethod m : {AccessMethod::k2sfca, AccessMethod::kStepwise, AccessMethod::kGaussian,
                         AccessMethod::kGravity}) {
    EXPECT_EQ(ParseAccessMethod(AccessMethodId(m)), m);
  }
  EXPECT_EQ(ParseAccessMethod("stepwise"), AccessMethod::kStepwise);
  EXPECT_EQ(ParseAccessMethod("3sfca"), std::nullopt);
}

TEST(WeightedMeanByUnit, AveragesPerResidentAndLeavesEmptyUnitsMissing) {
  const std::vector<double> values = {1.0, 3.0, 10.0, 7.0};
  const std::vector<double> weights = {1, 3, 0, 0};
  const std::vector<std::uint32_t> unit = {0, 0, 1, 1};
  ASSERT_OK_AND_ASSIGN(auto mean, WeightedMeanByUnit(values, weights, unit, 3));
  // Unit 0: (1 + 9) / 4; unit 1 has homes but nobody in them; unit 2 has none.
  EXPECT_THAT(mean, ElementsAre(std::optional<double>(2.5), std::nullopt, std::nullopt));
}

TEST(WeightedMeanByUnit, RefusesBadInputByName) {
  const std::vector<double> values = {1.0};
  const std::vector<double> weights = {1.0};
  const std::vector<double> negative = {-1.0};
  const std::vector<std::uint32_t> unit = {4};
  const std::vector<std::uint32_t> unit0 = {0};
  EXPECT_THAT(WeightedMeanByUnit(values, weights, unit, 2),
              StatusIs(StatusCode::kOutOfRange, HasSubstr("units[0]: unit 4")));
  EXPECT_THAT(WeightedMeanByUnit(values, negative, unit0, 2),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("weights[0]")));
  EXPECT_THAT(WeightedMeanByUnit(values, {}, unit0, 2),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("differ in length")));
}

}  // namespace
}  // namespace alley::planning
