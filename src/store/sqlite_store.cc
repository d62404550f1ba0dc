// The SQLite implementation of the store: WAL journal, foreign keys on, a
// busy timeout, migrations on open, prepared statements cached per store.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "core/id_number.h"
#include "store/migration_context.h"
#include "store/personal_data.h"
#include "store/store.h"

namespace alley::store {
namespace {

// Identifies an Alley database file ("Aley" in ASCII) so that some other
// SQLite file is refused rather than migrated.
constexpr int kApplicationId = 0x416c6579;
// How long a writer waits for another process's lock before giving up.
constexpr int kBusyTimeoutMs = 5000;

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(message + " (the database is busy; try again)");
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return AlreadyExistsError(std::move(message));
      }
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return FailedPreconditionError(std::move(message));
      return InvalidArgumentError(std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLossError(std::move(message));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return UnavailableError(std::move(message));
    default:
      return InternalError(std::move(message));
  }
}

using sql::CodeRange;
using sql::SubtreeRange;

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  Statement& Bind(int index, std::string_view text) {
    Check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, int64_t value) {
    Check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value) {
    Check(sqlite3_bind_double(stmt_, index, value));
    return *this;
  }
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    if (value.has_value()) return Bind(index, *value);
    Check(sqlite3_bind_null(stmt_, index));
    return *this;
  }
  Statement& BindBlob(int index, std::string_view bytes) {
    Check(sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement& BindNullIfEmpty(int index, std::string_view text) {
    if (!text.empty()) return Bind(index, text);
    Check(sqlite3_bind_null(stmt_, index));
    return *this;
  }

  int ParameterCount() const { return sqlite3_bind_parameter_count(stmt_); }
  bool ReadOnly() const { return sqlite3_stmt_readonly(stmt_) != 0; }

  // True when a row is ready; false when done.
  // Rewinds the cursor; bindings stay (loops re-bind every parameter).
  void Reset() { sqlite3_reset(stmt_); }

  StatusOr<bool> Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, sqlite3_extended_errcode(db_), "statement failed");
  }
  Status Run() {
    StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    return OkStatus();
  }

  std::string Text(int col) const {
    const unsigned char* text = sqlite3_column_text(stmt_, col);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  // The text of a column, valid until the next Step or Reset.
  std::string_view TextView(int col) const {
    const unsigned char* text = sqlite3_column_text(stmt_, col);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Blob(int col) const {
    const void* bytes = sqlite3_column_blob(stmt_, col);
    if (bytes == nullptr) return {};
    return {static_cast<const char*>(bytes), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))};
  }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<double> OptDouble(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Double(col);
  }
  std::optional<int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }

 private:
  void Check(int rc) {
    // Binding fails only on a wrong index or out of memory: programmer errors.
    ALLEY_CHECK(rc == SQLITE_OK, sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

StatusOr<core::Date> ColumnDate(const Statement& s, int col) {
  StatusOr<core::Date> date = core::Date::Parse(s.Text(col));
  if (!date.ok()) return DataLossError("stored date is unreadable: " + date.status().message());
  return date;
}

StatusOr<std::optional<core::Date>> ColumnOptDate(const Statement& s, int col) {
  if (s.IsNull(col)) return std::optional<core::Date>();
  ALLEY_ASSIGN_OR_RETURN(core::Date date, ColumnDate(s, col));
  return std::optional<core::Date>(date);
}

std::optional<std::string> OptionalDateText(const std::optional<core::Date>& date) {
  if (!date.has_value()) return std::nullopt;
  return date->ToString();
}

// The parameters of a statement built piece by piece: Add returns the next
// numbered placeholder ("?3") for a value, BindTo binds them all.
class SqlArgs {
 public:
  std::string Add(std::string value) {
    values_.emplace_back(std::move(value));
    return "?" + std::to_string(values_.size());
  }
  std::string Add(int64_t value) {
    values_.emplace_back(value);
    return "?" + std::to_string(values_.size());
  }
  // The values, unambiguously (each with its type and length).
  std::string Key() const {
    std::string key;
    for (const auto& value : values_) {
      if (const int64_t* i = std::get_if<int64_t>(&value)) {
        key += 'i' + std::to_string(*i) + ';';
      } else {
        const std::string& text = std::get<std::string>(value);
        key += 's' + std::to_string(text.size()) + ':' + text;
      }
    }
    return key;
  }

  // Binds the values the statement refers to (a count query built from the
  // same arguments may stop short of the last ones).
  void BindTo(Statement& s) const {
    for (size_t i = 0; i < values_.size() && static_cast<int>(i) < s.ParameterCount(); ++i) {
      int index = static_cast<int>(i) + 1;
      std::visit([&](const auto& value) { s.Bind(index, value); }, values_[i]);
    }
  }

 private:
  std::vector<std::variant<int64_t, std::string>> values_;
};

// Official community codes have 12 digits; the compounds and grids below a
// community extend its code (core/division.h).
constexpr size_t kCommunityCodeLength = 12;

// The condition that `table`'s community_code and unit_code lie in the
// subtree of `code`, in the form that seeks the indexes beginning with
// community_code: one community at or below community level (and the unit
// range below it), a range of communities above it, where the unit range
// follows from the community's.
std::string CommunityWhere(std::string_view table, std::string_view code, SqlArgs& args) {
  std::string t(table);
  if (code.size() < kCommunityCodeLength) {
    CodeRange range = SubtreeRange(code);
    return t + ".community_code >= " + args.Add(range.lower) + " AND " + t + ".community_code < " +
           args.Add(range.upper);
  }
  std::string w =
      t + ".community_code = " + args.Add(std::string(code.substr(0, kCommunityCodeLength)));
  if (code.size() > kCommunityCodeLength) {
    CodeRange units = SubtreeRange(code);
    w += " AND " + t + ".unit_code >= " + args.Add(units.lower) + " AND " + t + ".unit_code < " +
         args.Add(units.upper);
  }
  return w;
}

// The WHERE clause (over resident_version v) of a resident list.
std::string ResidentWhere(const ResidentQuery& q, SqlArgs& args) {
  std::string as_of = args.Add(q.as_of.ToString());
  std::string w = CommunityWhere("v", q.subtree_code, args) + " AND v.valid_from <= " + as_of +
                  " AND (v.valid_to IS NULL OR v.valid_to > " + as_of + ")";
  if (!q.include_inactive && !q.include_removed) {
    w += " AND v.status = 'active'";
  } else if (!q.include_inactive) {
    w += " AND v.status IN ('active', 'removed')";
  } else if (!q.include_removed) {
    w += " AND v.status <> 'removed'";
  }
  if (q.all_tags != 0) {
    std::string tags = args.Add(static_cast<int64_t>(q.all_tags));
    w += " AND (v.tags & " + tags + ") = " + tags;
  }
  if (q.born_from) w += " AND v.birth_date >= " + args.Add(q.born_from->ToString());
  if (q.born_to) w += " AND v.birth_date <= " + args.Add(q.born_to->ToString());
  if (!q.sex.empty()) w += " AND v.sex = " + args.Add(q.sex);
  if (!q.employment.empty()) {
    w += " AND v.employment IN (";
    for (size_t i = 0; i < q.employment.size(); ++i) {
      if (i > 0) w += ", ";
      w += args.Add(q.employment[i]);
    }
    w += ")";
  }
  if (!q.name_contains.empty()) w += " AND instr(v.name, " + args.Add(q.name_contains) + ") > 0";
  if (q.resident_id) w += " AND v.resident_id = " + args.Add(*q.resident_id);
  if (q.household_id) w += " AND v.household_id = " + args.Add(*q.household_id);
  return w;
}

// ORDER BY of a resident list; every order ends on the resident id.
std::string ResidentOrderBy(ResidentOrder order) {
  switch (order) {
    case ResidentOrder::kHousehold:
      return "v.community_code, v.household_number, v.resident_id";
    case ResidentOrder::kName:
      return "v.name, v.resident_id";
    case ResidentOrder::kNameDesc:
      return "v.name DESC, v.resident_id";
    case ResidentOrder::kBirthDate:
      return "v.birth_date, v.resident_id";
    case ResidentOrder::kBirthDateDesc:
      return "v.birth_date DESC, v.resident_id";
    case ResidentOrder::kId:
      return "v.resident_id";
    case ResidentOrder::kIdDesc:
      return "v.resident_id DESC";
    case ResidentOrder::kUnit:
      return "v.unit_code, v.household_number, v.resident_id";
  }
  ALLEY_CHECK(false, "unknown ResidentOrder");
  return "";
}

std::optional<std::string> OptDateText(const std::optional<core::Date>& date) {
  if (!date.has_value()) return std::nullopt;
  return date->ToString();
}

// Timestamps: Unix seconds in app_user and session; in the audit log, ISO
// 8601 UTC text (FormatTimestamp) that an auditor can read in any tool and
// that sorts as it reads.
std::string IsoTimestamp(Timestamp t) { return FormatTimestamp(t); }

StatusOr<Timestamp> ParseIsoTimestamp(const std::string& text) {
  StatusOr<Timestamp> t = ParseTimestamp(text);
  if (!t.ok()) return DataLossError("stored time is unreadable: " + t.status().message());
  return t;
}

int64_t UnixSeconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromUnixSeconds(int64_t s) { return Timestamp(std::chrono::seconds(s)); }

// What an audit row's hash covers: every field, each length-prefixed so
// that no two rows encode alike.
std::string AuditPayload(const AuditRow& row) {
  std::string out;
  auto add = [&out](std::string_view field) {
    uint64_t n = field.size();
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    out.append(field);
  };
  add(std::to_string(row.id));
  add(IsoTimestamp(row.at));
  add(row.username);
  add(row.role);
  add(row.scope_unit);
  add(row.action);
  add(row.object);
  add(row.records);
  add(row.reason);
  add(row.detail);
  return out;
}

constexpr size_t kAuditHashBytes = 32;

// One row of a runner's query (store/sql.h): the statement's current row.
class SqliteRow final : public sql::Row {
 public:
  explicit SqliteRow(const Statement& s) : s_(s) {}
  bool IsNull(int column) const override { return s_.IsNull(column); }
  int64_t Int(int column) const override { return s_.Int(column); }
  double Real(int column) const override { return s_.Double(column); }
  std::string Text(int column) const override { return s_.Text(column); }
  std::string_view TextView(int column) const override { return s_.TextView(column); }
  std::string BlobAt(int column) const override { return s_.Blob(column); }

 private:
  const Statement& s_;
};

// Binds a runner's parameters; more values than the statement has
// parameters is a programmer's error, reported rather than crashed on.
Status BindValues(Statement& s, std::span<const sql::Value> args, std::string_view sql) {
  if (static_cast<int>(args.size()) > s.ParameterCount()) {
    return InternalError("statement has " + std::to_string(s.ParameterCount()) +
                         " parameters, given " + std::to_string(args.size()) + ": " +
                         std::string(sql.substr(0, 80)));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    std::visit(
        [&](const auto& value) {
          using T = std::decay_t<decltype(value)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            s.Bind(index, std::optional<int64_t>());
          } else if constexpr (std::is_same_v<T, sql::Blob>) {
            s.BindBlob(index, value.data);
          } else {
            s.Bind(index, value);
          }
        },
        args[i]);
  }
  return OkStatus();
}

class SqliteStore;

// All the writes of this process to one database file go through one
// connection of their own, in turns. SQLite admits one writer at a time; a
// queue here instead of its busy handler (which sleeps in growing steps, up to
// 100 ms, and wakes late) keeps writes fast and their latency short-tailed.
// One connection for all writes keeps its page cache: in WAL mode a
// connection drops its whole cache whenever another one has committed, so
// writers taking turns on their own connections would each start cold
// (docs/benchmarks.md). Writers in other processes still meet the busy
// timeout.
struct WriterSlot {
  std::mutex turn;
  // The canonical file name; empty for a database private to its connection
  // (in memory), which writes on that connection.
  std::string path;
  std::unique_ptr<SqliteStore> connection;  // opened at the first write
};

std::shared_ptr<WriterSlot> WriterSlotFor(const std::string& path);
StatusOr<std::unique_ptr<SqliteStore>> OpenWriterConnection(const std::string& path, int version,
                                                            const PersonalDataCipher& cipher);

class SqliteStore final : public Store, private Writer {
 public:
  // `writer` null: this is a WriterSlot's own connection.
  SqliteStore(sqlite3* db, int version, const PersonalDataCipher& cipher,
              std::shared_ptr<WriterSlot> writer)
      : db_(db), version_(version), cipher_(cipher), writer_(std::move(writer)) {}
  ~SqliteStore() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  int SchemaVersion() const override { return version_; }

  Status Read(const std::function<Status(Reader&)>& fn) override {
    ALLEY_RETURN_IF_ERROR(Exec("BEGIN DEFERRED"));
    Status status = fn(*this);
    ResetAll();
    Status end = Exec(status.ok() ? "COMMIT" : "ROLLBACK");
    return status.ok() ? end : status;
  }

  Status Write(const std::function<Status(Writer&)>& fn) override {
    if (writer_ == nullptr) return WriteHere(fn);
    std::lock_guard<std::mutex> turn(writer_->turn);
    if (writer_->path.empty()) return WriteHere(fn);
    if (writer_->connection == nullptr) {
      ALLEY_ASSIGN_OR_RETURN(writer_->connection,
                             OpenWriterConnection(writer_->path, version_, cipher_));
    }
    return writer_->connection->WriteHere(fn);
  }

  // One write transaction on this connection; the caller holds the turn.
  Status WriteHere(const std::function<Status(Writer&)>& fn) {
    ALLEY_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    in_write_ = true;
    Status status = fn(*this);
    in_write_ = false;
    ++own_writes_;  // whatever the outcome: the remembered counts are void
    ResetAll();
    if (!status.ok()) {
      Status rollback = Exec("ROLLBACK");
      (void)rollback;  // the function's error is the one to report
      return status;
    }
    Status commit = Exec("COMMIT");
    if (!commit.ok()) {
      Status rollback = Exec("ROLLBACK");
      (void)rollback;
    }
    return commit;
  }

  Status Exec(const char* sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      return SqliteError(nullptr, rc, message);
    }
    return OkStatus();
  }

  // ---- the statement runner of the workflows' stores (store/sql.h) ----

  sql::Runner& SqlRunner() override { return runner_; }

  class Runner final : public sql::Runner {
   public:
    explicit Runner(SqliteStore& store) : store_(store) {}

    const PersonalDataCipher& Cipher() const override { return store_.cipher_; }

    StatusOr<int64_t> Exec(std::string_view sql, std::span<const sql::Value> args) override {
      if (!store_.in_write_) return InternalError("a statement that writes, outside a write");
      ALLEY_ASSIGN_OR_RETURN(Statement s, store_.Prepare(std::string(sql)));
      ALLEY_RETURN_IF_ERROR(BindValues(s, args, sql));
      while (true) {
        ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) break;
      }
      s.Reset();
      return static_cast<int64_t>(sqlite3_changes64(store_.db_));
    }

    Status Query(std::string_view sql, std::span<const sql::Value> args,
                 const sql::RowFn& fn) override {
      ALLEY_ASSIGN_OR_RETURN(Statement s, store_.Prepare(std::string(sql)));
      if (!store_.in_write_ && !s.ReadOnly()) {
        return InternalError("a statement that writes, outside a write");
      }
      ALLEY_RETURN_IF_ERROR(BindValues(s, args, sql));
      const SqliteRow row(s);
      while (true) {
        ALLEY_ASSIGN_OR_RETURN(bool more, s.Step());
        if (!more) break;
        Status status = fn(row);
        if (!status.ok()) {
          s.Reset();
          return status;
        }
      }
      s.Reset();
      return OkStatus();
    }

   private:
    SqliteStore& store_;
  };

  // ---- Reader ----

  StatusOr<std::vector<UnitRow>> LoadUnits() override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(kSelectUnit));
    return CollectUnits(s);
  }

  StatusOr<std::optional<UnitRow>> FindUnit(std::string_view code) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectUnit) + " WHERE code = ?1"));
    s.Bind(1, code);
    ALLEY_ASSIGN_OR_RETURN(std::vector<UnitRow> rows, CollectUnits(s));
    if (rows.empty()) return std::optional<UnitRow>();
    return std::optional<UnitRow>(std::move(rows.front()));
  }

  StatusOr<std::vector<UnitRow>> ChildUnits(std::string_view code) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare(std::string(kSelectUnit) + " WHERE parent_code = ?1 ORDER BY code"));
    s.Bind(1, code);
    return CollectUnits(s);
  }

  StatusOr<std::vector<int64_t>> CountUnitsByLevel(std::string_view code) override {
    CodeRange range = SubtreeRange(code);
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare("SELECT level, COUNT(*) FROM unit WHERE code >= ?1 "
                                                "AND code < ?2 AND code <> ?3 GROUP BY level"));
    s.Bind(1, range.lower).Bind(2, range.upper).Bind(3, code);
    std::vector<int64_t> counts(static_cast<size_t>(core::UnitLevel::kGrid) + 1, 0);
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      int64_t level = s.Int(0);
      if (level < 0 || level >= static_cast<int64_t>(counts.size())) {
        return DataLossError("unit level out of range: " + std::to_string(level));
      }
      counts[static_cast<size_t>(level)] = s.Int(1);
    }
    return counts;
  }

  StatusOr<std::optional<std::string>> GetMeta(std::string_view key) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare("SELECT value FROM meta WHERE key = ?1"));
    s.Bind(1, key);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(s.Text(0));
  }

  StatusOr<std::optional<ResidentIdentity>> FindResidentByIdNumber(
      std::string_view id_number) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectIdentity) +
                                                " FROM resident r WHERE r.id_number_index = ?1"));
    s.BindBlob(1, cipher_.BlindIndex(NormaliseIdNumber(id_number)));
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<ResidentIdentity>();
    ResidentIdentity identity;
    ALLEY_RETURN_IF_ERROR(ReadIdentity(s, 0, /*decrypt=*/true, identity));
    return std::optional<ResidentIdentity>(std::move(identity));
  }

  StatusOr<std::optional<ResidentVersion>> ResidentVersionOn(int64_t resident_id,
                                                             core::Date as_of) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare(std::string(kSelectVersion) +
                " WHERE resident_id = ?1 AND valid_from <= ?2 AND (valid_to IS NULL OR "
                "valid_to > ?2) ORDER BY valid_from DESC, id DESC LIMIT 1"));
    s.Bind(1, resident_id).Bind(2, as_of.ToString());
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<ResidentVersion>();
    ALLEY_ASSIGN_OR_RETURN(ResidentVersion version, ReadVersion(s, 0, /*decrypt=*/true));
    return std::optional<ResidentVersion>(std::move(version));
  }

  StatusOr<std::vector<ResidentVersion>> ResidentHistory(int64_t resident_id) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectVersion) +
                                                " WHERE resident_id = ?1 ORDER BY valid_from, id"));
    s.Bind(1, resident_id);
    std::vector<ResidentVersion> versions;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ALLEY_ASSIGN_OR_RETURN(ResidentVersion version, ReadVersion(s, 0, /*decrypt=*/true));
      versions.push_back(std::move(version));
    }
    return versions;
  }

  StatusOr<std::optional<ResidentVersion>> NewestResidentVersion(int64_t resident_id) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare(std::string(kSelectVersion) +
                             " WHERE resident_id = ?1 ORDER BY valid_from DESC, id DESC LIMIT 1"));
    s.Bind(1, resident_id);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<ResidentVersion>();
    ALLEY_ASSIGN_OR_RETURN(ResidentVersion version, ReadVersion(s, 0, /*decrypt=*/true));
    return std::optional<ResidentVersion>(std::move(version));
  }

  Status ScanResidents(const ResidentFilter& filter,
                       const std::function<Status(const ResidentRow&)>& fn) override {
    // In the order of the index resident_version_list, which the query walks.
    SqlArgs args;
    std::string as_of = args.Add(filter.as_of.ToString());
    std::string sql = std::string(kSelectIdentity) + ", " + kVersionColumns +
                      " FROM resident_version v JOIN resident r ON r.id = v.resident_id WHERE " +
                      CommunityWhere("v", filter.subtree_code, args) +
                      " AND v.valid_from <= " + as_of +
                      " AND (v.valid_to IS NULL OR v.valid_to > " + as_of + ")";
    // An entry removed as made in error is never in a scan.
    sql += filter.include_inactive ? " AND v.status <> 'removed'" : " AND v.status = 'active'";
    sql += " ORDER BY v.community_code, v.household_number, v.resident_id";
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(sql));
    args.BindTo(s);
    ResidentRow row;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      ALLEY_RETURN_IF_ERROR(ReadIdentity(s, 0, filter.decrypt, row.identity));
      ALLEY_ASSIGN_OR_RETURN(row.version, ReadVersion(s, kIdentityColumns, filter.decrypt));
      ALLEY_RETURN_IF_ERROR(fn(row));
    }
    return OkStatus();
  }

  StatusOr<std::optional<HouseholdRow>> FindHousehold(std::string_view community_code,
                                                      std::string_view number) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectHousehold) +
                                                " WHERE community_code = ?1 AND number = ?2"));
    s.Bind(1, community_code).Bind(2, number);
    return OneHousehold(s);
  }

  StatusOr<std::optional<HouseholdRow>> HouseholdById(int64_t id) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectHousehold) + " WHERE id = ?1"));
    s.Bind(1, id);
    return OneHousehold(s);
  }

  StatusOr<int64_t> CountHouseholds(std::string_view subtree_code, core::Date as_of) override {
    CodeRange range = SubtreeRange(subtree_code);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("SELECT COUNT(DISTINCT household_id) FROM resident_version WHERE unit_code >= ?1 "
                "AND unit_code < ?2 AND valid_from <= ?3 AND (valid_to IS NULL OR valid_to > ?3) "
                "AND status = 'active' AND household_id IS NOT NULL"));
    s.Bind(1, range.lower).Bind(2, range.upper).Bind(3, as_of.ToString());
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  StatusOr<std::vector<FacilityRow>> ListFacilities(std::string_view subtree_code) override {
    CodeRange range = SubtreeRange(subtree_code);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare(std::string(kSelectFacility) +
                             " FROM facility f WHERE f.unit_code >= ?1 AND f.unit_code < ?2 AND "
                             "f.closed_on IS NULL ORDER BY f.unit_code, f.type, f.name"));
    s.Bind(1, range.lower).Bind(2, range.upper);
    std::vector<FacilityRow> rows;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      FacilityRow f;
      ALLEY_RETURN_IF_ERROR(ReadFacility(s, 0, f));
      rows.push_back(std::move(f));
    }
    return rows;
  }

  StatusOr<std::vector<BuildingRow>> ListBuildings(std::string_view subtree_code) override {
    CodeRange range = SubtreeRange(subtree_code);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare("SELECT id, unit_code, name, lat, lon, floors, synthetic FROM "
                             "building WHERE unit_code >= ?1 AND unit_code < ?2 ORDER BY id"));
    s.Bind(1, range.lower).Bind(2, range.upper);
    std::vector<BuildingRow> rows;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      BuildingRow b;
      b.id = s.Int(0);
      b.unit_code = s.Text(1);
      b.name = s.Text(2);
      b.lat = s.Double(3);
      b.lon = s.Double(4);
      b.floors = static_cast<int>(s.Int(5));
      b.synthetic = s.Int(6) != 0;
      rows.push_back(std::move(b));
    }
    return rows;
  }

  // ---- Lists (store.h: ResidentQuery, HouseholdQuery, FacilityQuery) ----

  StatusOr<ResidentPage> ListResidents(const ResidentQuery& q) override {
    if (q.limit < 0 || q.offset < 0) return InvalidArgumentError("negative limit or offset");
    SqlArgs args;
    std::string where = ResidentWhere(q, args);
    std::string order = ResidentOrderBy(q.order);
    ResidentPage page;
    ALLEY_ASSIGN_OR_RETURN(
        page.total, CountRows("SELECT count(*) FROM resident_version v WHERE " + where, args));
    if (q.limit == 0 || q.offset >= page.total) return page;
    // The page's ids come from the covering index alone; only they are then
    // joined to the rows they show.
    std::string limit = args.Add(q.limit);
    std::string offset = args.Add(q.offset);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare(std::string(kSelectIdentity) + ", " + kVersionColumns +
                ", v.household_number, u.name, (SELECT max(x.id) FROM resident_version x WHERE "
                "x.resident_id = v.resident_id) FROM (SELECT v.id FROM resident_version v WHERE " +
                where + " ORDER BY " + order + " LIMIT " + limit + " OFFSET " + offset +
                ") p JOIN resident_version v ON v.id = p.id JOIN resident r ON r.id = "
                "v.resident_id LEFT JOIN unit u ON u.code = v.unit_code ORDER BY " +
                order));
    args.BindTo(s);
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      ResidentListRow row;
      ALLEY_RETURN_IF_ERROR(ReadIdentity(s, 0, /*decrypt=*/false, row.identity));
      ALLEY_ASSIGN_OR_RETURN(row.version, ReadVersion(s, kIdentityColumns, /*decrypt=*/false));
      int c = kIdentityColumns + kVersionColumnCount;
      row.household_number = s.Text(c++);
      row.unit_name = s.Text(c++);
      row.latest_version_id = s.Int(c++);
      page.rows.push_back(std::move(row));
    }
    return page;
  }

  Status ScanResidentFacts(const ResidentFilter& filter,
                           const std::function<Status(const ResidentFacts&)>& fn) override {
    SqlArgs args;
    std::string as_of = args.Add(filter.as_of.ToString());
    std::string sql =
        "SELECT v.sex, v.birth_date, v.tags, v.employment, v.synthetic, v.household_id, "
        "v.unit_code FROM "
        "resident_version v WHERE " +
        CommunityWhere("v", filter.subtree_code, args) + " AND v.valid_from <= " + as_of +
        " AND (v.valid_to IS NULL OR v.valid_to > " + as_of + ")";
    sql += filter.include_inactive ? " AND v.status <> 'removed'" : " AND v.status = 'active'";
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(sql));
    args.BindTo(s);
    ResidentFacts facts;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      facts.sex = s.TextView(0);
      facts.birth_date = s.TextView(1);
      facts.tags = static_cast<uint32_t>(s.Int(2));
      facts.employment = s.TextView(3);
      facts.synthetic = s.Int(4) != 0;
      facts.household_id = s.OptInt(5);
      facts.unit_code = s.TextView(6);
      ALLEY_RETURN_IF_ERROR(fn(facts));
    }
    return OkStatus();
  }

  StatusOr<std::optional<int64_t>> ResidentIdByIdNumber(std::string_view id_number) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("SELECT id FROM resident WHERE id_number_index = ?1"));
    s.BindBlob(1, cipher_.BlindIndex(NormaliseIdNumber(id_number)));
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<int64_t>();
    return std::optional<int64_t>(s.Int(0));
  }

  StatusOr<std::optional<ResidentIdentity>> ResidentById(int64_t id) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare(std::string(kSelectIdentity) + " FROM resident r WHERE r.id = ?1"));
    s.Bind(1, id);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<ResidentIdentity>();
    ResidentIdentity identity;
    ALLEY_RETURN_IF_ERROR(ReadIdentity(s, 0, /*decrypt=*/true, identity));
    return std::optional<ResidentIdentity>(std::move(identity));
  }

  StatusOr<std::optional<int64_t>> LatestResidentVersionId(int64_t resident_id) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("SELECT max(id) FROM resident_version WHERE resident_id = ?1"));
    s.Bind(1, resident_id);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<int64_t>();
    return s.OptInt(0);
  }

  StatusOr<int64_t> CountActiveMembersFrom(int64_t household_id, core::Date from) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare("SELECT count(DISTINCT resident_id) FROM resident_version WHERE "
                             "household_id = ?1 AND status = 'active' AND (valid_to IS NULL OR "
                             "valid_to > ?2)"));
    s.Bind(1, household_id).Bind(2, from.ToString());
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

  StatusOr<HouseholdPage> ListHouseholds(const HouseholdQuery& q) override {
    if (q.limit < 0 || q.offset < 0) return InvalidArgumentError("negative limit or offset");
    SqlArgs args;
    // `dissolved_on IS NULL` as written selects the partial index household_open.
    std::string where = "h.dissolved_on IS NULL AND " + CommunityWhere("h", q.subtree_code, args);
    std::string as_of = args.Add(q.as_of.ToString());
    std::string in_force =
        "m.household_id = h.id AND m.status = 'active' AND m.valid_from <= " + as_of +
        " AND (m.valid_to IS NULL OR m.valid_to > " + as_of + ")";
    if (q.household_id) where += " AND h.id = " + args.Add(*q.household_id);
    if (!q.text.empty()) {
      std::string text = args.Add(q.text);
      where += " AND (instr(h.number, " + text +
               ") > 0 OR EXISTS (SELECT 1 FROM resident_version m WHERE " + in_force +
               " AND m.relation = 'head' AND instr(m.name, " + text + ") > 0))";
    }
    HouseholdPage page;
    ALLEY_ASSIGN_OR_RETURN(page.total,
                           CountRows("SELECT count(*) FROM household h WHERE " + where, args));
    if (q.limit == 0 || q.offset >= page.total) return page;
    std::string limit = args.Add(q.limit);
    std::string offset = args.Add(q.offset);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("SELECT h.id, h.community_code, h.number, h.unit_code, h.building, h.entrance, "
                "h.room, h.synthetic, h.version, h.dissolved_on, u.name, (SELECT count(*) FROM "
                "resident_version m WHERE " +
                in_force + "), head.resident_id, head.name FROM (SELECT h.id FROM household h " +
                "WHERE " + where + " ORDER BY h.community_code, h.number LIMIT " + limit +
                " OFFSET " + offset +
                ") p JOIN household h ON h.id = p.id LEFT JOIN unit u ON u.code = h.unit_code "
                "LEFT JOIN resident_version head ON head.id = (SELECT m.id FROM "
                "resident_version m WHERE " +
                in_force +
                " AND m.relation = 'head' ORDER BY m.resident_id LIMIT 1) ORDER BY "
                "h.community_code, h.number"));
    args.BindTo(s);
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      HouseholdListRow row;
      ALLEY_RETURN_IF_ERROR(ReadHousehold(s, 0, row.household));
      row.unit_name = s.Text(10);
      row.members = s.Int(11);
      row.head_id = s.OptInt(12);
      row.head_name = s.Text(13);
      page.rows.push_back(std::move(row));
    }
    return page;
  }

  StatusOr<FacilityPage> ListFacilityPage(const FacilityQuery& q) override {
    if (q.limit < 0 || q.offset < 0) return InvalidArgumentError("negative limit or offset");
    SqlArgs args;
    CodeRange range = SubtreeRange(q.subtree_code);
    std::string where = "f.closed_on IS NULL AND f.unit_code >= " + args.Add(range.lower) +
                        " AND f.unit_code < " + args.Add(range.upper);
    if (!q.type.empty()) where += " AND f.type = " + args.Add(q.type);
    if (!q.text.empty()) where += " AND instr(f.name, " + args.Add(q.text) + ") > 0";
    FacilityPage page;
    ALLEY_ASSIGN_OR_RETURN(page.total,
                           CountRows("SELECT count(*) FROM facility f WHERE " + where, args));
    if (q.limit == 0 || q.offset >= page.total) return page;
    std::string limit = args.Add(q.limit);
    std::string offset = args.Add(q.offset);
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare(std::string(kSelectFacility) +
                             ", u.name FROM facility f LEFT JOIN unit u ON u.code = f.unit_code "
                             "WHERE " +
                             where + " ORDER BY f.unit_code, f.type, f.name LIMIT " + limit +
                             " OFFSET " + offset));
    args.BindTo(s);
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      FacilityListRow row;
      ALLEY_RETURN_IF_ERROR(ReadFacility(s, 0, row.facility));
      row.unit_name = s.Text(kFacilityColumns);
      page.rows.push_back(std::move(row));
    }
    return page;
  }

  StatusOr<std::optional<FacilityRow>> FacilityById(int64_t id) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare(std::string(kSelectFacility) + " FROM facility f WHERE f.id = ?1"));
    s.Bind(1, id);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<FacilityRow>();
    FacilityRow f;
    ALLEY_RETURN_IF_ERROR(ReadFacility(s, 0, f));
    return std::optional<FacilityRow>(std::move(f));
  }

  StatusOr<std::vector<UnitChildRow>> ChildUnitsWithCounts(std::string_view code,
                                                           core::Date as_of) override {
    // Codes are digits, so every code in the subtree of c lies in
    // [c, c || ':'): ':' follows '9' in ASCII.
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("SELECT c.code, c.parent_code, c.level, c.name, c.settlement, c.source, "
                "c.synthetic, c.lat, c.lon, (SELECT count(*) FROM unit g WHERE g.parent_code = "
                "c.code), count(v.id) FROM unit c LEFT JOIN resident_version v ON v.unit_code >= "
                "c.code AND v.unit_code < c.code || ':' AND v.status = 'active' AND v.valid_from "
                "<= ?2 AND (v.valid_to IS NULL OR v.valid_to > ?2) WHERE c.parent_code = ?1 "
                "GROUP BY c.code ORDER BY c.code"));
    s.Bind(1, code).Bind(2, as_of.ToString());
    std::vector<UnitChildRow> rows;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      UnitChildRow row;
      ALLEY_RETURN_IF_ERROR(ReadUnit(s, row.unit));
      row.children = s.Int(9);
      row.residents = s.Int(10);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  // ---- Writer ----

  Status UpsertUnits(const std::vector<UnitRow>& units) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO unit (code, parent_code, level, name, settlement, source, synthetic, "
                "lat, lon) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (code) DO "
                "UPDATE SET parent_code = excluded.parent_code, level = excluded.level, "
                "name = excluded.name, settlement = excluded.settlement, source = excluded.source, "
                "synthetic = excluded.synthetic, lat = coalesce(excluded.lat, lat), "
                "lon = coalesce(excluded.lon, lon) WHERE parent_code IS NOT excluded.parent_code "
                "OR level <> excluded.level OR name <> excluded.name OR settlement IS NOT "
                "excluded.settlement OR source <> excluded.source OR synthetic <> "
                "excluded.synthetic OR excluded.lat IS NOT NULL OR excluded.lon IS NOT NULL"));
    for (const UnitRow& u : units) {
      s.Bind(1, u.code)
          .BindNullIfEmpty(2, u.parent_code)
          .Bind(3, static_cast<int>(u.level))
          .Bind(4, u.name)
          .BindNullIfEmpty(5, u.settlement)
          .Bind(6, u.source)
          .Bind(7, u.synthetic)
          .Bind(8, u.lat)
          .Bind(9, u.lon);
      Status status = s.Run();
      if (!status.ok()) return status.WithContext("unit " + u.code);
      s.Reset();
    }
    return OkStatus();
  }

  Status SetMeta(std::string_view key, std::string_view value) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO "
                             "UPDATE SET value = excluded.value"));
    s.Bind(1, key).Bind(2, value);
    return s.Run();
  }

  StatusOr<int64_t> InsertResident(const ResidentIdentity& identity) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO resident (id_number_index, id_number_enc, id_number_masked, sex, "
                "birth_date, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    std::string id_number = NormaliseIdNumber(identity.id_number);
    if (id_number.empty()) return InvalidArgumentError("a resident needs an ID number");
    s.BindBlob(1, cipher_.BlindIndex(id_number))
        .BindBlob(2, cipher_.Encrypt(id_number, kIdNumberColumn))
        .Bind(3, core::MaskIdNumber(id_number))
        .Bind(4, identity.sex)
        .Bind(5, identity.birth_date.ToString())
        .Bind(6, identity.synthetic);
    Status status = s.Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("a resident with this ID number is already registered");
    }
    ALLEY_RETURN_IF_ERROR(status);
    return sqlite3_last_insert_rowid(db_);
  }

  Status AddResidentVersion(const ResidentVersion& v) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement latest, Prepare("SELECT id, valid_from FROM resident_version WHERE resident_id = "
                                  "?1 ORDER BY valid_from DESC, id DESC LIMIT 1"));
    latest.Bind(1, v.resident_id);
    ALLEY_ASSIGN_OR_RETURN(bool has_latest, latest.Step());
    std::string from = v.valid_from.ToString();
    if (has_latest) {
      int64_t latest_id = latest.Int(0);
      std::string latest_from = latest.Text(1);
      latest.Reset();
      if (latest_from > from) {
        return FailedPreconditionError("the record already has a change dated " + latest_from +
                                       ", later than " + from);
      }
      ALLEY_ASSIGN_OR_RETURN(Statement close,
                             Prepare("UPDATE resident_version SET valid_to = ?2 WHERE id = ?1"));
      close.Bind(1, latest_id).Bind(2, from);
      ALLEY_RETURN_IF_ERROR(close.Run());
    }
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        // household_number, sex, birth_date, synthetic: the lists' copies (migration 3).
        Prepare("INSERT INTO resident_version (resident_id, valid_from, change, status, name, "
                "phone_enc, community_code, unit_code, household_id, relation, building, entrance, "
                "room, registration, tags, employment, insurance, note, phone_masked, "
                "household_number, sex, birth_date, synthetic) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, (SELECT number FROM "
                "household WHERE id = ?9), r.sex, r.birth_date, r.synthetic FROM resident r "
                "WHERE r.id = ?1"));
    s.Bind(1, v.resident_id).Bind(2, from).Bind(3, v.change).Bind(4, v.status).Bind(5, v.name);
    if (v.phone.empty()) {
      s.Bind(6, std::optional<int64_t>());
    } else {
      s.BindBlob(6, cipher_.Encrypt(v.phone, kPhoneColumn));
    }
    s.Bind(19, core::MaskPhone(v.phone))
        .Bind(7, v.community_code)
        .Bind(8, v.unit_code)
        .Bind(9, v.household_id)
        .Bind(10, v.relation)
        .Bind(11, v.building)
        .Bind(12, v.entrance)
        .Bind(13, v.room)
        .Bind(14, v.registration)
        .Bind(15, static_cast<int64_t>(v.tags))
        .Bind(16, v.employment)
        .Bind(17, v.insurance)
        .Bind(18, v.note);
    ALLEY_RETURN_IF_ERROR(s.Run());
    if (sqlite3_changes(db_) == 0) {
      return NotFoundError("no resident has the id " + std::to_string(v.resident_id));
    }
    return OkStatus();
  }

  StatusOr<int64_t> InsertHousehold(const HouseholdRow& h) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO household (community_code, number, unit_code, building, entrance, "
                "room, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    s.Bind(1, h.community_code)
        .Bind(2, h.number)
        .Bind(3, h.unit_code)
        .Bind(4, h.building)
        .Bind(5, h.entrance)
        .Bind(6, h.room)
        .Bind(7, h.synthetic);
    Status status = s.Run();
    if (!status.ok()) return status.WithContext("household " + h.number);
    return sqlite3_last_insert_rowid(db_);
  }

  Status UpdateHousehold(const HouseholdRow& h) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("UPDATE household SET unit_code = ?2, building = ?3, "
                                   "entrance = ?4, room = ?5, dissolved_on = ?6, version = "
                                   "version + 1 WHERE id = ?1"));
    s.Bind(1, h.id).Bind(2, h.unit_code).Bind(3, h.building).Bind(4, h.entrance).Bind(5, h.room);
    s.Bind(6, OptDateText(h.dissolved_on));
    ALLEY_RETURN_IF_ERROR(s.Run());
    if (sqlite3_changes(db_) == 0) return NotFoundError("household " + std::to_string(h.id));
    return OkStatus();
  }

  StatusOr<int64_t> InsertBuilding(const BuildingRow& b) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("INSERT INTO building (unit_code, name, lat, lon, floors, "
                                   "synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    s.Bind(1, b.unit_code)
        .Bind(2, b.name)
        .Bind(3, b.lat)
        .Bind(4, b.lon)
        .Bind(5, b.floors)
        .Bind(6, b.synthetic);
    Status status = s.Run();
    if (!status.ok()) return status.WithContext("building " + b.name);
    return sqlite3_last_insert_rowid(db_);
  }

  StatusOr<int64_t> UpsertFacility(const FacilityRow& f) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO facility (unit_code, type, name, lat, lon, capacity, staff, "
                "synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (unit_code, name) "
                "DO UPDATE SET type = excluded.type, lat = excluded.lat, lon = excluded.lon, "
                "capacity = excluded.capacity, staff = excluded.staff, synthetic = "
                "excluded.synthetic, closed_on = NULL, version = version + 1 RETURNING id"));
    s.Bind(1, f.unit_code)
        .Bind(2, f.type)
        .Bind(3, f.name)
        .Bind(4, f.lat)
        .Bind(5, f.lon)
        .Bind(6, f.capacity)
        .Bind(7, f.staff)
        .Bind(8, f.synthetic);
    StatusOr<bool> row = s.Step();
    if (!row.ok()) return row.status().WithContext("facility " + f.name);
    ALLEY_CHECK(*row, "INSERT ... RETURNING yields a row");
    int64_t id = s.Int(0);
    s.Reset();
    return id;
  }

  StatusOr<int64_t> InsertFacility(const FacilityRow& f) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO facility (unit_code, type, name, lat, lon, capacity, staff, "
                "synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
    BindFacility(s, f);
    Status status = s.Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("unit " + f.unit_code + " already has a facility named " + f.name);
    }
    ALLEY_RETURN_IF_ERROR(status.WithContext("facility " + f.name));
    return sqlite3_last_insert_rowid(db_);
  }

  Status UpdateFacility(const FacilityRow& f) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("UPDATE facility SET unit_code = ?1, type = ?2, name = ?3, lat = ?4, lon = ?5, "
                "capacity = ?6, staff = ?7, synthetic = ?8, closed_on = ?9, version = version + 1 "
                "WHERE id = ?10"));
    BindFacility(s, f);
    s.Bind(9, OptionalDateText(f.closed_on)).Bind(10, f.id);
    Status status = s.Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("unit " + f.unit_code + " already has a facility named " + f.name);
    }
    ALLEY_RETURN_IF_ERROR(status.WithContext("facility " + f.name));
    if (sqlite3_changes(db_) == 0) return NotFoundError("facility " + std::to_string(f.id));
    return OkStatus();
  }

  Status DeleteSyntheticUnder(std::string_view subtree_code) override {
    CodeRange range = SubtreeRange(subtree_code);
    // Children before parents, and residents (with their history) first.
    const char* kSteps[] = {
        R"(DELETE FROM resident WHERE synthetic = 1 AND id IN
             (SELECT resident_id FROM resident_version WHERE unit_code >= ?1 AND unit_code < ?2))",
        R"(DELETE FROM household WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2)",
        R"(DELETE FROM building WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2)",
        R"(DELETE FROM facility WHERE synthetic = 1 AND unit_code >= ?1 AND unit_code < ?2)",
        R"(DELETE FROM unit WHERE synthetic = 1 AND code >= ?1 AND code < ?2)",
    };
    for (const char* sql : kSteps) {
      ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(sql));
      s.Bind(1, range.lower).Bind(2, range.upper);
      Status status = s.Run();
      if (!status.ok()) {
        return status.WithContext("cannot remove synthetic records under " +
                                  std::string(subtree_code));
      }
    }
    return OkStatus();
  }

  // ---- Accounts, sessions, audit ----

  StatusOr<std::optional<UserRow>> FindUser(std::string_view username) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare(std::string(kSelectUser) + " WHERE username = ?1 COLLATE NOCASE"));
    s.Bind(1, username);
    return OneUser(s);
  }

  StatusOr<std::optional<UserRow>> UserById(int64_t id) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectUser) + " WHERE id = ?1"));
    s.Bind(1, id);
    return OneUser(s);
  }

  StatusOr<std::vector<UserRow>> ListUsers() override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare(std::string(kSelectUser) + " ORDER BY username COLLATE NOCASE"));
    std::vector<UserRow> users;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(std::optional<UserRow> user, OneUser(s));
      if (!user) break;
      users.push_back(*std::move(user));
    }
    return users;
  }

  StatusOr<std::optional<SessionRow>> FindSession(std::string_view token_hash) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("SELECT token_hash, user_id, created_at, expires_at, "
                                   "last_seen_at FROM session WHERE token_hash = ?1"));
    s.BindBlob(1, token_hash);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<SessionRow>();
    SessionRow session;
    session.token_hash = s.Blob(0);
    session.user_id = s.Int(1);
    session.created_at = FromUnixSeconds(s.Int(2));
    session.expires_at = FromUnixSeconds(s.Int(3));
    session.last_seen_at = FromUnixSeconds(s.Int(4));
    s.Reset();
    return std::optional<SessionRow>(std::move(session));
  }

  StatusOr<AuditPage> QueryAudit(const AuditQuery& query) override {
    if (query.limit < 0 || query.offset < 0) {
      return OutOfRangeError("audit page: limit and offset must not be negative");
    }
    // Unused conditions compare a parameter with itself, so that one cached
    // statement serves every combination of filters.
    std::string where =
        " WHERE (?1 = '' OR username = ?1 COLLATE NOCASE) AND (?2 = '' OR action = ?2) AND "
        "(?3 = '' OR object = ?3) AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5) AND "
        "(?8 = '' OR ?8 = '0' OR substr(scope_unit, 1, length(?8)) = ?8)";
    auto bind = [&](Statement& s) {
      s.Bind(1, query.username).Bind(2, query.action).Bind(3, query.object);
      std::optional<std::string> from, to;
      if (query.from) from = IsoTimestamp(*query.from);
      if (query.to) to = IsoTimestamp(*query.to);
      s.Bind(4, from).Bind(5, to).Bind(8, query.scope_unit);
    };
    AuditPage page;
    {
      ALLEY_ASSIGN_OR_RETURN(Statement count, Prepare("SELECT count(*) FROM audit_log" + where));
      bind(count);
      ALLEY_ASSIGN_OR_RETURN(bool row, count.Step());
      page.total = row ? count.Int(0) : 0;
      count.Reset();
    }
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectAudit) + where +
                                                " ORDER BY id DESC LIMIT ?6 OFFSET ?7"));
    bind(s);
    s.Bind(6, query.limit).Bind(7, query.offset);
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      ALLEY_ASSIGN_OR_RETURN(AuditRow row, ReadAudit(s));
      page.items.push_back(std::move(row));
    }
    return page;
  }

  StatusOr<AuditChainCheck> VerifyAuditChain() override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(std::string(kSelectAudit) + " ORDER BY id"));
    AuditChainCheck check;
    std::string previous(kAuditHashBytes, '\0');
    int64_t previous_id = 0;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      StatusOr<AuditRow> row = ReadAudit(s);
      if (!row.ok()) {
        check.broken_at = s.Int(0);
        check.problem = row.status().message();
        break;
      }
      ++check.rows;
      if (row->id != previous_id + 1) {
        check.broken_at = row->id;
        check.problem = "follows row " + std::to_string(previous_id) + ": rows are missing";
      } else if (row->prev_hash != previous) {
        check.broken_at = row->id;
        check.problem = "its link to the row before does not match: a row was removed or changed";
      } else if (row->hash != cipher_.ChainHash(previous, AuditPayload(*row))) {
        check.broken_at = row->id;
        check.problem = "its contents do not match its hash: it was changed outside Alley";
      }
      if (check.broken_at) break;
      previous = row->hash;
      previous_id = row->id;
    }
    s.Reset();
    return check;
  }

  StatusOr<int64_t> InsertUser(const UserRow& u) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO app_user (username, display_name, role, unit_code, password_hash, "
                "disabled, failed_logins, locked_until, created_at, password_changed_at) VALUES "
                "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    std::optional<int64_t> locked;
    if (u.locked_until) locked = UnixSeconds(*u.locked_until);
    s.Bind(1, u.username)
        .Bind(2, u.display_name)
        .Bind(3, u.role)
        .Bind(4, u.unit_code)
        .Bind(5, u.password_hash)
        .Bind(6, u.disabled)
        .Bind(7, u.failed_logins)
        .Bind(8, locked)
        .Bind(9, UnixSeconds(u.created_at))
        .Bind(10, UnixSeconds(u.password_changed_at));
    Status status = s.Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("user " + u.username + " already exists");
    }
    if (status.code() == StatusCode::kFailedPrecondition) {
      return FailedPreconditionError("user " + u.username + ": unit " + u.unit_code +
                                     " does not exist");
    }
    ALLEY_RETURN_IF_ERROR(status);
    return sqlite3_last_insert_rowid(db_);
  }

  Status UpdateUser(const UserRow& u) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("UPDATE app_user SET display_name = ?2, role = ?3, unit_code = ?4, "
                "password_hash = ?5, disabled = ?6, failed_logins = ?7, locked_until = ?8, "
                "password_changed_at = ?9 WHERE id = ?1"));
    std::optional<int64_t> locked;
    if (u.locked_until) locked = UnixSeconds(*u.locked_until);
    s.Bind(1, u.id)
        .Bind(2, u.display_name)
        .Bind(3, u.role)
        .Bind(4, u.unit_code)
        .Bind(5, u.password_hash)
        .Bind(6, u.disabled)
        .Bind(7, u.failed_logins)
        .Bind(8, locked)
        .Bind(9, UnixSeconds(u.password_changed_at));
    Status status = s.Run();
    if (status.code() == StatusCode::kFailedPrecondition) {
      return FailedPreconditionError("user " + u.username + ": unit " + u.unit_code +
                                     " does not exist");
    }
    ALLEY_RETURN_IF_ERROR(status);
    if (sqlite3_changes(db_) == 0) return NotFoundError("user " + std::to_string(u.id));
    return OkStatus();
  }

  Status InsertSession(const SessionRow& session) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("INSERT INTO session (token_hash, user_id, created_at, "
                                   "expires_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
    s.BindBlob(1, session.token_hash)
        .Bind(2, session.user_id)
        .Bind(3, UnixSeconds(session.created_at))
        .Bind(4, UnixSeconds(session.expires_at))
        .Bind(5, UnixSeconds(session.last_seen_at));
    return s.Run();
  }

  Status TouchSession(std::string_view token_hash, Timestamp last_seen_at) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s,
                           Prepare("UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1"));
    s.BindBlob(1, token_hash).Bind(2, UnixSeconds(last_seen_at));
    return s.Run();
  }

  Status DeleteSession(std::string_view token_hash) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare("DELETE FROM session WHERE token_hash = ?1"));
    s.BindBlob(1, token_hash);
    return s.Run();
  }

  Status DeleteSessionsOf(int64_t user_id) override {
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare("DELETE FROM session WHERE user_id = ?1"));
    s.Bind(1, user_id);
    return s.Run();
  }

  Status DeleteStaleSessions(Timestamp now, Timestamp idle_since) override {
    ALLEY_ASSIGN_OR_RETURN(
        Statement s, Prepare("DELETE FROM session WHERE expires_at <= ?1 OR last_seen_at < ?2"));
    s.Bind(1, UnixSeconds(now)).Bind(2, UnixSeconds(idle_since));
    return s.Run();
  }

  StatusOr<AuditRow> AppendAudit(const AuditRow& input) override {
    if (input.action.empty()) return InvalidArgumentError("audit record: action is required");
    if (input.username.empty()) return InvalidArgumentError("audit record: username is required");
    AuditRow row = input;
    ALLEY_ASSIGN_OR_RETURN(Statement last,
                           Prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"));
    ALLEY_ASSIGN_OR_RETURN(bool has_last, last.Step());
    row.id = has_last ? last.Int(0) + 1 : 1;
    row.prev_hash = has_last ? last.Blob(1) : std::string(kAuditHashBytes, '\0');
    last.Reset();
    row.hash = cipher_.ChainHash(row.prev_hash, AuditPayload(row));
    ALLEY_ASSIGN_OR_RETURN(
        Statement s,
        Prepare("INSERT INTO audit_log (id, at, username, role, scope_unit, action, object, "
                "records, reason, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                "?8, ?9, ?10, ?11, ?12)"));
    s.Bind(1, row.id)
        .Bind(2, IsoTimestamp(row.at))
        .Bind(3, row.username)
        .Bind(4, row.role)
        .Bind(5, row.scope_unit)
        .Bind(6, row.action)
        .Bind(7, row.object)
        .Bind(8, row.records)
        .Bind(9, row.reason)
        .Bind(10, row.detail)
        .BindBlob(11, row.prev_hash)
        .BindBlob(12, row.hash);
    ALLEY_RETURN_IF_ERROR(s.Run().WithContext("audit record"));
    return row;
  }

 private:
  static constexpr const char* kSelectUser =
      "SELECT id, username, display_name, role, unit_code, password_hash, disabled, "
      "failed_logins, locked_until, created_at, password_changed_at FROM app_user";
  static constexpr const char* kSelectAudit =
      "SELECT id, at, username, role, scope_unit, action, object, records, reason, detail, "
      "prev_hash, hash FROM audit_log";

  // The next user of `s` (kSelectUser), or nullopt when there is none.
  StatusOr<std::optional<UserRow>> OneUser(Statement& s) {
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<UserRow>();
    UserRow u;
    u.id = s.Int(0);
    u.username = s.Text(1);
    u.display_name = s.Text(2);
    u.role = s.Text(3);
    u.unit_code = s.Text(4);
    u.password_hash = s.Text(5);
    u.disabled = s.Int(6) != 0;
    u.failed_logins = static_cast<int>(s.Int(7));
    if (!s.IsNull(8)) u.locked_until = FromUnixSeconds(s.Int(8));
    u.created_at = FromUnixSeconds(s.Int(9));
    u.password_changed_at = FromUnixSeconds(s.Int(10));
    return std::optional<UserRow>(std::move(u));
  }

  StatusOr<AuditRow> ReadAudit(const Statement& s) {
    AuditRow row;
    row.id = s.Int(0);
    ALLEY_ASSIGN_OR_RETURN(row.at, ParseIsoTimestamp(s.Text(1)));
    row.username = s.Text(2);
    row.role = s.Text(3);
    row.scope_unit = s.Text(4);
    row.action = s.Text(5);
    row.object = s.Text(6);
    row.records = s.Text(7);
    row.reason = s.Text(8);
    row.detail = s.Text(9);
    row.prev_hash = s.Blob(10);
    row.hash = s.Blob(11);
    return row;
  }

  static constexpr const char* kSelectUnit =
      "SELECT code, parent_code, level, name, settlement, source, synthetic, lat, lon FROM unit";
  static constexpr const char* kSelectVersion =
      "SELECT resident_id, valid_from, change, status, name, phone_enc, phone_masked, "
      "community_code, unit_code, household_id, relation, building, entrance, room, "
      "registration, tags, employment, insurance, note FROM resident_version";
  static constexpr const char* kSelectHousehold =
      "SELECT id, community_code, number, unit_code, building, entrance, room, synthetic, "
      "version, dissolved_on FROM household";
  // The columns ReadIdentity reads, from a query over `resident r`.
  static constexpr const char* kSelectIdentity =
      "SELECT r.id, r.id_number_enc, r.id_number_masked, r.sex, r.birth_date, r.synthetic";
  static constexpr int kIdentityColumns = 6;
  // The columns ReadVersion reads, from a query over `resident_version v`.
  static constexpr const char* kVersionColumns =
      "v.resident_id, v.valid_from, v.change, v.status, v.name, v.phone_enc, v.phone_masked, "
      "v.community_code, v.unit_code, v.household_id, v.relation, v.building, v.entrance, "
      "v.room, v.registration, v.tags, v.employment, v.insurance, v.note";
  static constexpr int kVersionColumnCount = 19;
  // The columns ReadFacility reads, from a query over `facility f`.
  static constexpr const char* kSelectFacility =
      "SELECT f.id, f.unit_code, f.type, f.name, f.lat, f.lon, f.capacity, f.staff, f.synthetic, "
      "f.version, f.closed_on";
  static constexpr int kFacilityColumns = 11;

  // A cached statement, reset and with bindings cleared.
  StatusOr<Statement> Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "cannot prepare statement");
      it = cache_.emplace(sql, stmt).first;
    }
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Statement(db_, it->second);
  }
  StatusOr<Statement> Prepare(const char* sql) { return Prepare(std::string(sql)); }

  // The count(*) that `sql` returns. Outside a write it is remembered while
  // the database stays unchanged, so that the pages of one list, and the same
  // list asked again, count once: a list's total costs a scan of its index
  // range. PRAGMA data_version is read inside the read transaction, so a
  // remembered total always belongs to the snapshot being read.
  StatusOr<int64_t> CountRows(const std::string& sql, const SqlArgs& args) {
    std::string key;
    if (!in_write_) {
      ALLEY_ASSIGN_OR_RETURN(Statement version, Prepare("PRAGMA data_version"));
      ALLEY_ASSIGN_OR_RETURN(bool has_version, version.Step());
      int64_t data_version = has_version ? version.Int(0) : -1;
      version.Reset();
      if (data_version != counts_.data_version || own_writes_ != counts_.own_writes) {
        counts_.totals.clear();
        counts_.data_version = data_version;
        counts_.own_writes = own_writes_;
      }
      key = sql;
      key += '\0';
      key += args.Key();
      if (auto it = counts_.totals.find(key); it != counts_.totals.end()) return it->second;
    }
    ALLEY_ASSIGN_OR_RETURN(Statement s, Prepare(sql));
    args.BindTo(s);
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    int64_t total = row ? s.Int(0) : 0;
    s.Reset();
    if (!in_write_) {
      if (counts_.totals.size() >= kMaxRememberedCounts) counts_.totals.clear();
      counts_.totals.emplace(std::move(key), total);
    }
    return total;
  }

  // Ends every cursor left open, so that no statement outlives its transaction.
  void ResetAll() {
    for (auto& [sql, stmt] : cache_) {
      if (sqlite3_stmt_busy(stmt)) sqlite3_reset(stmt);
    }
  }

  StatusOr<std::vector<UnitRow>> CollectUnits(Statement& s) {
    std::vector<UnitRow> rows;
    while (true) {
      ALLEY_ASSIGN_OR_RETURN(bool has_row, s.Step());
      if (!has_row) break;
      UnitRow u;
      ALLEY_RETURN_IF_ERROR(ReadUnit(s, u));
      rows.push_back(std::move(u));
    }
    return rows;
  }

  // Reads kSelectUnit's nine columns, from the first.
  static Status ReadUnit(const Statement& s, UnitRow& u) {
    u.code = s.Text(0);
    u.parent_code = s.Text(1);
    int64_t level = s.Int(2);
    if (level < 0 || level > static_cast<int64_t>(core::UnitLevel::kGrid)) {
      return DataLossError("unit " + u.code + " has level " + std::to_string(level));
    }
    u.level = static_cast<core::UnitLevel>(level);
    u.name = s.Text(3);
    u.settlement = s.Text(4);
    u.source = s.Text(5);
    u.synthetic = s.Int(6) != 0;
    u.lat = s.OptDouble(7);
    u.lon = s.OptDouble(8);
    return OkStatus();
  }

  // Reads kSelectHousehold's ten columns from `first`.
  static Status ReadHousehold(const Statement& s, int first, HouseholdRow& h) {
    int c = first;
    h.id = s.Int(c++);
    h.community_code = s.Text(c++);
    h.number = s.Text(c++);
    h.unit_code = s.Text(c++);
    h.building = s.Text(c++);
    h.entrance = s.Text(c++);
    h.room = s.Text(c++);
    h.synthetic = s.Int(c++) != 0;
    h.version = s.Int(c++);
    ALLEY_ASSIGN_OR_RETURN(h.dissolved_on, ColumnOptDate(s, c++));
    return OkStatus();
  }

  // Reads kSelectFacility's kFacilityColumns columns from `first`.
  static Status ReadFacility(const Statement& s, int first, FacilityRow& f) {
    int c = first;
    f.id = s.Int(c++);
    f.unit_code = s.Text(c++);
    f.type = s.Text(c++);
    f.name = s.Text(c++);
    f.lat = s.OptDouble(c++);
    f.lon = s.OptDouble(c++);
    f.capacity = static_cast<int>(s.Int(c++));
    f.staff = static_cast<int>(s.Int(c++));
    f.synthetic = s.Int(c++) != 0;
    f.version = s.Int(c++);
    ALLEY_ASSIGN_OR_RETURN(f.closed_on, ColumnOptDate(s, c++));
    return OkStatus();
  }

  // Binds unit, type, name, lat, lon, capacity, staff, synthetic as ?1..?8.
  static void BindFacility(Statement& s, const FacilityRow& f) {
    s.Bind(1, f.unit_code)
        .Bind(2, f.type)
        .Bind(3, f.name)
        .Bind(4, f.lat)
        .Bind(5, f.lon)
        .Bind(6, f.capacity)
        .Bind(7, f.staff)
        .Bind(8, f.synthetic);
  }

  StatusOr<std::optional<HouseholdRow>> OneHousehold(Statement& s) {
    ALLEY_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<HouseholdRow>();
    HouseholdRow h;
    ALLEY_RETURN_IF_ERROR(ReadHousehold(s, 0, h));
    return std::optional<HouseholdRow>(std::move(h));
  }

  // Reads kSelectIdentity's columns from `first` into `identity` (reused
  // across rows); the ID number in clear only when `decrypt`.
  Status ReadIdentity(const Statement& s, int first, bool decrypt, ResidentIdentity& identity) {
    int c = first;
    identity.id = s.Int(c++);
    if (decrypt) {
      StatusOr<std::string> clear = cipher_.Decrypt(s.Blob(c), kIdNumberColumn);
      if (!clear.ok()) return clear.status().WithContext("resident " + std::to_string(identity.id));
      identity.id_number = *std::move(clear);
    } else {
      identity.id_number.clear();
    }
    ++c;
    identity.id_number_masked = s.Text(c++);
    identity.sex = s.Text(c++);
    ALLEY_ASSIGN_OR_RETURN(identity.birth_date, ColumnDate(s, c++));
    identity.synthetic = s.Int(c++) != 0;
    return OkStatus();
  }

  StatusOr<ResidentVersion> ReadVersion(const Statement& s, int first, bool decrypt) {
    ResidentVersion v;
    int c = first;
    v.resident_id = s.Int(c++);
    ALLEY_ASSIGN_OR_RETURN(v.valid_from, ColumnDate(s, c++));
    v.change = s.Text(c++);
    v.status = s.Text(c++);
    v.name = s.Text(c++);
    if (decrypt && !s.IsNull(c)) {
      StatusOr<std::string> clear = cipher_.Decrypt(s.Blob(c), kPhoneColumn);
      if (!clear.ok()) {
        return clear.status().WithContext("resident " + std::to_string(v.resident_id));
      }
      v.phone = *std::move(clear);
    }
    ++c;
    v.phone_masked = s.Text(c++);
    v.community_code = s.Text(c++);
    v.unit_code = s.Text(c++);
    v.household_id = s.OptInt(c++);
    v.relation = s.Text(c++);
    v.building = s.Text(c++);
    v.entrance = s.Text(c++);
    v.room = s.Text(c++);
    v.registration = s.Text(c++);
    v.tags = static_cast<uint32_t>(s.Int(c++));
    v.employment = s.Text(c++);
    v.insurance = s.Text(c++);
    v.note = s.Text(c++);
    return v;
  }

  sqlite3* db_;
  int version_;
  PersonalDataCipher cipher_;
  std::shared_ptr<WriterSlot> writer_;  // WriterSlotFor
  Runner runner_{*this};
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;

  // The totals of list queries (CountRows), valid for one state of the
  // database: PRAGMA data_version counts the commits of other connections,
  // own_writes_ this one's.
  struct RememberedCounts {
    int64_t data_version = -1;
    int64_t own_writes = -1;
    std::unordered_map<std::string, int64_t> totals;
  };
  static constexpr size_t kMaxRememberedCounts = 256;
  RememberedCounts counts_;
  int64_t own_writes_ = 0;
  bool in_write_ = false;
};

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

