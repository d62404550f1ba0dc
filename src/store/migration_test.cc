// The encrypted store: schema v2, the migration of a v1 database, and which
// key opens which database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/status_matchers.h"
#include "store/personal_data.h"
#include "store/store.h"

namespace alley::store {
namespace {

namespace fs = std::filesystem;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;

constexpr const char* kIdNumber = "32070619500301001X";
constexpr const char* kPhone = "13812345678";

class EncryptedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("alley_migration_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
    ::unsetenv(kKeyEnv);
    ::unsetenv(kKeyFileEnv);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `sql` on the file directly, as another program (or an attacker) would.
  void RawExec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  // Every byte of the database and its WAL, as a string to search.
  std::string FileBytes() const {
    std::string all;
    for (const char* suffix : {"", "-wal", "-journal"}) {
      std::ifstream in(path_ + suffix, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }

  // A schema-1 database, as Alley 0.1 left it: ID numbers and phones in clear.
  void MakeV1Database() {
    RawExec(std::string(SqliteMigrations().front().sql) + R"sql(
      PRAGMA application_id = 1097622905; PRAGMA user_version = 1;
      INSERT INTO unit (code, parent_code, level, name, source) VALUES
        ('0', NULL, 0, 'nation', 'test'), ('32', '0', 1, '江苏省', 'test'),
        ('320706006010', '32', 5, '海连社区居委会', 'test');
      INSERT INTO household (id, community_code, number, unit_code) VALUES
        (7, '320706006010', '0001', '320706006010');
      INSERT INTO facility (unit_code, type, name) VALUES ('320706006010', 'senior_canteen', '食堂');
      INSERT INTO resident (id, id_number, sex, birth_date) VALUES
        (1, '32070619500301001X', 'male', '1950-03-01'),
        (2, '320706195503020021', 'female', '1955-03-02');
      INSERT INTO resident_version (resident_id, valid_from, change, status, name, phone,
          community_code, unit_code, household_id, relation, registration, employment, insurance)
        VALUES
        (1, '2025-01-01', 'register', 'active', '张三', '13812345678', '320706006010',
         '320706006010', 7, 'head', 'registered', 'retired', 'resident'),
        (2, '2025-01-01', 'register', 'active', '李四', '', '320706006010', '320706006010', 7,
         'spouse', 'registered', 'retired', 'resident');
    )sql");
  }

  static ResidentIdentity Identity(std::string id_number) {
    ResidentIdentity who;
    who.id_number = std::move(id_number);
    who.sex = "male";
    who.birth_date = *core::Date::FromYmd(1950, 3, 1);
    return who;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(EncryptedStoreTest, V1DatabaseIsMigratedEncryptedAndPlaintextIsGone) {
  MakeV1Database();
  ASSERT_THAT(FileBytes(), HasSubstr(kIdNumber));  // the test can see plaintext when it is there
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
    EXPECT_EQ(store->SchemaVersion(), SqliteMigrations().back().version);
    ASSERT_OK(store->Read([](Reader& r) -> Status {
      ALLEY_ASSIGN_OR_RETURN(std::optional<ResidentIdentity> who,
                             r.FindResidentByIdNumber("32070619500301001x"));
      EXPECT_TRUE(who.has_value());
      if (!who) return OkStatus();
      EXPECT_EQ(who->id, 1);
      EXPECT_EQ(who->id_number, kIdNumber);
      EXPECT_EQ(who->id_number_masked, "320706********001X");
      ALLEY_ASSIGN_OR_RETURN(std::vector<ResidentVersion> history, r.ResidentHistory(1));
      EXPECT_EQ(history.size(), 1u);
      if (!history.empty()) {
        EXPECT_EQ(history[0].phone, kPhone);
        EXPECT_EQ(history[0].phone_masked, "138****5678");
        EXPECT_EQ(history[0].household_id, 7);
      }
      int n = 0;
      ResidentFilter all{"0", *core::Date::FromYmd(2025, 6, 1), false};
      ALLEY_RETURN_IF_ERROR(r.ScanResidents(all, [&](const ResidentRow& row) {
        ++n;
        if (row.identity.id == 2) {
          EXPECT_EQ(row.version.phone_masked, "");
        }
        return OkStatus();
      }));
      EXPECT_EQ(n, 2);
      ALLEY_ASSIGN_OR_RETURN(std::vector<FacilityRow> facilities, r.ListFacilities("32"));
      EXPECT_EQ(facilities.size(), 1u);
      if (!facilities.empty()) {
        EXPECT_EQ(facilities[0].version, 1);
        EXPECT_FALSE(facilities[0].closed_on.has_value());
      }
      ALLEY_ASSIGN_OR_RETURN(std::optional<HouseholdRow> household, r.HouseholdById(7));
      EXPECT_TRUE(household.has_value() && household->version == 1 &&
                  !household->dissolved_on.has_value());
      return OkStatus();
    }));
  }
  std::string bytes = FileBytes();
  EXPECT_EQ(bytes.find(kIdNumber), std::string::npos);
  EXPECT_EQ(bytes.find("320706195503020021"), std::string::npos);
  EXPECT_EQ(bytes.find(kPhone), std::string::npos);
  // The migration made the key file (the database had no key before).
  struct stat st {};
  ASSERT_EQ(::stat((path_ + ".key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(EncryptedStoreTest, NewDatabaseKeepsNoPlaintext) {
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
    ASSERT_OK(store->Write([&](Writer& w) -> Status {
      UnitRow nation;
      nation.code = "0";
      nation.name = "nation";
      nation.source = "test";
      ALLEY_RETURN_IF_ERROR(w.UpsertUnits({nation}));
      ALLEY_ASSIGN_OR_RETURN(int64_t id, w.InsertResident(Identity(kIdNumber)));
      ResidentVersion v;
      v.resident_id = id;
      v.valid_from = *core::Date::FromYmd(2025, 1, 1);
      v.change = "register";
      v.status = "active";
      v.name = "张三";
      v.phone = kPhone;
      v.community_code = v.unit_code = "0";
      v.registration = "registered";
      v.employment = v.insurance = "none";
      return w.AddResidentVersion(v);
    }));
    ASSERT_OK(store->Read([](Reader& r) -> Status {
      ResidentFilter masked{"0", *core::Date::FromYmd(2025, 6, 1), false};
      masked.decrypt = false;
      int n = 0;
      ALLEY_RETURN_IF_ERROR(r.ScanResidents(masked, [&](const ResidentRow& row) {
        ++n;
        EXPECT_EQ(row.identity.id_number, "");
        EXPECT_EQ(row.identity.id_number_masked, "320706********001X");
        EXPECT_EQ(row.version.phone, "");
        EXPECT_EQ(row.version.phone_masked, "138****5678");
        return OkStatus();
      }));
      EXPECT_EQ(n, 1);
      return OkStatus();
    }));
  }
  std::string bytes = FileBytes();
  EXPECT_EQ(bytes.find(kIdNumber), std::string::npos);
  EXPECT_EQ(bytes.find(kPhone), std::string::npos);
}

TEST_F(EncryptedStoreTest, DuplicateIdNumberFoundThroughTheBlindIndex) {
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
  Status s = store->Write([](Writer& w) -> Status {
    ALLEY_RETURN_IF_ERROR(w.InsertResident(Identity("11010519491231002X")).status());
    return w.InsertResident(Identity("11010519491231002x")).status();
  });
  EXPECT_THAT(s, StatusIs(StatusCode::kAlreadyExists));
}

TEST_F(EncryptedStoreTest, WrongKeyIsRefused) {
  StoreOptions a;
  a.key = MasterKey::Generate();
  { ASSERT_OK(OpenStore(path_, a).status()); }
  StoreOptions b;
  b.key = MasterKey::Generate();
  EXPECT_THAT(OpenStore(path_, b),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("another key")));
  EXPECT_OK(OpenStore(path_, a).status());
  EXPECT_FALSE(fs::exists(path_ + ".key"));  // an explicit key writes no file
}

TEST_F(EncryptedStoreTest, EncryptedDatabaseWithoutItsKeyIsRefused) {
  {
    ASSERT_OK_AND_ASSIGN(std::unique_ptr<Store> store, OpenStore(path_));
    ASSERT_OK(
        store->Write([](Writer& w) { return w.InsertResident(Identity(kIdNumber)).status(); }));
  }
  fs::remove(path_ + ".key");
  EXPECT_THAT(OpenStore(path_), StatusIs(StatusCode::kFailedPrecondition,
                                         HasSubstr("no key was found: restore its key file")));
  EXPECT_FALSE(fs::exists(path_ + ".key"));  // no new key replaces the lost one
}

TEST_F(EncryptedStoreTest, KeyFileWithLooseModeIsRefused) {
  { ASSERT_OK(OpenStore(path_).status()); }
  fs::permissions(path_ + ".key", fs::perms::group_read, fs::perm_options::add);
  EXPECT_THAT(OpenStore(path_), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("mode 0640")));
}

TEST_F(EncryptedStoreTest, KeyFromTheEnvironment) {
  MasterKey key = MasterKey::Generate();
  ::setenv(kKeyEnv, key.ToHex().c_str(), 1);
  { ASSERT_OK(OpenStore(path_).status()); }
  EXPECT_FALSE(fs::exists(path_ + ".key"));
  ::unsetenv(kKeyEnv);
  StoreOptions explicit_key;
  explicit_key.key = key;
  EXPECT_OK(OpenStore(path_, explicit_key).status());
}

TEST_F(EncryptedStoreTest, NoKeyFileIsCreatedWhenAskedNotTo) {
  StoreOptions options;
  options.create_key_file = false;
  EXPECT_THAT(OpenStore(path_, options),
              StatusIs(StatusCode::kFailedPrecondition, HasSubstr("alley init")));
}

TEST_F(EncryptedStoreTest, ForeignDatabaseGetsNoKeyFile) {
  RawExec("CREATE TABLE t (a)");
  EXPECT_THAT(OpenStore(path_), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("not Alley")));
  EXPECT_FALSE(fs::exists(path_ + ".key"));
}

}  // namespace
}  // namespace alley::store
