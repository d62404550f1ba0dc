// Pages of the lists the HTTP API serves (docs/http.md): pages count from 1;
// a page holds 1 to 500 items, 20 by default; a page past the end is empty,
// never an error.
//
//   ALLEY_RETURN_IF_ERROR(ValidatePage(page, page_size));
//   query.offset = PageOffset(page, page_size);
#pragma once

#include <cstdint>

#include "core/status.h"

namespace alley::registry {

inline constexpr int64_t kDefaultPageSize = 20;
inline constexpr int64_t kMaxPageSize = 500;

// kInvalidArgument "parameter page: must be 1 or more, got 0" or "parameter
// page_size: must be 1..500, got 0" below 1; kOutOfRange with the same
// message for a page_size above kMaxPageSize (docs/http.md's error table).
Status ValidatePage(int64_t page, int64_t page_size);

// The items a page skips: (page - 1) * page_size, saturating at the largest
// int64_t (such a page is past any end). Call after ValidatePage.
int64_t PageOffset(int64_t page, int64_t page_size);

}  // namespace alley::registry
