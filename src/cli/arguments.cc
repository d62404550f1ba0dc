#include "cli/arguments.h"

#include <charconv>
#include <cmath>
#include <string>

#include "core/id_number.h"
#include "core/text.h"

namespace alley::cli {

StatusOr<core::Date> DateOption(const std::string& text, std::string_view option) {
  StatusOr<core::Date> date = core::Date::Parse(text);
  if (!date.ok()) return date.status().WithContext(option);
  return date;
}

StatusOr<core::Date> DateOr(const Context& context, const std::string& text,
                            std::string_view option) {
  if (text.empty()) return context.Today();
  return DateOption(text, option);
}

StatusOr<std::optional<core::Date>> OptionalDate(const std::string& text, std::string_view option) {
  if (text.empty()) return std::optional<core::Date>();
  ALLEY_ASSIGN_OR_RETURN(core::Date date, DateOption(text, option));
  return std::optional<core::Date>(date);
}

StatusOr<double> ParseDouble(std::string_view text, std::string_view option) {
  const std::string_view trimmed = core::TrimBlanks(text);
  std::optional<double> value = core::ParseFiniteNumber(trimmed);
  if (!value) {
    return InvalidArgumentError(std::string(option) + ": \"" + std::string(trimmed) +
                                "\" is not a number");
  }
  return *value;
}

StatusOr<int64_t> ResidentArgument(store::Store& store, const std::string& text,
                                   std::string_view option) {
  const bool digits_only =
      !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits_only && text.size() <= 12) {
    int64_t id = 0;
    std::from_chars(text.data(), text.data() + text.size(), id);
    if (id > 0) return id;
  }
  if (text.size() != 15 && text.size() != 18) {
    return InvalidArgumentError(std::string(option) + ": \"" + core::MaskIdNumber(text) +
                                "\" is neither a resident id nor an ID number");
  }
  std::optional<int64_t> id;
  ALLEY_RETURN_IF_ERROR(store.Read([&](store::Reader& r) -> Status {
    ALLEY_ASSIGN_OR_RETURN(id, r.ResidentIdByIdNumber(text));
    return OkStatus();
  }));
  if (!id) {
    return NotFoundError(std::string(option) + ": no resident has ID number " +
                         core::MaskIdNumber(text));
  }
  return *id;
}

}  // namespace alley::cli
