// Personal data at rest: the master key, the cipher for ID numbers and phone
// numbers, and the keyed blind index that finds a resident by ID number
// without decrypting the table (China's Personal Information Protection Law;
// docs/security.md).
//
//   ALLEY_ASSIGN_OR_RETURN(std::optional<FoundKey> found, FindKey("alley.db"));
//   PersonalDataCipher cipher(found->key);
//   std::string sealed = cipher.Encrypt("32070619500301001X", kIdNumberColumn);
//   ALLEY_ASSIGN_OR_RETURN(std::string clear, cipher.Decrypt(sealed, kIdNumberColumn));
//   std::string index = cipher.BlindIndex(NormaliseIdNumber(id));  // equality lookups
//
// Cryptography (libsodium): one 32-byte master key; crypto_kdf derives a
// subkey per purpose (encryption, blind index, key check, audit chain) so that none of
// them reveals another. Values are sealed with XChaCha20-Poly1305 (IETF
// AEAD), a fresh random 24-byte nonce per value stored in front of the
// ciphertext, and the column's name as associated data, so a ciphertext moved
// to another column does not decrypt. The blind index is BLAKE2b keyed with
// its own subkey (crypto_generichash), 32 bytes: stable for one key, useless
// without it.
//
// Where the key comes from (FindKey), in order: $ALLEY_KEY (64 hex
// characters), the file named by $ALLEY_KEY_FILE, else the file DB_PATH +
// ".key" beside the database. A key file holds the 64 hex characters and a
// newline, and must not be readable by group or others (mode 0600).
//
// Thread safety: a PersonalDataCipher is immutable after construction and may
// be shared between threads. Key material is wiped from memory on destruction.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace alley::store {

inline constexpr size_t kMasterKeyBytes = 32;
// The environment variables FindKey reads.
inline constexpr const char* kKeyEnv = "ALLEY_KEY";
inline constexpr const char* kKeyFileEnv = "ALLEY_KEY_FILE";
// The associated data of each encrypted column: its table and column name.
inline constexpr std::string_view kIdNumberColumn = "resident.id_number";
inline constexpr std::string_view kPhoneColumn = "resident_version.phone";

// The 32-byte master key. Copyable; each copy wipes itself when destroyed.
class MasterKey {
 public:
  // A new key from the operating system's random source.
  static MasterKey Generate();
  // From 64 hexadecimal characters (either case); surrounding whitespace is
  // ignored. kInvalidArgument otherwise (the message never repeats the input).
  static StatusOr<MasterKey> FromHex(std::string_view hex);

  MasterKey(const MasterKey& other) = default;
  MasterKey& operator=(const MasterKey& other) = default;
  ~MasterKey();

  // 64 lower-case hexadecimal characters.
  std::string ToHex() const;
  const std::array<unsigned char, kMasterKeyBytes>& bytes() const { return bytes_; }

 private:
  MasterKey() = default;
  std::array<unsigned char, kMasterKeyBytes> bytes_{};
};

// A key and where it was found ("$ALLEY_KEY", or the key file's path).
struct FoundKey {
  MasterKey key;
  std::string source;
};

// The key file that belongs beside the database at `db_path`: db_path + ".key".
std::string DefaultKeyFilePath(std::string_view db_path);

// Where a new key for `db_path` is to be written: $ALLEY_KEY_FILE when set,
// else DefaultKeyFilePath(db_path).
std::string KeyFilePathFor(std::string_view db_path);

// Finds the key for the database at `db_path` (order above). Returns nullopt
// when there is none yet: no $ALLEY_KEY, and no file at KeyFilePathFor(db_path).
// Errors: kInvalidArgument for a malformed $ALLEY_KEY or key file;
// kFailedPrecondition for a key file readable by group or others;
// kUnavailable when a file cannot be read.
StatusOr<std::optional<FoundKey>> FindKey(std::string_view db_path);

// Reads a key file (the rules of FindKey).
StatusOr<MasterKey> ReadKeyFile(const std::string& path);

// Creates `path` holding `key`, with mode 0600, refusing to overwrite:
// kAlreadyExists when the file exists, kUnavailable when it cannot be written.
Status WriteKeyFile(const std::string& path, const MasterKey& key);

// The canonical form of an ID number for the blind index: ASCII upper case
// (a trailing check character 'x' becomes 'X'), surrounding spaces dropped.
std::string NormaliseIdNumber(std::string_view id_number);

// Encrypts and decrypts personal data under subkeys of one master key.
class PersonalDataCipher {
 public:
  explicit PersonalDataCipher(const MasterKey& key);
  PersonalDataCipher(const PersonalDataCipher& other) = default;
  PersonalDataCipher& operator=(const PersonalDataCipher& other) = default;
  ~PersonalDataCipher();

  // nonce (24 bytes) || ciphertext || tag (16 bytes), bound to `column`.
  std::string Encrypt(std::string_view plaintext, std::string_view column) const;
  // The plaintext of an Encrypt result for the same `column`. kDataLoss when
  // it is truncated, was altered, belongs to another column or another key.
  StatusOr<std::string> Decrypt(std::string_view sealed, std::string_view column) const;
  // A 32-byte keyed hash of `value`, for equality lookups. The caller
  // normalises (NormaliseIdNumber).
  std::string BlindIndex(std::string_view value) const;
  // A value that identifies the key without revealing it (64 hex characters),
  // kept in the database's meta table so that a wrong key is refused on open.
  std::string KeyCheck() const;
  // The audit trail's link: a 32-byte BLAKE2b of `previous` (the hash of the
  // row before, 32 zero bytes for the first) and `payload` (the row's fields),
  // keyed with its own subkey, so that a row edited outside Alley cannot be
  // given a matching hash without the key.
  std::string ChainHash(std::string_view previous, std::string_view payload) const;

 private:
  static constexpr size_t kSubkeyBytes = 32;
  std::array<unsigned char, kSubkeyBytes> encryption_key_{};
  std::array<unsigned char, kSubkeyBytes> index_key_{};
  std::array<unsigned char, kSubkeyBytes> check_key_{};
  std::array<unsigned char, kSubkeyBytes> chain_key_{};
};

}  // namespace alley::store
