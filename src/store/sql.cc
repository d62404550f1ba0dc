#include "store/sql.h"

#include <string>

#include "core/division.h"
#include "store/store.h"

namespace alley::store::sql {

StatusOr<int64_t> Runner::QueryInt(std::string_view sql, std::initializer_list<Value> args,
                                   std::string_view what) {
  std::optional<int64_t> value;
  ALLEY_RETURN_IF_ERROR(Query(sql, args, [&](const Row& row) -> Status {
    if (!value) value = row.Int(0);
    return OkStatus();
  }));
  if (!value) return NotFoundError("no " + std::string(what));
  return *value;
}

Runner& RunnerOf(Reader& reader) { return reader.SqlRunner(); }

CodeRange SubtreeRange(std::string_view code) {
  if (code.empty() || code == core::kNationCode) return {"", "~"};
  std::string upper(code);
  upper.back() = static_cast<char>(upper.back() + 1);
  return {std::string(code), upper};
}

}  // namespace alley::store::sql
