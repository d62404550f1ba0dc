#include "api/params.h"

#include <charconv>

#include "core/division.h"
#include "registry/accounts.h"
#include "registry/audit.h"

namespace alley::api {

namespace {

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// A value for an error message: short, without control characters.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  size_t n = 0;
  for (char c : text) {
    if (++n > 40) {
      out += "...";
      break;
    }
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  }
  return out + "\"";
}

std::string Field(std::string_view name) { return "field " + std::string(name); }

}  // namespace

StatusOr<int64_t> PathId(const Call& call, std::string_view name, std::string_view what) {
  auto it = call.params.find(std::string(name));
  std::optional<int64_t> id = it == call.params.end() ? std::nullopt : ParseInt(it->second);
  if (!id || *id <= 0) {
    return NotFoundError("no " + std::string(what) + " has the id " +
                         Quote(it == call.params.end() ? "" : it->second));
  }
  return *id;
}

StatusOr<core::Date> QueryDate(const Call& call, std::string_view name, core::Date fallback) {
  std::optional<std::string_view> text = call.req.Query(name);
  if (!text || text->empty()) return fallback;
  StatusOr<core::Date> date = core::Date::Parse(*text);
  if (!date.ok()) return date.status().WithContext("parameter " + std::string(name));
  return date;
}

StatusOr<int64_t> QueryInt(const Call& call, std::string_view name, int64_t fallback, int64_t min,
                           int64_t max) {
  std::optional<std::string_view> text = call.req.Query(name);
  if (!text || text->empty()) return fallback;
  std::optional<int64_t> value = ParseInt(*text);
  if (!value || *value < min || *value > max) {
    return InvalidArgumentError("parameter " + std::string(name) + ": " + Quote(*text) +
                                " must be a whole number " + std::to_string(min) + ".." +
                                std::to_string(max));
  }
  return *value;
}

store::Timestamp Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t);
}

StatusOr<std::optional<store::Timestamp>> QueryInstant(const Call& call, std::string_view name) {
  std::optional<std::string_view> text = call.req.Query(name);
  if (!text || text->empty()) return std::optional<store::Timestamp>();
  if (text->size() == 10) {
    StatusOr<core::Date> date = core::Date::Parse(*text);
    if (!date.ok()) return date.status().WithContext("parameter " + std::string(name));
    // Midnight in China Standard Time (UTC+8, no daylight saving since 1991).
    constexpr std::chrono::hours kChinaOffset{8};
    const std::chrono::sys_days day{std::chrono::days{date->days()}};
    return std::optional<store::Timestamp>(store::Timestamp(day) - kChinaOffset);
  }
  StatusOr<store::Timestamp> t = store::ParseTimestamp(*text);
  if (!t.ok()) return t.status().WithContext("parameter " + std::string(name));
  return std::optional<store::Timestamp>(*t);
}

std::optional<std::string> QueryText(const Call& call, std::string_view name) {
  std::optional<std::string_view> text = call.req.Query(name);
  if (!text || text->empty()) return std::nullopt;
  return std::string(*text);
}

StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                    std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return InvalidArgumentError(Field(name) + ": must be a string");
  return std::optional<std::string>(it->get<std::string>());
}

StatusOr<std::string> RequiredString(const nlohmann::json& body, std::string_view name) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(body, name));
  if (!value || value->empty()) return InvalidArgumentError(Field(name) + ": is required");
  return *value;
}

StatusOr<std::optional<int64_t>> OptionalInt(const nlohmann::json& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) {
    return InvalidArgumentError(Field(name) + ": must be a whole number");
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

StatusOr<std::optional<double>> OptionalNumber(const nlohmann::json& body, std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return InvalidArgumentError(Field(name) + ": must be a number");
  return std::optional<double>(it->get<double>());
}

StatusOr<std::optional<std::vector<std::string>>> OptionalStrings(const nlohmann::json& body,
                                                                  std::string_view name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<std::vector<std::string>>();
  if (!it->is_array()) return InvalidArgumentError(Field(name) + ": must be a list of strings");
  std::vector<std::string> values;
  for (const nlohmann::json& v : *it) {
    if (!v.is_string()) return InvalidArgumentError(Field(name) + ": must be a list of strings");
    values.push_back(v.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(values));
}

Status OnlyKnownFields(const nlohmann::json& body, std::initializer_list<std::string_view> known) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool found = false;
    for (std::string_view k : known) found = found || it.key() == k;
    if (!found) {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      return InvalidArgumentError("field " + Quote(it.key()) + ": unknown; known fields: " + list);
    }
  }
  return OkStatus();
}

std::optional<std::string> IfMatch(const Call& call) {
  std::optional<std::string_view> tag = call.req.Header("if-match");
  if (!tag || tag->empty()) return std::nullopt;
  return std::string(*tag);
}

HttpResponse PreconditionRequired() {
  return ErrorResponse(428, "precondition_required",
                       "this change needs the header If-Match: the ETag of the version you "
                       "changed (from GET)");
}

Status CheckUnitScope(const Call& call, std::string_view unit_code) {
  if (Visible(call, unit_code)) return OkStatus();
  return PermissionDeniedError("unit " + std::string(unit_code) + " is outside your scope (" +
                               call.principal->unit_code + ")");
}

bool Visible(const Call& call, std::string_view unit_code) {
  return call.principal && registry::InScope(*call.principal, unit_code);
}

std::string ETag(std::string_view tag) { return "\"" + std::string(tag) + "\""; }

Status AuditAction(const Call& call, std::string_view action, std::string_view object,
                   std::string records, std::string reason, std::string detail) {
  registry::audit::AuditRecord record =
      registry::audit::RecordBy(registry::ActorOf(*call.principal), action);
  record.object = std::string(object);
  record.records = std::move(records);
  record.reason = std::move(reason);
  record.detail = std::move(detail);
  if (call.audit != nullptr) return call.audit->Append(record, Seconds(call.now));
  return registry::audit::Append(call.store, record, Seconds(call.now)).status();
}

StatusOr<int64_t> VersionFromETag(std::string_view etag, char kind, int64_t id) {
  // "\"r17v42\"": kind, id, 'v', version.
  const std::string prefix = "\"" + std::string(1, kind) + std::to_string(id) + "v";
  if (etag.size() > prefix.size() + 1 && etag.substr(0, prefix.size()) == prefix &&
      etag.back() == '"') {
    std::string_view digits = etag.substr(prefix.size(), etag.size() - prefix.size() - 1);
    int64_t version = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec == std::errc() && ptr == digits.data() + digits.size()) return version;
  }
  return AbortedError("If-Match " + std::string(etag.substr(0, 40)) +
                      " is not the current version: reload and apply the change again");
}

Status AuditObject(const Call& call, std::string_view action, std::string_view object, int64_t id) {
  const int64_t ids[] = {id};
  return AuditAction(call, action, object, registry::audit::RecordIds(ids), "", "");
}

}  // namespace alley::api
