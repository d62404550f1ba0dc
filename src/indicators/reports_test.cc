#include "indicators/reports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "indicators/indicator_queries.h"
#include "indicators/indicators_test_util.h"
#include "registry/units.h"
#include "services/care_test_util.h"
#include "store/indicator_store.h"

namespace alley::indicators {
namespace {

using ::alley::indicators::testing::IndicatorsTest;
using ::alley::services::testing::kHailian;
using ::alley::services::testing::kStreet;
using ::alley::services::testing::kXinghua;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kVillage[] = "320706006201";  // 朱庄村: no ledger kept in Alley

class ReportsTest : public IndicatorsTest {
 protected:
  void SetUp() override {
    IndicatorsTest::SetUp();
    ASSERT_OK(EnsureReportTemplates(*store_));
  }

  StatusOr<FilledReport> Fill(std::string_view code, std::string_view unit = kStreet,
                              std::string_view period = "2026") {
    return FillReport(*store_, *hierarchy_, code, unit, period, services::testing::T0());
  }

  static size_t Row(const FilledReport& r, std::string_view item) {
    for (size_t i = 0; i < r.rows.size(); ++i) {
      if (r.rows[i].item == item) return i;
    }
    ADD_FAILURE() << "no row " << item;
    return 0;
  }
  static size_t Column(const FilledReport& r, std::string_view unit) {
    for (size_t i = 0; i < r.columns.size(); ++i) {
      if (r.columns[i].unit_code == unit) return i;
    }
    ADD_FAILURE() << "no column " << unit;
    return 0;
  }
};

TEST_F(ReportsTest, TheBuiltinTemplatesAreSeededOnce) {
  ASSERT_GE(BuiltinReportTemplates().size(), 3u);
  ASSERT_OK(EnsureReportTemplates(*store_));
  std::vector<store::ReportTemplateRow> all;
  ASSERT_OK(store_->Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(all, store::ListReportTemplates(r));
    return OkStatus();
  }));
  ASSERT_EQ(all.size(), BuiltinReportTemplates().size());
  EXPECT_EQ(all[0].code, "community_basic");
  EXPECT_TRUE(all[0].builtin);
}

TEST_F(ReportsTest, CellsComeFromTheLedgerWhatWasEnteredAndWhatIsBelow) {
  Adult(kHailian);
  Elder(kHailian);
  Adult(kXinghua);
  Enter("elderly_care_floor_m2", kHailian, "2026", 300);
  ASSERT_OK_AND_ASSIGN(FilledReport r, Fill("community_basic"));
  EXPECT_EQ(r.unit_code, kStreet);
  EXPECT_EQ(r.columns[0].unit_code, kStreet);
  const size_t street = 0, hailian = Column(r, kHailian), xinghua = Column(r, kXinghua),
               village = Column(r, kVillage);
  const size_t residents = Row(r, "residents"), elderly = Row(r, "residents_60_plus"),
               floor = Row(r, "elderly_care_floor_m2"),
               per_100 = Row(r, "elderly_care_floor_per_100_households");
  EXPECT_EQ(r.rows[residents].label, "常住人口（人）");

  EXPECT_EQ(r.At(residents, hailian).source, CellSource::kDerived);
  EXPECT_EQ(r.At(residents, hailian).value, 2);
  EXPECT_EQ(r.At(elderly, hailian).value, 1);
  EXPECT_EQ(r.At(residents, street).value, 3);
  // No ledger at the village: nobody can enter a derived count in Alley.
  EXPECT_EQ(r.At(residents, village).source, CellSource::kUnavailable);
  EXPECT_FALSE(r.At(residents, village).value.has_value());

  EXPECT_EQ(r.At(floor, hailian).source, CellSource::kEntered);
  EXPECT_EQ(r.At(floor, hailian).value, 300);
  EXPECT_EQ(r.At(floor, street).source, CellSource::kAggregated);
  EXPECT_EQ(r.At(floor, street).value, 300);
  const ReportCell& missing = r.At(floor, xinghua);
  EXPECT_EQ(missing.source, CellSource::kToEnter);
  ASSERT_EQ(missing.to_enter.size(), 1u);
  EXPECT_EQ(missing.to_enter[0].element, "elderly_care_floor_m2");
  EXPECT_EQ(missing.to_enter[0].unit_code, kXinghua);
  EXPECT_EQ(missing.to_enter[0].period, "2026");
  EXPECT_EQ(missing.to_enter[0].entered_by, "community office");

  // An indicator over a missing entered input says what to enter for it.
  // The residents are of no household: per 100 households divides by zero,
  // and nothing to enter would fill it.
  EXPECT_EQ(r.At(Row(r, "households"), hailian).value, 0);
  EXPECT_EQ(r.At(per_100, hailian).source, CellSource::kUnavailable);
  EXPECT_TRUE(r.At(per_100, hailian).to_enter.empty());
  const ReportCell& places = r.At(Row(r, "nursery_places_per_1000"), hailian);
  EXPECT_EQ(places.source, CellSource::kComputed);
  EXPECT_EQ(places.value, 0);  // no nursery: 0 places for 2 residents
  const ReportCell& indicator = r.At(per_100, xinghua);
  EXPECT_EQ(indicator.source, CellSource::kToEnter);
  ASSERT_EQ(indicator.to_enter.size(), 1u);
  EXPECT_EQ(indicator.to_enter[0].element, "elderly_care_floor_m2");

  const ReportBurden& b = r.burden;
  EXPECT_EQ(b.cells, static_cast<int64_t>(r.rows.size() * r.columns.size()));
  EXPECT_EQ(b.Filled() + b.to_enter + b.unavailable, b.cells);
  EXPECT_EQ(b.entered, 1);
  EXPECT_GE(b.to_enter, 2);
  EXPECT_GT(b.derived, 0);
  ASSERT_TRUE(b.FilledShare().has_value());
  EXPECT_DOUBLE_EQ(*b.FilledShare(),
                   static_cast<double>(b.Filled()) / static_cast<double>(b.cells));

  nlohmann::json j = FilledReportJson(r);
  EXPECT_EQ(j["rows"][floor]["cells"][xinghua]["source"], "to_enter");
  EXPECT_EQ(j["rows"][floor]["cells"][xinghua]["to_enter"][0]["entered_by"], "community office");
  EXPECT_TRUE(j["rows"][residents]["cells"][village]["value"].is_null());
  EXPECT_EQ(j["burden"]["cells"], b.cells);

  std::string csv = FilledReportCsv(r);
  EXPECT_THAT(csv, HasSubstr("elderly_care_floor_m2,"));
  EXPECT_THAT(csv, HasSubstr("待填报: community office"));
  EXPECT_THAT(csv, HasSubstr("residents,常住人口（人）,3,1,2,"));

  ASSERT_OK_AND_ASSIGN(std::string xlsx, FilledReportXlsx(r));
  ASSERT_GT(xlsx.size(), 100u);
  EXPECT_EQ(xlsx.substr(0, 2), "PK");  // a zip
}

