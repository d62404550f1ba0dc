#include "core/hierarchy.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>

namespace alley::core {
namespace {

size_t HashCode(std::string_view code) { return std::hash<std::string_view>{}(code); }

// A power of two at least twice `n`: the code table stays at most half full,
// so a probe sequence is short (about 1.5 slots for a hit with linear probing).
size_t SlotCount(size_t n) {
  size_t count = 2;
  while (count < 2 * n) count <<= 1;
  return count;
}

// Puts unit `k`, whose code is `code`, into `slots` and returns -1; or, when a
// unit with the same code is there already, returns that unit and changes
// nothing. `code_of(unit)` gives a stored unit's code.
template <typename CodeOf>
int32_t InsertCode(std::vector<int32_t>& slots, int32_t k, std::string_view code, CodeOf code_of) {
  const size_t mask = slots.size() - 1;
  for (size_t s = HashCode(code) & mask;; s = (s + 1) & mask) {
    if (slots[s] < 0) {
      slots[s] = k;
      return -1;
    }
    if (code_of(slots[s]) == code) return slots[s];
  }
}

// The unit with `code` in `slots`, or -1.
template <typename CodeOf>
int32_t LookUpCode(const std::vector<int32_t>& slots, std::string_view code, CodeOf code_of) {
  const size_t mask = slots.size() - 1;
  for (size_t s = HashCode(code) & mask;; s = (s + 1) & mask) {
    if (slots[s] < 0 || code_of(slots[s]) == code) return slots[s];
  }
}

template <typename T>
size_t CapacityBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

StatusOr<Hierarchy> Hierarchy::Build(std::vector<HierarchyRow> rows) {
  const size_t n = rows.size();
  if (n == 0) return InvalidArgumentError("no root: the hierarchy has no units");
  // Indexes are int32 and arena offsets uint32.
  if (n >= static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return InvalidArgumentError("too many units: " + std::to_string(n));
  }
  size_t text_bytes = 0;
  for (const HierarchyRow& r : rows) text_bytes += r.code.size() + r.name.size();
  if (text_bytes > std::numeric_limits<uint32_t>::max()) {
    return InvalidArgumentError("codes and names too long: " + std::to_string(text_bytes) +
                                " bytes");
  }
  auto row = [&rows](int32_t k) -> const HierarchyRow& { return rows[static_cast<size_t>(k)]; };
  auto input_code = [&row](int32_t k) -> std::string_view { return row(k).code; };

  // Codes of the input rows: duplicates and the root.
  std::vector<int32_t> slots(SlotCount(n), -1);
  int32_t root = -1;
  for (size_t i = 0; i < n; ++i) {
    const auto k = static_cast<int32_t>(i);
    if (rows[i].code.empty())
      return InvalidArgumentError("row " + std::to_string(i + 1) + ": empty code");
    if (InsertCode(slots, k, rows[i].code, input_code) >= 0) {
      return InvalidArgumentError("unit " + rows[i].code + ": duplicate code");
    }
    if (rows[i].parent_code.empty()) {
      if (root >= 0) {
        return InvalidArgumentError("units " + row(root).code + " and " + rows[i].code +
                                    " both have no parent: one root only");
      }
      root = k;
    }
  }
  if (root < 0) return InvalidArgumentError("no root: every unit has a parent");

  // Parents, then children in compressed sparse rows, siblings by code.
  std::vector<int32_t> parent_of(n, -1);
  std::vector<int32_t> first_child(n + 1, 0);  // counts first, then offsets
  int32_t p = -1;  // the parent of the previous row: siblings often come together
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<int32_t>(i) == root) continue;
    if (p < 0 || row(p).code != rows[i].parent_code) {
      p = LookUpCode(slots, rows[i].parent_code, input_code);
    }
    if (p < 0) {
      return InvalidArgumentError("unit " + rows[i].code + ": unknown parent " +
                                  rows[i].parent_code);
    }
    parent_of[i] = p;
    ++first_child[static_cast<size_t>(p) + 1];
  }
  std::partial_sum(first_child.begin(), first_child.end(), first_child.begin());
  std::vector<int32_t> children(n - 1);
  {
    std::vector<int32_t> next(first_child.begin(), first_child.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      if (parent_of[i] >= 0) {
        children[static_cast<size_t>(next[static_cast<size_t>(parent_of[i])]++)] =
            static_cast<int32_t>(i);
      }
    }
  }
  auto by_code = [&row](int32_t a, int32_t b) { return row(a).code < row(b).code; };
  for (size_t u = 0; u < n; ++u) {
    const auto begin = children.begin() + first_child[u];
    const auto end = children.begin() + first_child[u + 1];
    // Rows from a store or a file usually come sorted: check before sorting.
    if (!std::is_sorted(begin, end, by_code)) std::sort(begin, end, by_code);
  }

