#include "core/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/status_matchers.h"

namespace alley::core {
namespace {

using ::alley::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Rows = std::vector<std::vector<std::string>>;

// Every record of `text`, or the first error.
StatusOr<Rows> ReadAll(std::string_view text, std::vector<int64_t>* lines = nullptr) {
  CsvReader reader(text);
  CsvRecord record;
  Rows rows;
  while (true) {
    ALLEY_ASSIGN_OR_RETURN(bool more, reader.Next(&record));
    if (!more) return rows;
    rows.push_back(record.fields);
    if (lines != nullptr) lines->push_back(record.line);
  }
}

TEST(CsvReaderTest, ReadsSimpleRecords) {
  std::vector<int64_t> lines;
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll("a,b,c\n1,2,3\n", &lines));
  EXPECT_EQ(rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_THAT(lines, ElementsAre(1, 2));
}

TEST(CsvReaderTest, EmptyTextHasNoRecords) {
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll(""));
  EXPECT_THAT(rows, IsEmpty());
  ASSERT_OK_AND_ASSIGN(Rows bom_only, ReadAll(kUtf8Bom));
  EXPECT_THAT(bom_only, IsEmpty());
  ASSERT_OK_AND_ASSIGN(Rows blank, ReadAll("\n\r\n\n"));
  EXPECT_THAT(blank, IsEmpty());
}

TEST(CsvReaderTest, EndOfTextReturnsFalseAgain) {
  CsvReader reader("a\n");
  CsvRecord record;
  ASSERT_OK_AND_ASSIGN(bool first, reader.Next(&record));
  EXPECT_TRUE(first);
  ASSERT_OK_AND_ASSIGN(bool second, reader.Next(&record));
  EXPECT_FALSE(second);
  ASSERT_OK_AND_ASSIGN(bool third, reader.Next(&record));
  EXPECT_FALSE(third);
}

TEST(CsvReaderTest, LastLineWithoutLineEnd) {
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll("a,b\n1,2"));
  EXPECT_EQ(rows, (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReaderTest, EmptyFields) {
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll(",\na,,b,\n\"\"\n,"));
  EXPECT_EQ(rows, (Rows{{"", ""}, {"a", "", "b", ""}, {""}, {"", ""}}));
}

TEST(CsvReaderTest, CrLfLineEnds) {
  std::vector<int64_t> lines;
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll("a,b\r\n1,\"2\"\r\n\r\n3,4\r\n", &lines));
  EXPECT_EQ(rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_THAT(lines, ElementsAre(1, 2, 4));
}

TEST(CsvReaderTest, StripsOneBomAtTheStartOnly) {
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll(std::string(kUtf8Bom) + "code,name\n"));
  EXPECT_EQ(rows, (Rows{{"code", "name"}}));
  // A second BOM is data (U+FEFF), kept as it is.
  ASSERT_OK_AND_ASSIGN(Rows twice,
                       ReadAll(std::string(kUtf8Bom) + std::string(kUtf8Bom) + "code\n"));
  EXPECT_EQ(twice, (Rows{{std::string(kUtf8Bom) + "code"}}));
}

TEST(CsvReaderTest, SkipsBlankLinesButCountsThem) {
  std::vector<int64_t> lines;
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll("\n\na\n\n\nb\n\n", &lines));
  EXPECT_EQ(rows, (Rows{{"a"}, {"b"}}));
  EXPECT_THAT(lines, ElementsAre(3, 6));
  // Spaces are not blank: the line is a record of one field.
  ASSERT_OK_AND_ASSIGN(Rows spaces, ReadAll("a\n  \nb\n"));
  EXPECT_EQ(spaces, (Rows{{"a"}, {"  "}, {"b"}}));
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndNewlines) {
  std::vector<int64_t> lines;
  ASSERT_OK_AND_ASSIGN(
      Rows rows,
      ReadAll("name,note\n\"张, 三\",\"he said \"\"hi\"\"\"\n\"a\nb\r\nc\",x\nlast,1\n", &lines));
  EXPECT_EQ(
      rows,
      (Rows{{"name", "note"}, {"张, 三", "he said \"hi\""}, {"a\nb\r\nc", "x"}, {"last", "1"}}));
  // The record with two embedded line ends starts on line 3 and covers 3..5.
  EXPECT_THAT(lines, ElementsAre(1, 2, 3, 6));
}

TEST(CsvReaderTest, SpacesAreKept) {
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll(" a , b \n"));
  EXPECT_EQ(rows, (Rows{{" a ", " b "}}));
}

