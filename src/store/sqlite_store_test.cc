#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/status_matchers.h"
#include "store/store.h"

namespace alley::store {
namespace {

namespace fs = std::filesystem;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("alley_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  static UnitRow Unit(std::string code, std::string parent, core::UnitLevel level,
                      std::string name) {
    UnitRow u;
    u.code = std::move(code);
    u.parent_code = std::move(parent);
    u.level = level;
    u.name = std::move(name);
    u.source = "test";
    return u;
  }

  static std::vector<UnitRow> SmallTree() {
    return {Unit("0", "", core::UnitLevel::kNation, "中华人民共和国"),
            Unit("32", "0", core::UnitLevel::kProvince, "江苏省"),
            Unit("3207", "32", core::UnitLevel::kCity, "连云港市"),
            Unit("320706", "3207", core::UnitLevel::kCounty, "海州区"),
            Unit("320706006", "320706", core::UnitLevel::kStreet, "新海街道"),
            Unit("320706006010", "320706006", core::UnitLevel::kCommunity, "海连社区居委会"),
            Unit("33", "0", core::UnitLevel::kProvince, "浙江省")};
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StoreTest, CreatesSchemaAtLatestVersion) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
  EXPECT_EQ(store->SchemaVersion(), SqliteMigrations().back().version);
}

TEST_F(StoreTest, UnitsRoundTripAndCountBySubtree) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
  ASSERT_OK(store->Write([](Writer& w) { return w.UpsertUnits(SmallTree()); }));
  ASSERT_OK(store->Read([](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitRow> all, r.LoadUnits());
    EXPECT_EQ(all.size(), 7u);
    ALLEY_ASSIGN_OR_RETURN(std::vector<int64_t> below, r.CountUnitsByLevel("32"));
    EXPECT_EQ(below[static_cast<size_t>(core::UnitLevel::kProvince)], 0);
    EXPECT_EQ(below[static_cast<size_t>(core::UnitLevel::kCommunity)], 1);
    ALLEY_ASSIGN_OR_RETURN(std::vector<int64_t> nation, r.CountUnitsByLevel("0"));
    EXPECT_EQ(nation[static_cast<size_t>(core::UnitLevel::kProvince)], 2);
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitRow> children, r.ChildUnits("0"));
    EXPECT_EQ(children.size(), 2u);
    ALLEY_ASSIGN_OR_RETURN(std::optional<UnitRow> missing, r.FindUnit("11"));
    EXPECT_FALSE(missing.has_value());
    return OkStatus();
  }));
}

TEST_F(StoreTest, FailedWriteLeavesNothing) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
  Status s = store->Write([](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(w.UpsertUnits(SmallTree()));
    return InvalidArgumentError("stop half-way");
  });
  EXPECT_THAT(s, StatusIs(StatusCode::kInvalidArgument, HasSubstr("half-way")));
  ASSERT_OK(store->Read([](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitRow> all, r.LoadUnits());
    EXPECT_TRUE(all.empty());
    return OkStatus();
  }));
}

// The stores of one file (however its name is spelled) write in turns through
// one connection of their own; each reads its own writes at once and the
// others' after they commit, whichever store opened the file first and
// whichever is closed in between.
TEST_F(StoreTest, StoresOfOneFileWriteInTurnsAndReadEachOthersWrites) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> first, OpenStore(path_));
  ASSERT_OK(first->Write([](Writer& w) { return w.UpsertUnits(SmallTree()); }));
  std::vector<std::unique_ptr<Store>> stores;
  for (const std::string& name : {path_, (dir_ / "." / "test.db").string(), path_}) {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(name));
    stores.push_back(std::move(store));
  }
  first.reset();
  constexpr int kPerStore = 20;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < stores.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerStore; ++k) {
        const std::string code =
            "320706006" + std::to_string(100 + static_cast<int>(t) * kPerStore + k);
        EXPECT_OK(stores[t]->Write([&](Writer& w) {
          return w.UpsertUnits(
              {Unit(code, "320706006", core::UnitLevel::kCommunity, "社区" + code)});
        }));
        EXPECT_OK(stores[t]->Read([&](Reader& r) -> Status {
          ALLEY_ASSIGN_OR_RETURN(std::optional<UnitRow> mine, r.FindUnit(code));
          EXPECT_TRUE(mine.has_value()) << code;
          return OkStatus();
        }));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const size_t expected = SmallTree().size() + stores.size() * kPerStore;
  for (const std::unique_ptr<Store>& store : stores) {
    ASSERT_OK(store->Read([&](Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(std::vector<UnitRow> all, r.LoadUnits());
      EXPECT_EQ(all.size(), expected);
      return OkStatus();
    }));
  }
  stores.clear();
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> again, OpenStore(path_));
  ASSERT_OK(again->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitRow> all, r.LoadUnits());
    EXPECT_EQ(all.size(), expected);
    return OkStatus();
  }));
}

TEST_F(StoreTest, UnknownParentIsRefused) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
  Status s = store->Write([](Writer& w) {
    return w.UpsertUnits({Unit("3207", "32", core::UnitLevel::kCity, "连云港市")});
  });
  EXPECT_THAT(s, StatusIs(StatusCode::kFailedPrecondition, HasSubstr("unit 3207")));
}

