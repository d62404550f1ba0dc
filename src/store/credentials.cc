#include "store/credentials.h"

#include <sodium.h>

#include <cstdint>

namespace alley::store {
namespace {

constexpr size_t kTokenBytes = 32;
constexpr size_t kTokenHashBytes = 32;

void EnsureSodium() {
  static const bool kReady = sodium_init() >= 0;
  ALLEY_CHECK(kReady, "libsodium cannot initialise (no random source)");
}

}  // namespace

StatusOr<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  EnsureSodium();
  uint64_t ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost == PasswordCost::kMinimum) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureSodium();
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(hash);  // crypto_pwhash_str_verify reads a C string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string NewSessionToken() {
  EnsureSodium();
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string token(sodium_base64_ENCODED_LEN(kTokenBytes, kVariant), '\0');
  sodium_bin2base64(token.data(), token.size(), bytes, sizeof bytes, kVariant);
  token.resize(token.find('\0'));
  sodium_memzero(bytes, sizeof bytes);
  return token;
}

std::string HashSessionToken(std::string_view token) {
  EnsureSodium();
  std::string out(kTokenHashBytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return out;
}

}  // namespace alley::store
