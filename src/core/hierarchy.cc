#include "core/hierarchy.h"

#include <algorithm>
#include <numeric>

namespace alley::core {

StatusOr<Hierarchy> Hierarchy::Build(std::vector<HierarchyRow> rows) {
  const size_t n = rows.size();
  if (n > static_cast<size_t>(INT32_MAX)) return InvalidArgumentError("too many units");
  // Input index by code.
  std::unordered_map<std::string_view, int32_t> input_by_code;
  input_by_code.reserve(n);
  int32_t root = -1;
  for (size_t i = 0; i < n; ++i) {
    if (!input_by_code.emplace(rows[i].code, static_cast<int32_t>(i)).second) {
      return InvalidArgumentError("unit " + rows[i].code + ": duplicate code");
    }
    if (rows[i].parent_code.empty()) {
      if (root >= 0) {
        return InvalidArgumentError("units " + rows[static_cast<size_t>(root)].code + " and " +
                                    rows[i].code + " both have no parent: one root only");
      }
      root = static_cast<int32_t>(i);
    }
  }
  if (root < 0) return InvalidArgumentError("no root: every unit has a parent");

  // Children lists in CSR form, siblings sorted by code.
  std::vector<int32_t> parent_of(n, -1);
  std::vector<int32_t> child_count(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<int32_t>(i) == root) continue;
    auto it = input_by_code.find(rows[i].parent_code);
    if (it == input_by_code.end()) {
      return InvalidArgumentError("unit " + rows[i].code + ": unknown parent " +
                                  rows[i].parent_code);
    }
    const HierarchyRow& parent = rows[static_cast<size_t>(it->second)];
    if (rows[i].level <= parent.level) {
      return InvalidArgumentError(
          "unit " + rows[i].code + ": level " + std::string(UnitLevelName(rows[i].level)) +
          " is not below its parent's (" + std::string(UnitLevelName(parent.level)) + ")");
    }
    parent_of[i] = it->second;
    ++child_count[static_cast<size_t>(it->second) + 1];
  }
  std::vector<int32_t> first_child(n + 1, 0);
  std::partial_sum(child_count.begin(), child_count.end(), first_child.begin());
  std::vector<int32_t> children(n > 0 ? n - 1 : 0);
  std::vector<int32_t> fill(first_child.begin(), first_child.end() - 1);
  for (size_t i = 0; i < n; ++i) {
    if (parent_of[i] >= 0) {
      children[static_cast<size_t>(fill[static_cast<size_t>(parent_of[i])]++)] =
          static_cast<int32_t>(i);
    }
  }
  for (size_t p = 0; p < n; ++p) {
    auto begin = children.begin() + first_child[p];
    auto end = children.begin() + first_child[p + 1];
    std::sort(begin, end, [&](int32_t a, int32_t b) {
      return rows[static_cast<size_t>(a)].code < rows[static_cast<size_t>(b)].code;
    });
  }

