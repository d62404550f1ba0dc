#include "services/timebank.h"

#include <algorithm>
#include <string>
#include <utility>

namespace alley::services {
namespace {

constexpr int kMaxAge = 150;

std::string Minutes(int64_t minutes) { return std::to_string(minutes) + " min"; }

std::string AccountName(int64_t id) { return "account " + std::to_string(id); }

// The posting of `t` on `account_id`, or nullptr.
const Posting* PostingOn(const Transaction& t, int64_t account_id) {
  for (const Posting& p : t.postings) {
    if (p.account_id == account_id) return &p;
  }
  return nullptr;
}

// The other account of a two-posting transaction.
int64_t Counterparty(const Transaction& t, int64_t account_id) {
  for (const Posting& p : t.postings) {
    if (p.account_id != account_id) return p.account_id;
  }
  return 0;
}

}  // namespace

std::string_view AccountKindId(AccountKind kind) {
  switch (kind) {
    case AccountKind::kIssuance:
      return "issuance";
    case AccountKind::kMember:
      return "member";
  }
  return "unknown";
}

std::string_view TransactionKindId(TransactionKind kind) {
  switch (kind) {
    case TransactionKind::kEarn:
      return "earn";
    case TransactionKind::kRedeem:
      return "redeem";
    case TransactionKind::kTransfer:
      return "transfer";
    case TransactionKind::kReversal:
      return "reversal";
  }
  return "unknown";
}

Status ValidatePolicy(const TimeBankPolicy& policy) {
  if (policy.max_minutes_per_service <= 0 || policy.max_minutes_per_service > kMaxPostingMinutes) {
    return InvalidArgumentError("max_minutes_per_service must be in 1.." +
                                std::to_string(kMaxPostingMinutes) + ", got " +
                                std::to_string(policy.max_minutes_per_service));
  }
  if (policy.max_transfer_minutes_per_year < 0 ||
      policy.max_transfer_minutes_per_year > kMaxPostingMinutes) {
    return InvalidArgumentError("max_transfer_minutes_per_year must be in 0.." +
                                std::to_string(kMaxPostingMinutes) + ", got " +
                                std::to_string(policy.max_transfer_minutes_per_year));
  }
  if (policy.receiver_min_age < 0 || policy.receiver_min_age > kMaxAge) {
    return InvalidArgumentError("receiver_min_age must be in 0..150, got " +
                                std::to_string(policy.receiver_min_age));
  }
  return OkStatus();
}

TimeBank::TimeBank(TimeBankPolicy policy) : policy_(policy) {
  Status s = ValidatePolicy(policy_);
  ALLEY_CHECK(s.ok(), s.ToString());
}

Status TimeBank::OpenAccount(const Account& account) {
  if (account.id <= 0) {
    return InvalidArgumentError("account id must be positive, got " + std::to_string(account.id));
  }
  if (account.closed_on.has_value()) {
    return InvalidArgumentError(AccountName(account.id) + ": a new account cannot be closed");
  }
  if (account.kind == AccountKind::kMember && account.resident_id <= 0) {
    return InvalidArgumentError(AccountName(account.id) + ": a member account needs a resident_id");
  }
  if (account.kind == AccountKind::kIssuance && account.resident_id != 0) {
    return InvalidArgumentError(AccountName(account.id) +
                                ": the issuance account belongs to no resident");
  }
  if (accounts_.contains(account.id)) {
    return AlreadyExistsError(AccountName(account.id) + " already exists");
  }
  if (account.kind == AccountKind::kIssuance && issuance_id_.has_value()) {
    return AlreadyExistsError("the time bank already has an issuance account (" +
                              AccountName(*issuance_id_) + ")");
  }
  if (account.kind == AccountKind::kMember) {
    for (const auto& [id, other] : accounts_) {
      if (other.kind == AccountKind::kMember && other.resident_id == account.resident_id &&
          !other.closed_on.has_value()) {
        return AlreadyExistsError("resident " + std::to_string(account.resident_id) +
                                  " already holds open " + AccountName(id));
      }
    }
  }
  accounts_.emplace(account.id, account);
  if (account.kind == AccountKind::kIssuance) issuance_id_ = account.id;
  return OkStatus();
}

Status TimeBank::CloseAccount(int64_t id, core::Date date) {
  auto it = accounts_.find(id);
  if (it == accounts_.end()) return NotFoundError(AccountName(id) + " does not exist");
  Account& account = it->second;
  if (account.kind == AccountKind::kIssuance) {
    return FailedPreconditionError("the issuance account cannot be closed");
  }
  if (account.closed_on.has_value()) {
    return FailedPreconditionError(AccountName(id) + " is already closed (on " +
                                   account.closed_on->ToString() + ")");
  }
  if (date < account.opened_on) {
    return FailedPreconditionError(AccountName(id) + " cannot close on " + date.ToString() +
                                   ", before its opening on " + account.opened_on.ToString());
  }
  if (int64_t balance = balances_[id]; balance != 0) {
    return FailedPreconditionError(AccountName(id) + " holds " + Minutes(balance) +
                                   ": only an account with balance 0 may close");
  }
  for (size_t index : entries_[id]) {
    if (transactions_[index].date > date) {
      return FailedPreconditionError(
          AccountName(id) + " has transaction " + std::to_string(transactions_[index].id) +
          " dated " + transactions_[index].date.ToString() + ", after the closing date");
    }
  }
  account.closed_on = date;
  return OkStatus();
}

Status TimeBank::ValidateStructure(const Transaction& t) const {
  // Shape common to every kind.
  if (t.postings.size() != 2) {
    return InvalidArgumentError("a " + std::string(TransactionKindId(t.kind)) +
                                " has exactly two postings, got " +
                                std::to_string(t.postings.size()));
  }
  int64_t sum = 0;
  for (size_t i = 0; i < t.postings.size(); ++i) {
    const Posting& p = t.postings[i];
    const std::string where =
        "posting " + std::to_string(i + 1) + " (" + AccountName(p.account_id) + ")";
    if (p.minutes == 0) return InvalidArgumentError(where + ": minutes must not be 0");
    if (p.minutes > kMaxPostingMinutes || p.minutes < -kMaxPostingMinutes) {
      return InvalidArgumentError(where + ": |minutes| must be at most " +
                                  std::to_string(kMaxPostingMinutes) + ", got " +
                                  std::to_string(p.minutes));
    }
    sum += p.minutes;
  }
  if (t.postings[0].account_id == t.postings[1].account_id) {
    return InvalidArgumentError("both postings are on " + AccountName(t.postings[0].account_id) +
                                ": a transaction moves minutes between distinct accounts");
  }
  if (sum != 0) {
    return InvalidArgumentError("unbalanced: the postings sum to " + Minutes(sum) +
                                ", a transaction must sum to 0");
  }
  // Fields that belong to other kinds.
  const bool pays_service = t.kind == TransactionKind::kEarn || t.kind == TransactionKind::kRedeem;
  if (pays_service && t.reference.empty()) {
    return InvalidArgumentError("a " + std::string(TransactionKindId(t.kind)) +
                                " needs the reference of its service record");
  }
  if (!pays_service && !t.reference.empty()) {
    return InvalidArgumentError("only an earn or a redeem carries a service reference");
  }
  if (t.kind == TransactionKind::kTransfer && !t.family.has_value()) {
    return InvalidArgumentError("a transfer needs the facts of its receiver (family)");
  }
  if (t.kind != TransactionKind::kTransfer && t.family.has_value()) {
    return InvalidArgumentError("only a transfer carries family facts");
  }
  if (t.kind == TransactionKind::kReversal && t.reverses <= 0) {
    return InvalidArgumentError("a reversal needs the id of the transaction it reverses");
  }
  if (t.kind != TransactionKind::kReversal && t.reverses != 0) {
    return InvalidArgumentError("only a reversal names a transaction it reverses");
  }
  if (t.kind == TransactionKind::kReversal && t.memo.empty()) {
    return InvalidArgumentError("a reversal needs its reason (memo)");
  }

  // Accounts: known, open, opened by the date.
  for (const Posting& p : t.postings) {
    auto it = accounts_.find(p.account_id);
    if (it == accounts_.end()) return NotFoundError(AccountName(p.account_id) + " does not exist");
    const Account& a = it->second;
    if (a.closed_on.has_value()) {
      return FailedPreconditionError(AccountName(a.id) + " is closed (since " +
                                     a.closed_on->ToString() + ")");
    }
    if (t.date < a.opened_on) {
      return FailedPreconditionError(AccountName(a.id) + " opened on " + a.opened_on.ToString() +
                                     ", after the transaction date " + t.date.ToString());
    }
  }

  // Shape by kind: which account gives and which receives.
  auto kind_of = [this](int64_t id) { return accounts_.at(id).kind; };
  const Posting& debit = t.postings[0].minutes < 0 ? t.postings[0] : t.postings[1];
  const Posting& credit = t.postings[0].minutes < 0 ? t.postings[1] : t.postings[0];
  switch (t.kind) {
    case TransactionKind::kEarn:
    case TransactionKind::kRedeem: {
      if (!issuance_id_.has_value()) {
        return FailedPreconditionError("the time bank has no issuance account");
      }
      const bool earn = t.kind == TransactionKind::kEarn;
      const Posting& from_issuance = earn ? debit : credit;
      const Posting& member = earn ? credit : debit;
      if (from_issuance.account_id != *issuance_id_ ||
          kind_of(member.account_id) != AccountKind::kMember) {
        return InvalidArgumentError(
            earn ? "an earn moves minutes from the issuance account to a member"
                 : "a redeem moves minutes from a member to the issuance account");
      }
      const std::map<std::string, int64_t>& refs = earn ? earn_refs_ : redeem_refs_;
      if (auto it = refs.find(t.reference); it != refs.end()) {
        return AlreadyExistsError("service reference \"" + t.reference + "\" was already " +
                                  (earn ? "credited" : "redeemed") + " by transaction " +
                                  std::to_string(it->second));
      }
      break;
    }
    case TransactionKind::kTransfer:
      if (kind_of(debit.account_id) != AccountKind::kMember ||
          kind_of(credit.account_id) != AccountKind::kMember) {
        return InvalidArgumentError("a transfer moves minutes between two member accounts");
      }
      break;
    case TransactionKind::kReversal: {
      if (t.reverses > static_cast<int64_t>(transactions_.size())) {
        return NotFoundError("transaction " + std::to_string(t.reverses) + " does not exist");
      }
      const Transaction& original = transactions_[static_cast<size_t>(t.reverses - 1)];
      if (original.kind == TransactionKind::kReversal) {
        return FailedPreconditionError("transaction " + std::to_string(original.id) +
                                       " is a reversal, which cannot be reversed: post the "
                                       "original again");
      }
      if (auto it = reversed_by_.find(original.id); it != reversed_by_.end()) {
        return FailedPreconditionError("transaction " + std::to_string(original.id) +
                                       " is already reversed by transaction " +
                                       std::to_string(it->second));
      }
      if (t.date < original.date) {
        return FailedPreconditionError(
            "a reversal dated " + t.date.ToString() + " cannot precede transaction " +
            std::to_string(original.id) + " of " + original.date.ToString());
      }
      for (const Posting& p : original.postings) {
        const Posting* mine = PostingOn(t, p.account_id);
        if (mine == nullptr || mine->minutes != -p.minutes) {
          return InvalidArgumentError("a reversal must post the exact opposite of transaction " +
                                      std::to_string(original.id) + ": " + Minutes(-p.minutes) +
                                      " on " + AccountName(p.account_id));
        }
      }
      break;
    }
  }
  return CheckOverdraft(t);
}

Status TimeBank::CheckOverdraft(const Transaction& t) const {
  for (const Posting& p : t.postings) {
    if (p.minutes >= 0 || accounts_.at(p.account_id).kind != AccountKind::kMember) continue;
    // The new entry lands after every entry dated on or before t.date (it has
    // the largest id): each running balance from there on drops by the debit.
    std::vector<std::pair<core::Date, int64_t>> dated;
    if (auto it = entries_.find(p.account_id); it != entries_.end()) {
      for (size_t index : it->second) {
        const Transaction& e = transactions_[index];
        dated.emplace_back(e.date, PostingOn(e, p.account_id)->minutes);
      }
    }
    std::stable_sort(dated.begin(), dated.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    int64_t running = 0;
    size_t i = 0;
    for (; i < dated.size() && dated[i].first <= t.date; ++i) running += dated[i].second;
    int64_t lowest = running;
    std::optional<core::Date> lowest_on;
    for (; i < dated.size(); ++i) {
      running += dated[i].second;
      if (running < lowest) {
        lowest = running;
        lowest_on = dated[i].first;
      }
    }
    if (lowest + p.minutes < 0) {
      std::string message = "overdrawn: " + AccountName(p.account_id) + " would go from " +
                            Minutes(lowest) + " to " + Minutes(lowest + p.minutes);
      if (lowest_on.has_value()) message += " on " + lowest_on->ToString();
      return FailedPreconditionError(message + "; a member's balance may not be negative");
    }
  }
  return OkStatus();
}

Status TimeBank::ValidatePolicyRules(const Transaction& t) const {
  if (t.kind == TransactionKind::kEarn) {
    const int64_t m = std::max(t.postings[0].minutes, t.postings[1].minutes);
    if (m > policy_.max_minutes_per_service) {
      return InvalidArgumentError("an earn of " + Minutes(m) + " exceeds the policy's " +
                                  Minutes(policy_.max_minutes_per_service) + " per service");
    }
  }
  if (t.kind != TransactionKind::kTransfer) return OkStatus();
  const FamilyFacts& f = *t.family;
  if (f.receiver_age < 0 || f.receiver_age > kMaxAge) {
    return InvalidArgumentError("family.receiver_age must be in 0..150, got " +
                                std::to_string(f.receiver_age));
  }
  if (!policy_.allow_family_transfer) {
    return FailedPreconditionError("the policy does not allow transfers to family members");
  }
  if (policy_.receiver_must_be_relative && !f.relative) {
    return FailedPreconditionError("the policy allows transfers only to a relative of the giver");
  }
  if (policy_.receiver_must_share_household && !f.same_household) {
    return FailedPreconditionError(
        "the policy allows transfers only to a member of the giver's household");
  }
  if (policy_.receiver_must_be_elderly && f.receiver_age < policy_.receiver_min_age) {
    return FailedPreconditionError("the policy allows transfers only to a receiver aged " +
                                   std::to_string(policy_.receiver_min_age) + " or more, got " +
                                   std::to_string(f.receiver_age));
  }
  const Posting& debit = t.postings[0].minutes < 0 ? t.postings[0] : t.postings[1];
  int64_t given = 0;
  if (auto it = entries_.find(debit.account_id); it != entries_.end()) {
    for (size_t index : it->second) {
      const Transaction& e = transactions_[index];
      if (e.kind != TransactionKind::kTransfer || e.date.year() != t.date.year() ||
          reversed_by_.contains(e.id)) {
        continue;
      }
      const Posting* mine = PostingOn(e, debit.account_id);
      if (mine->minutes < 0) given -= mine->minutes;
    }
  }
  if (given - debit.minutes > policy_.max_transfer_minutes_per_year) {
    return FailedPreconditionError(AccountName(debit.account_id) + " has given " + Minutes(given) +
                                   " in " + std::to_string(t.date.year()) + "; " +
                                   Minutes(-debit.minutes) +
                                   " more exceeds the "
                                   "policy's " +
                                   Minutes(policy_.max_transfer_minutes_per_year) + " a year");
  }
  return OkStatus();
}

Status TimeBank::Validate(const Transaction& t) const {
  ALLEY_RETURN_IF_ERROR(ValidateStructure(t));
  return ValidatePolicyRules(t);
}

void TimeBank::Append(Transaction t) {
  t.id = static_cast<int64_t>(transactions_.size()) + 1;
  const size_t index = transactions_.size();
  for (const Posting& p : t.postings) {
    balances_[p.account_id] += p.minutes;
    entries_[p.account_id].push_back(index);
  }
  switch (t.kind) {
    case TransactionKind::kEarn:
      earn_refs_.emplace(t.reference, t.id);
      break;
    case TransactionKind::kRedeem:
      redeem_refs_.emplace(t.reference, t.id);
      break;
    case TransactionKind::kTransfer:
      break;
    case TransactionKind::kReversal: {
      reversed_by_.emplace(t.reverses, t.id);
      // A reversed earn or redeem frees its service reference for a corrected entry.
      const Transaction& original = transactions_[static_cast<size_t>(t.reverses - 1)];
      if (original.kind == TransactionKind::kEarn) earn_refs_.erase(original.reference);
      if (original.kind == TransactionKind::kRedeem) redeem_refs_.erase(original.reference);
      break;
    }
  }
  transactions_.push_back(std::move(t));
}

StatusOr<Transaction> TimeBank::Post(Transaction t) {
  ALLEY_RETURN_IF_ERROR(Validate(t));
  Append(std::move(t));
  return transactions_.back();
}

StatusOr<Transaction> TimeBank::Earn(int64_t member_id, int64_t minutes, core::Date date,
                                     std::string service_reference, std::string memo) {
  if (!issuance_id_.has_value()) {
    return FailedPreconditionError("the time bank has no issuance account");
  }
  if (minutes <= 0) {
    return InvalidArgumentError("an earn's minutes must be positive, got " +
                                std::to_string(minutes));
  }
  Transaction t;
  t.kind = TransactionKind::kEarn;
  t.date = date;
  t.postings = {{*issuance_id_, -minutes}, {member_id, minutes}};
  t.reference = std::move(service_reference);
  t.memo = std::move(memo);
  return Post(std::move(t));
}

StatusOr<Transaction> TimeBank::Redeem(int64_t member_id, int64_t minutes, core::Date date,
                                       std::string service_reference, std::string memo) {
  if (!issuance_id_.has_value()) {
    return FailedPreconditionError("the time bank has no issuance account");
  }
  if (minutes <= 0) {
    return InvalidArgumentError("a redeem's minutes must be positive, got " +
                                std::to_string(minutes));
  }
  Transaction t;
  t.kind = TransactionKind::kRedeem;
  t.date = date;
  t.postings = {{member_id, -minutes}, {*issuance_id_, minutes}};
  t.reference = std::move(service_reference);
  t.memo = std::move(memo);
  return Post(std::move(t));
}

StatusOr<Transaction> TimeBank::Transfer(int64_t from_member_id, int64_t to_member_id,
                                         int64_t minutes, core::Date date, FamilyFacts family,
                                         std::string memo) {
  if (minutes <= 0) {
    return InvalidArgumentError("a transfer's minutes must be positive, got " +
                                std::to_string(minutes));
  }
  Transaction t;
  t.kind = TransactionKind::kTransfer;
  t.date = date;
  t.postings = {{from_member_id, -minutes}, {to_member_id, minutes}};
  t.family = family;
  t.memo = std::move(memo);
  return Post(std::move(t));
}

StatusOr<Transaction> TimeBank::Reverse(int64_t transaction_id, core::Date date,
                                        std::string reason) {
  if (transaction_id <= 0 || transaction_id > static_cast<int64_t>(transactions_.size())) {
    return NotFoundError("transaction " + std::to_string(transaction_id) + " does not exist");
  }
  const Transaction& original = transactions_[static_cast<size_t>(transaction_id - 1)];
  Transaction t;
  t.kind = TransactionKind::kReversal;
  t.date = date;
  for (const Posting& p : original.postings) t.postings.push_back({p.account_id, -p.minutes});
  t.reverses = transaction_id;
  t.memo = std::move(reason);
  return Post(std::move(t));
}

StatusOr<TimeBank> TimeBank::Replay(TimeBankPolicy policy, std::span<const Account> accounts,
                                    std::span<const Transaction> transactions) {
  ALLEY_RETURN_IF_ERROR(ValidatePolicy(policy));
  TimeBank bank(policy);
  // Open every account first (holders unique among those still open), then
  // replay, then apply the closures, which must agree with the history.
  for (const Account& stored : accounts) {
    if (stored.closed_on.has_value()) continue;
    if (Status s = bank.OpenAccount(stored); !s.ok()) return DataLossError("stored " + s.message());
  }
  // Closed accounts come second, so that they do not count against their
  // holder's newer open account; they stay open until the history is replayed.
  for (const Account& stored : accounts) {
    if (!stored.closed_on.has_value()) continue;
    if (stored.kind == AccountKind::kIssuance) {
      return DataLossError("stored " + AccountName(stored.id) +
                           ": the issuance account cannot be closed");
    }
    if (stored.id <= 0 || stored.resident_id <= 0 || bank.accounts_.contains(stored.id)) {
      return DataLossError("stored " + AccountName(stored.id) +
                           ": a member account needs a unique positive id and a resident_id");
    }
    Account reopened = stored;
    reopened.closed_on.reset();
    bank.accounts_.emplace(reopened.id, reopened);
  }
  for (size_t i = 0; i < transactions.size(); ++i) {
    const Transaction& t = transactions[i];
    if (t.id != static_cast<int64_t>(i) + 1) {
      return DataLossError("transaction " + std::to_string(t.id) + " is stored at position " +
                           std::to_string(i + 1) + ": ids must run 1, 2, 3, ... without gaps");
    }
    if (Status s = bank.ValidateStructure(t); !s.ok()) {
      return DataLossError("stored transaction " + std::to_string(t.id) + ": " + s.message());
    }
    bank.Append(t);
  }
  for (const Account& stored : accounts) {
    if (!stored.closed_on.has_value()) continue;
    if (Status s = bank.CloseAccount(stored.id, *stored.closed_on); !s.ok()) {
      return DataLossError("stored closure of " + s.message());
    }
  }
  return bank;
}

Balances TimeBank::BalancesOn(std::optional<core::Date> as_of) const {
  Balances out;
  out.as_of = as_of;
  std::map<int64_t, int64_t> dated;
  const std::map<int64_t, int64_t>* minutes = &balances_;
  if (as_of.has_value()) {
    for (const Transaction& t : transactions_) {
      if (t.date > *as_of) continue;
      for (const Posting& p : t.postings) dated[p.account_id] += p.minutes;
    }
    minutes = &dated;
  }
  auto add = [&](const Account& a) {
    if (as_of.has_value() && a.opened_on > *as_of) return;
    AccountBalance b;
    b.account_id = a.id;
    b.kind = a.kind;
    b.resident_id = a.resident_id;
    b.closed = a.closed_on.has_value() && (!as_of.has_value() || *a.closed_on <= *as_of);
    if (auto it = minutes->find(a.id); it != minutes->end()) b.minutes = it->second;
    out.total_minutes += b.minutes;
    if (a.kind == AccountKind::kMember) out.outstanding_minutes += b.minutes;
    out.accounts.push_back(b);
  };
  if (issuance_id_.has_value()) add(accounts_.at(*issuance_id_));
  for (const auto& [id, a] : accounts_) {
    if (a.kind == AccountKind::kMember) add(a);
  }
  return out;
}

StatusOr<int64_t> TimeBank::BalanceMinutes(int64_t id) const {
  if (!accounts_.contains(id)) return NotFoundError(AccountName(id) + " does not exist");
  auto it = balances_.find(id);
  return it == balances_.end() ? int64_t{0} : it->second;
}

StatusOr<Statement> TimeBank::StatementFor(int64_t id, core::Date from, core::Date to) const {
  if (!accounts_.contains(id)) return NotFoundError(AccountName(id) + " does not exist");
  if (from > to) {
    return InvalidArgumentError("statement period: from " + from.ToString() + " is after to " +
                                to.ToString());
  }
  std::vector<size_t> order;
  if (auto it = entries_.find(id); it != entries_.end()) order = it->second;
  std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
    return transactions_[a].date < transactions_[b].date;
  });
  Statement s;
  s.account_id = id;
  s.from = from;
  s.to = to;
  int64_t running = 0;
  for (size_t index : order) {
    const Transaction& t = transactions_[index];
    if (t.date > to) break;
    const int64_t minutes = PostingOn(t, id)->minutes;
    running += minutes;
    if (t.date < from) {
      s.opening_minutes = running;
      continue;
    }
    s.entries.push_back({.transaction_id = t.id,
                         .kind = t.kind,
                         .date = t.date,
                         .minutes = minutes,
                         .counterparty_id = Counterparty(t, id),
                         .reference = t.reference,
                         .reverses = t.reverses,
                         .balance_minutes = running});
  }
  s.closing_minutes = running;
  return s;
}

}  // namespace alley::services