  // Preorder, by an explicit stack.
  std::vector<int32_t> order;  // preorder position -> input row
  order.reserve(n);
  std::vector<int32_t> position(n, -1);  // input row -> preorder position
  std::vector<int32_t> stack = {root};
  while (!stack.empty()) {
    const int32_t u = stack.back();
    stack.pop_back();
    position[static_cast<size_t>(u)] = static_cast<int32_t>(order.size());
    order.push_back(u);
    // In reverse, so that the smallest code comes off the stack first.
    for (int32_t c = first_child[static_cast<size_t>(u) + 1];
         c-- > first_child[static_cast<size_t>(u)];) {
      stack.push_back(children[static_cast<size_t>(c)]);
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
  for (size_t i = 0; i < n; ++i) {
    if (parent_of[i] < 0) continue;
    const HierarchyRow& parent = row(parent_of[i]);
    if (rows[i].level <= parent.level) {
      return InvalidArgumentError(
          "unit " + rows[i].code + ": level " + std::string(UnitLevelName(rows[i].level)) +
          " is not below its parent's (" + std::string(UnitLevelName(parent.level)) + ")");
    }
  }

  Hierarchy h;
  h.arena_.reserve(text_bytes);
  h.code_offset_.reserve(n + 1);
  for (int32_t u : order) {
    h.code_offset_.push_back(static_cast<uint32_t>(h.arena_.size()));
    h.arena_ += row(u).code;
  }
  h.code_offset_.push_back(static_cast<uint32_t>(h.arena_.size()));
  // Names last and contiguous: FindByName searches them in one pass.
  h.name_offset_.reserve(n + 1);
  for (int32_t u : order) {
    h.name_offset_.push_back(static_cast<uint32_t>(h.arena_.size()));
    h.arena_ += row(u).name;
  }
  h.name_offset_.push_back(static_cast<uint32_t>(h.arena_.size()));
  h.parent_.resize(n);
  h.level_.resize(n);
  for (size_t k = 0; k < n; ++k) {
    const auto u = static_cast<size_t>(order[k]);
    h.parent_[k] = parent_of[u] < 0 ? -1 : position[static_cast<size_t>(parent_of[u])];
    h.level_[k] = rows[u].level;
  }
  // Walking preorder backwards, every descendant of k is done before k: a
  // unit's subtree ends where its last child's does.
  h.end_.resize(n);
  for (size_t k = 0; k < n; ++k) h.end_[k] = static_cast<int32_t>(k) + 1;
  for (size_t k = n; k-- > 1;) {
    int32_t& parent_end = h.end_[static_cast<size_t>(h.parent_[k])];
    parent_end = std::max(parent_end, h.end_[k]);
  }
  // The same table with preorder positions: a code hashes to the same slot.
  for (int32_t& s : slots) {
    if (s >= 0) s = position[static_cast<size_t>(s)];
  }
  h.code_slots_ = std::move(slots);
  return h;
}

std::optional<UnitIndex> Hierarchy::Find(std::string_view code) const {
  const int32_t k = LookUpCode(code_slots_, code, [this](int32_t u) { return Code(UnitIndex{u}); });
  if (k < 0) return std::nullopt;
  return UnitIndex{k};
}

int Hierarchy::Depth(UnitIndex i) const {
  int depth = 0;
  for (int32_t p = parent_[At(i)]; p >= 0; p = parent_[static_cast<size_t>(p)]) ++depth;
  return depth;
}

std::vector<UnitIndex> Hierarchy::Path(UnitIndex i) const {
  std::vector<UnitIndex> path;
  for (int32_t u = static_cast<int32_t>(At(i)); u >= 0; u = parent_[static_cast<size_t>(u)]) {
    path.push_back(UnitIndex{u});
  }
  std::reverse(path.begin(), path.end());
  return path;
}

int Hierarchy::ChildCount(UnitIndex i) const {
  int count = 0;
  for (int32_t c = i.value + 1; c < end_[At(i)]; c = end_[static_cast<size_t>(c)]) ++count;
  return count;
}

std::vector<UnitIndex> Hierarchy::Children(UnitIndex i) const {
  std::vector<UnitIndex> children;
  for (int32_t c = i.value + 1; c < end_[At(i)]; c = end_[static_cast<size_t>(c)]) {
    children.push_back(UnitIndex{c});
  }
  return children;
}

std::vector<UnitIndex> Hierarchy::FindByName(std::string_view fragment, size_t limit) const {
  return FindByNameWithin(Root(), fragment, limit);
}

std::vector<UnitIndex> Hierarchy::FindByNameWithin(UnitIndex root, std::string_view fragment,
                                                   size_t limit) const {
  std::vector<UnitIndex> found;
  if (fragment.empty()) return found;
  // Names are the tail of the arena, in preorder, so a subtree's names are one
  // stretch of it: one search over them, skipping a hit that runs from one
  // name into the next.
  const std::string_view arena(arena_);
  size_t from = name_offset_[At(root)];
  const size_t to = name_offset_[static_cast<size_t>(end_[At(root)])];
  while (found.size() < limit) {
    const size_t at = arena.substr(0, to).find(fragment, from);
    if (at == std::string_view::npos) break;
    // The unit whose name holds byte `at`: the last one starting at or before it.
    const auto next = std::upper_bound(name_offset_.begin(), name_offset_.end(), at);
    const auto k = static_cast<size_t>(next - name_offset_.begin()) - 1;
    if (at + fragment.size() <= name_offset_[k + 1])
      found.push_back(UnitIndex{static_cast<int32_t>(k)});
    // Any later hit inside the same name would run past its end too.
    from = name_offset_[k + 1];
  }
  return found;
}

size_t Hierarchy::MemoryBytes() const {
  return CapacityBytes(parent_) + CapacityBytes(end_) + CapacityBytes(level_) + arena_.capacity() +
         CapacityBytes(code_offset_) + CapacityBytes(name_offset_) + CapacityBytes(code_slots_);
}

}  // namespace alley::core
