#include "store/timebank_store.h"

#include <map>
#include <string>
#include <utility>

#include "store/sql.h"
#include "store/stored_dates.h"

namespace alley::store {

namespace {

using internal::OptionalDateValue;
using internal::ReadDate;
using internal::ReadOptionalDate;

constexpr std::string_view kBankColumns =
    "SELECT id, community_code, opened_on, max_minutes_per_service, allow_family_transfer, "
    "max_transfer_minutes_per_year, receiver_must_be_relative, receiver_must_share_household, "
    "receiver_must_be_elderly, receiver_min_age, synthetic FROM timebank ";

Status ReadBank(const sql::Row& row, TimeBankRow& b) {
  int i = 0;
  b.id = row.Int(i++);
  b.community_code = row.Text(i++);
  ALLEY_RETURN_IF_ERROR(ReadDate(row, i++, "timebank.opened_on", b.opened_on));
  b.max_minutes_per_service = row.Int(i++);
  b.allow_family_transfer = row.Int(i++) != 0;
  b.max_transfer_minutes_per_year = row.Int(i++);
  b.receiver_must_be_relative = row.Int(i++) != 0;
  b.receiver_must_share_household = row.Int(i++) != 0;
  b.receiver_must_be_elderly = row.Int(i++) != 0;
  b.receiver_min_age = static_cast<int>(row.Int(i++));
  b.synthetic = row.Int(i++) != 0;
  return OkStatus();
}

constexpr std::string_view kAccountColumns =
    "SELECT a.id, a.community_code, a.kind, a.resident_id, a.opened_on, a.closed_on, a.synthetic, "
    "coalesce((SELECT v.name FROM resident_version v WHERE v.resident_id = a.resident_id ORDER BY "
    "v.valid_from DESC, v.id DESC LIMIT 1), '') FROM timebank_account a ";

Status ReadAccount(const sql::Row& row, TimeBankAccountRow& a) {
  int i = 0;
  a.id = row.Int(i++);
  a.community_code = row.Text(i++);
  a.kind = row.Text(i++);
  a.resident_id = row.OptionalInt(i++);
  ALLEY_RETURN_IF_ERROR(ReadDate(row, i++, "timebank_account.opened_on", a.opened_on));
  ALLEY_RETURN_IF_ERROR(ReadOptionalDate(row, i++, "timebank_account.closed_on", a.closed_on));
  a.synthetic = row.Int(i++) != 0;
  a.holder_name = row.Text(i++);
  return OkStatus();
}

StatusOr<std::vector<TimeBankAccountRow>> Accounts(Reader& r, std::string_view where,
                                                   std::initializer_list<sql::Value> args) {
  std::vector<TimeBankAccountRow> accounts;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(std::string(kAccountColumns) + std::string(where),
                                               args, [&](const sql::Row& row) -> Status {
                                                 TimeBankAccountRow a;
                                                 ALLEY_RETURN_IF_ERROR(ReadAccount(row, a));
                                                 accounts.push_back(std::move(a));
                                                 return OkStatus();
                                               }));
  return accounts;
}

std::optional<bool> OptionalBool(const sql::Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column) != 0;
}

sql::Value BoolValue(const std::optional<bool>& b) {
  if (!b) return std::monostate();
  return static_cast<int64_t>(*b);
}

}  // namespace

StatusOr<std::optional<TimeBankRow>> FindTimeBank(Reader& r, std::string_view community_code) {
  std::optional<TimeBankRow> found;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query(std::string(kBankColumns) + "WHERE community_code = ?1",
                             {std::string(community_code)}, [&](const sql::Row& row) -> Status {
                               TimeBankRow b;
                               ALLEY_RETURN_IF_ERROR(ReadBank(row, b));
                               found = std::move(b);
                               return OkStatus();
                             }));
  return found;
}

StatusOr<std::vector<TimeBankRow>> TimeBanksIn(Reader& r, std::string_view subtree_code) {
  const sql::CodeRange range = sql::SubtreeRange(subtree_code);
  std::vector<TimeBankRow> banks;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      std::string(kBankColumns) +
          "WHERE community_code >= ?1 AND community_code < ?2 ORDER BY community_code",
      {range.lower, range.upper}, [&](const sql::Row& row) -> Status {
        TimeBankRow b;
        ALLEY_RETURN_IF_ERROR(ReadBank(row, b));
        banks.push_back(std::move(b));
        return OkStatus();
      }));
  return banks;
}

