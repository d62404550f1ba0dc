// Secrets that prove who a user is: password hashes and session tokens
// (libsodium). The rules about accounts are in registry/accounts.h; this is
// only the cryptography, kept in src/store beside personal_data.h.
//
//   ALLEY_ASSIGN_OR_RETURN(std::string hash, HashPassword("correct horse"));
//   bool ok = VerifyPassword(hash, attempt);
//   std::string token = NewSessionToken();        // give to the client, never store
//   std::string key = HashSessionToken(token);    // store and look up this
//
// Passwords: argon2id (crypto_pwhash_str_alg, ALG_ARGON2ID13) with libsodium's
// "interactive" limits, 2 passes over 64 MiB; the hash string carries its
// salt and parameters, so stronger limits later verify old hashes unchanged.
// Tokens: 32 random bytes, base64url without padding (43 characters); the
// store keeps their BLAKE2b-256, so a copy of the database holds no token
// that could be replayed.
//
// Thread safety: every function may be called from several threads at once.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace alley::store {

enum class PasswordCost {
  kInteractive,  // production: opslimit 2, memlimit 64 MiB (~0.1 s per hash)
  kMinimum,      // tests only: opslimit 1, memlimit 8 KiB, so that suites stay fast
};

// The argon2id hash string of `password` ("$argon2id$v=19$m=65536,t=2,p=1$...").
// kResourceExhausted when the memory for hashing cannot be had.
StatusOr<std::string> HashPassword(std::string_view password,
                                   PasswordCost cost = PasswordCost::kInteractive);

// True when `password` matches `hash` (a HashPassword result); false for a
// wrong password or a malformed hash. Takes as long as one hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// A fresh session token: 32 random bytes, base64url without padding.
std::string NewSessionToken();

// What the store keeps of a token: its 32-byte BLAKE2b hash.
std::string HashSessionToken(std::string_view token);

}  // namespace alley::store
