// The reason a user gives to see personal data in clear (PIPL). It goes into
// the audit record of the unmasking, so it must say why in words an auditor
// can judge: at least a few characters (not bytes: 走访 is two characters in
// six bytes), the blanks around it not counted. One rule for every route that
// unmasks (a resident's ID number and phone, a concern's reporter phone).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace alley::registry {

inline constexpr size_t kMinUnmaskReasonChars = 4;

// `reason` without the blanks around it, or kInvalidArgument ("field reason:
// ...") when fewer than kMinUnmaskReasonChars characters remain.
inline StatusOr<std::string> UnmaskReason(std::string_view reason) {
  constexpr std::string_view kBlanks = " \t\r\n";
  const size_t first = reason.find_first_not_of(kBlanks);
  const std::string_view trimmed =
      first == std::string_view::npos
          ? std::string_view()
          : reason.substr(first, reason.find_last_not_of(kBlanks) - first + 1);
  size_t chars = 0;  // UTF-8 code points: every byte but the continuation bytes
  for (const char c : trimmed) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (chars < kMinUnmaskReasonChars) {
    return InvalidArgumentError("field reason: say why the data is needed (at least " +
                                std::to_string(kMinUnmaskReasonChars) + " characters)");
  }
  return std::string(trimmed);
}

}  // namespace alley::registry
