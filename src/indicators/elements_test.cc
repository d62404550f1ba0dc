#include "indicators/elements.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "registry/facilities.h"
#include "registry/units.h"
#include "services/care_test_util.h"

namespace alley::indicators {
namespace {

using ::alley::services::testing::CareTest;
using ::alley::services::testing::D;
using ::alley::services::testing::kHailian;
using ::alley::services::testing::kStreet;
using ::alley::services::testing::kXinghua;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

class ElementsTest : public CareTest {
 protected:
  // element@unit -> value
  std::map<std::string, double> Derive(std::string_view scope, std::vector<std::string> elements,
                                       DayRange days) {
    StatusOr<core::Hierarchy> hierarchy = registry::LoadHierarchy(*store_);
    EXPECT_OK(hierarchy);
    std::map<std::string, double> out;
    if (!hierarchy.ok()) return out;
    StatusOr<std::vector<DerivedValue>> values =
        DeriveLedgerElements(*store_, *hierarchy, scope, elements, days, services::testing::T0());
    EXPECT_OK(values);
    if (!values.ok()) return out;
    for (const DerivedValue& v : *values) out[v.element + "@" + v.unit_code] = v.value;
    return out;
  }
};

TEST_F(ElementsTest, TheCatalogueIsSeededOnceAndKeepsAUsersChange) {
  int added = 0;
  ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(added, SeedCatalogue(w));
    return OkStatus();
  }));
  EXPECT_EQ(added, static_cast<int>(BuiltinElements().size() + BuiltinIndicators().size() +
                                    BuiltinRules().size()));
  // An office retargets an indicator; seeding again leaves it alone.
  ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
    store::IndicatorRow changed = BuiltinIndicators()[0];
    changed.target = 6.0;
    return store::PutIndicator(w, changed);
  }));
  int again = -1;
  ASSERT_OK(store_->Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(again, SeedCatalogue(w));
    return OkStatus();
  }));
  EXPECT_EQ(again, 0);
  ASSERT_OK(store_->Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::IndicatorRow> indicators, store::ListIndicators(r));
    EXPECT_EQ(indicators.size(), BuiltinIndicators().size());
    for (const store::IndicatorRow& i : indicators) {
      if (i.code == BuiltinIndicators()[0].code) {
        EXPECT_EQ(i.target, std::optional<double>(6.0));
      }
    }
    return OkStatus();
  }));
}

TEST_F(ElementsTest, EveryBuiltinFormulaNamesKnownElementsOnly) {
  std::set<std::string> codes;
  for (const store::IndicatorElementRow& e : BuiltinElements()) {
    codes.insert(e.code);
    EXPECT_EQ(e.source == "derived", IsDerivable(e.code)) << e.code;
  }
  EXPECT_TRUE(codes.contains("residents_60_plus"));
  EXPECT_TRUE(codes.contains("children_0_2"));
  EXPECT_TRUE(codes.contains("nursery_places"));
  EXPECT_TRUE(codes.contains("concerns_resolved_on_time"));
}

TEST_F(ElementsTest, ResidentsAreCountedByAgeOnThePeriodsLastDay) {
  // The fixture registers everyone on 2020-01-01; the periods are of 2021.
  Resident(kHailian, D(1940, 3, 1));  // 81 on 2021-12-31
  Resident(kHailian, D(1961, 6, 1));  // 60 on 2021-12-31, 59 on 2021-05-31
  Resident(kHailian, D(2019, 6, 1));  // under 3
  Resident(kXinghua, D(1985, 3, 1));
  std::map<std::string, double> v =
      Derive(kStreet, {"residents", "residents_60_plus", "residents_80_plus", "children_0_2"},
             {D(2021, 1, 1), D(2021, 12, 31)});
  EXPECT_EQ(v[std::string("residents@") + kHailian], 3);
  EXPECT_EQ(v[std::string("residents@") + kXinghua], 1);
  EXPECT_EQ(v[std::string("residents_60_plus@") + kHailian], 2);
  EXPECT_EQ(v[std::string("residents_80_plus@") + kHailian], 1);
  EXPECT_EQ(v[std::string("children_0_2@") + kHailian], 1);
  // A community with a ledger and none of them has 0, not nothing.
  ASSERT_TRUE(v.contains(std::string("children_0_2@") + kXinghua));
  EXPECT_EQ(v[std::string("children_0_2@") + kXinghua], 0);

  std::map<std::string, double> may =
      Derive(kStreet, {"residents_60_plus"}, {D(2021, 5, 1), D(2021, 5, 31)});
  EXPECT_EQ(may[std::string("residents_60_plus@") + kHailian], 1);
}

TEST_F(ElementsTest, NurseryPlacesAreTheCapacityOfOpenNurseries) {
  Resident(kHailian, D(1985, 3, 1));
  registry::FacilityInput nursery;
  nursery.unit_code = kHailian;
  nursery.type = "nursery";
  nursery.name = "海连托育园";
  nursery.capacity = 40;
  ASSERT_OK(registry::CreateFacility(*store_, nursery).status());
  nursery.name = "第二托育园";
  nursery.capacity = 25;
  ASSERT_OK(registry::CreateFacility(*store_, nursery).status());
  std::map<std::string, double> v =
      Derive(kHailian, {"nursery_places"}, {D(2026, 1, 1), D(2026, 12, 31)});
  EXPECT_EQ(v[std::string("nursery_places@") + kHailian], 65);
}

TEST_F(ElementsTest, NoLedgerNoValue) {
  // Xinghua keeps no residents in Alley: its counts are missing, not 0.
  Resident(kHailian, D(1985, 3, 1));
  std::map<std::string, double> v =
      Derive(kStreet, {"residents"}, {D(2026, 1, 1), D(2026, 12, 31)});
  EXPECT_FALSE(v.contains(std::string("residents@") + kXinghua));
  EXPECT_TRUE(v.contains(std::string("residents@") + kHailian));
}

TEST_F(ElementsTest, AnEnteredElementIsNotDerived) {
  ASSERT_OK_AND_ASSIGN(core::Hierarchy hierarchy, registry::LoadHierarchy(*store_));
  const std::vector<std::string> asked = {"elderly_care_floor_m2"};
  EXPECT_THAT(DeriveLedgerElements(*store_, hierarchy, kHailian, asked,
                                   {D(2026, 1, 1), D(2026, 12, 31)}, services::testing::T0()),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("entered, not derived")));
}

}  // namespace
}  // namespace alley::indicators
