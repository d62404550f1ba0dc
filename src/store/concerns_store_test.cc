#include "store/concerns_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/status_matchers.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace alley::store {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ConcernsStoreTest : public StoreTest {
 protected:
  static ConcernRow Concern(std::string community, int64_t received_at) {
    ConcernRow c;
    c.unit_code = community;
    c.community_code = std::move(community);
    c.category = "noise";
    c.urgency = "normal";
    c.channel = "hotline";
    c.description = "楼上装修噪声";
    c.reporter_name = "张三";
    c.reporter_phone_masked = "138****5678";
    c.state = "received";
    c.responsible = "community";
    c.received_at = received_at;
    c.response_due = received_at + 3600;
    c.resolution_due = received_at + 86400;
    return c;
  }

  int64_t Insert(const ConcernRow& row, std::string phone = "13812345678") {
    int64_t id = 0;
    EXPECT_OK(store_->Write([&](Writer& w) -> Status {
      ALLEY_ASSIGN_OR_RETURN(id, InsertConcern(w, row, phone));
      return OkStatus();
    }));
    return id;
  }

  std::vector<int64_t> Ids(const ConcernQuery& q, int64_t* total = nullptr) {
    std::vector<int64_t> ids;
    EXPECT_OK(store_->Read([&](Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(ConcernPage page, ListConcerns(r, q));
      for (const ConcernRow& c : page.items) ids.push_back(c.id);
      if (total != nullptr) *total = page.total;
      return OkStatus();
    }));
    return ids;
  }
};

TEST_F(ConcernsStoreTest, RoundTripWithThePhoneSealed) {
  ConcernRow row = Concern(kHailian, 1'750'000'000);
  row.lat = 34.6;
  row.lon = 119.2;
  const int64_t id = Insert(row);
  ASSERT_GT(id, 0);
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ConcernRow> got, ConcernById(r, id));
    EXPECT_TRUE(got.has_value());
    if (!got) return OkStatus();
    EXPECT_EQ(got->description, "楼上装修噪声");
    EXPECT_EQ(got->reporter_phone_masked, "138****5678");
    EXPECT_EQ(got->lat, 34.6);
    EXPECT_EQ(got->version, 1);
    EXPECT_FALSE(got->responded_at.has_value());
    ALLEY_ASSIGN_OR_RETURN(std::string phone, ConcernReporterPhone(r, id));
    EXPECT_EQ(phone, "13812345678");
    EXPECT_THAT(ConcernReporterPhone(r, id + 100), StatusIs(StatusCode::kNotFound));
    ALLEY_ASSIGN_OR_RETURN(std::optional<ConcernRow> none, ConcernById(r, id + 100));
    EXPECT_FALSE(none.has_value());
    return OkStatus();
  }));
  store_.reset();  // the last connection folds the WAL into the file
  for (const std::string& file : {path_, path_ + "-wal"}) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_EQ(bytes.str().find("13812345678"), std::string::npos) << file;
  }
}

TEST_F(ConcernsStoreTest, AStaleUpdateIsAbortedAndChangesNothing) {
  const int64_t id = Insert(Concern(kHailian, 1'750'000'000));
  ConcernRow row;
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ConcernRow> got, ConcernById(r, id));
    row = *got;
    return OkStatus();
  }));
  ConcernRow first = row;
  first.state = "dispatched";
  first.assignee = "street";
  ASSERT_OK(store_->Write([&](Writer& w) { return UpdateConcern(w, first); }));
  ConcernRow second = row;  // made against version 1 too
  second.state = "accepted";
  EXPECT_THAT(store_->Write([&](Writer& w) { return UpdateConcern(w, second); }),
              StatusIs(StatusCode::kAborted, HasSubstr("now at version 2")));
  ConcernRow missing = row;
  missing.id = id + 7;
  EXPECT_THAT(store_->Write([&](Writer& w) { return UpdateConcern(w, missing); }),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ConcernRow> got, ConcernById(r, id));
    EXPECT_EQ(got->state, "dispatched");
    EXPECT_EQ(got->assignee, "street");
    EXPECT_EQ(got->version, 2);
    return OkStatus();
  }));
}

