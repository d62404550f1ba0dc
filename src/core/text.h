// Small text helpers for fields read from files and command lines: blanks
// trimmed, a decimal number read whole. Pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace alley::core {

// `text` without the ASCII spaces and tabs around it.
std::string_view TrimBlanks(std::string_view text);

// The finite decimal number that is the whole of `text` ("4.5", "-2", "1e3";
// no blanks, no sign '+'), or nullopt for anything else, including "", "inf",
// "nan" and numbers too large for a double.
std::optional<double> ParseFiniteNumber(std::string_view text);

}  // namespace alley::core
