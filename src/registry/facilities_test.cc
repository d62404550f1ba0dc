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
  EXPECT_THAT(SaveFacility(*store_, in), StatusIs(StatusCode::kInvalidArgument,
                                                  HasSubstr("field lon: give both lat and lon")));
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

FacilityInput Canteen() {
  FacilityInput in;
  in.unit_code = "320706006010";
  in.type = "senior_canteen";
  in.name = "海连长者食堂";
  in.capacity = 120;
  return in;
}

TEST_F(FacilitiesTest, ListFiltersAndPages) {
  ASSERT_OK(CreateFacility(*store_, Nursery()));
  ASSERT_OK(CreateFacility(*store_, Canteen()));
  FacilityInput other = Canteen();
  other.unit_code = "320706006009";
  other.name = "星化长者食堂";
  ASSERT_OK(CreateFacility(*store_, other));
  FacilityListQuery q{.unit_code = "320706006010"};
  ASSERT_OK_AND_ASSIGN(FacilityList list, ListFacilities(*store_, q));
  EXPECT_EQ(list.total, 2);
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(list.items[0].facility.type, "nursery");  // by unit, type id, name
  EXPECT_EQ(list.items[0].type_name, "托育机构");
  EXPECT_EQ(list.items[0].unit_name, "海连社区居委会");
  EXPECT_EQ(list.items[1].type_name, "老年食堂");
  q.type = "托育机构";
  ASSERT_OK_AND_ASSIGN(list, ListFacilities(*store_, q));
  EXPECT_EQ(list.total, 1);
  EXPECT_EQ(list.items.at(0).facility.name, "海连托育园");
  q.type.clear();
  q.text = "食堂";
  q.unit_code = "320706006";
  ASSERT_OK_AND_ASSIGN(list, ListFacilities(*store_, q));
  EXPECT_EQ(list.total, 2);
  q.page_size = 1;
  q.page = 3;
  ASSERT_OK_AND_ASSIGN(list, ListFacilities(*store_, q));
  EXPECT_EQ(list.total, 2);
  EXPECT_TRUE(list.items.empty());
  q.type = "casino";
  EXPECT_THAT(ListFacilities(*store_, q),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("parameter type")));
  q.type.clear();
  q.page = 0;
  EXPECT_THAT(ListFacilities(*store_, q), StatusIs(StatusCode::kInvalidArgument));
  q.page = 1;
  q.unit_code = "99";
  EXPECT_THAT(ListFacilities(*store_, q), StatusIs(StatusCode::kNotFound));
}

