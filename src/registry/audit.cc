#include "registry/audit.h"

#include <algorithm>
#include <array>

namespace alley::registry::audit {
namespace {

constexpr std::array<std::string_view, 12> kActions = {
    kLogin,  kLoginFailed, kLogout, kRead,   kBulkRead, kUnmask,
    kExport, kCreate,      kUpdate, kDelete, kUserAdd,  kUserUpdate,
};

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "[]", "[1,2,3]" or "42": what RecordIds and RecordCount produce.
bool IsRecordsValue(std::string_view s) {
  if (AllDigits(s)) return true;
  if (s.size() < 2 || s.front() != '[' || s.back() != ']') return false;
  s = s.substr(1, s.size() - 2);
  if (s.empty()) return true;
  while (true) {
    size_t comma = s.find(',');
    if (!AllDigits(s.substr(0, comma))) return false;
    if (comma == std::string_view::npos) return true;
    s.remove_prefix(comma + 1);
  }
}

bool IsAction(std::string_view action) {
  return std::find(kActions.begin(), kActions.end(), action) != kActions.end();
}

Status Validate(const AuditRecord& r) {
  if (!IsAction(r.action)) {
    return InvalidArgumentError("audit record: action \"" + r.action +
                                "\" is not one of login, "
                                "login_failed, logout, read, bulk_read, unmask, export, create, "
                                "update, delete, user_add, user_update");
  }
  if (r.username.empty()) return InvalidArgumentError("audit record: username is required");
  if (!IsRecordsValue(r.records)) {
    return InvalidArgumentError(
        "audit record: records must be a JSON array of ids or a count, "
        "got \"" +
        r.records + "\"");
  }
  if (r.action == kUnmask && r.reason.empty()) {
    return InvalidArgumentError("audit record: an unmasking needs a reason");
  }
  return OkStatus();
}

store::AuditRow ToRow(const AuditRecord& r, store::Timestamp now) {
  store::AuditRow row;
  row.at = now;
  row.username = r.username;
  row.role = r.role;
  row.scope_unit = r.scope_unit;
  row.action = r.action;
  row.object = r.object;
  row.records = r.records;
  row.reason = r.reason;
  row.detail = r.detail;
  return row;
}

}  // namespace

std::span<const std::string_view> Actions() { return kActions; }

AuditRecord RecordBy(const Actor& actor, std::string_view action) {
  AuditRecord r;
  r.username = actor.username;
  r.role = actor.role;
  r.scope_unit = actor.scope_unit;
  r.action = std::string(action);
  return r;
}

std::string RecordIds(std::span<const int64_t> ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "]";
}

std::string RecordCount(int64_t count) { return std::to_string(count); }

StatusOr<store::AuditRow> Append(store::Writer& writer, const AuditRecord& record,
                                 store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(Validate(record));
  return writer.AppendAudit(ToRow(record, now));
}

StatusOr<store::AuditRow> Append(store::Store& store, const AuditRecord& record,
                                 store::Timestamp now) {
  ALLEY_RETURN_IF_ERROR(Validate(record));
  store::AuditRow stored;
  ALLEY_RETURN_IF_ERROR(store.Write([&](store::Writer& w) -> Status {
    ALLEY_ASSIGN_OR_RETURN(stored, w.AppendAudit(ToRow(record, now)));
    return OkStatus();
  }));
  return stored;
}

StatusOr<store::AuditPage> Query(store::Store& store, const Filter& filter) {
  if (filter.page < 1) {
    return OutOfRangeError("page must be 1 or more, got " + std::to_string(filter.page));
  }
  if (filter.page_size < 1 || filter.page_size > kMaxPageSize) {
    return OutOfRangeError("page_size must be 1.." + std::to_string(kMaxPageSize) + ", got " +
                           std::to_string(filter.page_size));
  }
  if (!filter.action.empty() && !IsAction(filter.action)) {
    return InvalidArgumentError("action \"" + filter.action + "\" is not an audit action");
  }
  if (filter.from && filter.to && *filter.to < *filter.from) {
    return InvalidArgumentError("the end of the period (to) is before its start (from)");
  }
  store::AuditQuery q;
  q.username = filter.username;
  q.action = filter.action;
  q.object = filter.object;
  q.from = filter.from;
  q.to = filter.to;
  q.scope_unit = filter.scope_unit;
  q.limit = filter.page_size;
  q.offset = (filter.page - 1) * filter.page_size;
  store::AuditPage page;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(page, r.QueryAudit(q));
    return OkStatus();
  }));
  return page;
}

Status Verify(store::Store& store, int64_t* rows_checked) {
  store::AuditChainCheck check;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(check, r.VerifyAuditChain());
    return OkStatus();
  }));
  if (rows_checked != nullptr) *rows_checked = check.rows;
  if (check.broken_at) {
    return DataLossError("audit record " + std::to_string(*check.broken_at) + ": " + check.problem);
  }
  return OkStatus();
}

}  // namespace alley::registry::audit
