#include "registry/facilities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/test_util.h"
#include "registry/units.h"

namespace alley::registry {
namespace {

using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

class FacilitiesTest : public testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(ImportDivisions(*store_, WriteDivisions()));
  }
  FacilityInput Nursery() {
    FacilityInput in;
    in.unit_code = "320706006010";
    in.type = "托育机构";
    in.name = "海连托育园";
    in.lat = 34.601;
    in.lon = 119.171;
    in.capacity = 60;
    in.staff = 9;
    return in;
  }
};

TEST_F(FacilitiesTest, SavesListsAndUpdatesByName) {
  ASSERT_OK_AND_ASSIGN(store::FacilityRow f, SaveFacility(*store_, Nursery()));
  EXPECT_EQ(f.type, "nursery");
  EXPECT_GT(f.id, 0);
  FacilityInput bigger = Nursery();
  bigger.capacity = 80;
  ASSERT_OK_AND_ASSIGN(store::FacilityRow g, SaveFacility(*store_, bigger));
  EXPECT_EQ(g.id, f.id);
  ASSERT_OK_AND_ASSIGN(std::vector<store::FacilityRow> in_jiangsu, ListFacilities(*store_, "32"));
  ASSERT_EQ(in_jiangsu.size(), 1u);
  EXPECT_EQ(in_jiangsu[0].capacity, 80);
  ASSERT_OK_AND_ASSIGN(std::vector<store::FacilityRow> elsewhere,
                       ListFacilities(*store_, "320706006009"));
  EXPECT_TRUE(elsewhere.empty());
  ASSERT_OK_AND_ASSIGN(UnitSummary s, SummarizeUnit(*store_, "320706", core::Date()));
  EXPECT_EQ(s.facilities["nursery"], 1);
  EXPECT_EQ(s.facility_capacity, 80);
}

TEST_F(FacilitiesTest, RefusesBadInput) {
  FacilityInput in = Nursery();
  in.type = "casino";
  EXPECT_THAT(SaveFacility(*store_, in),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("type: unknown facility type")));
  in = Nursery();
  in.lon.reset();
  EXPECT_THAT(SaveFacility(*store_, in),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("both latitude and longitude")));
  in = Nursery();
  in.lat = 134.6;
  EXPECT_THAT(SaveFacility(*store_, in), StatusIs(StatusCode::kInvalidArgument));
  in = Nursery();
  in.capacity = -1;
  EXPECT_THAT(SaveFacility(*store_, in),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("capacity")));
  in = Nursery();
  in.unit_code = "320706006099";
  EXPECT_THAT(SaveFacility(*store_, in), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(ListFacilities(*store_, "99"), StatusIs(StatusCode::kNotFound));
}

}  // namespace
}  // namespace alley::registry
