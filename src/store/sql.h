// The statement runner under the stores of the workflows (concerns_store.h
// and the like): portable SQL run on the open transaction of a Reader or a
// Writer, so that each workflow keeps its tables and queries in a file of its
// own instead of growing the Reader and Writer interfaces. Internal to
// src/store: nothing above the store writes SQL.
//
// The SQL is the subset SQLite and PostgreSQL share: numbered parameters
// (?1, ?2, ...; a PostgreSQL runner rewrites them to $1, $2, ...), INTEGER,
// REAL, TEXT and BLOB values, `INSERT ... RETURNING id`. Personal data is
// sealed with Cipher() before it is stored, as in the ledger.
//
//   sql::Runner& run = sql::RunnerOf(w);
//   ALLEY_ASSIGN_OR_RETURN(int64_t id,
//       run.QueryInt("INSERT INTO concern (...) VALUES (?1, ?2) RETURNING id", {a, b}));
//   ALLEY_RETURN_IF_ERROR(run.Query("SELECT id, state FROM concern WHERE unit_code = ?1",
//       {code}, [&](const sql::Row& row) { ids.push_back(row.Int(0)); return OkStatus(); }));
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "store/personal_data.h"

namespace alley::store {

class Reader;
class Writer;

namespace sql {

// Bytes (BLOB in SQLite, BYTEA in PostgreSQL): sealed personal data, hashes.
struct Blob {
  std::string data;
};

// A parameter: NULL, an integer, a real, a text or bytes.
using Value = std::variant<std::monostate, int64_t, double, std::string, Blob>;

// A value or NULL.
template <typename T>
Value Nullable(const std::optional<T>& value) {
  if (!value.has_value()) return std::monostate();
  if constexpr (std::is_integral_v<T>) {
    return static_cast<int64_t>(*value);
  } else {
    return *value;
  }
}

// One row of a query's answer, valid during the callback only.
class Row {
 public:
  virtual ~Row() = default;
  virtual bool IsNull(int column) const = 0;
  virtual int64_t Int(int column) const = 0;       // NULL reads as 0
  virtual double Real(int column) const = 0;       // NULL reads as 0
  virtual std::string Text(int column) const = 0;  // NULL reads as ""
  // The text without a copy, valid during the callback only; NULL reads as "".
  virtual std::string_view TextView(int column) const = 0;
  virtual std::string BlobAt(int column) const = 0;  // NULL reads as ""
  std::optional<int64_t> OptionalInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<int64_t>(Int(column));
  }
  std::optional<double> OptionalReal(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<double>(Real(column));
  }
  std::optional<std::string> OptionalText(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::string>(Text(column));
  }
};

using RowFn = std::function<Status(const Row&)>;

class Runner {
 public:
  virtual ~Runner() = default;

  // Runs a statement; answers the number of rows it changed. Inside a Read
  // it is refused (kInternal): reads never write.
  virtual StatusOr<int64_t> Exec(std::string_view sql, std::span<const Value> args) = 0;
  StatusOr<int64_t> Exec(std::string_view sql, std::initializer_list<Value> args) {
    return Exec(sql, std::span<const Value>(args.begin(), args.size()));
  }

  // Runs a query (or a statement with RETURNING, which must be in a Write):
  // `row` sees each row in order; an error from it stops the query and is
  // answered.
  virtual Status Query(std::string_view sql, std::span<const Value> args, const RowFn& row) = 0;
  Status Query(std::string_view sql, std::initializer_list<Value> args, const RowFn& row) {
    return Query(sql, std::span<const Value>(args.begin(), args.size()), row);
  }

  // The cipher of the database's personal data (store/personal_data.h).
  virtual const PersonalDataCipher& Cipher() const = 0;

  // The first column of the first row as an integer; kNotFound when there
  // is no row (`what` names what was looked for).
  StatusOr<int64_t> QueryInt(std::string_view sql, std::initializer_list<Value> args,
                             std::string_view what = "row");
};

// The half-open code range [lower, upper) that holds a unit's subtree: every
// code in it extends the unit's code (codes are prefix-nested; the nation's
// range holds every code). `WHERE unit_code >= ?1 AND unit_code < ?2` seeks
// an index on the code.
struct CodeRange {
  std::string lower;
  std::string upper;
};
CodeRange SubtreeRange(std::string_view code);

// The runner of a Reader's or a Writer's open transaction.
Runner& RunnerOf(Reader& reader);

}  // namespace sql
}  // namespace alley::store