TEST_F(ConcernsStoreTest, EventsAreAppendOnly) {
  const int64_t id = Insert(Concern(kHailian, 1'750'000'000));
  ConcernEventRow e;
  e.concern_id = id;
  e.at = 1'750'000'100;
  e.event = "dispatch";
  e.from_state = "received";
  e.to_state = "dispatched";
  e.actor = "hailian";
  e.target = "street";
  ASSERT_OK(store_->Write([&](Writer& w) { return AppendConcernEvent(w, e).status(); }));
  e.event = "accept";
  e.from_state = "dispatched";
  e.to_state = "accepted";
  ASSERT_OK(store_->Write([&](Writer& w) { return AppendConcernEvent(w, e).status(); }));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<ConcernEventRow> events, ConcernEvents(r, id));
    std::vector<std::string> names;
    names.reserve(events.size());
    for (const ConcernEventRow& ev : events) names.push_back(ev.event);
    EXPECT_THAT(names, ElementsAre("dispatch", "accept"));
    EXPECT_EQ(events[0].target, "street");
    return OkStatus();
  }));
  // Not through Alley either: the triggers refuse.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_NE(sqlite3_exec(db, "UPDATE concern_event SET actor = 'x'", nullptr, nullptr, &error),
            SQLITE_OK);
  EXPECT_THAT(error, HasSubstr("append-only"));
  sqlite3_free(error);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM concern_event", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

TEST_F(ConcernsStoreTest, ListsBySubtreeStateCategoryTimeOverdueAndText) {
  const int64_t t = 1'750'000'000;
  const int64_t a = Insert(Concern(kHailian, t));
  ConcernRow other_category = Concern(kHailian, t + 10);
  other_category.category = "property";
  other_category.description = "3号楼电梯故障";
  const int64_t b = Insert(other_category);
  ConcernRow resolved = Concern(kHailian, t + 20);
  resolved.state = "resolved";
  resolved.responded_at = t + 30;
  resolved.resolved_at = t + 40;
  resolved.address = "海连新村3号楼";
  const int64_t c = Insert(resolved);
  const int64_t x = Insert(Concern(kXinghua, t + 5));

  int64_t total = 0;
  ConcernQuery q;
  q.subtree_code = kHailian;
  EXPECT_THAT(Ids(q, &total), ElementsAre(c, b, a));  // newest first
  EXPECT_EQ(total, 3);
  q.limit = 1;
  q.offset = 1;
  EXPECT_THAT(Ids(q, &total), ElementsAre(b));
  EXPECT_EQ(total, 3);
  q = ConcernQuery{.subtree_code = "320706006"};
  EXPECT_THAT(Ids(q), ElementsAre(c, b, x, a));
  q = ConcernQuery{.subtree_code = kHailian, .category = "property"};
  EXPECT_THAT(Ids(q), ElementsAre(b));
  q = ConcernQuery{.subtree_code = kHailian, .state = "resolved"};
  EXPECT_THAT(Ids(q), ElementsAre(c));
  q = ConcernQuery{.subtree_code = kHailian, .received_from = t + 10, .received_to = t + 20};
  EXPECT_THAT(Ids(q), ElementsAre(b));
  // An hour and a bit later the two unresolved ones have missed their
  // response deadline; the resolved one is not overdue.
  q = ConcernQuery{.subtree_code = kHailian, .overdue_at = t + 3605};
  EXPECT_THAT(Ids(q), ElementsAre(a));
  q = ConcernQuery{.subtree_code = kHailian, .overdue_at = t + 3615};
  EXPECT_THAT(Ids(q), ElementsAre(b, a));
  // Text: in the description (b) or the address (c).
  q = ConcernQuery{.subtree_code = kHailian, .text = "3号楼"};
  EXPECT_THAT(Ids(q, &total), ElementsAre(c, b));
  EXPECT_EQ(total, 2);
  q = ConcernQuery{.subtree_code = kHailian, .text = "装修"};
  EXPECT_THAT(Ids(q), ElementsAre(c, a));
  q = ConcernQuery{.subtree_code = kHailian, .text = "%"};  // no wildcards
  EXPECT_THAT(Ids(q), ElementsAre());
}