TEST(CsvReaderTest, ReusesTheRecord) {
  CsvReader reader("a,b,c\n1\nx,y\n");
  CsvRecord record;
  ASSERT_OK_AND_ASSIGN(bool more, reader.Next(&record));
  ASSERT_TRUE(more);
  EXPECT_THAT(record.fields, ElementsAre("a", "b", "c"));
  ASSERT_OK_AND_ASSIGN(more, reader.Next(&record));
  ASSERT_TRUE(more);
  EXPECT_THAT(record.fields, ElementsAre("1"));
  EXPECT_EQ(record.line, 2);
  ASSERT_OK_AND_ASSIGN(more, reader.Next(&record));
  ASSERT_TRUE(more);
  EXPECT_THAT(record.fields, ElementsAre("x", "y"));
  EXPECT_EQ(record.line, 3);
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineWhereItOpened) {
  EXPECT_THAT(ReadAll("a,b\n1,2\n3,\"open\nmore\nstill\n"),
              StatusIs(StatusCode::kInvalidArgument, "line 3: unterminated quoted field"));
  EXPECT_THAT(ReadAll("\""),
              StatusIs(StatusCode::kInvalidArgument, "line 1: unterminated quoted field"));
}

TEST(CsvReaderTest, QuoteInsideAnUnquotedField) {
  EXPECT_THAT(ReadAll("a,b\n1,x\"y\n"),
              StatusIs(StatusCode::kInvalidArgument, "line 2: quote in an unquoted field"));
  EXPECT_THAT(ReadAll("a, \"b\"\n"),
              StatusIs(StatusCode::kInvalidArgument, "line 1: quote in an unquoted field"));
}

TEST(CsvReaderTest, CharactersAfterAClosingQuote) {
  EXPECT_THAT(
      ReadAll("a\n\"x\"y,z\n"),
      StatusIs(StatusCode::kInvalidArgument, "line 2: unexpected character after a closing quote"));
  // Reported on the line of the closing quote, after an embedded newline.
  EXPECT_THAT(
      ReadAll("a\n\"x\ny\" ,z\n"),
      StatusIs(StatusCode::kInvalidArgument, "line 3: unexpected character after a closing quote"));
}

TEST(CsvReaderTest, BareCarriageReturn) {
  EXPECT_THAT(ReadAll("a,b\n1,2\r3,4\r"),
              StatusIs(StatusCode::kInvalidArgument,
                       "line 2: carriage return not followed by a line feed"));
  EXPECT_THAT(ReadAll("\"a\"\rb"), StatusIs(StatusCode::kInvalidArgument,
                                            "line 1: carriage return not followed by a line feed"));
  // Inside quotes a CR is data.
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll("\"a\rb\"\n"));
  EXPECT_EQ(rows, (Rows{{"a\rb"}}));
}

TEST(CsvReaderTest, InvalidUtf8NamesLineAndField) {
  EXPECT_THAT(ReadAll("a,b\n1,\xE5\xBC\n"),  // a truncated 3-byte character
              StatusIs(StatusCode::kInvalidArgument, "line 2: field 2 is not valid UTF-8"));
  // GBK, the other encoding Excel writes in China: "张三".
  EXPECT_THAT(ReadAll("a\n\n\xD5\xC5\xC8\xFD\n"),
              StatusIs(StatusCode::kInvalidArgument, "line 3: field 1 is not valid UTF-8"));
  // In a quoted field that spans lines, the line where the field starts.
  EXPECT_THAT(ReadAll("x,\"a\nb\xFF\"\n"),
              StatusIs(StatusCode::kInvalidArgument, "line 1: field 2 is not valid UTF-8"));
}

TEST(CsvReaderTest, NulByte) {
  EXPECT_THAT(ReadAll(std::string_view("a\nb,c\0d\n", 8)),
              StatusIs(StatusCode::kInvalidArgument, "line 2: NUL byte in field 2"));
  EXPECT_THAT(ReadAll(std::string_view("\"a\n\0\"\n", 6)),
              StatusIs(StatusCode::kInvalidArgument, "line 2: NUL byte in field 1"));
}

TEST(CsvReaderTest, ErrorsAreSticky) {
  CsvReader reader("a\n\"x\"y\nb\n");
  CsvRecord record;
  ASSERT_OK_AND_ASSIGN(bool more, reader.Next(&record));
  ASSERT_TRUE(more);
  EXPECT_THAT(reader.Next(&record), StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 2")));
  EXPECT_THAT(reader.Next(&record), StatusIs(StatusCode::kInvalidArgument, HasSubstr("line 2")));
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII that is longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("社区居委会"));
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string_view("\0", 1)));
}

