// The time bank (时间银行): volunteers' service hours in a double-entry ledger.
//
// A volunteer who gives a service earns the time it took; the hours can be
// redeemed later for a service the volunteer receives, or, where the policy
// allows, given to a family member. Hours are never created or lost: every
// account's balance is the sum of the postings to it, every transaction is a
// set of postings that sums to zero, and hours enter the system only as a
// transfer from the programme's issuance account (发行账户) to a volunteer.
// So the sum of all balances, the issuance account included, is always exactly
// 0, and the issuance account's balance is minus the hours outstanding.
//
// Amounts are integer minutes (int64_t), never floating point: a service
// record carries its duration in minutes, which is the finest unit a time bank
// credits, and sums of integers are exact, whereas a third of an hour added in
// doubles does not cancel to 0. Hours (minutes / 60, a double) appear only at
// the boundary, for JSON (MinutesToHours).
//
// Sign convention: a posting adds its `minutes` to its account's balance, so a
// credit is positive and a debit negative. A member's balance is never negative
// on any date (see Validate); the issuance account's is never positive.
//
// Transactions are appended, never edited: an error is undone by a reversal,
// the exact opposite of an earlier transaction, which itself stays on record.
//
//   TimeBank bank(TimeBankPolicy{});
//   ALLEY_RETURN_IF_ERROR(bank.OpenAccount({.id = 1, .kind = AccountKind::kIssuance, ...}));
//   ALLEY_RETURN_IF_ERROR(bank.OpenAccount({.id = 7, .kind = AccountKind::kMember,
//                                           .resident_id = 1042, .opened_on = d}));
//   ALLEY_ASSIGN_OR_RETURN(Transaction t, bank.Earn(7, 90, d, "service_record:311"));
//   Balances b = bank.BalancesOn(std::nullopt);   // b.total_minutes == 0
//
// One TimeBank is one programme's ledger (a community's time bank), with one
// issuance account. It lives in memory: the store keeps the accounts and
// transactions, and the domain rebuilds the bank with Replay, validates a new
// transaction against it (Validate, or one of Earn/Redeem/Transfer/Reverse,
// which validate and append), and writes what was appended in one store
// transaction. A view over several programmes (a street above several
// communities) lists each bank's balances; each bank's total stays 0.
//
// Thread safety: none; a TimeBank is a value owned by one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace alley::services {

// Hours for display and JSON: minutes / 60 (so 90 minutes → 1.5 hours). Not
// exact for every count of minutes (1 minute is 0.01666… hours): never sum or
// compare hours, sum the minutes.
inline double MinutesToHours(int64_t minutes) { return static_cast<double>(minutes) / 60.0; }

// The largest magnitude of one posting: 10^9 minutes (about 1,900 years). Far
// above any real amount; it keeps every sum of postings far from overflowing
// int64_t.
inline constexpr int64_t kMaxPostingMinutes = 1'000'000'000;

// The rules of one time-bank programme. Defaults follow common municipal
// practice (e.g. the Nanjing and Shanghai time-bank rules: a service credit of
// at most a working day, transfers to close family only); each programme sets
// its own.
struct TimeBankPolicy {
  // The most one service may earn (an earn transaction), in minutes: 8 hours.
  int64_t max_minutes_per_service = int64_t{8} * 60;
  // Whether a member may give hours to a family member at all.
  bool allow_family_transfer = true;
  // The most a member may give away in one calendar year (by transaction
  // date), net of reversed transfers, in minutes: 40 hours.
  int64_t max_transfer_minutes_per_year = int64_t{40} * 60;
  // Whether the receiver of a transfer must be a relative of the giver.
  bool receiver_must_be_relative = true;
  // Whether the receiver must live in the same household as the giver.
  bool receiver_must_share_household = false;
  // Whether the receiver must be at least `receiver_min_age` on the date of
  // the transfer (hours given to an elderly parent).
  bool receiver_must_be_elderly = true;
  int receiver_min_age = 60;  // services::kElderlyAge
};

// kInvalidArgument naming the field when a policy is not usable (a maximum
// of 0 or less or above kMaxPostingMinutes, a minimum age outside 0..150).
Status ValidatePolicy(const TimeBankPolicy& policy);

enum class AccountKind {
  kIssuance,  // the programme's: hours enter and leave the system through it
  kMember,    // a volunteer's or a resident's
};
std::string_view AccountKindId(AccountKind kind);  // "issuance", "member"

struct Account {
  int64_t id = 0;  // > 0, assigned by the store
  AccountKind kind = AccountKind::kMember;
  int64_t resident_id = 0;  // the holder (a member, > 0); 0 for the issuance account
  core::Date opened_on;     // no transaction may be dated before it
  // Set once the account is closed: no transaction may touch it afterwards.
  std::optional<core::Date> closed_on;
  friend bool operator==(const Account&, const Account&) = default;
};

