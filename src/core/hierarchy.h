// The administrative hierarchy in memory: arrays in preorder, so that every
// subtree is one contiguous index range (DESIGN.md).
//
//   ALLEY_ASSIGN_OR_RETURN(Hierarchy h, Hierarchy::Build(std::move(rows)));
//   std::optional<UnitIndex> js = h.Find("32");
//   for (UnitIndex i = *js; i < h.SubtreeEnd(*js); ++i) { ... }  // all of Jiangsu
//   bool inside = h.IsAncestorOrSelf(*js, *h.Find("320706006010"));  // O(1)
//   std::vector<UnitIndex> path = h.Path(*h.Find("320706006010"));  // nation .. community
//
// Immutable once built; safe to read from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/division.h"
#include "core/status.h"

namespace alley::core {

// A unit's position in preorder. Strong so that it is never confused with a
// count or a code.
struct UnitIndex {
  int32_t value = -1;
  friend auto operator<=>(UnitIndex, UnitIndex) = default;
  UnitIndex& operator++() {
    ++value;
    return *this;
  }
  bool valid() const { return value >= 0; }
};

struct HierarchyRow {
  std::string code;
  std::string parent_code;  // empty for the root
  UnitLevel level = UnitLevel::kNation;
  std::string name;
};

class Hierarchy {
 public:
  // Builds from rows in any order; siblings are ordered by code. Exactly one
  // row must be the root (empty parent_code). Errors (kInvalidArgument, naming
  // the code): duplicate code, unknown parent, no root or several roots, a
  // child whose level is not below its parent's, a unit not reachable from the
  // root (a cycle).
  static StatusOr<Hierarchy> Build(std::vector<HierarchyRow> rows);

  // Move-only: the code index points into this object's own arena.
  Hierarchy(Hierarchy&&) = default;
  Hierarchy& operator=(Hierarchy&&) = default;
  Hierarchy(const Hierarchy&) = delete;
  Hierarchy& operator=(const Hierarchy&) = delete;

  size_t size() const { return parent_.size(); }
  UnitIndex Root() const { return UnitIndex{0}; }

  // The unit with `code`, or nullopt.
  std::optional<UnitIndex> Find(std::string_view code) const;

  // The root's parent is an invalid index (value -1).
  UnitIndex Parent(UnitIndex i) const { return UnitIndex{parent_[At(i)]}; }
  UnitLevel Level(UnitIndex i) const { return level_[At(i)]; }
  std::string_view Code(UnitIndex i) const { return Text(code_offset_, i); }
  std::string_view Name(UnitIndex i) const { return Text(name_offset_, i); }
  // The subtree of i is [i, SubtreeEnd(i)).
  UnitIndex SubtreeEnd(UnitIndex i) const { return UnitIndex{end_[At(i)]}; }
  // Whether a is b or above it. O(1).
  bool IsAncestorOrSelf(UnitIndex a, UnitIndex b) const {
    return a.value <= b.value && b.value < end_[At(a)];
  }
  int Depth(UnitIndex i) const;
  // From the root down to i, in one walk up.
  std::vector<UnitIndex> Path(UnitIndex i) const;
  int ChildCount(UnitIndex i) const;
  std::vector<UnitIndex> Children(UnitIndex i) const;
  // Units whose name contains `fragment` (bytes of UTF-8), in preorder, at
  // most `limit`.
  std::vector<UnitIndex> FindByName(std::string_view fragment, size_t limit) const;

 private:
  Hierarchy() = default;
  size_t At(UnitIndex i) const {
    ALLEY_DCHECK(i.value >= 0 && static_cast<size_t>(i.value) < parent_.size(),
                 "unit index out of range");
    return static_cast<size_t>(i.value);
  }
  std::string_view Text(const std::vector<uint32_t>& offsets, UnitIndex i) const {
    size_t k = At(i);
    return std::string_view(arena_).substr(offsets[k], offsets[k + 1] - offsets[k]);
  }

  // Parallel arrays in preorder.
  std::vector<int32_t> parent_;
  std::vector<int32_t> end_;
  std::vector<UnitLevel> level_;
  // Codes and names live in one arena; offsets_[k]..offsets_[k+1] is unit k's.
  std::string arena_;
  std::vector<uint32_t> code_offset_;
  std::vector<uint32_t> name_offset_;
  std::unordered_map<std::string_view, int32_t> by_code_;
};

}  // namespace alley::core
