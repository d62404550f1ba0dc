#include "registry/audit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/status_matchers.h"
#include "registry/test_util.h"

namespace alley::registry::audit {
namespace {

using ::alley::testing::StatusIs;
using std::chrono::minutes;
using store::Timestamp;
using ::testing::HasSubstr;

const Timestamp kT0 = std::chrono::sys_days(std::chrono::year(2026) / 7 / 1);

class AuditTest : public registry::testing::TempStoreTest {
 protected:
  AuditRecord Unmask(int64_t id) {
    AuditRecord r = RecordBy({"wang.li", "community_staff", "320706006010"}, kUnmask);
    r.object = "resident";
    r.records = RecordIds(std::array<int64_t, 1>{id});
    r.reason = "home visit: checking the ID card";
    return r;
  }

  // Runs `sql` on the database file as another program would, behind Alley's back.
  int RawExec(const std::string& sql, std::string* error = nullptr) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((dir_ / "test.db").c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    if (error != nullptr) *error = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    return rc;
  }
};

TEST_F(AuditTest, AppendChainsAndQueryFilters) {
  for (int i = 1; i <= 3; ++i) {
    ASSERT_OK_AND_ASSIGN(store::AuditRow row, Append(*store_, Unmask(i), kT0 + minutes(i)));
    EXPECT_EQ(row.id, i);
    EXPECT_EQ(row.hash.size(), 32u);
  }
  AuditRecord exported = RecordBy({"cli:root", "", ""}, kExport);
  exported.object = "residents";
  exported.records = RecordCount(7266);
  ASSERT_OK(Append(*store_, exported, kT0 + minutes(10)).status());

  ASSERT_OK_AND_ASSIGN(store::AuditPage all, Query(*store_, {}));
  EXPECT_EQ(all.total, 4);
  ASSERT_EQ(all.items.size(), 4u);
  EXPECT_EQ(all.items[0].action, "export");  // newest first
  EXPECT_EQ(all.items[0].records, "7266");
  EXPECT_EQ(all.items[1].prev_hash, all.items[2].hash);
  EXPECT_EQ(all.items[3].prev_hash, std::string(32, '\0'));
  EXPECT_EQ(all.items[3].at, kT0 + minutes(1));
  EXPECT_EQ(all.items[3].records, "[1]");

  Filter by_user;
  by_user.username = "WANG.LI";
  by_user.page_size = 2;
  ASSERT_OK_AND_ASSIGN(store::AuditPage page1, Query(*store_, by_user));
  EXPECT_EQ(page1.total, 3);
  EXPECT_EQ(page1.items.size(), 2u);
  by_user.page = 2;
  ASSERT_OK_AND_ASSIGN(store::AuditPage page2, Query(*store_, by_user));
  ASSERT_EQ(page2.items.size(), 1u);
  EXPECT_EQ(page2.items[0].id, 1);

  Filter period;
  period.from = kT0 + minutes(2);
  period.to = kT0 + minutes(10);
  period.action = "unmask";
  ASSERT_OK_AND_ASSIGN(store::AuditPage in_period, Query(*store_, period));
  EXPECT_EQ(in_period.total, 2);

  int64_t rows = 0;
  EXPECT_OK(Verify(*store_, &rows));
  EXPECT_EQ(rows, 4);
}

TEST_F(AuditTest, BadRecordsAndFiltersAreRefused) {
  AuditRecord r = Unmask(1);
  r.reason = "";
  EXPECT_THAT(Append(*store_, r, kT0), StatusIs(StatusCode::kInvalidArgument, HasSubstr("reason")));
  r = Unmask(1);
  r.action = "peek";
  EXPECT_THAT(Append(*store_, r, kT0), StatusIs(StatusCode::kInvalidArgument, HasSubstr("peek")));
  r = Unmask(1);
  r.records = "[1, 2";
  EXPECT_THAT(Append(*store_, r, kT0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("records")));
  r = Unmask(1);
  r.username = "";
  EXPECT_THAT(Append(*store_, r, kT0), StatusIs(StatusCode::kInvalidArgument));
  Filter f;
  f.page = 0;
  EXPECT_THAT(Query(*store_, f), StatusIs(StatusCode::kOutOfRange));
  f = {};
  f.page_size = kMaxPageSize + 1;
  EXPECT_THAT(Query(*store_, f), StatusIs(StatusCode::kOutOfRange));
  f = {};
  f.from = kT0;
  f.to = kT0 - minutes(1);
  EXPECT_THAT(Query(*store_, f), StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(store::AuditPage none, Query(*store_, {}));
  EXPECT_EQ(none.total, 0);
}

TEST_F(AuditTest, RecordLandsWithItsActionOrNotAtAll) {
  Status s = store_->Write([&](store::Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(Append(w, Unmask(1), kT0).status());
    return FailedPreconditionError("the action failed after all");
  });
  EXPECT_THAT(s, StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(store::AuditPage page, Query(*store_, {}));
  EXPECT_EQ(page.total, 0);
}

TEST_F(AuditTest, TheLogRefusesUpdateAndDelete) {
  ASSERT_OK(Append(*store_, Unmask(1), kT0).status());
  store_.reset();  // close, so that the raw connection below is the only writer
  std::string error;
  EXPECT_EQ(RawExec("UPDATE audit_log SET reason = 'nothing to see'", &error), SQLITE_CONSTRAINT);
  EXPECT_THAT(error, HasSubstr("append-only"));
  EXPECT_EQ(RawExec("DELETE FROM audit_log", &error), SQLITE_CONSTRAINT);
  EXPECT_THAT(error, HasSubstr("append-only"));
}

TEST_F(AuditTest, VerifyFindsARowEditedBehindAlleysBack) {
  for (int i = 1; i <= 3; ++i) ASSERT_OK(Append(*store_, Unmask(i), kT0 + minutes(i)).status());
  ASSERT_OK(Verify(*store_));
  store_.reset();
  // Someone with the file and the sqlite3 shell drops the trigger and edits row 2.
  ASSERT_EQ(RawExec("DROP TRIGGER audit_log_no_update; "
                    "UPDATE audit_log SET username = 'someone.else' WHERE id = 2"),
            SQLITE_OK);
  ASSERT_OK_AND_ASSIGN(store_, store::OpenStore((dir_ / "test.db").string()));
  int64_t rows = 0;
  EXPECT_THAT(Verify(*store_, &rows),
              StatusIs(StatusCode::kDataLoss, HasSubstr("audit record 2: its contents")));
  EXPECT_EQ(rows, 2);
}

TEST_F(AuditTest, VerifyFindsARemovedRow) {
  for (int i = 1; i <= 3; ++i) ASSERT_OK(Append(*store_, Unmask(i), kT0 + minutes(i)).status());
  store_.reset();
  ASSERT_EQ(RawExec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2"),
            SQLITE_OK);
  ASSERT_OK_AND_ASSIGN(store_, store::OpenStore((dir_ / "test.db").string()));
  EXPECT_THAT(Verify(*store_), StatusIs(StatusCode::kDataLoss, HasSubstr("audit record 3")));
}

}  // namespace
}  // namespace alley::registry::audit
