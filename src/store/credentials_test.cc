#include "store/credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/status_matchers.h"

namespace alley::store {
namespace {

using ::testing::StartsWith;

TEST(CredentialsTest, PasswordHashVerifiesOnlyItsPassword) {
  ASSERT_OK_AND_ASSIGN(std::string hash, HashPassword("correct horse", PasswordCost::kMinimum));
  EXPECT_THAT(hash, StartsWith("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horsE"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse"));
  ASSERT_OK_AND_ASSIGN(std::string again, HashPassword("correct horse", PasswordCost::kMinimum));
  EXPECT_NE(hash, again);  // a fresh salt each time
}

TEST(CredentialsTest, InteractiveCostIsArgon2idWith64MiB) {
  ASSERT_OK_AND_ASSIGN(std::string hash, HashPassword("correct horse"));
  EXPECT_THAT(hash, StartsWith("$argon2id$v=19$m=65536,t=2,p=1$"));
  EXPECT_TRUE(VerifyPassword(hash, "correct horse"));
}

TEST(CredentialsTest, TokensAreRandomBase64Url) {
  std::string a = NewSessionToken();
  std::string b = NewSessionToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(HashSessionToken(a).size(), 32u);
  EXPECT_EQ(HashSessionToken(a), HashSessionToken(a));
  EXPECT_NE(HashSessionToken(a), HashSessionToken(b));
}

}  // namespace
}  // namespace alley::store
