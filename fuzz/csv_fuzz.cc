// libFuzzer target: CsvReader and CsvHeader over arbitrary bytes.
//
// Beyond "no crash, no sanitizer report" it checks what the reader promises:
// every field it returns is valid UTF-8 without NUL bytes (checked against a
// plain reference decoder), line numbers only grow, and what AppendCsvRow
// writes reads back as the same fields.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/status.h"

namespace {

using ::alley::core::AppendCsvRow;
using ::alley::core::CsvHeader;
using ::alley::core::CsvReader;
using ::alley::core::CsvRecord;
using ::alley::core::IsValidUtf8;

// UTF-8 decoded one code point at a time, straight from RFC 3629: the
// obviously correct, slow version of IsValidUtf8.
bool ReferenceIsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code_point = 0;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07u;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if ((byte & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (byte & 0x3Fu);
    }
    constexpr uint32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[length]) return false;            // overlong
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;  // surrogate
    if (code_point > 0x10FFFF) return false;
    i += length;
  }
  return true;
}

// Whether `written` is what the writer makes of `original`: the same text, or
// the text behind the formula guard (a leading single quote).
bool SameOrGuarded(const std::string& original, const std::string& written) {
  return written == original || (written.size() == original.size() + 1 && written.front() == '\'' &&
                                 written.compare(1, written.npos, original) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ALLEY_CHECK(IsValidUtf8(text) == ReferenceIsValidUtf8(text), "IsValidUtf8 disagrees");

  CsvReader reader(text);
  CsvRecord record;
  std::vector<std::vector<std::string>> records;
  std::optional<CsvHeader> header;
  int64_t last_line = 0;
  while (true) {
    alley::StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) {
      ALLEY_CHECK(more.status().message().starts_with("line "), "error without a line");
      ALLEY_CHECK(!reader.Next(&record).ok(), "an error must be sticky");
      break;
    }
    if (!*more) break;
    ALLEY_CHECK(record.line > last_line, "record lines must grow");
    last_line = record.line;
    ALLEY_CHECK(!record.fields.empty(), "a record has at least one field");
    for (const std::string& field : record.fields) {
      ALLEY_CHECK(ReferenceIsValidUtf8(field), "a field is not valid UTF-8");
      ALLEY_CHECK(field.find('\0') == std::string::npos, "a field holds NUL");
    }
    if (records.empty()) {
      static constexpr std::string_view kRequired[] = {"code", "name"};
      static constexpr std::string_view kOptional[] = {"note", "phone"};
      alley::StatusOr<CsvHeader> parsed = CsvHeader::Parse(record, kRequired, kOptional);
      if (parsed.ok()) header = *std::move(parsed);
    } else if (header && header->CheckWidth(record).ok()) {
      const std::string_view code = header->Get(record, "code");
      ALLEY_CHECK(code.data() == record.fields[*header->Index("code")].data(), "Get misplaced");
      (void)header->Get(record, "note");
    }
    records.push_back(record.fields);
  }

  // Writer then reader gives the same records. The text starts with a BOM as
  // every export does; without it a first field starting with U+FEFF would
  // lose that character to the reader's BOM skipping.
  std::string written(alley::core::kUtf8Bom);
  for (const auto& fields : records) AppendCsvRow(&written, fields);
  CsvReader again(written);
  size_t index = 0;
  while (true) {
    alley::StatusOr<bool> more = again.Next(&record);
    ALLEY_CHECK(more.ok(), "the writer wrote what the reader refuses: " + more.status().ToString());
    if (!*more) break;
    ALLEY_CHECK(index < records.size(), "the writer added a record");
    const auto& original = records[index++];
    ALLEY_CHECK(record.fields.size() == original.size(), "the writer changed a record's width");
    for (size_t i = 0; i < original.size(); ++i) {
      ALLEY_CHECK(SameOrGuarded(original[i], record.fields[i]), "the writer changed a field");
    }
  }
  ALLEY_CHECK(index == records.size(), "the writer lost a record");
  return 0;
}