enum class TransactionKind {
  kEarn,      // a service given: issuance → member, refers to the service record
  kRedeem,    // a service received: member → issuance, refers to that service
  kTransfer,  // member → family member, where the policy allows
  kReversal,  // the exact opposite of an earlier transaction
};
std::string_view TransactionKindId(TransactionKind kind);  // "earn", "redeem", ...

// One line of a transaction: `minutes` added to `account_id`'s balance
// (negative: taken from it).
struct Posting {
  int64_t account_id = 0;
  int64_t minutes = 0;
  friend bool operator==(const Posting&, const Posting&) = default;
};

// What the caller knows of a transfer's receiver on the transfer date, from
// the ledger of residents (the time bank does not read it): the evidence the
// policy is checked against, kept with the transaction.
struct FamilyFacts {
  bool relative = false;        // the receiver is a relative of the giver
  bool same_household = false;  // and they live in the same household
  int receiver_age = 0;         // whole years on the transfer date (core::AgeOn)
  friend bool operator==(const FamilyFacts&, const FamilyFacts&) = default;
};

struct Transaction {
  int64_t id = 0;  // assigned on posting: 1, 2, 3, ... in posting order
  TransactionKind kind = TransactionKind::kEarn;
  core::Date date;                // the day of the service or transfer
  std::vector<Posting> postings;  // two per transaction; the shapes are at Validate
  // Earn and redeem: the service record it pays for (e.g. "service_record:311"),
  // unique among the earns (redeems) that stand unreversed. Empty otherwise.
  std::string reference;
  std::optional<FamilyFacts> family;  // transfer only: required
  int64_t reverses = 0;               // reversal only: the id of the transaction undone
  std::string memo;                   // free text; required for a reversal (the reason)
  friend bool operator==(const Transaction&, const Transaction&) = default;
};

// A balance, ready for `alley timebank balances --json`: each account with
// its `hours`, and `total_hours`.
struct AccountBalance {
  int64_t account_id = 0;
  AccountKind kind = AccountKind::kMember;
  int64_t resident_id = 0;
  bool closed = false;
  int64_t minutes = 0;
  double hours() const { return MinutesToHours(minutes); }
};

struct Balances {
  std::optional<core::Date> as_of;       // nullopt: every transaction
  std::vector<AccountBalance> accounts;  // the issuance account first, then members by id
  int64_t total_minutes = 0;             // over all accounts: 0 in a closed ledger
  int64_t outstanding_minutes = 0;       // held by members: minus the issuance balance
  double total_hours() const { return MinutesToHours(total_minutes); }
  double outstanding_hours() const { return MinutesToHours(outstanding_minutes); }
};

// One line of a statement: a posting to the account, in (date, id) order.
struct StatementEntry {
  int64_t transaction_id = 0;
  TransactionKind kind = TransactionKind::kEarn;
  core::Date date;
  int64_t minutes = 0;          // the posting to this account (negative: a debit)
  int64_t counterparty_id = 0;  // the other account of the transaction
  std::string reference;
  int64_t reverses = 0;
  int64_t balance_minutes = 0;  // the running balance after this entry
};

struct Statement {
  int64_t account_id = 0;
  core::Date from;
  core::Date to;
  int64_t opening_minutes = 0;          // the balance from the entries dated before `from`
  std::vector<StatementEntry> entries;  // dated from..to inclusive
  int64_t closing_minutes = 0;          // opening + the entries: the balance at the end of `to`
};

class TimeBank {
 public:
  // An empty bank under `policy`, which must be valid (ALLEY_CHECK: callers
  // check user-supplied policies with ValidatePolicy first).
  explicit TimeBank(TimeBankPolicy policy);

  // Rebuilds a bank from stored history: the accounts (with their closures)
  // and the transactions in id order (ids 1, 2, 3, ... without gaps). Each
  // transaction is checked by the rules that do not depend on the policy (shape,
  // balance, known accounts, dates, no overdraft, reversals, unique references),
  // because the policy may have changed since it was posted; policy rules
  // (caps, who may receive a transfer) are checked only when posting. A closed
  // account must end with balance 0 and no entry dated after its closure.
  // kDataLoss naming the transaction or account and the rule when the history
  // breaks one; kInvalidArgument when the policy is invalid.
  static StatusOr<TimeBank> Replay(TimeBankPolicy policy, std::span<const Account> accounts,
                                   std::span<const Transaction> transactions);

  // Opens an account. kInvalidArgument: id <= 0, a member without a
  // resident_id, an issuance account with one, closed_on set. kAlreadyExists:
  // the id is taken, a second issuance account, or the resident already holds
  // an open account.
  Status OpenAccount(const Account& account);

