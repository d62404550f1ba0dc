// The API's own view of an HTTP exchange, independent of the server library:
// what a handler reads (HttpRequest) and what it answers (HttpResponse). The
// server adapter (server.h) converts to and from cpp-httplib; tests and the
// fuzz target build these structs directly and call Api::Handle.
//
//   HttpRequest req{.method = "GET", .path = "/api/v1/residents", .query = {{"unit", "3207"}}};
//   HttpResponse res = api.Handle(req);
//   res.status;  // 200
//
// One table maps Status codes to HTTP statuses and `{"code","message"}` bodies
// (docs/http.md): ErrorResponse.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace alley::api {

// Request headers are looked up case-insensitively: their names are stored
// lower-cased.
struct HttpRequest {
  std::string method;  // upper case: GET, POST, PATCH, DELETE, ...
  std::string path;    // decoded path, without the query string
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // lower-case names
  std::string body;
  std::string remote_addr;

  // The header's value, or nullopt. `name` in lower case.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The first value of a query parameter, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // Every value of a repeatable query parameter, in order.
  std::vector<std::string> QueryAll(std::string_view name) const;
  // The value of one cookie from the Cookie header, or nullopt.
  std::optional<std::string> Cookie(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void SetHeader(std::string name, std::string value);
  // Sets a JSON body (invalid UTF-8 is replaced, never thrown on).
  void SetJson(const nlohmann::json& doc);
};

// An answer of `status` with `doc` as its JSON body.
HttpResponse JsonResponse(const nlohmann::json& doc, int status = 200);
// One page of a list: {"items", "total", "page", "page_size"} (docs/http.md).
HttpResponse PageResponse(nlohmann::json items, int64_t total, int64_t page, int64_t page_size);

// The HTTP status and the body's "code" for `code` (docs/http.md, "Errors").
int HttpStatusOf(StatusCode code);
std::string_view ErrorCodeOf(StatusCode code);

// `{"code": ..., "message": ...}` with the status that fits `status` (not OK).
HttpResponse ErrorResponse(const Status& status);
// The same for the errors that have no Status code: 405, 413, 428.
HttpResponse ErrorResponse(int http_status, std::string_view code, std::string_view message);

// Parses a JSON request body that must be an object. Refuses (kInvalidArgument)
// an empty body, malformed JSON (with the byte offset), a document nested deeper
// than kMaxJsonDepth (so that hostile input cannot exhaust the stack), and any
// top-level value that is not an object.
inline constexpr int kMaxJsonDepth = 32;
StatusOr<nlohmann::json> ParseJsonObject(std::string_view body);

// The fields of an application/x-www-form-urlencoded body, in order:
// "a=1&b=x+y%21" → {("a", "1"), ("b", "x y!")}. kInvalidArgument for a
// broken %-escape, a field without a name, or more than kMaxFormFields.
inline constexpr size_t kMaxFormFields = 100;
StatusOr<std::vector<std::pair<std::string, std::string>>> ParseForm(std::string_view body);

}  // namespace alley::api
