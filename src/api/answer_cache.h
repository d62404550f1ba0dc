// Answers kept for a few seconds: unit summaries and resident pages that the
// dashboards and lists ask for again and again. A summary reads every
// resident of a subtree; a page counts them all to give its total.
//
//   AnswerCache cache(std::chrono::seconds(5), 4096);
//   if (std::optional<CachedAnswer> hit = cache.Get(key)) return hit->body;
//   cache.Put(key, {body, ids});
//   cache.Clear();  // after every change the API makes
//
// The API clears the cache on each of its own writes, so its answers are
// always current for changes made through it; a change made by another
// process (an import from the command line) shows within the time to live.
// Scope is checked before the cache is asked, and keys name the unit, so an
// answer is only ever served to someone who may see it.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace alley::api {

struct CachedAnswer {
  std::string body;          // the JSON answer as sent
  std::vector<int64_t> ids;  // the residents in it, for the audit record
};

class AnswerCache {
 public:
  AnswerCache(std::chrono::steady_clock::duration ttl, size_t max_entries)
      : ttl_(ttl), max_entries_(max_entries) {}

  // The answer stored under `key` less than the time to live ago.
  std::optional<CachedAnswer> Get(const std::string& key) const;
  // Stores `answer`; when full, forgets everything first (bounded memory: a
  // crawler asking for every page cannot grow it for ever).
  void Put(const std::string& key, CachedAnswer answer);
  void Clear();

 private:
  struct Entry {
    CachedAnswer answer;
    std::chrono::steady_clock::time_point at;
  };
  const std::chrono::steady_clock::duration ttl_;
  const size_t max_entries_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace alley::api