StatusOr<int> QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, sql);
  rc = sqlite3_step(stmt);
  int value = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteError(db, rc, sql);
  return value;
}

Status ExecRaw(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return SqliteError(nullptr, rc, message);
  }
  return OkStatus();
}

// The meta key under which a keyed check value of the master key is kept.
constexpr const char* kKeyCheckMeta = "key_check";

// Refuses, before anything is written or a key file created, another
// application's SQLite file and a database from a newer Alley.
Status CheckDatabase(sqlite3* db, const std::string& path,
                     const std::vector<Migration>& migrations) {
  ALLEY_ASSIGN_OR_RETURN(int application_id, QueryInt(db, "PRAGMA application_id"));
  ALLEY_ASSIGN_OR_RETURN(int current, QueryInt(db, "PRAGMA user_version"));
  ALLEY_ASSIGN_OR_RETURN(int tables, QueryInt(db, "SELECT count(*) FROM sqlite_schema"));
  if (application_id != kApplicationId && (application_id != 0 || tables > 0)) {
    return FailedPreconditionError(path + " is a SQLite database, but not Alley's");
  }
  int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return FailedPreconditionError(path + " has schema version " + std::to_string(current) +
                                   ", newer than this alley understands (" +
                                   std::to_string(latest) + "); use a newer alley");
  }
  return OkStatus();
}