TEST_F(ConcernsStoreTest, FactsOfASubtreeAndPeriod) {
  const int64_t t = 1'750'000'000;
  ConcernRow rated = Concern(kHailian, t + 50);
  rated.state = "rated";
  rated.responded_at = t + 60;
  rated.resolved_at = t + 70;
  rated.rating = "satisfied";
  Insert(rated);
  Insert(Concern(kHailian, t));
  Insert(Concern(kXinghua, t + 1));
  Insert(Concern(kHailian, t + 1000));  // after the period
  std::vector<std::string> seen;
  ASSERT_OK(store_->Read([&](Reader& r) {
    return ScanConcernFacts(r, kHailian, t, t + 1000, [&](const ConcernFact& f) {
      seen.push_back(std::to_string(f.received_at - t) + ":" + std::string(f.rating));
      return OkStatus();
    });
  }));
  EXPECT_THAT(seen, ::testing::UnorderedElementsAre("0:", "50:satisfied"));
}

TEST_F(ConcernsStoreTest, ApiKeysByHashWithinAScopeAndRevoked) {
  ApiKeyRow k;
  k.key_hash = std::string(32, '\x01');
  k.prefix = "ak_1234";
  k.unit_code = kHailian;
  k.label = "街道 app";
  k.created_at = 1'750'000'000;
  k.created_by = "admin";
  int64_t id = 0;
  ASSERT_OK(store_->Write([&](Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(id, InsertApiKey(w, k));
    return OkStatus();
  }));
  EXPECT_THAT(store_->Write([&](Writer& w) { return InsertApiKey(w, k).status(); }),
              StatusIs(StatusCode::kAlreadyExists));
  ASSERT_OK(store_->Write([&](Writer& w) { return RevokeApiKey(w, id, 1'750'000'500); }));
  EXPECT_THAT(store_->Write([&](Writer& w) { return RevokeApiKey(w, id + 1, 0); }),
              StatusIs(StatusCode::kNotFound));
  ASSERT_OK(store_->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<ApiKeyRow> found, FindApiKey(r, k.key_hash));
    EXPECT_TRUE(found.has_value());
    EXPECT_EQ(found->revoked_at, 1'750'000'500);
    ALLEY_ASSIGN_OR_RETURN(std::optional<ApiKeyRow> none, FindApiKey(r, std::string(32, '\x02')));
    EXPECT_FALSE(none.has_value());
    ALLEY_ASSIGN_OR_RETURN(std::vector<ApiKeyRow> mine, ListApiKeys(r, kHailian));
    EXPECT_EQ(mine.size(), 1u);
    ALLEY_ASSIGN_OR_RETURN(std::vector<ApiKeyRow> theirs, ListApiKeys(r, kXinghua));
    EXPECT_TRUE(theirs.empty());
    return OkStatus();
  }));
}

TEST_F(ConcernsStoreTest, AReadCannotWriteThroughTheRunner) {
  Insert(Concern(kHailian, 1'750'000'000));
  EXPECT_THAT(store_->Read([&](Reader& r) {
    return sql::RunnerOf(r).Exec("DELETE FROM concern", {}).status();
  }),
              StatusIs(StatusCode::kInternal, HasSubstr("outside a write")));
  EXPECT_THAT(store_->Read([&](Reader& r) {
    return sql::RunnerOf(r).Query("DELETE FROM concern RETURNING id", {},
                                  [](const sql::Row&) { return OkStatus(); });
  }),
              StatusIs(StatusCode::kInternal, HasSubstr("outside a write")));
  int64_t total = 0;
  Ids(ConcernQuery{.subtree_code = kHailian}, &total);
  EXPECT_EQ(total, 1);
}

}  // namespace
}  // namespace alley::store
