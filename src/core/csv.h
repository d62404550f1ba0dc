// CSV as RFC 4180 writes it, in UTF-8: the format of every import and export.
//
// Reading is strict, because a silently misread roster is worse than a refused
// one: every malformed construct is an error that names its physical line.
//
//   CsvReader reader(text);  // `text` must outlive the reader
//   CsvRecord record;
//   ALLEY_ASSIGN_OR_RETURN(bool has_header, reader.Next(&record));
//   if (!has_header) return InvalidArgumentError("the file is empty");
//   static constexpr std::string_view kRequired[] = {"code", "name"};
//   ALLEY_ASSIGN_OR_RETURN(CsvHeader header, CsvHeader::Parse(record, kRequired, {}));
//   while (true) {
//     ALLEY_ASSIGN_OR_RETURN(bool more, reader.Next(&record));
//     if (!more) break;
//     ALLEY_RETURN_IF_ERROR(header.CheckWidth(record));
//     std::string_view code = header.Get(record, "code");
//   }
//
// Writing produces what Excel (the tool of most community offices) opens
// correctly: a BOM first so that it reads UTF-8, CRLF line ends, fields quoted
// only when needed, and formulas defused.
//
//   std::string out(kUtf8Bom);
//   AppendCsvRow(&out, header_fields);
//   for (const auto& row : rows) AppendCsvRow(&out, row);
//
// Error messages start with "line N: " (N 1-based, counting physical lines
// of the text), so that callers can prefix the file name ("roster.csv:12: ").
// Thread safety: a CsvReader is not shared between threads; a CsvHeader is
// immutable after Parse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace alley::core {

// The byte-order mark that tells Excel a CSV file is UTF-8.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Whether `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no
// UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated or
// stray continuation bytes. NUL bytes are valid UTF-8.
bool IsValidUtf8(std::string_view text);

// One record: its fields, unquoted and unescaped.
struct CsvRecord {
  std::vector<std::string> fields;
  int64_t line = 0;  // the 1-based physical line where the record starts
};

// Reads records one at a time from text held by the caller.
//
// Accepted: one UTF-8 BOM at the very start (skipped); LF or CRLF line ends;
// fields in double quotes holding commas, CR, LF and doubled quotes ("");
// empty fields; a last line without a line end. Lines that are completely
// empty are skipped (a line holding only spaces or commas is a record).
//
// Errors, all kInvalidArgument, with the line where the problem is:
//   "line 4: unterminated quoted field"   (the line where the quote opened)
//   "line 2: quote in an unquoted field"
//   "line 2: unexpected character after a closing quote"
//   "line 3: carriage return not followed by a line feed"  (old Mac files)
//   "line 5: field 3 is not valid UTF-8"
//   "line 5: NUL byte in field 2"
// After an error the reader stays failed: Next returns the same error again,
// and the record's contents are unspecified.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  // Fills `record` with the next record and returns true, or returns false at
  // the end of the text. `record`'s vector and strings are reused, so a caller
  // that reads into one record in a loop allocates almost nothing.
  StatusOr<bool> Next(CsvRecord* record);

 private:
  Status Fail(int64_t line, std::string_view reason);

  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  Status error_;
};

// The header record of a file with named columns, in any order.
class CsvHeader {
 public:
  // Checks `header` (column names, ASCII spaces and tabs around them ignored)
  // against the columns a caller knows: every `required` one must appear, and
  // no name may appear that is in neither list, nor twice. kInvalidArgument,
  // checking the names left to right, then the missing ones in `required`
  // order:
  //   "line 1: duplicate column \"name\""
  //   "line 1: unknown column \"shoe_size\""
  //   "line 1: missing column \"id_number\""
  static StatusOr<CsvHeader> Parse(const CsvRecord& header,
                                   std::span<const std::string_view> required,
                                   std::span<const std::string_view> optional);

  // The 0-based position of column `name`, or nullopt when the file lacks it.
  std::optional<size_t> Index(std::string_view name) const;
  bool Has(std::string_view name) const { return Index(name).has_value(); }

  // The value of column `name` in `record`, or "" when the file lacks the
  // column. `record` must have at least as many fields as the header
  // (ALLEY_CHECK): call CheckWidth first.
  std::string_view Get(const CsvRecord& record, std::string_view name) const;

  // kInvalidArgument "line 7: expected 7 fields, got 6" unless `record` has
  // exactly one field per column.
  Status CheckWidth(const CsvRecord& record) const;

  // The column names, trimmed, in file order.
  const std::vector<std::string>& names() const { return names_; }

 private:
  explicit CsvHeader(std::vector<std::string> names) : names_(std::move(names)) {}

  std::vector<std::string> names_;
};

// Appends `field` to `out` as one CSV field (no separator). The field is
// quoted, with quotes doubled, when it holds a comma, a quote, CR or LF, or
// starts or ends with a space or tab (which some tools would trim).
//
// Formula injection (OWASP "CSV injection"): Excel runs a cell that starts
// with '=', '+', '-' or '@' as a formula, so a resident named
// "=HYPERLINK(...)" could attack whoever opens the export. A single quote is
// put in front of a field that starts with '=', '@', a tab or CR, and of one
// that starts with '+' or '-' unless the field is a plain number: digits,
// spaces and ". + - ( )" only. Those keep phone numbers ("+86 138 0013 8000"),
// negative numbers and "-" placeholders intact, and no formula built from
// them can call a function or reach another program. The reader does not
// remove the quote: an exported "'=1" reads back as "'=1".
void AppendCsvField(std::string* out, std::string_view field);

// Appends `fields` as one record, comma-separated, ending in "\r\n". A record
// of one empty field is written as "\"\"" so that it is not read back as a
// blank line (which readers skip); an empty `fields` writes a blank line.
// Start the text with kUtf8Bom: without it, a first field that itself starts
// with U+FEFF would be read back without that character.
void AppendCsvRow(std::string* out, std::span<const std::string> fields);

}  // namespace alley::core
