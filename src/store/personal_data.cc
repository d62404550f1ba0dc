#include "store/personal_data.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace alley::store {
namespace {

// crypto_kdf contexts are exactly 8 characters; each subkey has its own id.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES] = {'a', 'l', 'l', 'e', 'y', 'p', 'i', 'i'};
constexpr uint64_t kEncryptionSubkeyId = 1;
constexpr uint64_t kIndexSubkeyId = 2;
constexpr uint64_t kCheckSubkeyId = 3;
constexpr uint64_t kChainSubkeyId = 4;
// What the key check hashes: any fixed text will do, it only has to be stable.
constexpr std::string_view kKeyCheckMessage = "alley key check v1";
// A key file is 64 hex characters and a newline; anything much longer is not one.
constexpr size_t kMaxKeyFileBytes = 4096;
constexpr size_t kBlindIndexBytes = 32;

static_assert(kMasterKeyBytes == crypto_kdf_KEYBYTES);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; it fails only when the
  // system's random source is unusable, which no caller could recover from.
  static const bool kReady = sodium_init() >= 0;
  ALLEY_CHECK(kReady, "libsodium cannot initialise (no random source)");
}

std::string ErrnoText() { return std::strerror(errno); }

template <size_t N>
void Derive(std::array<unsigned char, N>& out, uint64_t id, const MasterKey& key) {
  int rc = crypto_kdf_derive_from_key(out.data(), out.size(), id, kKdfContext, key.bytes().data());
  ALLEY_CHECK(rc == 0, "crypto_kdf_derive_from_key: subkey size out of range");
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

MasterKey MasterKey::Generate() {
  EnsureSodium();
  MasterKey key;
  randombytes_buf(key.bytes_.data(), key.bytes_.size());
  return key;
}

StatusOr<MasterKey> MasterKey::FromHex(std::string_view hex) {
  EnsureSodium();
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.front())))
    hex.remove_prefix(1);
  while (!hex.empty() && std::isspace(static_cast<unsigned char>(hex.back()))) hex.remove_suffix(1);
  MasterKey key;
  size_t written = 0;
  const char* end = nullptr;
  if (hex.size() != 2 * kMasterKeyBytes ||
      sodium_hex2bin(key.bytes_.data(), key.bytes_.size(), hex.data(), hex.size(), nullptr,
                     &written, &end) != 0 ||
      written != kMasterKeyBytes || end != hex.data() + hex.size()) {
    return InvalidArgumentError("a key must be 64 hexadecimal characters (32 bytes), got " +
                                std::to_string(hex.size()) + " characters");
  }
  return key;
}

MasterKey::~MasterKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

std::string MasterKey::ToHex() const {
  std::string hex(2 * kMasterKeyBytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes_.data(), bytes_.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

std::string DefaultKeyFilePath(std::string_view db_path) { return std::string(db_path) + ".key"; }

std::string KeyFilePathFor(std::string_view db_path) {
  const char* file = std::getenv(kKeyFileEnv);
  if (file != nullptr && *file != '\0') return file;
  return DefaultKeyFilePath(db_path);
}

StatusOr<MasterKey> ReadKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFoundError("key file " + path + " does not exist");
    return UnavailableError("cannot open key file " + path + ": " + ErrnoText());
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    std::string error = ErrnoText();
    ::close(fd);
    return UnavailableError("cannot stat key file " + path + ": " + error);
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return FailedPreconditionError("key file " + path + " has mode " + mode +
                                   ": it must be readable by its owner only (chmod 600 " + path +
                                   ")");
  }
  std::string text(kMaxKeyFileBytes, '\0');
  ssize_t n = ::read(fd, text.data(), text.size());
  int read_errno = errno;
  ::close(fd);
  if (n < 0) {
    return UnavailableError("cannot read key file " + path + ": " + std::strerror(read_errno));
  }
  text.resize(static_cast<size_t>(n));
  StatusOr<MasterKey> key = MasterKey::FromHex(text);
  sodium_memzero(text.data(), text.size());
  if (!key.ok()) return key.status().WithContext("key file " + path);
  return key;
}

Status WriteKeyFile(const std::string& path, const MasterKey& key) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) {
      return AlreadyExistsError("key file " + path +
                                " already exists; it is not overwritten (moving it away loses "
                                "access to the personal data it protects)");
    }
    return UnavailableError("cannot create key file " + path + ": " + ErrnoText());
  }
  // The umask may only have narrowed the mode; make it exactly 0600.
  std::string text = key.ToHex() + "\n";
  bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  std::string error = ok ? "" : ErrnoText();
  sodium_memzero(text.data(), text.size());
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = ErrnoText();
  }
  if (!ok) {
    ::unlink(path.c_str());
    return UnavailableError("cannot write key file " + path + ": " + error);
  }
  return OkStatus();
}

