#include "registry/paging.h"

#include <limits>
#include <string>

namespace alley::registry {

Status ValidatePage(int64_t page, int64_t page_size) {
  if (page < 1) {
    return InvalidArgumentError("parameter page: must be 1 or more, got " + std::to_string(page));
  }
  std::string rule = "parameter page_size: must be 1.." + std::to_string(kMaxPageSize) + ", got " +
                     std::to_string(page_size);
  if (page_size < 1) return InvalidArgumentError(rule);
  if (page_size > kMaxPageSize) return OutOfRangeError(rule);
  return OkStatus();
}

int64_t PageOffset(int64_t page, int64_t page_size) {
  if (page <= 1 || page_size <= 0) return 0;
  if (page - 1 > std::numeric_limits<int64_t>::max() / page_size) {
    return std::numeric_limits<int64_t>::max();
  }
  return (page - 1) * page_size;
}

}  // namespace alley::registry