StatusOr<int64_t> InsertTimeBank(Writer& w, const TimeBankRow& b) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<TimeBankRow> existing, FindTimeBank(w, b.community_code));
  if (existing) {
    return AlreadyExistsError("community " + b.community_code + " already has a time bank");
  }
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO timebank (community_code, opened_on, max_minutes_per_service, "
      "allow_family_transfer, max_transfer_minutes_per_year, receiver_must_be_relative, "
      "receiver_must_share_household, receiver_must_be_elderly, receiver_min_age, synthetic) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
      {b.community_code, b.opened_on.ToString(), b.max_minutes_per_service,
       static_cast<int64_t>(b.allow_family_transfer), b.max_transfer_minutes_per_year,
       static_cast<int64_t>(b.receiver_must_be_relative),
       static_cast<int64_t>(b.receiver_must_share_household),
       static_cast<int64_t>(b.receiver_must_be_elderly), int64_t{b.receiver_min_age},
       static_cast<int64_t>(b.synthetic)},
      "id of the new time bank");
}

StatusOr<int64_t> InsertTimeBankAccount(Writer& w, const TimeBankAccountRow& a) {
  if (a.kind == "issuance") {
    ALLEY_ASSIGN_OR_RETURN(
        std::vector<TimeBankAccountRow> issuance,
        Accounts(w, "WHERE a.community_code = ?1 AND a.kind = 'issuance'", {a.community_code}));
    if (!issuance.empty()) {
      return AlreadyExistsError("the time bank of " + a.community_code +
                                " already has its issuance account");
    }
  } else if (a.resident_id) {
    ALLEY_ASSIGN_OR_RETURN(std::optional<TimeBankAccountRow> open,
                           TimeBankAccountOfResident(w, a.community_code, *a.resident_id));
    if (open) {
      return AlreadyExistsError("resident " + std::to_string(*a.resident_id) +
                                " already holds account " + std::to_string(open->id) +
                                " in the time bank of " + a.community_code);
    }
  }
  return sql::RunnerOf(w).QueryInt(
      "INSERT INTO timebank_account (community_code, kind, resident_id, opened_on, closed_on, "
      "synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
      {a.community_code, a.kind, sql::Nullable(a.resident_id), a.opened_on.ToString(),
       OptionalDateValue(a.closed_on), static_cast<int64_t>(a.synthetic)},
      "id of the new account");
}

Status MoveTimeBankAccountOpening(Writer& w, int64_t account_id, core::Date opened_on) {
  ALLEY_ASSIGN_OR_RETURN(std::optional<TimeBankAccountRow> a, TimeBankAccountById(w, account_id));
  if (!a) return NotFoundError("no time-bank account " + std::to_string(account_id));
  if (opened_on >= a->opened_on) return OkStatus();
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(w)
                            .Exec("UPDATE timebank_account SET opened_on = ?2 WHERE id = ?1",
                                  {account_id, opened_on.ToString()})
                            .status());
  sql::Runner& run = sql::RunnerOf(w);
  return run
      .Exec("UPDATE timebank SET opened_on = ?2 WHERE community_code = ?1 AND opened_on > ?2",
            {a->community_code, opened_on.ToString()})
      .status();
}

StatusOr<std::vector<TimeBankAccountRow>> TimeBankAccounts(Reader& r,
                                                           std::string_view community_code) {
  return Accounts(r, "WHERE a.community_code = ?1 ORDER BY a.id", {std::string(community_code)});
}

StatusOr<std::optional<TimeBankAccountRow>> TimeBankAccountById(Reader& r, int64_t id) {
  ALLEY_ASSIGN_OR_RETURN(std::vector<TimeBankAccountRow> found,
                         Accounts(r, "WHERE a.id = ?1", {id}));
  if (found.empty()) return std::optional<TimeBankAccountRow>();
  return std::optional<TimeBankAccountRow>(std::move(found.front()));
}

StatusOr<std::optional<TimeBankAccountRow>> TimeBankAccountOfResident(
    Reader& r, std::string_view community_code, int64_t resident_id) {
  ALLEY_ASSIGN_OR_RETURN(
      std::vector<TimeBankAccountRow> found,
      Accounts(r, "WHERE a.community_code = ?1 AND a.resident_id = ?2 AND a.closed_on IS NULL",
               {std::string(community_code), resident_id}));
  if (found.empty()) return std::optional<TimeBankAccountRow>();
  return std::optional<TimeBankAccountRow>(std::move(found.front()));
}