StatusOr<std::optional<FoundKey>> FindKey(std::string_view db_path) {
  if (const char* hex = std::getenv(kKeyEnv); hex != nullptr && *hex != '\0') {
    StatusOr<MasterKey> key = MasterKey::FromHex(hex);
    if (!key.ok()) return key.status().WithContext(std::string("$") + kKeyEnv);
    return std::optional<FoundKey>(FoundKey{*key, std::string("$") + kKeyEnv});
  }
  if (const char* file = std::getenv(kKeyFileEnv); file != nullptr && *file != '\0') {
    // A file still to be created is no key yet: OpenStore creates it there
    // for a new database, and names it when refusing one that needs a key.
    StatusOr<MasterKey> key = ReadKeyFile(file);
    if (key.status().code() == StatusCode::kNotFound) return std::optional<FoundKey>();
    if (!key.ok()) return key.status();
    return std::optional<FoundKey>(FoundKey{*key, file});
  }
  std::string path = DefaultKeyFilePath(db_path);
  StatusOr<MasterKey> key = ReadKeyFile(path);
  if (key.status().code() == StatusCode::kNotFound) return std::optional<FoundKey>();
  if (!key.ok()) return key.status();
  return std::optional<FoundKey>(FoundKey{*key, path});
}

std::string NormaliseIdNumber(std::string_view id_number) {
  while (!id_number.empty() && id_number.front() == ' ') id_number.remove_prefix(1);
  while (!id_number.empty() && id_number.back() == ' ') id_number.remove_suffix(1);
  std::string out(id_number);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

PersonalDataCipher::PersonalDataCipher(const MasterKey& key) {
  EnsureSodium();
  Derive(encryption_key_, kEncryptionSubkeyId, key);
  Derive(index_key_, kIndexSubkeyId, key);
  Derive(check_key_, kCheckSubkeyId, key);
  Derive(chain_key_, kChainSubkeyId, key);
}

PersonalDataCipher::~PersonalDataCipher() {
  sodium_memzero(encryption_key_.data(), encryption_key_.size());
  sodium_memzero(index_key_.data(), index_key_.size());
  sodium_memzero(check_key_.data(), check_key_.size());
  sodium_memzero(chain_key_.data(), chain_key_.size());
}

std::string PersonalDataCipher::Encrypt(std::string_view plaintext, std::string_view column) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string sealed(kNonce + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, kNonce);
  unsigned long long written = 0;  // NOLINT(google-runtime-int): libsodium's type
  int rc = crypto_aead_xchacha20poly1305_ietf_encrypt(
      out + kNonce, &written, Bytes(plaintext), plaintext.size(), Bytes(column), column.size(),
      nullptr, out, encryption_key_.data());
  ALLEY_CHECK(rc == 0 && written == sealed.size() - kNonce, "XChaCha20-Poly1305 encryption");
  return sealed;
}

StatusOr<std::string> PersonalDataCipher::Decrypt(std::string_view sealed,
                                                  std::string_view column) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kNonce + kTag) {
    return DataLossError("encrypted " + std::string(column) + " is truncated (" +
                         std::to_string(sealed.size()) + " bytes)");
  }
  std::string plain(sealed.size() - kNonce - kTag, '\0');
  unsigned long long written = 0;  // NOLINT(google-runtime-int): libsodium's type
  int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, Bytes(sealed) + kNonce,
      sealed.size() - kNonce, Bytes(column), column.size(), Bytes(sealed), encryption_key_.data());
  if (rc != 0) {
    return DataLossError("encrypted " + std::string(column) +
                         " does not decrypt: altered, or sealed under another key");
  }
  plain.resize(written);
  return plain;
}

std::string PersonalDataCipher::BlindIndex(std::string_view value) const {
  std::string out(kBlindIndexBytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(), Bytes(value),
                     value.size(), index_key_.data(), index_key_.size());
  return out;
}

std::string PersonalDataCipher::KeyCheck() const {
  std::array<unsigned char, 32> mac{};
  crypto_generichash(mac.data(), mac.size(), Bytes(kKeyCheckMessage), kKeyCheckMessage.size(),
                     check_key_.data(), check_key_.size());
  std::string hex(2 * mac.size() + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  hex.pop_back();
  return hex;
}

std::string PersonalDataCipher::ChainHash(std::string_view previous,
                                          std::string_view payload) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, chain_key_.data(), chain_key_.size(), kBlindIndexBytes);
  crypto_generichash_update(&state, Bytes(previous), previous.size());
  crypto_generichash_update(&state, Bytes(payload), payload.size());
  std::string out(kBlindIndexBytes, '\0');
  crypto_generichash_final(&state, reinterpret_cast<unsigned char*>(out.data()), out.size());
  return out;
}

}  // namespace alley::store
