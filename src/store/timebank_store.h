// The stored side of the time bank (时间银行): one bank per community with its
// policy, its accounts (the programme's issuance account and one per member)
// and its transactions with their postings, appended and never changed (a
// reversal is a new transaction; SQL triggers refuse UPDATE and DELETE). The
// rules — balance, overdraft, policy, reversals — are services/timebank.h's:
// the domain replays what is stored here through them before it appends.
//
// Amounts are integer minutes. A transaction's `number` is its place in its
// bank's history (1, 2, 3, ... without gaps), the id TimeBank gives it; `id`
// is the row's own key. Part of schema step 6 (care_store.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::store {

struct TimeBankRow {
  int64_t id = 0;
  std::string community_code;
  core::Date opened_on;
  // services::TimeBankPolicy, field by field.
  int64_t max_minutes_per_service = 0;
  bool allow_family_transfer = false;
  int64_t max_transfer_minutes_per_year = 0;
  bool receiver_must_be_relative = false;
  bool receiver_must_share_household = false;
  bool receiver_must_be_elderly = false;
  int receiver_min_age = 0;
  bool synthetic = false;
};

struct TimeBankAccountRow {
  int64_t id = 0;
  std::string community_code;
  std::string kind;                    // "issuance" | "member"
  std::optional<int64_t> resident_id;  // members only
  core::Date opened_on;
  std::optional<core::Date> closed_on;
  bool synthetic = false;
  std::string holder_name;  // read only: the resident's newest name; "" for the issuance account
};

struct TimeBankPostingRow {
  int64_t account_id = 0;
  int64_t minutes = 0;
};

struct TimeBankTransactionRow {
  int64_t id = 0;  // the row's key, set on insert
  std::string community_code;
  int64_t number = 0;  // 1, 2, 3, ... within the bank
  std::string kind;    // "earn", "redeem", "transfer", "reversal"
  core::Date date;
  std::string reference;
  int64_t reverses = 0;  // reversal: the number of the transaction undone
  std::string memo;
  // Transfers: the evidence the policy was checked against.
  std::optional<bool> family_relative;
  std::optional<bool> family_same_household;
  std::optional<int> family_receiver_age;
  std::string family_relation;  // as declared ("parent"), or "" when taken from the household
  int64_t recorded_at = 0;
  std::string recorded_by;
  bool synthetic = false;
  std::vector<TimeBankPostingRow> postings;
};

// The bank of `community_code`, or nullopt.
StatusOr<std::optional<TimeBankRow>> FindTimeBank(Reader& r, std::string_view community_code);
// The banks of the communities in a subtree, by community code.
StatusOr<std::vector<TimeBankRow>> TimeBanksIn(Reader& r, std::string_view subtree_code);
// A new bank (its id is answered); kAlreadyExists when the community has one.
StatusOr<int64_t> InsertTimeBank(Writer& w, const TimeBankRow& b);

// A new account. kAlreadyExists for a second issuance account in a bank, or
// a resident's second open account in it.
StatusOr<int64_t> InsertTimeBankAccount(Writer& w, const TimeBankAccountRow& a);
// Moves an account's opening date earlier (never later): the programme was
// open by then. kNotFound when there is no such account.
Status MoveTimeBankAccountOpening(Writer& w, int64_t account_id, core::Date opened_on);
// A bank's accounts, by id.
StatusOr<std::vector<TimeBankAccountRow>> TimeBankAccounts(Reader& r,
                                                           std::string_view community_code);
StatusOr<std::optional<TimeBankAccountRow>> TimeBankAccountById(Reader& r, int64_t id);
// The open account of a resident in a bank, or nullopt.
StatusOr<std::optional<TimeBankAccountRow>> TimeBankAccountOfResident(
    Reader& r, std::string_view community_code, int64_t resident_id);

// A bank's whole history, by number, each with its postings.
StatusOr<std::vector<TimeBankTransactionRow>> TimeBankTransactions(Reader& r,
                                                                   std::string_view community_code);
// Appends transactions with their postings; their ids are set. kAlreadyExists
// when a number is taken in its bank.
Status InsertTimeBankTransactions(Writer& w, std::vector<TimeBankTransactionRow>& rows);
// The largest transaction number of a bank (0 when none).
StatusOr<int64_t> LastTimeBankNumber(Reader& r, std::string_view community_code);

// The sum of every stored posting of the banks in a subtree, computed in SQL
// (0 in a closed double-entry ledger), and how many postings there are.
struct PostingTotal {
  int64_t minutes = 0;
  int64_t postings = 0;
};
StatusOr<PostingTotal> StoredPostingTotal(Reader& r, std::string_view subtree_code);

}  // namespace alley::store