TEST_F(StoreTest, ResidentHistoryAnswersForAnyDate) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
  const core::Date jan = *core::Date::FromYmd(2025, 1, 1);
  const core::Date jun = *core::Date::FromYmd(2025, 6, 1);
  int64_t id = 0;
  ASSERT_OK(store->Write([&](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(w.UpsertUnits(SmallTree()));
    ResidentIdentity who;
    who.id_number = "11010519491231002X";
    who.sex = "female";
    who.birth_date = *core::Date::FromYmd(1949, 12, 31);
    ALLEY_ASSIGN_OR_RETURN(id, w.InsertResident(who));
    ResidentVersion v;
    v.resident_id = id;
    v.valid_from = jan;
    v.change = "register";
    v.status = "active";
    v.name = "张三";
    v.community_code = "320706006010";
    v.unit_code = "320706006010";
    v.registration = "registered";
    v.employment = "retired";
    v.insurance = "resident";
    ALLEY_RETURN_IF_ERROR(w.AddResidentVersion(v));
    v.valid_from = jun;
    v.change = "death";
    v.status = "deceased";
    return w.AddResidentVersion(v);
  }));
  auto count_on = [&](core::Date d) {
    int n = 0;
    EXPECT_OK(store->Read([&](Reader& r) {
      return r.ScanResidents({"32", d, false}, [&](const ResidentRow&) {
        ++n;
        return OkStatus();
      });
    }));
    return n;
  };
  EXPECT_EQ(count_on(jan.AddDays(-1)), 0);
  EXPECT_EQ(count_on(jan), 1);
  EXPECT_EQ(count_on(jun.AddDays(-1)), 1);
  EXPECT_EQ(count_on(jun), 0);
  EXPECT_EQ(count_on(jun.AddDays(100)), 0);
  ASSERT_OK(store->Read([&](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<ResidentVersion> history, r.ResidentHistory(id));
    EXPECT_EQ(history.size(), 2u);
    ALLEY_ASSIGN_OR_RETURN(std::optional<ResidentVersion> v, r.ResidentVersionOn(id, jun));
    EXPECT_TRUE(v.has_value() && v->status == "deceased");
    return OkStatus();
  }));
  // History is appended in date order: a change before the latest is refused.
  Status early = store->Write([&](Writer& w) {
    ResidentVersion v;
    v.resident_id = id;
    v.valid_from = jan.AddDays(10);
    v.change = "update";
    v.status = "active";
    v.name = "张三";
    v.community_code = v.unit_code = "320706006010";
    v.registration = "registered";
    v.employment = v.insurance = "none";
    return w.AddResidentVersion(v);
  });
  EXPECT_THAT(early, StatusIs(StatusCode::kFailedPrecondition, HasSubstr("2025-06-01")));
}

TEST_F(StoreTest, DuplicateIdNumberIsAlreadyExists) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
  Status s = store->Write([](Writer& w) -> Status {
    ResidentIdentity who;
    who.id_number = "11010519491231002X";
    who.sex = "female";
    who.birth_date = *core::Date::FromYmd(1949, 12, 31);
    ALLEY_RETURN_IF_ERROR(w.InsertResident(who).status());
    return w.InsertResident(who).status();
  });
  EXPECT_THAT(s, StatusIs(StatusCode::kAlreadyExists));
}

TEST_F(StoreTest, OldDatabaseIsUpgraded) {
  std::vector<Migration> v1 = {SqliteMigrations().front()};
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path_, v1));
    EXPECT_EQ(store->SchemaVersion(), 1);
    ASSERT_OK(store->Write([](Writer& w) { return w.UpsertUnits(SmallTree()); }));
  }
  std::vector<Migration> v2 = v1;
  v2.push_back({2, "test: a note per unit", "ALTER TABLE unit ADD COLUMN test_note TEXT;"});
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenSqliteStore(path_, v2));
  EXPECT_EQ(store->SchemaVersion(), 2);
  ASSERT_OK(store->Read([](Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitRow> all, r.LoadUnits());
    EXPECT_EQ(all.size(), 7u);  // the data survived the upgrade
    return OkStatus();
  }));
}

TEST_F(StoreTest, FailedMigrationKeepsTheOldVersion) {
  std::vector<Migration> bad = {SqliteMigrations().front(),
                                {2, "broken", "CREATE TABLE x (a); CREATE TABLE x (b);"}};
  EXPECT_THAT(OpenSqliteStore(path_, bad),
              StatusIs(StatusCode::kInternal, HasSubstr("migration 2 (broken)")));
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store,
                       OpenSqliteStore(path_, {SqliteMigrations().front()}));
  EXPECT_EQ(store->SchemaVersion(), 1);
}

TEST_F(StoreTest, NewerDatabaseIsRefused) {
  { ASSERT_OK(OpenStore(path_).status()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_THAT(OpenStore(path_),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("schema version 99, newer")));
}

TEST_F(StoreTest, ForeignSqliteDatabaseIsRefused) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (a)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_THAT(OpenStore(path_), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not Alley")));
}

TEST_F(StoreTest, GarbageFileIsDataLoss) {
  std::ofstream(path_) << std::string(8192, 'z');
  EXPECT_THAT(OpenStore(path_), StatusIs(StatusCode::kDataLoss));
}

TEST_F(StoreTest, PostgresIsNotYetAvailable) {
  EXPECT_THAT(OpenStore("postgresql://localhost/alley"), StatusIs(StatusCode::kUnavailable));
}

}  // namespace
}  // namespace alley::store
