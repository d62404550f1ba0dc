// Reports through the API: the templates, a report filled as JSON, CSV and
// XLSX with its headers, the burden, the permission and the scope.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_test_util.h"

namespace alley::api {
namespace {

using testing::ApiTest;
using ::testing::HasSubstr;
using testing::kHailian;
using testing::kStreet;
using testing::kXinghua;

using ReportsApiTest = ApiTest;

TEST_F(ReportsApiTest, TemplatesAreListedWithTheBuiltinOnes) {
  HttpResponse res = Get("/api/v1/reports", Token("street_officer"));
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json j = Body(res);
  ASSERT_GE(j["templates"].size(), 3u);
  EXPECT_EQ(j["templates"][0]["code"], "community_basic");
  EXPECT_EQ(Get("/api/v1/reports", Token("grid_worker")).status, 403);
  EXPECT_EQ(Get("/api/v1/reports", "").status, 401);
}

TEST_F(ReportsApiTest, AReportIsFilledAsJsonCsvAndXlsx) {
  HttpResponse res =
      Get("/api/v1/reports/community_basic/fill", Token("community_staff"), {{"period", "2026"}});
  ASSERT_EQ(res.status, 200) << res.body;
  nlohmann::json j = Body(res);
  EXPECT_EQ(j["unit"], kHailian);  // the caller's own unit by default
  EXPECT_EQ(j["period"], "2026");
  EXPECT_EQ(j["columns"][0]["unit"], kHailian);
  EXPECT_GT(j["burden"]["cells"].get<int64_t>(), 0);
  // Nobody entered the floor space: the cell says who enters it.
  bool to_enter = false;
  for (const auto& row : j["rows"]) {
    if (row["item"] == "elderly_care_floor_m2") {
      EXPECT_EQ(row["cells"][0]["source"], "to_enter");
      EXPECT_EQ(row["cells"][0]["to_enter"][0]["entered_by"], "community office");
      to_enter = true;
    }
  }
  EXPECT_TRUE(to_enter) << res.body;

  HttpResponse csv = Get("/api/v1/reports/community_basic/fill", Token("community_staff"),
                         {{"period", "2026"}, {"format", "csv"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_THAT(csv.content_type, HasSubstr("text/csv"));
  EXPECT_EQ(HeaderOf(csv, "Content-Disposition").value_or(""),
            std::string("attachment; filename=\"community_basic-") + kHailian + "-2026.csv\"");
  EXPECT_THAT(csv.body, HasSubstr("elderly_care_floor_m2"));

  HttpResponse xlsx = Get("/api/v1/reports/community_basic/fill", Token("community_staff"),
                          {{"period", "2026"}, {"format", "xlsx"}});
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_THAT(xlsx.content_type, HasSubstr("spreadsheetml.sheet"));
  EXPECT_THAT(HeaderOf(xlsx, "Content-Disposition").value_or(""), HasSubstr(".xlsx\""));
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

  EXPECT_EQ(Get("/api/v1/reports/community_basic/fill", Token("community_staff"),
                {{"period", "2026"}, {"format", "pdf"}})
                .status,
            400);
  EXPECT_EQ(Get("/api/v1/reports/community_basic/fill", Token("community_staff")).status, 400);
  EXPECT_EQ(Get("/api/v1/reports/nope/fill", Token("community_staff"), {{"period", "2026"}}).status,
            404);
}

TEST_F(ReportsApiTest, AUnitOutsideTheCallersIsRefused) {
  EXPECT_EQ(Get("/api/v1/reports/community_basic/fill", Token("community_staff"),
                {{"unit", kXinghua}, {"period", "2026"}})
                .status,
            403);
  EXPECT_EQ(Get("/api/v1/reports/burden", Token("community_staff"),
                {{"unit", kStreet}, {"period", "2026"}})
                .status,
            403);
  HttpResponse root =
      Get("/api/v1/reports/burden", Token("root"), {{"unit", kStreet}, {"period", "2026"}});
  ASSERT_EQ(root.status, 200) << root.body;
  nlohmann::json b = Body(root);
  EXPECT_EQ(b["unit"], kStreet);
  EXPECT_GE(b["templates"].size(), 3u);
  EXPECT_GT(b["total"]["cells"].get<int64_t>(), 0);
}

}  // namespace
}  // namespace alley::api
