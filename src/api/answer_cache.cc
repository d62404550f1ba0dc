#include "api/answer_cache.h"

namespace alley::api {

std::optional<CachedAnswer> AnswerCache::Get(const std::string& key) const {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || now - it->second.at >= ttl_) return std::nullopt;
  return it->second.answer;
}

void AnswerCache::Put(const std::string& key, CachedAnswer answer) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() >= max_entries_ && entries_.find(key) == entries_.end()) entries_.clear();
  entries_[key] = {std::move(answer), now};
}

void AnswerCache::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
}

}  // namespace alley::api
