// What the subcommands' options mean: dates and residents named on the
// command line, parsed one way for every command, each error naming the option.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "core/date.h"
#include "core/status.h"
#include "store/store.h"

namespace alley::cli {

// A YYYY-MM-DD option; kInvalidArgument naming `option` otherwise.
StatusOr<core::Date> DateOption(const std::string& text, std::string_view option);

// A date option that defaults to today (Context::Today) when empty.
StatusOr<core::Date> DateOr(const Context& context, const std::string& text,
                            std::string_view option);

// A date option that may be left out (empty: no date).
StatusOr<std::optional<core::Date>> OptionalDate(const std::string& text, std::string_view option);

// A finite decimal number ("4.5", "-2", "1e3", blanks around it ignored);
// kInvalidArgument naming `option` otherwise.
StatusOr<double> ParseDouble(std::string_view text, std::string_view option);

// A resident named on the command line: Alley's id (as the API numbers them:
// up to 12 digits) or their ID number, found through the blind index with
// nothing decrypted. kInvalidArgument naming `option` for text that is
// neither, kNotFound (the number masked) when no resident has the number.
StatusOr<int64_t> ResidentArgument(store::Store& store, const std::string& text,
                                   std::string_view option);

}  // namespace alley::cli
