#include "core/csv.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

namespace alley::core {
namespace {

// Byte classes for the scanning loops: a loop runs over ordinary bytes with
// one table look-up each and stops at the first byte that needs a decision.
using ByteTable = std::array<bool, 256>;

constexpr ByteTable MakeTable(std::string_view stops) {
  ByteTable table{};
  for (char c : stops) table[static_cast<unsigned char>(c)] = true;
  return table;
}

// Inside an unquoted field: the separator, line ends, a misplaced quote, NUL.
constexpr ByteTable kUnquotedStops = MakeTable(std::string_view(",\n\r\"\0", 5));
// Inside a quoted field: the closing (or doubled) quote, LF to count lines, NUL.
constexpr ByteTable kQuotedStops = MakeTable(std::string_view("\"\n\0", 3));

// Where to stop: the first position at or after `pos` whose byte is in `stops`,
// or `size`.
inline size_t Scan(const char* data, size_t pos, size_t size, const ByteTable& stops) {
  while (pos < size && !stops[static_cast<unsigned char>(data[pos])]) ++pos;
  return pos;
}

std::string LinePrefix(int64_t line) { return "line " + std::to_string(line) + ": "; }

constexpr bool IsAsciiSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool Contains(std::span<const std::string_view> list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// See AppendCsvField in csv.h for the rule and why.
bool NeedsFormulaGuard(std::string_view field) {
  if (field.empty()) return false;
  const char first = field.front();
  if (first == '=' || first == '@' || first == '\t' || first == '\r') return true;
  if (first != '+' && first != '-') return false;
  for (char c : field) {
    const bool numeric = (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '+' || c == '-' ||
                         c == '(' || c == ')';
    if (!numeric) return true;
  }
  return false;
}

bool NeedsQuotes(std::string_view content) {
  if (content.empty()) return false;
  if (IsAsciiSpace(content.front()) || IsAsciiSpace(content.back())) return true;
  return content.find_first_of(",\"\r\n") != std::string_view::npos;
}

// RFC 3629 section 4: a lead byte fixes the sequence length and the range of
// the first continuation byte, which excludes overlong forms (C0, C1, E0 80..9F,
// F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..,
// F5..FF). Length 0 marks bytes that cannot start a sequence.
struct Utf8Lead {
  unsigned char length;
  unsigned char low;
  unsigned char high;
};

constexpr std::array<Utf8Lead, 256> MakeUtf8Leads() {
  std::array<Utf8Lead, 256> leads{};
  for (int b = 0xC2; b <= 0xDF; ++b) leads[static_cast<size_t>(b)] = {2, 0x80, 0xBF};
  for (int b = 0xE0; b <= 0xEF; ++b) leads[static_cast<size_t>(b)] = {3, 0x80, 0xBF};
  leads[0xE0].low = 0xA0;
  leads[0xED].high = 0x9F;
  for (int b = 0xF0; b <= 0xF4; ++b) leads[static_cast<size_t>(b)] = {4, 0x80, 0xBF};
  leads[0xF0].low = 0x90;
  leads[0xF4].high = 0x8F;
  return leads;
}

constexpr std::array<Utf8Lead, 256> kUtf8Leads = MakeUtf8Leads();

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  while (p < end) {
    // Most text here is ASCII digits and punctuation: skip 8 bytes at a time.
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, sizeof(word));
      if ((word & kHighBits) == 0) {
        p += 8;
        continue;
      }
    }
    // One character at a time until the next ASCII byte: runs of Chinese text
    // stay in this loop.
    do {
      const unsigned char lead = *p;
      if (lead < 0x80) {
        ++p;
        break;
      }
      const Utf8Lead info = kUtf8Leads[lead];
      const auto length = static_cast<ptrdiff_t>(info.length);
      if (length == 0 || end - p < length) return false;
      if (p[1] < info.low || p[1] > info.high) return false;
      if (length >= 3 && (p[2] & 0xC0) != 0x80) return false;
      if (length == 4 && (p[3] & 0xC0) != 0x80) return false;
      p += length;
    } while (p < end);
  }
  return true;
}

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.starts_with(kUtf8Bom)) pos_ = kUtf8Bom.size();
}

Status CsvReader::Fail(int64_t line, std::string_view reason) {
  error_ = InvalidArgumentError(LinePrefix(line).append(reason));
  return error_;
}

