// libFuzzer target: HTTP requests into the API's handlers (api::Api::Handle),
// with and without a session, against a small real ledger.
//
// The input picks a method and a route (or a raw path), then supplies the
// path parameters, the query string, the If-Match header and the body. Beyond
// "no crash, no hang, no sanitizer report" it checks the API's promises:
// every answer has a status of 200..599; every error is a JSON object with a
// string "code" and "message"; every JSON answer parses; and no answer ever
// carries the clear ID number of a resident (nothing here unmasks with a
// valid reason... unless the input finds one, which the check allows only on
// the unmask route, or where the request itself carried the number).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "api/store_pool.h"
#include "core/clock.h"
#include "registry/accounts.h"
#include "registry/residents.h"
#include "registry/units.h"
#include "store/store.h"

namespace {

namespace api = ::alley::api;
namespace core = ::alley::core;
namespace registry = ::alley::registry;
namespace store = ::alley::store;
using ::alley::Status;
using ::alley::StatusOr;

// A valid ID number of a Hailian resident (GB 11643's check digit holds).
constexpr std::string_view kClearIdNumber = "320706195003010014";

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "api_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

template <typename T>
T Must(StatusOr<T> v, const char* what) {
  if (!v.ok()) Fail(what, v.status().ToString());
  return std::move(v).value();
}

struct World {
  std::unique_ptr<api::StorePool> pool;
  std::unique_ptr<core::FakeClock> clock;
  std::unique_ptr<api::Api> api;
  std::string token;
};

World& TheWorld() {
  static World* world = [] {
    auto* w = new World;
    char pattern[] = "/tmp/alley-api-fuzz-XXXXXX";
    const char* dir = mkdtemp(pattern);
    if (dir == nullptr) Fail("mkdtemp", "no temporary folder");
    store::StoreOptions options;
    options.key = store::MasterKey::Generate();
    auto s = Must(store::OpenStore(std::string(dir) + "/fuzz.db", options), "open");
    Must(registry::ImportDivisions(*s, ALLEY_TEST_DIVISIONS), "divisions");
    const core::Date today = *core::Date::FromYmd(2026, 6, 30);
    registry::NewResident r;
    r.id_number = std::string(kClearIdNumber);
    r.name = "王秀英";
    r.unit_code = "320706006010";
    r.household = "0001";
    r.relation = "head";
    r.phone = "13812345678";
    r.effective = today;
    Must(registry::CreateResident(*s, r, today), "resident");
    registry::NewUser u;
    u.username = "fuzz";
    u.role = registry::Role::kCommunityStaff;
    u.unit_code = "320706006010";
    u.password = "fuzz-password";
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    Must(registry::AddUser(*s, u, {"fuzz", "", ""}, now, store::PasswordCost::kMinimum), "user");
    std::vector<std::unique_ptr<store::Store>> stores;
    stores.push_back(std::move(s));
    w->pool = std::make_unique<api::StorePool>(std::move(stores));
    w->clock = std::make_unique<core::FakeClock>(today);
    api::ApiOptions api_options;
    api_options.clock = w->clock.get();
    api_options.login_failure_delay = std::chrono::milliseconds(0);
    w->api = std::make_unique<api::Api>(*w->pool, api_options);
    api::HttpRequest login;
    login.method = "POST";
    login.path = "/api/v1/auth/login";
    login.body = R"({"username": "fuzz", "password": "fuzz-password"})";
    api::HttpResponse res = w->api->Handle(login);
    if (res.status != 200) Fail("login", res.body);
    w->token = nlohmann::json::parse(res.body)["token"];
    return w;
  }();
  return *world;
}

// Reads the input as a sequence of fields: one byte, or a length-prefixed string.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::string Text(size_t max) {
    const size_t n = std::min<size_t>(Byte() % (max + 1), size_ - at_);
    std::string s(reinterpret_cast<const char*>(data_ + at_), n);
    at_ += n;
    return s;
  }
  std::string Rest() {
    std::string s(reinterpret_cast<const char*>(data_ + at_), size_ - at_);
    at_ = size_;
    return s;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

// The route pattern with each {name} replaced by `value`.
std::string Fill(std::string_view pattern, const std::string& value) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      const size_t close = pattern.find('}', i);
      out += value;
      i = close == std::string_view::npos ? pattern.size() : close;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = TheWorld();
  static const std::vector<api::Api::RouteDoc> routes = w.api->Routes();
  static const char* const kMethods[] = {"GET",  "POST",    "PATCH", "DELETE", "PUT",
                                         "HEAD", "OPTIONS", "get",   ""};
  Input in(data, size);
  api::HttpRequest req;
  const uint8_t route_byte = in.Byte();
  const uint8_t flags = in.Byte();
  const std::string param = in.Text(24);
  if (route_byte < routes.size() * 2) {
    const api::Api::RouteDoc& r = routes[route_byte % routes.size()];
    req.method = (flags & 1) != 0 ? kMethods[in.Byte() % std::size(kMethods)] : r.method;
    req.path = Fill(r.pattern, param.empty() ? "1" : param);
  } else {
    req.method = kMethods[in.Byte() % std::size(kMethods)];
    req.path = "/" + param;
  }
  // The query: "k=v&k=v" as the adapter would decode it.
  const std::string query = in.Text(64);
  for (size_t start = 0; start <= query.size();) {
    size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    const std::string pair = query.substr(start, amp - start);
    const size_t eq = pair.find('=');
    if (!pair.empty()) {
      req.query.emplace_back(pair.substr(0, eq),
                             eq == std::string::npos ? "" : pair.substr(eq + 1));
    }
    start = amp + 1;
  }
  if ((flags & 2) != 0) req.headers["authorization"] = "Bearer " + w.token;
  if ((flags & 4) != 0) req.headers["cookie"] = "alley_session=" + w.token;
  if ((flags & 8) != 0) req.headers["x-alley-request"] = "1";
  if ((flags & 16) != 0) req.headers["if-match"] = in.Text(16);
  if ((flags & 32) != 0) req.headers["authorization"] = "Bearer " + in.Text(48);
  req.body = in.Rest();

  api::HttpResponse res = w.api->Handle(req);
  if (res.status < 200 || res.status > 599) Fail("status", std::to_string(res.status));
  const bool json = res.content_type.starts_with("application/json");
  if (res.status >= 400) {
    if (!json) Fail("error content type", res.content_type);
    nlohmann::json body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body["code"].is_string() ||
        !body["message"].is_string()) {
      Fail("error body", res.body);
    }
  } else if (json && !res.body.empty()) {
    if (nlohmann::json::parse(res.body, nullptr, false).is_discarded()) Fail("json", res.body);
  }
  // (An answer may echo what the request itself said, a note, say.)
  const bool unmask = req.path.ends_with("/unmask");
  const bool echoed = req.body.find(kClearIdNumber) != std::string::npos ||
                      query.find(kClearIdNumber) != std::string::npos ||
                      req.path.find(kClearIdNumber) != std::string::npos;
  if (!unmask && !echoed && res.body.find(kClearIdNumber) != std::string::npos) {
    Fail("clear ID number outside unmask", req.method + " " + req.path);
  }
  return 0;
}
