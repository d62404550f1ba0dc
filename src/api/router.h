// Matching request paths against the API's route patterns.
//
//   Router router;
//   router.Add("GET", "/api/v1/residents/{id}", 7);
//   Router::Match m = router.Find("GET", "/api/v1/residents/42");
//   m.route == 7; m.params["id"] == "42";
//
// A pattern is a path of literal segments and `{name}` segments, each of which
// matches one non-empty segment. Literal segments win over parameters
// ("/units/search" before "/units/{code}"). Find tells an unknown path (404)
// from a known path asked with another method (405, with the methods allowed).
//
// Thread safety: Add before use; Find is const and safe from any thread.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alley::api {

class Router {
 public:
  // Registers `pattern` for `method` as route number `route`. The same method
  // and pattern twice is a programmer error (ALLEY_CHECK).
  void Add(std::string_view method, std::string_view pattern, size_t route);

  struct Match {
    std::optional<size_t> route;                // set when method and path match
    std::map<std::string, std::string> params;  // the `{name}` segments' values
    std::vector<std::string> allowed;           // path known, method not: what is allowed
  };
  Match Find(std::string_view method, std::string_view path) const;

  // Every registered (method, pattern), in registration order.
  struct Entry {
    std::string method;
    std::string pattern;
    size_t route;
  };
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
  std::vector<std::vector<std::string>> segments_;  // per entry
};

// Splits "/a/b/c" into {"a", "b", "c"}; empty segments (a trailing slash, "//")
// are kept as empty strings so that they match nothing.
std::vector<std::string_view> SplitPath(std::string_view path);

}  // namespace alley::api