  // Preorder by an explicit stack (the tree may be deep for user-made units).
  Hierarchy h;
  h.parent_.reserve(n);
  h.end_.assign(n, 0);
  h.level_.reserve(n);
  h.code_offset_.reserve(n + 1);
  h.name_offset_.reserve(n + 1);
  std::vector<int32_t> order;  // preorder position -> input index
  order.reserve(n);
  std::vector<int32_t> position(n, -1);
  std::vector<int32_t> stack = {root};
  while (!stack.empty()) {
    int32_t u = stack.back();
    stack.pop_back();
    position[static_cast<size_t>(u)] = static_cast<int32_t>(order.size());
    order.push_back(u);
    // Push children in reverse so that the smallest code comes out first.
    for (int32_t k = first_child[static_cast<size_t>(u) + 1];
         k-- > first_child[static_cast<size_t>(u)];) {
      stack.push_back(children[static_cast<size_t>(k)]);
    }
  }
  if (order.size() != n) {
    for (size_t i = 0; i < n; ++i) {
      if (position[i] < 0) {
        return InvalidArgumentError("unit " + rows[i].code +
                                    ": not reachable from the root (a cycle of parents)");
      }
    }
  }
  // Arena: codes then names, in preorder.
  size_t bytes = 0;
  for (const HierarchyRow& r : rows) bytes += r.code.size() + r.name.size();
  // Past the small-string buffer, so that moving the Hierarchy keeps the
  // arena's address and the code index's views stay valid.
  constexpr size_t kMinArenaBytes = 64;
  h.arena_.reserve(std::max(bytes, kMinArenaBytes));
  for (int32_t u : order) {
    h.code_offset_.push_back(static_cast<uint32_t>(h.arena_.size()));
    h.arena_ += rows[static_cast<size_t>(u)].code;
  }
  h.code_offset_.push_back(static_cast<uint32_t>(h.arena_.size()));
  for (int32_t u : order) {
    h.name_offset_.push_back(static_cast<uint32_t>(h.arena_.size()));
    h.arena_ += rows[static_cast<size_t>(u)].name;
  }
  h.name_offset_.push_back(static_cast<uint32_t>(h.arena_.size()));
  for (int32_t u : order) {
    const size_t k = static_cast<size_t>(u);
    h.parent_.push_back(parent_of[k] < 0 ? -1 : position[static_cast<size_t>(parent_of[k])]);
    h.level_.push_back(rows[k].level);
  }
  // Subtree ends: walking preorder backwards, a unit ends where its last
  // descendant ends.
  for (size_t i = n; i-- > 0;) {
    if (h.end_[i] == 0) h.end_[i] = static_cast<int32_t>(i) + 1;
    if (h.parent_[i] >= 0) {
      int32_t& parent_end = h.end_[static_cast<size_t>(h.parent_[i])];
      parent_end = std::max(parent_end, h.end_[i]);
    }
  }
  h.by_code_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    h.by_code_.emplace(h.Code(UnitIndex{static_cast<int32_t>(i)}), static_cast<int32_t>(i));
  }
  return h;
}

std::optional<UnitIndex> Hierarchy::Find(std::string_view code) const {
  auto it = by_code_.find(code);
  if (it == by_code_.end()) return std::nullopt;
  return UnitIndex{it->second};
}

int Hierarchy::Depth(UnitIndex i) const {
  int depth = 0;
  for (int32_t p = parent_[At(i)]; p >= 0; p = parent_[static_cast<size_t>(p)]) ++depth;
  return depth;
}

std::vector<UnitIndex> Hierarchy::Path(UnitIndex i) const {
  std::vector<UnitIndex> path;
  for (int32_t u = i.value; u >= 0; u = parent_[static_cast<size_t>(u)]) path.push_back({u});
  std::reverse(path.begin(), path.end());
  return path;
}

int Hierarchy::ChildCount(UnitIndex i) const {
  int count = 0;
  for (int32_t c = i.value + 1; c < end_[At(i)]; c = end_[static_cast<size_t>(c)]) ++count;
  return count;
}

std::vector<UnitIndex> Hierarchy::Children(UnitIndex i) const {
  std::vector<UnitIndex> out;
  for (int32_t c = i.value + 1; c < end_[At(i)]; c = end_[static_cast<size_t>(c)]) {
    out.push_back({c});
  }
  return out;
}

std::vector<UnitIndex> Hierarchy::FindByName(std::string_view fragment, size_t limit) const {
  std::vector<UnitIndex> out;
  if (fragment.empty()) return out;
  for (size_t i = 0; i < size() && out.size() < limit; ++i) {
    if (Name(UnitIndex{static_cast<int32_t>(i)}).find(fragment) != std::string_view::npos) {
      out.push_back({static_cast<int32_t>(i)});
    }
  }
  return out;
}

}  // namespace alley::core