  // Closes member account `id` on `date`. kNotFound: no such account.
  // kFailedPrecondition: the issuance account, already closed, a balance other
  // than 0, an entry dated after `date`, or `date` before the opening.
  Status CloseAccount(int64_t id, core::Date date);

  // Whether `t` may be posted now, with t.id ignored. Rules, each refused
  // with a message naming it:
  //  - shape (kInvalidArgument): exactly two postings, on distinct accounts,
  //    with minutes != 0 and |minutes| <= kMaxPostingMinutes, summing to 0
  //    ("unbalanced"); by kind:
  //      earn:     [issuance −m, member +m], a reference;
  //      redeem:   [member −m, issuance +m], a reference;
  //      transfer: [member −m, other member +m] with `family`;
  //      reversal: the exact negation of transaction `reverses` (the same
  //                accounts, opposite minutes), with a memo giving the reason.
  //    (Postings may come in any order.) Fields of other kinds must be empty.
  //  - accounts: kNotFound for an unknown account or reversed transaction;
  //    kFailedPrecondition for a closed account, a date before an account's
  //    opening, or an earn before any issuance account exists.
  //  - overdraft (kFailedPrecondition): no member's balance may become
  //    negative at any point in (date, id) order, so a debit dated before
  //    later entries must leave every later running balance >= 0 too.
  //  - references (kAlreadyExists): an earn's (a redeem's) reference must not
  //    belong to another earn (redeem) that stands unreversed.
  //  - reversal (kFailedPrecondition): the original is not itself a reversal,
  //    is not already reversed, and is not dated after the reversal.
  //  - policy: an earn of at most max_minutes_per_service (kInvalidArgument);
  //    a transfer's receiver_age within 0..150 (kInvalidArgument); transfers
  //    allowed, the receiver a relative / in the household / old enough as the
  //    policy asks, and the giver's transfers in the calendar year within the
  //    yearly maximum (kFailedPrecondition).
  Status Validate(const Transaction& t) const;

  // Validates `t` and appends it with the next id; returns it as stored.
  StatusOr<Transaction> Post(Transaction t);

  // Builders that Post the transaction of their kind (rules at Validate).
  StatusOr<Transaction> Earn(int64_t member_id, int64_t minutes, core::Date date,
                             std::string service_reference, std::string memo = "");
  StatusOr<Transaction> Redeem(int64_t member_id, int64_t minutes, core::Date date,
                               std::string service_reference, std::string memo = "");
  StatusOr<Transaction> Transfer(int64_t from_member_id, int64_t to_member_id, int64_t minutes,
                                 core::Date date, FamilyFacts family, std::string memo = "");
  // The exact opposite of transaction `transaction_id`, dated `date`.
  StatusOr<Transaction> Reverse(int64_t transaction_id, core::Date date, std::string reason);

  // The balance of every account over the transactions dated on or before
  // `as_of` (all of them when nullopt).
  Balances BalancesOn(std::optional<core::Date> as_of) const;

  // Account `id`'s balance over every transaction; kNotFound if none.
  StatusOr<int64_t> BalanceMinutes(int64_t id) const;

  // Account `id`'s statement for from..to (inclusive). kNotFound: no such
  // account; kInvalidArgument: `from` after `to`.
  StatusOr<Statement> StatementFor(int64_t id, core::Date from, core::Date to) const;

  const TimeBankPolicy& policy() const { return policy_; }
  std::optional<int64_t> issuance_account_id() const { return issuance_id_; }
  const std::vector<Transaction>& transactions() const { return transactions_; }
  // Accounts by id.
  const std::map<int64_t, Account>& accounts() const { return accounts_; }

 private:
  // What Validate checks without the policy (Replay's rules).
  Status ValidateStructure(const Transaction& t) const;
  Status ValidatePolicyRules(const Transaction& t) const;
  Status CheckOverdraft(const Transaction& t) const;
  void Append(Transaction t);

  TimeBankPolicy policy_;
  std::map<int64_t, Account> accounts_;
  std::optional<int64_t> issuance_id_;
  std::vector<Transaction> transactions_;  // transactions_[i].id == i + 1
  std::map<int64_t, int64_t> balances_;    // account id → minutes, every transaction
  // Per account, the indices into transactions_ of its entries, in id order.
  std::map<int64_t, std::vector<size_t>> entries_;
  std::map<int64_t, int64_t> reversed_by_;  // transaction id → the reversal's id
  // Unreversed earns' and redeems' references → transaction id.
  std::map<std::string, int64_t> earn_refs_;
  std::map<std::string, int64_t> redeem_refs_;
};

}  // namespace alley::services
