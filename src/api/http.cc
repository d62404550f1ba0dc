#include "api/http.h"

#include <cctype>

namespace alley::api {

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> HttpRequest::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::vector<std::string> HttpRequest::QueryAll(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : query) {
    if (key == name) values.push_back(value);
  }
  return values;
}

std::optional<std::string> HttpRequest::Cookie(std::string_view name) const {
  std::optional<std::string_view> header = Header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const size_t semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

void HttpResponse::SetHeader(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (key == name) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

void HttpResponse::SetJson(const nlohmann::json& doc) {
  content_type = "application/json; charset=utf-8";
  body = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpResponse JsonResponse(const nlohmann::json& doc, int status) {
  HttpResponse res;
  res.status = status;
  res.SetJson(doc);
  return res;
}

HttpResponse PageResponse(nlohmann::json items, int64_t total, int64_t page, int64_t page_size) {
  return JsonResponse(
      {{"items", std::move(items)}, {"total", total}, {"page", page}, {"page_size", page_size}});
}

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kAborted:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDataLoss:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view ErrorCodeOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kOutOfRange:
      return "out_of_range";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kDataLoss:
      return "data_loss";
    case StatusCode::kInternal:
      return "internal";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case StatusCode::kAborted:
      return "aborted";
  }
  return "internal";
}

HttpResponse ErrorResponse(const Status& status) {
  return ErrorResponse(HttpStatusOf(status.code()), ErrorCodeOf(status.code()), status.message());
}

HttpResponse ErrorResponse(int http_status, std::string_view code, std::string_view message) {
  HttpResponse res;
  res.status = http_status;
  res.SetJson({{"code", code}, {"message", message}});
  return res;
}

namespace {

// The deepest nesting of arrays and objects in `text`, not counting brackets
// inside strings; stops counting once `limit` is passed.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

StatusOr<nlohmann::json> ParseJsonObject(std::string_view body) {
  size_t first = 0;
  while (first < body.size() && std::isspace(static_cast<unsigned char>(body[first])) != 0) {
    ++first;
  }
  if (first == body.size())
    return InvalidArgumentError("body: expected a JSON object, got nothing");
  if (NestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth) {
    return InvalidArgumentError("body: JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                                " levels");
  }
  // The library reports a syntax error as an exception; it stops here.
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgumentError("body: malformed JSON at byte " + std::to_string(e.byte));
  }
  if (!doc.is_object()) return InvalidArgumentError("body: expected a JSON object");
  return doc;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

StatusOr<std::string> FormDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (i + 2 >= text.size() || hi < 0 || lo < 0) {
        return InvalidArgumentError("the form has a broken %-escape at byte " + std::to_string(i));
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

StatusOr<std::vector<std::pair<std::string, std::string>>> ParseForm(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> fields;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    if (fields.size() == kMaxFormFields) {
      return InvalidArgumentError("the form has more than " + std::to_string(kMaxFormFields) +
                                  " fields");
    }
    const size_t eq = pair.find('=');
    ALLEY_ASSIGN_OR_RETURN(std::string name, FormDecode(pair.substr(0, eq)));
    if (name.empty()) return InvalidArgumentError("the form has a field without a name");
    ALLEY_ASSIGN_OR_RETURN(
        std::string value,
        FormDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1)));
    fields.emplace_back(std::move(name), std::move(value));
  }
  return fields;
}

}  // namespace alley::api