StatusOr<bool> HasMetaTable(sqlite3* db) {
  ALLEY_ASSIGN_OR_RETURN(
      int n,
      QueryInt(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'"));
  return n > 0;
}

// The key check stored in meta, or nullopt (no meta table yet, or a database
// from before encryption).
StatusOr<std::optional<std::string>> StoredKeyCheck(sqlite3* db) {
  ALLEY_ASSIGN_OR_RETURN(bool has_meta, HasMetaTable(db));
  if (!has_meta) return std::optional<std::string>();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "cannot read the key check");
  sqlite3_bind_text(stmt, 1, kKeyCheckMeta, -1, SQLITE_STATIC);
  rc = sqlite3_step(stmt);
  std::optional<std::string> value;
  if (rc == SQLITE_ROW) {
    value = std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                        static_cast<size_t>(sqlite3_column_bytes(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return SqliteError(db, rc, "cannot read the key check");
  return value;
}

// Records the key's check value unless one is there (the meta table must exist).
Status EnsureKeyCheck(sqlite3* db, const PersonalDataCipher& cipher) {
  return ExecRaw(db, std::string("INSERT INTO meta (key, value) VALUES ('") + kKeyCheckMeta +
                         "', '" + cipher.KeyCheck() + "') ON CONFLICT (key) DO NOTHING");
}

bool IsInMemory(const std::string& path) { return path.empty() || path == ":memory:"; }

// The master key for the database at `path` (StoreOptions, store.h).
StatusOr<MasterKey> ResolveKey(const std::string& path, const StoreOptions& options,
                               bool holds_encrypted_data) {
  if (options.key.has_value()) return *options.key;
  if (IsInMemory(path)) return MasterKey::Generate();  // nothing outlives the connection
  for (int attempt = 0; attempt < 2; ++attempt) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<FoundKey> found, FindKey(path));
    if (found.has_value()) return found->key;
    std::string key_file = KeyFilePathFor(path);
    if (holds_encrypted_data) {
      return FailedPreconditionError(
          path + " holds encrypted personal data, but no key was found: restore its key file " +
          key_file + " from your backup, or give the key in $" + kKeyEnv + " or the key file in $" +
          kKeyFileEnv);
    }
    if (!options.create_key_file) {
      return FailedPreconditionError("no key for " + path + " (looked for " + key_file +
                                     "): run `alley init` to create one");
    }
    MasterKey key = MasterKey::Generate();
    Status written = WriteKeyFile(key_file, key);
    if (written.ok()) return key;
    // Another process created it in the meantime: use that one.
    if (written.code() != StatusCode::kAlreadyExists) return written;
  }
  return UnavailableError("key file " + KeyFilePathFor(path) + " appeared but cannot be read");
}

Status Migrate(sqlite3* db, const std::string& path, const std::vector<Migration>& migrations,
               const PersonalDataCipher& cipher, int* version) {
  ALLEY_ASSIGN_OR_RETURN(int current, QueryInt(db, "PRAGMA user_version"));
  bool rewrote_rows = false;
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    // Foreign keys cannot be switched inside a transaction; a step that
    // rebuilds a table needs them off, and checks them before it commits.
    ALLEY_RETURN_IF_ERROR(ExecRaw(db, "PRAGMA foreign_keys = OFF"));
    if (m.code != nullptr) {
      // Freed pages are zeroed, so the plaintext a step replaces is not left behind.
      ALLEY_RETURN_IF_ERROR(ExecRaw(db, "PRAGMA secure_delete = ON"));
    }
    Status status = ExecRaw(db, "BEGIN IMMEDIATE");
    if (status.ok()) {
      // Another process may have migrated while this one waited for the lock.
      StatusOr<int> now = QueryInt(db, "PRAGMA user_version");
      status = now.status();
      if (status.ok() && *now < m.version) {
        status = ExecRaw(db, std::string(m.sql));
        if (status.ok() && m.code != nullptr) {
          MigrationContext context{db, cipher};
          status = m.code(context);
          rewrote_rows = true;
        }
        if (status.ok()) {
          StatusOr<int> broken = QueryInt(db, "SELECT count(*) FROM pragma_foreign_key_check");
          status = broken.status();
          if (status.ok() && *broken > 0) {
            status = FailedPreconditionError(std::to_string(*broken) +
                                             " rows would break a foreign key");
          }
        }
        if (status.ok()) {
          StatusOr<bool> has_meta = HasMetaTable(db);
          status = has_meta.status();
          if (status.ok() && *has_meta) status = EnsureKeyCheck(db, cipher);
        }
        if (status.ok()) {
          status = ExecRaw(db, "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                   "; PRAGMA user_version = " + std::to_string(m.version));
        }
      }
      if (status.ok()) {
        status = ExecRaw(db, "COMMIT");
      } else {
        (void)ExecRaw(db, "ROLLBACK");
      }
    }
    Status restore = ExecRaw(db, "PRAGMA foreign_keys = ON; PRAGMA secure_delete = OFF");
    if (!status.ok()) {
      return status.WithContext("migration " + std::to_string(m.version) + " (" +
                                std::string(m.description) + ")");
    }
    ALLEY_RETURN_IF_ERROR(restore);
  }
  if (rewrote_rows) {
    // Rebuild the file and empty the WAL: no page of the old plaintext survives.
    ALLEY_RETURN_IF_ERROR(ExecRaw(db, "VACUUM").WithContext("after migrating " + path));
    ALLEY_RETURN_IF_ERROR(
        ExecRaw(db, "PRAGMA wal_checkpoint(TRUNCATE)").WithContext("after migrating " + path));
  }
  ALLEY_ASSIGN_OR_RETURN(*version, QueryInt(db, "PRAGMA user_version"));
  return OkStatus();
}

std::shared_ptr<WriterSlot> WriterSlotFor(const std::string& path) {
  if (path.empty() || path == ":memory:") return std::make_shared<WriterSlot>();
  static std::mutex registry_mutex;
  static auto* slots = new std::map<std::string, std::weak_ptr<WriterSlot>>();
  std::lock_guard<std::mutex> lock(registry_mutex);
  std::shared_ptr<WriterSlot> slot = (*slots)[path].lock();
  if (!slot) {
    slot = std::make_shared<WriterSlot>();
    slot->path = path;
    (*slots)[path] = slot;
  }
  return slot;
}

// The connection settings of every connection (the page cache: 64 MiB, a
// negative cache_size being in KiB, so that the national import's indexes
// stay in memory: 16 s -> 12 s for 665,276 units).
// (Memory-mapped reads, PRAGMA mmap_size, were measured and left off: a
// database that grows with every commit is remapped again and again, and
// the server's threads pay in TLB shootdowns: API reads 9,046 -> 6,248
// requests/s, writes 2,017 -> 1,511; docs/benchmarks.md.)
StatusOr<std::unique_ptr<sqlite3, DbCloser>> OpenConnection(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  if (rc != SQLITE_OK) return SqliteError(raw, rc, "cannot open " + path);
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  ALLEY_RETURN_IF_ERROR(ExecRaw(db.get(),
                                "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
                                "PRAGMA cache_size = -65536"));
  return db;
}

StatusOr<std::unique_ptr<SqliteStore>> OpenWriterConnection(const std::string& path, int version,
                                                            const PersonalDataCipher& cipher) {
  StatusOr<std::unique_ptr<sqlite3, DbCloser>> db = OpenConnection(path);
  if (!db.ok()) return db.status().WithContext("the writer's connection to " + path);
  return std::make_unique<SqliteStore>(db->release(), version, cipher, nullptr);
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const std::vector<Migration>& migrations) {
  return OpenSqliteStore(path, migrations, StoreOptions());
}

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                                 const std::vector<Migration>& migrations,
                                                 const StoreOptions& options) {
  // The first read tells whether this is a database at all.
  StatusOr<std::unique_ptr<sqlite3, DbCloser>> opened = OpenConnection(path);
  Status status = opened.status();
  std::unique_ptr<sqlite3, DbCloser> db;
  if (opened.ok()) db = *std::move(opened);
  if (status.ok()) {
    StatusOr<int> schema = QueryInt(db.get(), "SELECT count(*) FROM sqlite_schema");
    status = schema.status();
  }
  if (!status.ok()) {
    if (status.code() == StatusCode::kDataLoss) {
      return DataLossError(path + " is not a SQLite database or is corrupt");
    }
    return status.WithContext(path);
  }
  ALLEY_RETURN_IF_ERROR(CheckDatabase(db.get(), path, migrations));
  ALLEY_RETURN_IF_ERROR(ExecRaw(db.get(), "PRAGMA journal_mode = WAL").WithContext(path));
  ALLEY_ASSIGN_OR_RETURN(std::optional<std::string> stored_check, StoredKeyCheck(db.get()));
  ALLEY_ASSIGN_OR_RETURN(MasterKey key, ResolveKey(path, options, stored_check.has_value()));
  PersonalDataCipher cipher(key);
  if (stored_check.has_value() && *stored_check != cipher.KeyCheck()) {
    return FailedPreconditionError(path + " was encrypted with another key than the one given (" +
                                   (options.key.has_value()
                                        ? std::string("by the caller")
                                        : KeyFilePathFor(path) + " or $" + kKeyEnv) +
                                   "): use the key that belongs to this database");
  }
  int version = 0;
  ALLEY_RETURN_IF_ERROR(Migrate(db.get(), path, migrations, cipher, &version));
  if (!stored_check.has_value()) {
    ALLEY_ASSIGN_OR_RETURN(bool has_meta, HasMetaTable(db.get()));
    if (has_meta) ALLEY_RETURN_IF_ERROR(EnsureKeyCheck(db.get(), cipher).WithContext(path));
  }
  // The file's canonical name, so that two spellings of one path share a turn.
  std::error_code ec;
  std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  if (ec || path == ":memory:") canonical = path;
  return std::unique_ptr<Store>(
      new SqliteStore(db.release(), version, cipher, WriterSlotFor(canonical)));
}

StatusOr<std::unique_ptr<Store>> OpenStore(std::string_view location) {
  return OpenStore(location, StoreOptions());
}

StatusOr<std::unique_ptr<Store>> OpenStore(std::string_view location, const StoreOptions& options) {
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    return UnavailableError("the PostgreSQL store is not built into this alley yet");
  }
  if (location.empty()) return InvalidArgumentError("empty database path");
  return OpenSqliteStore(std::string(location), SqliteMigrations(), options);
}

}  // namespace alley::store
