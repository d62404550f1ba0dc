// Dates as the workflows' stores keep them: TEXT "YYYY-MM-DD", which sorts
// and compares as the dates do. Internal to src/store.
#pragma once

#include <optional>
#include <string_view>

#include "core/date.h"
#include "core/status.h"
#include "store/sql.h"

namespace alley::store::internal {

// Column `column` of `row` as a date; kDataLoss naming `what` when the stored
// text is not one.
inline Status ReadDate(const sql::Row& row, int column, std::string_view what, core::Date& out) {
  StatusOr<core::Date> d = core::Date::Parse(row.Text(column));
  if (!d.ok()) return DataLossError(std::string(what) + ": stored " + d.status().message());
  out = *d;
  return OkStatus();
}

// The same for a column that may be NULL.
inline Status ReadOptionalDate(const sql::Row& row, int column, std::string_view what,
                               std::optional<core::Date>& out) {
  out.reset();
  if (row.IsNull(column)) return OkStatus();
  core::Date d;
  ALLEY_RETURN_IF_ERROR(ReadDate(row, column, what, d));
  out = d;
  return OkStatus();
}

inline sql::Value OptionalDateValue(const std::optional<core::Date>& date) {
  if (!date) return std::monostate();
  return date->ToString();
}

}  // namespace alley::store::internal
