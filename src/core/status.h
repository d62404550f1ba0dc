// Status and StatusOr: how every fallible call in Alley reports failure.
//
// An expected failure (bad input, a missing row, a refused schema) is a value,
// never an exception: a function returns `Status` or `StatusOr<T>`. The code
// says what kind of failure it is; the message says where and why, and grows
// context as it travels up (`WithContext`).
//
//   StatusOr<Unit> u = registry.FindUnit("320706006010");
//   if (!u.ok()) return u.status();
//
//   ALLEY_ASSIGN_OR_RETURN(auto unit, registry.FindUnit(code));
//   ALLEY_RETURN_IF_ERROR(store.Apply(batch));
//
// Programmer errors (a broken invariant) are ALLEY_CHECK, never a Status.
// Thread safety: a Status is a value; distinct objects may be used from
// distinct threads.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace alley {

// The small set of failure kinds. Each interface maps them to its own form in
// one table: the CLI to an exit code (src/cli), HTTP to a status (docs/http.md).
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the input is malformed or breaks a rule
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // the thing to create is already there
  kFailedPrecondition,  // the system is not in a state that allows this
  kPermissionDenied,    // the caller may not do this
  kOutOfRange,          // a value outside the valid range (dates, pages)
  kUnavailable,         // try again later (locked database, busy)
  kDataLoss,            // stored data is corrupt or unreadable
  kInternal,            // a bug or an unexpected library failure
  kUnauthenticated,     // the caller has not proved who they are (no or a bad session)
  kResourceExhausted,   // too many attempts or too much data: slow down (login back-off)
  kAborted,             // a concurrent change won: the caller's copy is stale (ETag)
};

// "invalid argument", "not found", ...
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message);

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "context: message". No-op on OK.
  Status WithContext(std::string_view context) const;

  // "not found: unit 3207 ..." or "OK".
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status PermissionDeniedError(std::string message);
Status OutOfRangeError(std::string message);
Status UnavailableError(std::string message);
Status DataLossError(std::string message);
Status InternalError(std::string message);
Status UnauthenticatedError(std::string message);
Status ResourceExhaustedError(std::string message);
Status AbortedError(std::string message);

namespace internal_status {
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              std::string_view message);
}  // namespace internal_status

// Either a T or a non-OK Status. Constructing from an OK Status is a
// programmer error.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const Status& status) : rep_(status) {  // NOLINT(google-explicit-constructor)
    if (status.ok()) {
      internal_status::CheckFailed(__FILE__, __LINE__, "!status.ok()",
                                   "StatusOr built from an OK status");
    }
  }
  StatusOr(Status&& status) : rep_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(rep_).ok()) {
      internal_status::CheckFailed(__FILE__, __LINE__, "!status.ok()",
                                   "StatusOr built from an OK status");
    }
  }
  StatusOr(const T& value) : rep_(value) {}        // NOLINT(google-explicit-constructor)
  StatusOr(T&& value) : rep_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                                    !std::is_same_v<std::decay_t<U>, Status> &&
                                                    !std::is_same_v<std::decay_t<U>, StatusOr<T>> &&
                                                    !std::is_same_v<std::decay_t<U>, T>>>
  StatusOr(U&& value) : rep_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(rep_); }
  Status status() const { return ok() ? OkStatus() : std::get<Status>(rep_); }

  const T& value() const& {
    CheckOk();
    return std::get<T>(rep_);
  }
  T& value() & {
    CheckOk();
    return std::get<T>(rep_);
  }
  T&& value() && {
    CheckOk();
    return std::get<T>(std::move(rep_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  void CheckOk() const {
    if (!ok()) {
      internal_status::CheckFailed(__FILE__, __LINE__, "ok()", std::get<Status>(rep_).ToString());
    }
  }
  std::variant<Status, T> rep_;
};

}  // namespace alley

// Aborts with a message when a programmer's invariant does not hold. Never
// used for anything reachable from user input.
#define ALLEY_CHECK(cond, msg)                                                            \
  do {                                                                                    \
    if (!(cond)) ::alley::internal_status::CheckFailed(__FILE__, __LINE__, #cond, (msg)); \
  } while (false)

#ifdef NDEBUG
#define ALLEY_DCHECK(cond, msg) \
  do {                          \
  } while (false)
#else
#define ALLEY_DCHECK(cond, msg) ALLEY_CHECK(cond, msg)
#endif

#define ALLEY_STATUS_CONCAT_INNER(a, b) a##b
#define ALLEY_STATUS_CONCAT(a, b) ALLEY_STATUS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
// (The variable's name is unique so that a lambda inside `expr` may use the
// macro too without shadowing.)
#define ALLEY_RETURN_IF_ERROR(expr) \
  ALLEY_RETURN_IF_ERROR_IMPL(ALLEY_STATUS_CONCAT(alley_status_, __COUNTER__), expr)
#define ALLEY_RETURN_IF_ERROR_IMPL(var, expr) \
  do {                                        \
    ::alley::Status var = (expr);             \
    if (!var.ok()) return var;                \
  } while (false)

// `lhs` = the value of the StatusOr `expr`, or return its status.
#define ALLEY_ASSIGN_OR_RETURN(lhs, expr) \
  ALLEY_ASSIGN_OR_RETURN_IMPL(ALLEY_STATUS_CONCAT(alley_statusor_, __COUNTER__), lhs, expr)
#define ALLEY_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
