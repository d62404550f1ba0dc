// Reading what a request says: path parameters, query parameters, JSON body
// fields, If-Match; and the unit scope rule. Every error names the parameter
// or field and the rule it breaks ("parameter page_size: must be 1..500",
// "field name: must be a string"), as docs/http.md promises.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "core/date.h"
#include "core/status.h"

namespace alley::api {

// The path parameter `name` as a positive id: kNotFound when it is not one
// (no object can have such an id).
StatusOr<int64_t> PathId(const Call& call, std::string_view name, std::string_view what);

// A query parameter as a date (YYYY-MM-DD), or `fallback` when absent.
StatusOr<core::Date> QueryDate(const Call& call, std::string_view name, core::Date fallback);
// A query parameter as an integer in [min, max], or `fallback` when absent.
StatusOr<int64_t> QueryInt(const Call& call, std::string_view name, int64_t fallback, int64_t min,
                           int64_t max);
// An instant: YYYY-MM-DDTHH:MM:SSZ, or a date YYYY-MM-DD meaning the start of
// that day in China Standard Time; nullopt when absent.
StatusOr<std::optional<store::Timestamp>> QueryInstant(const Call& call, std::string_view name);
// `t` to the second, as the store keeps times.
store::Timestamp Seconds(std::chrono::system_clock::time_point t);
// A query parameter's text, or nullopt when absent or empty.
std::optional<std::string> QueryText(const Call& call, std::string_view name);

// Body fields. Absent or null fields are nullopt; a field of the wrong type is
// kInvalidArgument "field NAME: must be a string".
StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                    std::string_view name);
StatusOr<std::string> RequiredString(const nlohmann::json& body, std::string_view name);
StatusOr<std::optional<int64_t>> OptionalInt(const nlohmann::json& body, std::string_view name);
StatusOr<std::optional<double>> OptionalNumber(const nlohmann::json& body, std::string_view name);
StatusOr<std::optional<std::vector<std::string>>> OptionalStrings(const nlohmann::json& body,
                                                                  std::string_view name);
// kInvalidArgument naming the first field of `body` that is not in `known`, so
// that a misspelt field is not silently ignored.
Status OnlyKnownFields(const nlohmann::json& body, std::initializer_list<std::string_view> known);

// The ETag of If-Match (quotes kept, as ETags are compared whole); kind
// "precondition_required" (428) when absent: the caller must say which
// version it changes.
std::optional<std::string> IfMatch(const Call& call);
HttpResponse PreconditionRequired();

// The unit a request names, checked against the principal's scope:
// kPermissionDenied when `unit_code` is outside it. (Objects outside the scope
// are reported as kNotFound by their handlers instead, so that ids cannot be
// probed.)
Status CheckUnitScope(const Call& call, std::string_view unit_code);
// Whether an object in `unit_code` is visible to the principal.
bool Visible(const Call& call, std::string_view unit_code);

// A strong ETag: "\"" + tag + "\"".
std::string ETag(std::string_view tag);

// The version an If-Match names for object `id` of `kind` ('r' resident, 'h'
// household, 'f' facility: ETags look like "r17v42"). kAborted for any other
// tag: it cannot be the current version.
StatusOr<int64_t> VersionFromETag(std::string_view etag, char kind, int64_t id);

// An audit record of `action` on the one object `id` of kind `object`.
Status AuditObject(const Call& call, std::string_view action, std::string_view object, int64_t id);

// Appends an audit record by the call's principal (registry/audit.h).
Status AuditAction(const Call& call, std::string_view action, std::string_view object,
                   std::string records, std::string reason, std::string detail);

}  // namespace alley::api
