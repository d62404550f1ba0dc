#include "store/personal_data.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/status_matchers.h"

namespace alley::store {
namespace {

namespace fs = std::filesystem;
using ::alley::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

MasterKey TestKey() { return *MasterKey::FromHex(kHex); }

TEST(MasterKeyTest, HexRoundTrip) {
  ASSERT_OK_AND_ASSIGN(MasterKey key, MasterKey::FromHex(std::string(" ") + kHex + "\n"));
  EXPECT_EQ(key.ToHex(), kHex);
  EXPECT_EQ(key.bytes()[1], 1);
}

TEST(MasterKeyTest, MalformedHexIsRefused) {
  EXPECT_THAT(MasterKey::FromHex("abcd"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("64 hexadecimal")));
  std::string bad(kHex);
  bad[10] = 'g';
  EXPECT_THAT(MasterKey::FromHex(bad), StatusIs(StatusCode::kInvalidArgument));
}

TEST(MasterKeyTest, GeneratedKeysDiffer) {
  EXPECT_NE(MasterKey::Generate().ToHex(), MasterKey::Generate().ToHex());
}

TEST(PersonalDataCipherTest, RoundTrip) {
  PersonalDataCipher cipher(TestKey());
  std::string sealed = cipher.Encrypt("32070619500301001X", kIdNumberColumn);
  EXPECT_THAT(sealed, Not(HasSubstr("32070619500301001X")));
  EXPECT_EQ(sealed.size(), 24u + 18u + 16u);  // nonce, text, tag
  ASSERT_OK_AND_ASSIGN(std::string clear, cipher.Decrypt(sealed, kIdNumberColumn));
  EXPECT_EQ(clear, "32070619500301001X");
  // A fresh nonce each time: equal numbers do not give equal ciphertexts.
  EXPECT_NE(cipher.Encrypt("32070619500301001X", kIdNumberColumn), sealed);
  ASSERT_OK_AND_ASSIGN(std::string empty,
                       cipher.Decrypt(cipher.Encrypt("", kPhoneColumn), kPhoneColumn));
  EXPECT_EQ(empty, "");
}

TEST(PersonalDataCipherTest, WrongKeyIsRefused) {
  std::string sealed = PersonalDataCipher(TestKey()).Encrypt("13812345678", kPhoneColumn);
  PersonalDataCipher other(MasterKey::Generate());
  EXPECT_THAT(other.Decrypt(sealed, kPhoneColumn),
              StatusIs(StatusCode::kDataLoss, HasSubstr("another key")));
}

TEST(PersonalDataCipherTest, TamperedCiphertextIsRefused) {
  PersonalDataCipher cipher(TestKey());
  std::string sealed = cipher.Encrypt("13812345678", kPhoneColumn);
  for (size_t i : {size_t{0}, size_t{30}, sealed.size() - 1}) {
    std::string altered = sealed;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    EXPECT_THAT(cipher.Decrypt(altered, kPhoneColumn), StatusIs(StatusCode::kDataLoss))
        << "byte " << i;
  }
  EXPECT_THAT(cipher.Decrypt(sealed.substr(0, 20), kPhoneColumn),
              StatusIs(StatusCode::kDataLoss, HasSubstr("truncated")));
}

TEST(PersonalDataCipherTest, CiphertextIsBoundToItsColumn) {
  PersonalDataCipher cipher(TestKey());
  std::string sealed = cipher.Encrypt("13812345678", kPhoneColumn);
  EXPECT_THAT(cipher.Decrypt(sealed, kIdNumberColumn), StatusIs(StatusCode::kDataLoss));
}

TEST(PersonalDataCipherTest, BlindIndexIsStableAndKeyDependent) {
  PersonalDataCipher a(TestKey());
  PersonalDataCipher a_again(TestKey());
  PersonalDataCipher b(MasterKey::Generate());
  std::string id = NormaliseIdNumber("11010519491231002x");
  EXPECT_EQ(id, "11010519491231002X");
  EXPECT_EQ(a.BlindIndex(id).size(), 32u);
  EXPECT_EQ(a.BlindIndex(id), a_again.BlindIndex(id));
  EXPECT_NE(a.BlindIndex(id), b.BlindIndex(id));
  EXPECT_NE(a.BlindIndex(id), a.BlindIndex("110105194912310010"));
  EXPECT_THAT(a.BlindIndex(id), Not(HasSubstr("110105")));
}

TEST(PersonalDataCipherTest, KeyCheckIdentifiesTheKey) {
  EXPECT_EQ(PersonalDataCipher(TestKey()).KeyCheck(), PersonalDataCipher(TestKey()).KeyCheck());
  EXPECT_NE(PersonalDataCipher(TestKey()).KeyCheck(),
            PersonalDataCipher(MasterKey::Generate()).KeyCheck());
  EXPECT_THAT(PersonalDataCipher(TestKey()).KeyCheck(), Not(HasSubstr(kHex)));
}

TEST(PersonalDataCipherTest, ChainHashDependsOnBothParts) {
  PersonalDataCipher cipher(TestKey());
  std::string zero(32, '\0');
  std::string h = cipher.ChainHash(zero, "row 1");
  EXPECT_EQ(h.size(), 32u);
  EXPECT_EQ(h, cipher.ChainHash(zero, "row 1"));
  EXPECT_NE(h, cipher.ChainHash(zero, "row 2"));
  EXPECT_NE(h, cipher.ChainHash(std::string(32, '\1'), "row 1"));
  EXPECT_NE(h, PersonalDataCipher(MasterKey::Generate()).ChainHash(zero, "row 1"));
}

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("alley_key_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "a.db").string();
    ::unsetenv(kKeyEnv);
    ::unsetenv(kKeyFileEnv);
  }
  void TearDown() override {
    ::unsetenv(kKeyEnv);
    ::unsetenv(kKeyFileEnv);
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::string db_;
};

TEST_F(KeyFileTest, WrittenWithMode0600AndNeverOverwritten) {
  std::string path = DefaultKeyFilePath(db_);
  EXPECT_EQ(path, db_ + ".key");
  ASSERT_OK(WriteKeyFile(path, TestKey()));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(WriteKeyFile(path, MasterKey::Generate()), StatusIs(StatusCode::kAlreadyExists));
  ASSERT_OK_AND_ASSIGN(MasterKey read, ReadKeyFile(path));
  EXPECT_EQ(read.ToHex(), kHex);
}

TEST_F(KeyFileTest, LooseModeIsRefused) {
  std::string path = DefaultKeyFilePath(db_);
  ASSERT_OK(WriteKeyFile(path, TestKey()));
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read);
  EXPECT_THAT(ReadKeyFile(path), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("mode 0440")));
  EXPECT_THAT(FindKey(db_), StatusIs(StatusCode::kFailedPrecondition, HasSubstr("chmod 600")));
}