TEST(IsValidUtf8Test, RejectsMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\x80"));  // a stray continuation byte
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));  // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong, 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong, 4 bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // U+D800, a surrogate
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xE5\xBC"));                     // truncated at the end
  EXPECT_FALSE(IsValidUtf8(std::string("\xE5\xBC") + "a"));  // truncated before ASCII
  EXPECT_FALSE(
      IsValidUtf8("\xE5"
                  "ab"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));
}

CsvRecord Record(std::vector<std::string> fields, int64_t line = 1) {
  CsvRecord record;
  record.fields = std::move(fields);
  record.line = line;
  return record;
}

constexpr std::string_view kRequired[] = {"code", "name"};
constexpr std::string_view kOptional[] = {"phone", "note"};

TEST(CsvHeaderTest, FindsColumnsInAnyOrder) {
  ASSERT_OK_AND_ASSIGN(CsvHeader header,
                       CsvHeader::Parse(Record({" name", "phone ", "code"}), kRequired, kOptional));
  EXPECT_THAT(header.names(), ElementsAre("name", "phone", "code"));
  EXPECT_EQ(header.Index("code"), 2u);
  EXPECT_EQ(header.Index("name"), 0u);
  EXPECT_EQ(header.Index("note"), std::nullopt);
  EXPECT_TRUE(header.Has("phone"));
  EXPECT_FALSE(header.Has("note"));
  const CsvRecord row = Record({"海连", "138", "320706"}, 2);
  ASSERT_OK(header.CheckWidth(row));
  EXPECT_EQ(header.Get(row, "code"), "320706");
  EXPECT_EQ(header.Get(row, "name"), "海连");
  EXPECT_EQ(header.Get(row, "note"), "");
}

TEST(CsvHeaderTest, MissingUnknownAndDuplicateColumns) {
  EXPECT_THAT(CsvHeader::Parse(Record({"code", "phone"}), kRequired, kOptional),
              StatusIs(StatusCode::kInvalidArgument, "line 1: missing column \"name\""));
  EXPECT_THAT(CsvHeader::Parse(Record({"code", "name", "shoe_size"}), kRequired, kOptional),
              StatusIs(StatusCode::kInvalidArgument, "line 1: unknown column \"shoe_size\""));
  EXPECT_THAT(CsvHeader::Parse(Record({"code", "name", " code"}), kRequired, kOptional),
              StatusIs(StatusCode::kInvalidArgument, "line 1: duplicate column \"code\""));
  // A trailing comma that Excel leaves behind is an unnamed column.
  EXPECT_THAT(CsvHeader::Parse(Record({"code", "name", ""}), kRequired, kOptional),
              StatusIs(StatusCode::kInvalidArgument, "line 1: unknown column \"\""));
  // The header's own line, when blank lines come first.
  EXPECT_THAT(CsvHeader::Parse(Record({"code"}, 3), kRequired, {}),
              StatusIs(StatusCode::kInvalidArgument, "line 3: missing column \"name\""));
}

TEST(CsvHeaderTest, CheckWidthNamesBothCounts) {
  ASSERT_OK_AND_ASSIGN(CsvHeader header,
                       CsvHeader::Parse(Record({"code", "name"}), kRequired, kOptional));
  EXPECT_THAT(header.CheckWidth(Record({"1"}, 7)),
              StatusIs(StatusCode::kInvalidArgument, "line 7: expected 2 fields, got 1"));
  EXPECT_THAT(header.CheckWidth(Record({"1", "2", "3"}, 8)),
              StatusIs(StatusCode::kInvalidArgument, "line 8: expected 2 fields, got 3"));
}

TEST(CsvHeaderTest, GetOnAShortRecordIsAProgrammerError) {
  ASSERT_OK_AND_ASSIGN(CsvHeader header,
                       CsvHeader::Parse(Record({"code", "name"}), kRequired, kOptional));
  EXPECT_DEATH((void)header.Get(Record({"1"}), "code"), "CheckWidth");
}