StatusOr<std::vector<TimeBankTransactionRow>> TimeBankTransactions(
    Reader& r, std::string_view community_code) {
  sql::Runner& run = sql::RunnerOf(r);
  std::vector<TimeBankTransactionRow> rows;
  std::map<int64_t, size_t> index;  // row id → position in `rows`
  const std::string community(community_code);
  ALLEY_RETURN_IF_ERROR(run.Query(
      "SELECT id, community_code, number, kind, txn_date, reference, reverses, memo, "
      "family_relative, family_same_household, family_receiver_age, family_relation, recorded_at, "
      "recorded_by, synthetic FROM timebank_transaction WHERE community_code = ?1 ORDER BY number",
      {community}, [&](const sql::Row& row) -> Status {
        TimeBankTransactionRow t;
        int i = 0;
        t.id = row.Int(i++);
        t.community_code = row.Text(i++);
        t.number = row.Int(i++);
        t.kind = row.Text(i++);
        ALLEY_RETURN_IF_ERROR(ReadDate(row, i++, "timebank_transaction.txn_date", t.date));
        t.reference = row.Text(i++);
        t.reverses = row.Int(i++);
        t.memo = row.Text(i++);
        t.family_relative = OptionalBool(row, i++);
        t.family_same_household = OptionalBool(row, i++);
        if (std::optional<int64_t> age = row.OptionalInt(i++)) {
          t.family_receiver_age = static_cast<int>(*age);
        }
        t.family_relation = row.Text(i++);
        t.recorded_at = row.Int(i++);
        t.recorded_by = row.Text(i++);
        t.synthetic = row.Int(i++) != 0;
        index[t.id] = rows.size();
        rows.push_back(std::move(t));
        return OkStatus();
      }));
  ALLEY_RETURN_IF_ERROR(run.Query(
      "SELECT transaction_id, account_id, minutes FROM timebank_posting WHERE community_code = "
      "?1 ORDER BY transaction_id, id",
      {community}, [&](const sql::Row& row) -> Status {
        auto it = index.find(row.Int(0));
        if (it == index.end()) {
          return DataLossError("time-bank posting of transaction " + std::to_string(row.Int(0)) +
                               " is filed under community " + community +
                               ", whose bank has no such transaction");
        }
        rows[it->second].postings.push_back({row.Int(1), row.Int(2)});
        return OkStatus();
      }));
  return rows;
}

Status InsertTimeBankTransactions(Writer& w, std::vector<TimeBankTransactionRow>& rows) {
  sql::Runner& run = sql::RunnerOf(w);
  for (TimeBankTransactionRow& t : rows) {
    ALLEY_ASSIGN_OR_RETURN(
        int64_t taken,
        run.QueryInt("SELECT count(*) FROM timebank_transaction WHERE community_code = ?1 AND "
                     "number = ?2",
                     {t.community_code, t.number}));
    if (taken > 0) {
      return AlreadyExistsError("the time bank of " + t.community_code +
                                " already has a "
                                "transaction " +
                                std::to_string(t.number));
    }
    ALLEY_ASSIGN_OR_RETURN(
        t.id, run.QueryInt(
                  "INSERT INTO timebank_transaction (community_code, number, kind, txn_date, "
                  "reference, reverses, memo, family_relative, family_same_household, "
                  "family_receiver_age, family_relation, recorded_at, recorded_by, synthetic) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
                  "RETURNING id",
                  {t.community_code, t.number, t.kind, t.date.ToString(), t.reference, t.reverses,
                   t.memo, BoolValue(t.family_relative), BoolValue(t.family_same_household),
                   sql::Nullable(t.family_receiver_age), t.family_relation, t.recorded_at,
                   t.recorded_by, static_cast<int64_t>(t.synthetic)},
                  "id of the new transaction"));
    for (const TimeBankPostingRow& p : t.postings) {
      ALLEY_RETURN_IF_ERROR(run.Exec("INSERT INTO timebank_posting (transaction_id, "
                                     "community_code, account_id, minutes) VALUES (?1, ?2, ?3, ?4)",
                                     {t.id, t.community_code, p.account_id, p.minutes})
                                .status());
    }
  }
  return OkStatus();
}

StatusOr<int64_t> LastTimeBankNumber(Reader& r, std::string_view community_code) {
  return sql::RunnerOf(r).QueryInt(
      "SELECT coalesce(max(number), 0) FROM timebank_transaction WHERE community_code = ?1",
      {std::string(community_code)});
}

StatusOr<PostingTotal> StoredPostingTotal(Reader& r, std::string_view subtree_code) {
  const sql::CodeRange range = sql::SubtreeRange(subtree_code);
  PostingTotal total;
  ALLEY_RETURN_IF_ERROR(sql::RunnerOf(r).Query(
      "SELECT coalesce(sum(minutes), 0), count(*) FROM timebank_posting WHERE community_code >= "
      "?1 AND community_code < ?2",
      {range.lower, range.upper}, [&](const sql::Row& row) {
        total.minutes = row.Int(0);
        total.postings = row.Int(1);
        return OkStatus();
      }));
  return total;
}

}  // namespace alley::store