TEST_F(ReportsTest, BreakdownsExpandAndPeriodColumnsFollowTheFillPeriod) {
  Adult(kHailian);
  Elder(kHailian);
  ASSERT_OK_AND_ASSIGN(FilledReport pop, Fill("population_structure", kHailian));
  EXPECT_EQ(pop.rows.size(), 1 + 3 + 3 + 2u);
  EXPECT_EQ(pop.rows[1].item, "children_0_14");
  EXPECT_EQ(pop.At(Row(pop, "residents_male"), 0).value.has_value(), true);

  ASSERT_OK_AND_ASSIGN(FilledReport monthly, Fill("concerns_monthly", kHailian));
  ASSERT_EQ(monthly.columns.size(), 12u);
  EXPECT_EQ(monthly.columns[0].period, "2026-01");
  EXPECT_EQ(monthly.columns[11].label, "2026-12");
  EXPECT_EQ(monthly.columns[0].unit_code, kHailian);
  ASSERT_OK_AND_ASSIGN(FilledReport quarter, Fill("concerns_monthly", kHailian, "2026Q2"));
  EXPECT_EQ(quarter.columns.size(), 3u);
  EXPECT_THAT(Fill("concerns_monthly", kHailian, "2026-05"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("holds no months")));
  EXPECT_THAT(Fill("nope"), StatusIs(StatusCode::kNotFound, HasSubstr("report template nope")));
  EXPECT_THAT(Fill("community_basic", "99"), StatusIs(StatusCode::kNotFound));
}

TEST_F(ReportsTest, TemplatesAreCheckedBeforeTheyAreStored) {
  store::ReportTemplateRow t;
  t.code = "mine";
  t.name = "我的表";
  t.columns = "periods:2026-01..2026-03";
  t.rows = {{"residents", ""}, {"@sex", ""}};
  ASSERT_OK(DefineReportTemplate(*store_, t));
  ASSERT_OK_AND_ASSIGN(FilledReport r, Fill("mine", kHailian));
  EXPECT_EQ(r.columns.size(), 3u);
  EXPECT_EQ(r.rows.size(), 3u);

  store::ReportTemplateRow bad = t;
  bad.code = "Mine";
  EXPECT_THAT(DefineReportTemplate(*store_, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field code")));
  bad = t;
  bad.columns = "sideways";
  EXPECT_THAT(DefineReportTemplate(*store_, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field columns")));
  bad.columns = "periods:2026-01..2026Q3";
  EXPECT_THAT(DefineReportTemplate(*store_, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("columns")));
  bad = t;
  bad.rows.push_back({"bedz", ""});
  EXPECT_THAT(DefineReportTemplate(*store_, bad),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("rows[2]: unknown indicator or data element bedz")));
  bad.rows.clear();
  EXPECT_THAT(DefineReportTemplate(*store_, bad),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field rows")));

  ASSERT_OK_AND_ASSIGN(
      store::ReportTemplateRow parsed,
      ParseReportTemplateJson(R"({"code":"j","name":"J","columns":"community",)"
                              R"("rows":["residents",{"item":"households","label":"户"}]})"));
  EXPECT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[1].label, "户");
  EXPECT_THAT(ParseReportTemplateJson(R"({"code":"j","columns":"scope","rows":[]})"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("field name")));
  EXPECT_THAT(ParseReportTemplateJson(R"({"code":"j","name":"J","columns":"scope","rows":[1]})"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("rows[0]")));
}

TEST_F(ReportsTest, TheBurdenAddsUpOverEveryTemplate) {
  Adult(kHailian);
  ASSERT_OK_AND_ASSIGN(nlohmann::json b, ReportBurdenJson(*store_, *hierarchy_, kStreet, "2026",
                                                          services::testing::T0()));
  ASSERT_EQ(b["templates"].size(), BuiltinReportTemplates().size());
  int64_t cells = 0, filled = 0;
  for (const auto& t : b["templates"]) {
    cells += t["burden"]["cells"].get<int64_t>();
    filled += t["burden"]["filled"].get<int64_t>();
  }
  EXPECT_EQ(b["total"]["cells"], cells);
  EXPECT_EQ(b["total"]["filled"], filled);
  EXPECT_GT(filled, 0);
}

}  // namespace
}  // namespace alley::indicators