TEST_F(KeyFileTest, FindsInOrderEnvironmentFileBeside) {
  ASSERT_OK_AND_ASSIGN(std::optional<FoundKey> none, FindKey(db_));
  EXPECT_FALSE(none.has_value());
  ASSERT_OK(WriteKeyFile(DefaultKeyFilePath(db_), TestKey()));
  ASSERT_OK_AND_ASSIGN(std::optional<FoundKey> beside, FindKey(db_));
  ASSERT_TRUE(beside.has_value());
  EXPECT_EQ(beside->source, db_ + ".key");

  std::string other = (dir_ / "other.key").string();
  MasterKey other_key = MasterKey::Generate();
  ASSERT_OK(WriteKeyFile(other, other_key));
  ::setenv(kKeyFileEnv, other.c_str(), 1);
  EXPECT_EQ(KeyFilePathFor(db_), other);
  ASSERT_OK_AND_ASSIGN(std::optional<FoundKey> from_file, FindKey(db_));
  ASSERT_TRUE(from_file.has_value());
  EXPECT_EQ(from_file->key.ToHex(), other_key.ToHex());

  MasterKey env_key = MasterKey::Generate();
  ::setenv(kKeyEnv, env_key.ToHex().c_str(), 1);
  ASSERT_OK_AND_ASSIGN(std::optional<FoundKey> from_env, FindKey(db_));
  ASSERT_TRUE(from_env.has_value());
  EXPECT_EQ(from_env->key.ToHex(), env_key.ToHex());
  EXPECT_EQ(from_env->source, "$ALLEY_KEY");

  ::setenv(kKeyEnv, "not-a-key", 1);
  EXPECT_THAT(FindKey(db_), StatusIs(StatusCode::kInvalidArgument, HasSubstr("$ALLEY_KEY")));
}

TEST_F(KeyFileTest, MalformedKeyFileIsInvalid) {
  std::string path = DefaultKeyFilePath(db_);
  {
    std::ofstream out(path);
    out << "short\n";
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_THAT(ReadKeyFile(path), StatusIs(StatusCode::kInvalidArgument, HasSubstr(path)));
}

}  // namespace
}  // namespace alley::store