TEST_F(FacilitiesTest, CreateGetAndScope) {
  ASSERT_OK_AND_ASSIGN(FacilityItem f, CreateFacility(*store_, Nursery(), "320706006010"));
  EXPECT_EQ(f.facility.version, 1);
  EXPECT_EQ(f.facility.capacity, 60);
  EXPECT_EQ(f.type_name, "托育机构");
  EXPECT_THAT(CreateFacility(*store_, Nursery()),
              StatusIs(StatusCode::kAlreadyExists, HasSubstr("海连托育园")));
  FacilityInput elsewhere = Nursery();
  elsewhere.unit_code = "320706006009";
  EXPECT_THAT(CreateFacility(*store_, elsewhere, "320706006010"),
              StatusIs(StatusCode::kPermissionDenied));
  elsewhere.unit_code = "320706006099";
  EXPECT_THAT(CreateFacility(*store_, elsewhere),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field unit")));
  elsewhere = Nursery();
  elsewhere.staff = -1;
  EXPECT_THAT(CreateFacility(*store_, elsewhere),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field staff")));
  ASSERT_OK_AND_ASSIGN(FacilityItem got, GetFacility(*store_, f.facility.id, "320706"));
  EXPECT_EQ(got.facility.name, "海连托育园");
  EXPECT_THAT(GetFacility(*store_, f.facility.id, "320706006009"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(GetFacility(*store_, 9999), StatusIs(StatusCode::kNotFound));
}

TEST_F(FacilitiesTest, UpdateNeedsTheCurrentVersion) {
  ASSERT_OK_AND_ASSIGN(FacilityItem f, CreateFacility(*store_, Nursery()));
  ASSERT_OK(CreateFacility(*store_, Canteen()));
  FacilityUpdate u;
  u.capacity = 75;
  u.lat = 34.7;
  ASSERT_OK_AND_ASSIGN(FacilityItem updated,
                       UpdateFacility(*store_, f.facility.id, f.facility.version, u));
  EXPECT_EQ(updated.facility.capacity, 75);
  EXPECT_EQ(updated.facility.lat, 34.7);
  EXPECT_EQ(updated.facility.lon, 119.171);
  EXPECT_EQ(updated.facility.staff, 9);
  EXPECT_EQ(updated.facility.version, 2);
  EXPECT_THAT(UpdateFacility(*store_, f.facility.id, f.facility.version, u),
              StatusIs(StatusCode::kAborted));
  FacilityUpdate clash;
  clash.name = "海连长者食堂";
  EXPECT_THAT(UpdateFacility(*store_, f.facility.id, updated.facility.version, clash),
              StatusIs(StatusCode::kAlreadyExists));
  FacilityUpdate bad;
  bad.lat = 134.0;
  EXPECT_THAT(UpdateFacility(*store_, f.facility.id, updated.facility.version, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field lat: must be within")));
  FacilityUpdate away;
  away.unit_code = "320706006009";
  EXPECT_THAT(
      UpdateFacility(*store_, f.facility.id, updated.facility.version, away, "320706006010"),
      StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(UpdateFacility(*store_, f.facility.id, updated.facility.version, u, "320706006009"),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(FacilityItem moved,
                       UpdateFacility(*store_, f.facility.id, updated.facility.version, away));
  EXPECT_EQ(moved.unit_name, "星化社区居委会");
}

TEST_F(FacilitiesTest, ClosedFacilitiesLeaveListsAndSummaries) {
  ASSERT_OK_AND_ASSIGN(FacilityItem f, CreateFacility(*store_, Nursery()));
  ASSERT_OK(CreateFacility(*store_, Canteen()));
  const core::Date today = *core::Date::FromYmd(2026, 6, 30);
  EXPECT_THAT(CloseFacility(*store_, f.facility.id, f.facility.version + 1, today),
              StatusIs(StatusCode::kAborted));
  EXPECT_THAT(CloseFacility(*store_, f.facility.id, f.facility.version, today, "320706006009"),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK(CloseFacility(*store_, f.facility.id, f.facility.version, today));
  ASSERT_OK_AND_ASSIGN(FacilityList list,
                       ListFacilities(*store_, FacilityListQuery{.unit_code = "320706006010"}));
  EXPECT_EQ(list.total, 1);
  ASSERT_OK_AND_ASSIGN(std::vector<store::FacilityRow> open, ListFacilities(*store_, "32"));
  EXPECT_EQ(open.size(), 1u);
  ASSERT_OK_AND_ASSIGN(UnitSummary s, SummarizeUnit(*store_, "320706006010", today));
  EXPECT_EQ(s.facilities.count("nursery"), 0u);
  EXPECT_EQ(s.facilities["senior_canteen"], 1);
  EXPECT_EQ(s.facility_capacity, 120);
  EXPECT_THAT(GetFacility(*store_, f.facility.id), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(CloseFacility(*store_, f.facility.id, f.facility.version + 1, today),
              StatusIs(StatusCode::kNotFound));
  // The CLI's save by unit and name opens it again.
  ASSERT_OK_AND_ASSIGN(store::FacilityRow reopened, SaveFacility(*store_, Nursery()));
  EXPECT_EQ(reopened.id, f.facility.id);
  EXPECT_FALSE(reopened.closed_on.has_value());
  ASSERT_OK(GetFacility(*store_, f.facility.id));
}

}  // namespace
}  // namespace alley::registry