StatusOr<bool> CsvReader::Next(CsvRecord* record) {
  if (!error_.ok()) return error_;
  const char* const data = text_.data();
  const size_t size = text_.size();

  // Skip blank lines.
  while (pos_ < size) {
    if (data[pos_] == '\n') {
      ++pos_;
    } else if (data[pos_] == '\r' && pos_ + 1 < size && data[pos_ + 1] == '\n') {
      pos_ += 2;
    } else {
      break;
    }
    ++line_;
  }
  if (pos_ >= size) return false;

  record->line = line_;
  std::vector<std::string>& fields = record->fields;
  size_t count = 0;  // fields filled; strings beyond keep their capacity
  while (true) {
    if (count == fields.size()) fields.emplace_back();
    std::string& field = fields[count++];
    const int64_t field_line = line_;
    if (pos_ < size && data[pos_] == '"') {
      ++pos_;
      field.clear();
      while (true) {
        const size_t stop = Scan(data, pos_, size, kQuotedStops);
        field.append(data + pos_, stop - pos_);
        pos_ = stop;
        if (pos_ >= size) return Fail(field_line, "unterminated quoted field");
        const char c = data[pos_];
        if (c == '\n') {
          field.push_back('\n');
          ++pos_;
          ++line_;
        } else if (c == '\0') {
          return Fail(line_, "NUL byte in field " + std::to_string(count));
        } else if (pos_ + 1 < size && data[pos_ + 1] == '"') {  // "" is one quote
          field.push_back('"');
          pos_ += 2;
        } else {  // the closing quote
          ++pos_;
          break;
        }
      }
    } else {
      const size_t stop = Scan(data, pos_, size, kUnquotedStops);
      field.assign(data + pos_, stop - pos_);
      pos_ = stop;
      if (pos_ < size && data[pos_] == '"') return Fail(line_, "quote in an unquoted field");
      if (pos_ < size && data[pos_] == '\0') {
        return Fail(line_, "NUL byte in field " + std::to_string(count));
      }
    }
    if (!IsValidUtf8(field)) {
      return Fail(field_line, "field " + std::to_string(count) + " is not valid UTF-8");
    }

    // What ends the field: a comma, a line end, the end of the text.
    if (pos_ >= size) break;
    const char c = data[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    if (c == '\n') {
      ++pos_;
      ++line_;
      break;
    }
    if (c == '\r') {
      if (pos_ + 1 < size && data[pos_ + 1] == '\n') {
        pos_ += 2;
        ++line_;
        break;
      }
      return Fail(line_, "carriage return not followed by a line feed");
    }
    // Only a quoted field can end on anything else.
    return Fail(line_, "unexpected character after a closing quote");
  }
  fields.resize(count);
  return true;
}

StatusOr<CsvHeader> CsvHeader::Parse(const CsvRecord& header,
                                     std::span<const std::string_view> required,
                                     std::span<const std::string_view> optional) {
  const std::string at = LinePrefix(header.line);
  std::vector<std::string> names;
  names.reserve(header.fields.size());
  for (const std::string& field : header.fields) {
    const std::string_view name = TrimAsciiSpace(field);
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return InvalidArgumentError(at + "duplicate column \"" + std::string(name) + "\"");
    }
    if (!Contains(required, name) && !Contains(optional, name)) {
      return InvalidArgumentError(at + "unknown column \"" + std::string(name) + "\"");
    }
    names.emplace_back(name);
  }
  for (std::string_view name : required) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return InvalidArgumentError(at + "missing column \"" + std::string(name) + "\"");
    }
  }
  return CsvHeader(std::move(names));
}

std::optional<size_t> CsvHeader::Index(std::string_view name) const {
  // A linear search: headers have a dozen columns, and comparing a few short
  // strings beats hashing one.
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  return std::nullopt;
}

std::string_view CsvHeader::Get(const CsvRecord& record, std::string_view name) const {
  ALLEY_CHECK(record.fields.size() >= names_.size(),
              "CsvHeader::Get on a record shorter than the header: call CheckWidth first");
  std::optional<size_t> index = Index(name);
  if (!index) return {};
  return record.fields[*index];
}

Status CsvHeader::CheckWidth(const CsvRecord& record) const {
  if (record.fields.size() == names_.size()) return OkStatus();
  return InvalidArgumentError(LinePrefix(record.line) + "expected " +
                              std::to_string(names_.size()) + " fields, got " +
                              std::to_string(record.fields.size()));
}

void AppendCsvField(std::string* out, std::string_view field) {
  const bool guard = NeedsFormulaGuard(field);
  // With the guard in front, the content no longer starts with the field's
  // first character: decide quoting on what is written.
  const bool quote = guard ? (IsAsciiSpace(field.back()) ||
                              field.find_first_of(",\"\r\n") != std::string_view::npos)
                           : NeedsQuotes(field);
  if (!quote) {
    if (guard) out->push_back('\'');
    out->append(field);
    return;
  }
  out->push_back('"');
  if (guard) out->push_back('\'');
  while (true) {
    const size_t q = field.find('"');
    if (q == std::string_view::npos) break;
    out->append(field.substr(0, q + 1));
    out->push_back('"');
    field.remove_prefix(q + 1);
  }
  out->append(field);
  out->push_back('"');
}

void AppendCsvRow(std::string* out, std::span<const std::string> fields) {
  if (fields.size() == 1 && fields[0].empty()) {
    out->append("\"\"\r\n");
    return;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendCsvField(out, fields[i]);
  }
  out->append("\r\n");
}

}  // namespace alley::core
