#include "registry/api_keys.h"

#include <utility>

#include "core/division.h"
#include "store/concerns_store.h"
#include "store/credentials.h"

namespace alley::registry {
namespace {

constexpr std::string_view kKeyPrefix = "ak_";
constexpr size_t kPrefixShown = 9;  // "ak_" and 6 characters

store::Timestamp FromSeconds(int64_t seconds) {
  return store::Timestamp(std::chrono::seconds(seconds));
}

int64_t Seconds(store::Timestamp t) { return t.time_since_epoch().count(); }

ApiKeyInfo InfoOf(const store::ApiKeyRow& row) {
  ApiKeyInfo info;
  info.id = row.id;
  info.prefix = row.prefix;
  info.label = row.label;
  info.unit_code = row.unit_code;
  info.created_at = FromSeconds(row.created_at);
  info.created_by = row.created_by;
  if (row.revoked_at) info.revoked_at = FromSeconds(*row.revoked_at);
  return info;
}

}  // namespace

StatusOr<IssuedApiKey> IssueApiKey(store::Store& store, std::string_view unit_code,
                                   std::string_view label, const audit::Actor& by,
                                   store::Timestamp now) {
  if (label.empty()) return InvalidArgumentError("label: say who uses the key");
  if (label.size() > kMaxApiKeyLabelLength) {
    return InvalidArgumentError("label: at most " + std::to_string(kMaxApiKeyLabelLength) +
                                " bytes");
  }
  IssuedApiKey issued;
  issued.key = std::string(kKeyPrefix) + store::NewSessionToken();
  issued.prefix = issued.key.substr(0, kPrefixShown);
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::optional<store::UnitRow> unit, w.FindUnit(unit_code));
    if (!unit) return NotFoundError("unit " + std::string(unit_code) + " does not exist");
    store::ApiKeyRow row;
    row.key_hash = store::HashSessionToken(issued.key);
    row.prefix = issued.prefix;
    row.unit_code = std::string(unit_code);
    row.label = std::string(label);
    row.created_at = Seconds(now);
    row.created_by = by.username;
    ALLEY_ASSIGN_OR_RETURN(issued.id, store::InsertApiKey(w, row));
    audit::AuditRecord a = audit::RecordBy(by, audit::kCreate);
    a.object = "api_key";
    const int64_t ids[] = {issued.id};
    a.records = audit::RecordIds(ids);
    a.detail = "unit=" + std::string(unit_code) + " prefix=" + issued.prefix;
    return audit::Append(w, a, now).status();
  }));
  return issued;
}

StatusOr<ApiClient> AuthenticateApiKey(store::Store& store, std::string_view key) {
  const Status refused = UnauthenticatedError("the API key is not valid");
  if (!key.starts_with(kKeyPrefix) || key.size() > 100) return refused;
  std::optional<store::ApiKeyRow> row;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(row, store::FindApiKey(r, store::HashSessionToken(key)));
    return OkStatus();
  }));
  if (!row || row->revoked_at) return refused;
  return ApiClient{row->id, row->prefix, row->label, row->unit_code};
}

audit::Actor ActorOf(const ApiClient& client) {
  return {"apikey:" + client.prefix, "api_key", client.unit_code};
}

StatusOr<std::vector<ApiKeyInfo>> ListApiKeys(store::Store& store, std::string_view subtree_code) {
  std::vector<ApiKeyInfo> keys;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ApiKeyRow> rows, store::ListApiKeys(r, subtree_code));
    for (const store::ApiKeyRow& row : rows) keys.push_back(InfoOf(row));
    return OkStatus();
  }));
  return keys;
}

Status RevokeApiKey(store::Store& store, int64_t id, std::string_view within,
                    const audit::Actor& by, store::Timestamp now) {
  return store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(std::vector<store::ApiKeyRow> rows, store::ListApiKeys(w, within));
    bool found = false;
    for (const store::ApiKeyRow& row : rows) found = found || row.id == id;
    if (!found) return NotFoundError("no API key " + std::to_string(id));
    ALLEY_RETURN_IF_ERROR(store::RevokeApiKey(w, id, Seconds(now)));
    audit::AuditRecord a = audit::RecordBy(by, audit::kDelete);
    a.object = "api_key";
    const int64_t ids[] = {id};
    a.records = audit::RecordIds(ids);
    return audit::Append(w, a, now).status();
  });
}

}  // namespace alley::registry