TEST(CsvHeaderTest, ReadsAWholeFile) {
  const std::string text = std::string(kUtf8Bom) +
                           "code,name\r\n320706006010,\"海连, 东区\"\r\n\r\n320706006011,b,c\r\n";
  CsvReader reader(text);
  CsvRecord record;
  ASSERT_OK_AND_ASSIGN(bool more, reader.Next(&record));
  ASSERT_TRUE(more);
  ASSERT_OK_AND_ASSIGN(CsvHeader header, CsvHeader::Parse(record, kRequired, {}));
  ASSERT_OK_AND_ASSIGN(more, reader.Next(&record));
  ASSERT_TRUE(more);
  ASSERT_OK(header.CheckWidth(record));
  EXPECT_EQ(header.Get(record, "name"), "海连, 东区");
  ASSERT_OK_AND_ASSIGN(more, reader.Next(&record));
  ASSERT_TRUE(more);
  EXPECT_THAT(header.CheckWidth(record),
              StatusIs(StatusCode::kInvalidArgument, "line 4: expected 2 fields, got 3"));
}

std::string Field(std::string_view field) {
  std::string out;
  AppendCsvField(&out, field);
  return out;
}

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(Field("plain"), "plain");
  EXPECT_EQ(Field(""), "");
  EXPECT_EQ(Field("张三"), "张三");
  EXPECT_EQ(Field("a,b"), "\"a,b\"");
  EXPECT_EQ(Field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Field("\""), "\"\"\"\"");
  EXPECT_EQ(Field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(Field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(Field(" padded"), "\" padded\"");
  EXPECT_EQ(Field("padded "), "\"padded \"");
  EXPECT_EQ(Field("in side"), "in side");
}

TEST(CsvWriterTest, DefusesFormulas) {
  EXPECT_EQ(Field("=1+1"), "'=1+1");
  EXPECT_EQ(Field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(Field("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(Field("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
  // Behind the guard the tab no longer leads, so no quotes are needed.
  EXPECT_EQ(Field("\tx"), "'\tx");
  EXPECT_EQ(Field("\tx "), "\"'\tx \"");
  EXPECT_EQ(Field("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  // Numbers, phone numbers and placeholders stay as they are.
  EXPECT_EQ(Field("-12.5"), "-12.5");
  EXPECT_EQ(Field("-"), "-");
  EXPECT_EQ(Field("+86 138 0013 8000"), "+86 138 0013 8000");
  EXPECT_EQ(Field("+86-(0518)-1234567"), "+86-(0518)-1234567");
  EXPECT_EQ(Field("2026-06-30"), "2026-06-30");
  EXPECT_EQ(Field("a=b"), "a=b");
}

TEST(CsvWriterTest, RowsEndInCrLf) {
  std::string out;
  const std::vector<std::string> header = {"code", "name"};
  AppendCsvRow(&out, header);
  const std::vector<std::string> row = {"1", "a,b"};
  AppendCsvRow(&out, row);
  EXPECT_EQ(out, "code,name\r\n1,\"a,b\"\r\n");
}

TEST(CsvWriterTest, OneEmptyFieldIsNotABlankLine) {
  std::string out;
  const std::vector<std::string> row = {""};
  AppendCsvRow(&out, row);
  EXPECT_EQ(out, "\"\"\r\n");
  ASSERT_OK_AND_ASSIGN(Rows rows, ReadAll(out));
  EXPECT_EQ(rows, (Rows{{""}}));
}

TEST(CsvRoundTripTest, NastyFieldsSurviveWriterThenReader) {
  const Rows rows = {
      {"household", "name", "note"},
      {"0001", "张三", "住在\"幸福\"小区, 3号楼"},
      {"", "", ""},
      {"line\nbreak", "crlf\r\nbreak", "cr\ronly"},
      {"\"", "\"\"", ",", "\",\""},
      {" lead", "trail ", "  "},
      {"-12.5", "+86 138 0013 8000", "2026-06-30"},
      {"海连区幸福路1号", "😀", std::string(kUtf8Bom) + "inner bom"},
      {""},
      {"last"},
  };
  std::string out(kUtf8Bom);
  for (const auto& row : rows) AppendCsvRow(&out, row);
  std::vector<int64_t> lines;
  ASSERT_OK_AND_ASSIGN(Rows back, ReadAll(out, &lines));
  EXPECT_EQ(back, rows);
  // Row 4 holds two line feeds (the lone CR is not a line end), so it covers
  // lines 4..6 and row 5 starts on line 7.
  EXPECT_THAT(lines, ElementsAre(1, 2, 3, 4, 7, 8, 9, 10, 11, 12));
}

TEST(CsvRoundTripTest, DefusedFormulasReadBackWithTheirQuote) {
  std::string out;
  const std::vector<std::string> row = {"=1+1", "@x"};
  AppendCsvRow(&out, row);
  ASSERT_OK_AND_ASSIGN(Rows back, ReadAll(out));
  EXPECT_EQ(back, (Rows{{"'=1+1", "'@x"}}));
}

}  // namespace
}  // namespace alley::core
