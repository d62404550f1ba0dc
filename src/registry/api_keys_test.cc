#include "registry/api_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/status_matchers.h"
#include "registry/test_util.h"
#include "registry/units.h"

namespace alley::registry {
namespace {

using ::alley::testing::StatusIs;
using store::Timestamp;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const Timestamp kT0 = std::chrono::sys_days(std::chrono::year(2026) / 7 / 1);
const audit::Actor kAdmin = {"cli:test", "", ""};
constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";

class ApiKeysTest : public testing::TempStoreTest {
 protected:
  void SetUp() override {
    TempStoreTest::SetUp();
    ASSERT_OK(ImportDivisions(*store_, WriteDivisions()).status());
  }
};

TEST_F(ApiKeysTest, AnIssuedKeyAuthenticatesAsItsUnitUntilRevoked) {
  ASSERT_OK_AND_ASSIGN(IssuedApiKey k, IssueApiKey(*store_, kHailian, "街道小程序", kAdmin, kT0));
  EXPECT_THAT(k.key, StartsWith("ak_"));
  EXPECT_EQ(k.key.size(), 46u);
  EXPECT_EQ(k.prefix, k.key.substr(0, 9));
  ASSERT_OK_AND_ASSIGN(ApiClient client, AuthenticateApiKey(*store_, k.key));
  EXPECT_EQ(client.unit_code, kHailian);
  EXPECT_EQ(client.label, "街道小程序");
  EXPECT_EQ(ActorOf(client).username, "apikey:" + k.prefix);

  std::string wrong = k.key;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_THAT(AuthenticateApiKey(*store_, wrong),
              StatusIs(StatusCode::kUnauthenticated, "the API key is not valid"));
  EXPECT_THAT(AuthenticateApiKey(*store_, ""), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(AuthenticateApiKey(*store_, k.key.substr(3)), StatusIs(StatusCode::kUnauthenticated));

  // Someone of another community cannot revoke it; its own unit can.
  EXPECT_THAT(RevokeApiKey(*store_, k.id, kXinghua, kAdmin, kT0), StatusIs(StatusCode::kNotFound));
  ASSERT_OK(RevokeApiKey(*store_, k.id, kHailian, kAdmin, kT0 + std::chrono::hours(1)));
  EXPECT_THAT(AuthenticateApiKey(*store_, k.key),
              StatusIs(StatusCode::kUnauthenticated, "the API key is not valid"));
  ASSERT_OK_AND_ASSIGN(std::vector<ApiKeyInfo> keys, ListApiKeys(*store_, "32"));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].revoked_at, kT0 + std::chrono::hours(1));
  EXPECT_EQ(keys[0].created_by, "cli:test");

  ASSERT_OK_AND_ASSIGN(store::AuditPage page, audit::Query(*store_, audit::Filter{}));
  int created = 0;
  int revoked = 0;
  for (const store::AuditRow& row : page.items) {
    if (row.object != "api_key") continue;
    created += row.action == audit::kCreate ? 1 : 0;
    revoked += row.action == audit::kDelete ? 1 : 0;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(revoked, 1);
}

TEST_F(ApiKeysTest, BadUnitsAndLabelsAreRefusedAndNothingIsStored) {
  EXPECT_THAT(IssueApiKey(*store_, "320706006999", "x", kAdmin, kT0),
              StatusIs(StatusCode::kNotFound, HasSubstr("320706006999")));
  EXPECT_THAT(IssueApiKey(*store_, kHailian, "", kAdmin, kT0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("label")));
  EXPECT_THAT(IssueApiKey(*store_, kHailian, std::string(101, 'x'), kAdmin, kT0),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("at most 100")));
  ASSERT_OK_AND_ASSIGN(std::vector<ApiKeyInfo> keys, ListApiKeys(*store_, "0"));
  EXPECT_TRUE(keys.empty());
}

TEST_F(ApiKeysTest, TheDatabaseHoldsNoKeyInClear) {
  ASSERT_OK_AND_ASSIGN(IssuedApiKey k, IssueApiKey(*store_, kHailian, "app", kAdmin, kT0));
  store_.reset();
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in((dir_ / "test.db").string() + suffix, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_EQ(bytes.str().find(k.key.substr(3)), std::string::npos) << suffix;
  }
}

}  // namespace
}  // namespace alley::registry
