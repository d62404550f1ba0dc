// The administrative hierarchy in memory: parallel arrays in preorder, so that
// every subtree is one contiguous index range (DESIGN.md) and "is X inside Y"
// is two integer comparisons.
//
//   ALLEY_ASSIGN_OR_RETURN(Hierarchy h, Hierarchy::Build(std::move(rows)));
//   std::optional<UnitIndex> js = h.Find("32");
//   for (UnitIndex i = *js; i < h.SubtreeEnd(*js); ++i) { ... }  // all of Jiangsu
//   bool inside = h.IsAncestorOrSelf(*js, *h.Find("320706006010"));  // O(1)
//   std::vector<UnitIndex> path = h.Path(*h.Find("320706006010"));  // nation .. community
//
// Storage, per unit: parent and subtree end (int32 each), level (1 byte), the
// code and name in one character arena (two uint32 offsets), and one int32
// slot of an open-addressing code index. The national hierarchy (665,277
// units) takes 40.3 MB and builds in 0.16 s from rows in file order, 0.44 s
// from shuffled rows (bench/hierarchy_bench.cc, release, 2-core machine).
//
// Thread safety: immutable once built; any number of threads may read it.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/division.h"
#include "core/status.h"

namespace alley::core {

// A unit's position in the preorder of one Hierarchy: meaningful only with the
// Hierarchy that produced it. Strong, so that it is never confused with a
// count, a code or another table's row number. The default is invalid (-1).
struct UnitIndex {
  int32_t value = -1;

  friend auto operator<=>(UnitIndex, UnitIndex) = default;
  UnitIndex& operator++() {
    ++value;
    return *this;
  }
  bool valid() const { return value >= 0; }
};

// One unit as a store or a file gives it.
struct HierarchyRow {
  std::string code;
  std::string parent_code;  // empty for the root (kNationCode's row)
  UnitLevel level = UnitLevel::kNation;
  std::string name;
};

class Hierarchy {
 public:
  // Builds from rows in any order; siblings are ordered by code (bytewise),
  // so the same rows in any order give the same indexes. Errors, all
  // kInvalidArgument and naming the unit: "unit 3207: duplicate code",
  // "row 5: empty code", "unit 3207: unknown parent 32", "no root: every unit
  // has a parent", "units 0 and 9 both have no parent: one root only",
  // "unit 32: not reachable from the root (a cycle of parents)", "unit 3207:
  // level county is not below its parent's (county)". When a check fails for
  // several rows, the first row in input order is named.
  static StatusOr<Hierarchy> Build(std::vector<HierarchyRow> rows);

  // Move-only: a copy is tens of megabytes, never wanted by accident.
  Hierarchy(Hierarchy&&) noexcept = default;
  Hierarchy& operator=(Hierarchy&&) noexcept = default;
  Hierarchy(const Hierarchy&) = delete;
  Hierarchy& operator=(const Hierarchy&) = delete;

  // The number of units; valid indexes are 0 .. size() - 1, in preorder.
  size_t size() const { return parent_.size(); }
  // Index 0.
  UnitIndex Root() const { return UnitIndex{0}; }

  // The unit with exactly this code, or nullopt. Expected O(1).
  std::optional<UnitIndex> Find(std::string_view code) const;

  // Every accessor below requires a valid index of this hierarchy
  // (0 <= i < size(); checked in debug builds only).

  // The parent's index; for the root, an invalid index (value -1, valid()
  // false).
  UnitIndex Parent(UnitIndex i) const { return UnitIndex{parent_[At(i)]}; }
  UnitLevel Level(UnitIndex i) const { return level_[At(i)]; }
  // Views into this hierarchy's arena: valid as long as the hierarchy (moves
  // included, which keep the arena).
  std::string_view Code(UnitIndex i) const { return Text(code_offset_, i); }
  std::string_view Name(UnitIndex i) const { return Text(name_offset_, i); }
  // One past the last unit of i's subtree: the subtree of i is
  // [i, SubtreeEnd(i)), i itself first.
  UnitIndex SubtreeEnd(UnitIndex i) const { return UnitIndex{end_[At(i)]}; }
  // Whether a is b or one of b's ancestors. O(1).
  bool IsAncestorOrSelf(UnitIndex a, UnitIndex b) const {
    return a.value <= b.value && b.value < end_[At(a)];
  }
  // The number of edges from the root (the root's is 0). O(depth).
  int Depth(UnitIndex i) const;
  // The root, ..., i's parent, i, found in one walk up. O(depth).
  std::vector<UnitIndex> Path(UnitIndex i) const;
  // The number of direct children, and the children in code order; each walk
  // hops from a child to its subtree end. O(number of children).
  int ChildCount(UnitIndex i) const;
  std::vector<UnitIndex> Children(UnitIndex i) const;
  // Units whose name contains `fragment` (a byte substring of UTF-8, so a
  // whole-character fragment matches whole characters), in preorder, at most
  // `limit` of them. An empty fragment matches nothing. O(total name bytes).
  std::vector<UnitIndex> FindByName(std::string_view fragment, size_t limit) const;
  // The same within the subtree of `root` (itself included): O(name bytes of
  // the subtree), since a subtree's names are contiguous.
  std::vector<UnitIndex> FindByNameWithin(UnitIndex root, std::string_view fragment,
                                          size_t limit) const;

  // Heap bytes this hierarchy holds (arrays by capacity), for benchmarks.
  size_t MemoryBytes() const;

 private:
  Hierarchy() = default;
  size_t At(UnitIndex i) const {
    ALLEY_DCHECK(i.value >= 0 && static_cast<size_t>(i.value) < parent_.size(),
                 "unit index out of range");
    return static_cast<size_t>(i.value);
  }
  std::string_view Text(const std::vector<uint32_t>& offsets, UnitIndex i) const {
    const size_t k = At(i);
    return std::string_view(arena_).substr(offsets[k], offsets[k + 1] - offsets[k]);
  }

  // Parallel arrays in preorder.
  std::vector<int32_t> parent_;  // -1 for the root
  std::vector<int32_t> end_;     // subtree end, exclusive
  std::vector<UnitLevel> level_;
  // All codes in preorder, then all names in preorder; unit k's code is
  // arena_[code_offset_[k], code_offset_[k + 1]), its name likewise.
  std::string arena_;
  std::vector<uint32_t> code_offset_;  // size() + 1 entries
  std::vector<uint32_t> name_offset_;  // size() + 1 entries
  // Code -> index: open addressing with linear probing over a power-of-two
  // table of unit indexes (-1 empty), at most half full. It holds indexes, not
  // pointers, so a move needs no fixing. Chosen by measurement on the national
  // hierarchy (random codes, release build): this table, 8.4 MB, 170 ns per
  // hit and 55 ns per miss, built during Build's own input pass;
  // std::unordered_map<std::string_view, int32_t>, 32.3 MB, 357 / 252 ns,
  // 215 ms more to build; a code-sorted index array, 2.7 MB, 919 / 914 ns,
  // and 316 ms to sort unless the preorder happens to be in code order.
  std::vector<int32_t> code_slots_;
};

}  // namespace alley::core
