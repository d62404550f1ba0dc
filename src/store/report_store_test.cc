#include "store/report_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/status_matchers.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

using ReportStoreTest = StoreTest;

ReportTemplateRow Template(std::string code, std::vector<ReportRowRow> rows) {
  ReportTemplateRow t;
  t.code = std::move(code);
  t.name = "社区基本情况表";
  t.office = "街道办事处";
  t.columns = "children";
  t.rows = std::move(rows);
  return t;
}

TEST_F(ReportStoreTest, TemplatesKeepTheirRowsInOrderAndAreReplacedByCode) {
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(PutReportTemplate(
        w, Template("basic", {{"residents", "常住人口"}, {"households", ""}, {"@age", ""}})));
    ALLEY_RETURN_IF_ERROR(PutReportTemplate(w, Template("other", {{"residents", ""}})));
    // Replacing drops the old rows.
    ReportTemplateRow again = Template("basic", {{"households", "户数"}, {"residents", ""}});
    again.columns = "periods:2026-01..2026-03";
    again.builtin = true;
    return PutReportTemplate(w, again);
  }));
  std::vector<ReportTemplateRow> all;
  auto list = [&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(all, ListReportTemplates(r));
    return OkStatus();
  };
  ASSERT_OK(store_->Read(list));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].code, "basic");
  EXPECT_EQ(all[0].columns, "periods:2026-01..2026-03");
  EXPECT_TRUE(all[0].builtin);
  ASSERT_EQ(all[0].rows.size(), 2u);
  EXPECT_EQ(all[0].rows[0].item, "households");
  EXPECT_EQ(all[0].rows[0].label, "户数");
  EXPECT_EQ(all[0].rows[1].item, "residents");
  EXPECT_EQ(all[1].rows.size(), 1u);

  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ReportTemplateRow> one, GetReportTemplate(r, "other"));
    EXPECT_TRUE(one.has_value());
    if (one) {
      EXPECT_EQ(one->office, "街道办事处");
    }
    ALLEY_ASSIGN_OR_RETURN(std::optional<ReportTemplateRow> none, GetReportTemplate(r, "nope"));
    EXPECT_FALSE(none.has_value());
    return OkStatus();
  }));
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(bool removed, DeleteReportTemplate(w, "basic"));
    EXPECT_TRUE(removed);
    ALLEY_ASSIGN_OR_RETURN(bool again, DeleteReportTemplate(w, "basic"));
    EXPECT_FALSE(again);
    return OkStatus();
  }));
  ASSERT_OK(store_->Read(list));
  EXPECT_EQ(all.size(), 1u);
}

}  // namespace
}  // namespace alley::store
