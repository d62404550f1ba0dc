// API keys: how an existing app (an Open311 GeoReport v2 client, say a
// street's WeChat mini-program) files and follows residents' concerns
// without a user's session. A key belongs to a unit, which is the root of
// what it may see, exactly as a user's unit is; it reaches the Open311
// routes only, never the ledger.
//
//   ALLEY_ASSIGN_OR_RETURN(IssuedApiKey k,
//       IssueApiKey(store, "320706006010", "街道小程序", CliActor(), now));
//   std::cout << k.key;  // shown once: the store keeps only its hash
//   ALLEY_ASSIGN_OR_RETURN(ApiClient c, AuthenticateApiKey(store, k.key));
//
// Keys are "ak_" + 43 characters (32 random bytes, base64url); the store
// keeps their BLAKE2b-256 (store/credentials.h), so a copy of the database
// holds no key that works. Issuing and revoking are audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "registry/audit.h"
#include "store/store.h"

namespace alley::registry {

struct IssuedApiKey {
  int64_t id = 0;
  std::string key;     // in clear, this once
  std::string prefix;  // "ak_" and the first 6 characters: to tell keys apart
};

// A key for `unit_code`, labelled for people (who uses it). kNotFound for an
// unknown unit; kInvalidArgument for an empty or over-long label.
StatusOr<IssuedApiKey> IssueApiKey(store::Store& store, std::string_view unit_code,
                                   std::string_view label, const audit::Actor& by,
                                   store::Timestamp now);

// Who presents `key`. kUnauthenticated for a key that is unknown, malformed
// or revoked (the same message for each, so that a caller learns nothing).
struct ApiClient {
  int64_t key_id = 0;
  std::string prefix;
  std::string label;
  std::string unit_code;
};
StatusOr<ApiClient> AuthenticateApiKey(store::Store& store, std::string_view key);

// The client as the actor of an audit record: "apikey:ak_Ab12Cd".
audit::Actor ActorOf(const ApiClient& client);

struct ApiKeyInfo {
  int64_t id = 0;
  std::string prefix;
  std::string label;
  std::string unit_code;
  store::Timestamp created_at;
  std::string created_by;
  std::optional<store::Timestamp> revoked_at;
};
// The keys of `subtree_code` and below, oldest first.
StatusOr<std::vector<ApiKeyInfo>> ListApiKeys(store::Store& store, std::string_view subtree_code);

// Revokes key `id` at once (kNotFound if there is none; revoking twice keeps
// the first time). `within`: the revoker's unit; a key outside it is
// kNotFound too.
Status RevokeApiKey(store::Store& store, int64_t id, std::string_view within,
                    const audit::Actor& by, store::Timestamp now);

inline constexpr size_t kMaxApiKeyLabelLength = 100;

}  // namespace alley::registry
