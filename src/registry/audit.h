// The audit trail: who did what to which records, when and why. Every
// unmasking of personal data, every export, every bulk read, every login and
// every change to accounts appends one record; auditors query them; nobody
// changes them through Alley (docs/security.md).
//
//   ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
//     ALLEY_RETURN_IF_ERROR(w.UpdateFacility(f));  // the action ...
//     return audit::Append(w, {.username = p.username, .role = "community_staff",
//                              .scope_unit = p.unit_code, .action = audit::kUpdate,
//                              .object = "facility", .records = audit::RecordIds({f.id})},
//                          now).status();         // ... and its record land together
//   }));
//
// The log is append-only: SQL triggers refuse UPDATE and DELETE, and each
// row carries a keyed hash of its fields and of the previous row's hash, so a
// row edited or removed behind Alley's back breaks the chain that Verify
// walks. (Removing the newest rows leaves no broken link: compare the count
// with an earlier `alley audit list` to see that.)
//
// Time comes in as `now`; nothing here reads the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace alley::registry::audit {

// The actions Alley records (AuditRecord::action).
inline constexpr std::string_view kLogin = "login";
inline constexpr std::string_view kLoginFailed = "login_failed";
inline constexpr std::string_view kLogout = "logout";
inline constexpr std::string_view kRead = "read";           // one record with personal data
inline constexpr std::string_view kBulkRead = "bulk_read";  // a list or page of them
inline constexpr std::string_view kUnmask = "unmask";       // personal data shown in clear
inline constexpr std::string_view kExport = "export";
inline constexpr std::string_view kCreate = "create";
inline constexpr std::string_view kUpdate = "update";
inline constexpr std::string_view kDelete = "delete";
inline constexpr std::string_view kUserAdd = "user_add";
inline constexpr std::string_view kUserUpdate = "user_update";

// Every action above, in that order.
std::span<const std::string_view> Actions();

// Who acts: a logged-in user (registry/accounts.h, ActorOf) or a command-line
// user ("cli:root").
struct Actor {
  std::string username;
  std::string role;        // empty for the command line
  std::string scope_unit;  // the actor's unit; empty for the command line
};

// One record to append.
struct AuditRecord {
  std::string username;
  std::string role;
  std::string scope_unit;
  std::string action;          // one of Actions()
  std::string object;          // what was acted on: "resident", "household", "user:alice", ...
  std::string records = "[]";  // RecordIds(...) or RecordCount(...)
  std::string reason;          // required for kUnmask
  std::string detail;          // anything else worth keeping: a filter, a client address
};

// A record of `action` by `actor`, the other fields empty.
AuditRecord RecordBy(const Actor& actor, std::string_view action);

// "[3,17,42]": the ids a record is about.
std::string RecordIds(std::span<const int64_t> ids);
// "1234": how many records, when listing them all would be too long.
std::string RecordCount(int64_t count);

// Appends `record` at `now`, inside the caller's write transaction. Returns
// the row as stored (id and hashes set). kInvalidArgument when the action is
// not one of Actions(), the username is empty, `records` is neither a JSON
// array of ids nor a count, or an unmasking has no reason.
StatusOr<store::AuditRow> Append(store::Writer& writer, const AuditRecord& record,
                                 store::Timestamp now);
// The same in a transaction of its own.
StatusOr<store::AuditRow> Append(store::Store& store, const AuditRecord& record,
                                 store::Timestamp now);

inline constexpr int64_t kMaxPageSize = 1000;

// Which records to read; empty strings match everything.
struct Filter {
  std::string username;
  std::string action;
  std::string object;
  std::optional<store::Timestamp> from;  // at >= from
  std::optional<store::Timestamp> to;    // at < to
  // Records of actors in this unit's subtree only ("" or the nation: all).
  std::string scope_unit;
  int64_t page = 1;        // 1-based
  int64_t page_size = 50;  // 1..kMaxPageSize
};

// A page of the records matching `filter`, newest first, and how many match
// in all. kOutOfRange for page < 1 or page_size outside 1..kMaxPageSize;
// kInvalidArgument for an unknown action or `to` before `from`.
StatusOr<store::AuditPage> Query(store::Store& store, const Filter& filter);

// Walks the whole chain. OK when every link holds; kDataLoss naming the first
// record that does not ("audit record 17: its contents do not match its
// hash: ..."). `rows_checked`, when given, is set to how many rows were read.
Status Verify(store::Store& store, int64_t* rows_checked = nullptr);

}  // namespace alley::registry::audit
