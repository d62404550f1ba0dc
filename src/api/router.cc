#include "api/router.h"

#include "core/status.h"

namespace alley::api {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  for (;;) {
    const size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

namespace {

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// How well `segments` fits `pattern`: nullopt when it does not; otherwise the
// number of literal segments matched (more is a better, more specific fit).
std::optional<size_t> Fit(const std::vector<std::string>& pattern,
                          const std::vector<std::string_view>& segments) {
  if (pattern.size() != segments.size()) return std::nullopt;
  size_t literals = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsParameter(pattern[i])) {
      if (segments[i].empty()) return std::nullopt;
    } else if (pattern[i] == segments[i]) {
      ++literals;
    } else {
      return std::nullopt;
    }
  }
  return literals;
}

}  // namespace

void Router::Add(std::string_view method, std::string_view pattern, size_t route) {
  for (const Entry& e : entries_) {
    ALLEY_CHECK(!(e.method == method && e.pattern == pattern), "route registered twice");
  }
  entries_.push_back({std::string(method), std::string(pattern), route});
  std::vector<std::string> segments;
  for (std::string_view s : SplitPath(pattern)) segments.emplace_back(s);
  segments_.push_back(std::move(segments));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  const std::vector<std::string_view> segments = SplitPath(path);
  Match match;
  std::optional<size_t> best;  // index into entries_
  size_t best_literals = 0;
  size_t path_best_literals = 0;  // the best fit of the path whatever the method
  bool path_known = false;
  for (size_t i = 0; i < entries_.size(); ++i) {
    std::optional<size_t> fit = Fit(segments_[i], segments);
    if (!fit) continue;
    if (!path_known || *fit > path_best_literals) path_best_literals = *fit;
    path_known = true;
    if (entries_[i].method == method && (!best || *fit > best_literals)) {
      best = i;
      best_literals = *fit;
    }
  }
  if (best && best_literals == path_best_literals) {
    match.route = entries_[*best].route;
    const std::vector<std::string>& pattern = segments_[*best];
    for (size_t i = 0; i < pattern.size(); ++i) {
      if (IsParameter(pattern[i])) {
        match.params[pattern[i].substr(1, pattern[i].size() - 2)] = std::string(segments[i]);
      }
    }
    return match;
  }
  if (path_known) {
    // The methods of the most specific patterns that fit the path.
    for (size_t i = 0; i < entries_.size(); ++i) {
      std::optional<size_t> fit = Fit(segments_[i], segments);
      if (fit && *fit == path_best_literals) match.allowed.push_back(entries_[i].method);
    }
  }
  return match;
}

}  // namespace alley::api
