#include "indicators/formula.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "core/csv.h"

namespace alley::indicators {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMaxFinite = std::numeric_limits<double>::max();

// ---------------------------------------------------------------------------
// Kernels shared by both evaluators, so that they agree to the bit.

// v when finite, NaN otherwise (infinity and NaN alike).
inline double Clean(double v) { return std::fabs(v) <= kMaxFinite ? v : kNaN; }

// std::min/std::max order: the first argument wins a tie (0 and -0).
inline double MinOf(double a, double b) { return b < a ? b : a; }
inline double MaxOf(double a, double b) { return a < b ? b : a; }

// Powers of ten that doubles hold exactly.
constexpr std::array<double, 16> kPowersOfTen = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
constexpr double kMaxRoundDigits = 15;
// From 2^52 on a double has no fractional part.
constexpr double kNoFraction = 4503599627370496.0;

// round(x, digits), half away from zero on x's binary value; NaN when x or
// digits is NaN or digits is not a whole number in [-15, 15].
inline double RoundTo(double x, double digits) {
  if (std::isnan(x) || !(std::fabs(digits) <= kMaxRoundDigits) || std::trunc(digits) != digits) {
    return kNaN;
  }
  if (digits >= 0) {
    if (std::fabs(x) >= kNoFraction) return x;
    const double p = kPowersOfTen[static_cast<size_t>(digits)];
    return Clean(std::round(x * p) / p);
  }
  const double p = kPowersOfTen[static_cast<size_t>(-digits)];
  return Clean(std::round(x / p) * p);
}

inline double Truth(bool b) { return b ? 1.0 : 0.0; }

// ---------------------------------------------------------------------------
// Text positions.

// The 1-based column, in characters, of the byte at `offset`.
uint32_t CharColumn(std::string_view text, size_t offset) {
  uint32_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) ++column;
  }
  return column;
}

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c) || c == '.'; }

// ---------------------------------------------------------------------------
// Lexer.

enum class Tok : uint8_t {
  kEnd,
  kNumber,
  kName,
  kLParen,
  kRParen,
  kComma,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqualEqual,
  kNotEqual,
  kAt,
  kAnd,
  kOr,
  kNot,
};

struct Token {
  Tok kind = Tok::kEnd;
  size_t offset = 0;  // bytes
  size_t length = 0;  // bytes
  double number = 0;  // kNumber
};

// Known functions and their arity.
struct FunctionInfo {
  std::string_view name;
  FormulaOp op;  // kNumber for prev and last_year, which shift instead
  uint32_t min_args;
  uint32_t max_args;  // 0: no limit
};
constexpr FunctionInfo kFunctions[] = {
    {"if", FormulaOp::kIf, 3, 3},       {"min", FormulaOp::kMin, 1, 0},
    {"max", FormulaOp::kMax, 1, 0},     {"sum", FormulaOp::kSum, 1, 0},
    {"round", FormulaOp::kRound, 1, 2}, {"abs", FormulaOp::kAbs, 1, 1},
    {"prev", FormulaOp::kNumber, 1, 1}, {"last_year", FormulaOp::kNumber, 1, 1},
};

std::string ArgumentCount(uint32_t n) {
  return std::to_string(n) + (n == 1 ? " argument" : " arguments");
}

}  // namespace

// The parser: recursive descent, one token of lookahead, lexing on demand so
// that the first error in reading order is the one reported.
class FormulaParser {
 public:
  explicit FormulaParser(std::string_view text) : text_(text) {}

  StatusOr<Formula> Parse() {
    if (text_.size() > kMaxFormulaLength) {
      return InvalidArgumentError("column " + std::to_string(CharColumn(text_, kMaxFormulaLength)) +
                                  ": formula longer than " + std::to_string(kMaxFormulaLength) +
                                  " bytes");
    }
    Advance();
    if (ok() && peek_.kind == Tok::kEnd) {
      Fail(peek_.offset, "empty formula");
    }
    int64_t root = ok() ? ParseOr() : -1;
    if (root >= 0 && peek_.kind != Tok::kEnd) {
      if (peek_.kind == Tok::kRParen) {
        Fail(peek_.offset, "')' without a matching '('");
      } else {
        Fail(peek_.offset,
             "expected an operator or the end of the formula, got " + Describe(peek_));
      }
    }
    if (!error_.ok()) return error_;
    // The canonical text may be longer (prev() goes around each name, 1e15
    // becomes 1000000000000000); it must parse too.
    if (FormatFormula(formula_).size() > kMaxFormulaLength) {
      return InvalidArgumentError("column 1: formula longer than " +
                                  std::to_string(kMaxFormulaLength) +
                                  " bytes in its canonical form");
    }
    return std::move(formula_);
  }

 private:
  bool ok() const { return error_.ok(); }

  // Records the first error; returns -1 for the callers to pass up.
  int64_t Fail(size_t offset, const std::string& reason) {
    if (error_.ok()) {
      error_ = InvalidArgumentError("column " + std::to_string(CharColumn(text_, offset)) + ": " +
                                    reason);
    }
    return -1;
  }

  std::string Text(const Token& t) const {
    constexpr size_t kShown = 40;
    std::string s(text_.substr(t.offset, std::min(t.length, kShown)));
    if (t.length > kShown) s += "...";
    return s;
  }

  std::string Describe(const Token& t) const {
    if (t.kind == Tok::kEnd) return "the end of the formula";
    return "'" + Text(t) + "'";
  }

  // Reads the next token into peek_ (kEnd on a lexing error, recorded).
  void Advance() {
    size_t i = pos_;
    while (i < text_.size() &&
           (text_[i] == ' ' || text_[i] == '\t' || text_[i] == '\n' || text_[i] == '\r')) {
      ++i;
    }
    peek_ = Token{Tok::kEnd, i, 0, 0};
    if (i >= text_.size() || !ok()) {
      pos_ = i;
      return;
    }
    const char c = text_[i];
    const char next = i + 1 < text_.size() ? text_[i + 1] : '\0';
    auto single = [&](Tok kind, size_t length) {
      peek_.kind = kind;
      peek_.length = length;
    };
    if (IsDigit(c) || (c == '.' && IsDigit(next))) {
      LexNumber(i);
    } else if (IsNameStart(c)) {
      size_t j = i;
      while (j < text_.size() && IsNameChar(text_[j])) ++j;
      const std::string_view word = text_.substr(i, j - i);
      single(word == "and"   ? Tok::kAnd
             : word == "or"  ? Tok::kOr
             : word == "not" ? Tok::kNot
                             : Tok::kName,
             j - i);
    } else if (c == '(') {
      single(Tok::kLParen, 1);
    } else if (c == ')') {
      single(Tok::kRParen, 1);
    } else if (c == ',') {
      single(Tok::kComma, 1);
    } else if (c == '+') {
      single(Tok::kPlus, 1);
    } else if (c == '-') {
      single(Tok::kMinus, 1);
    } else if (c == '*') {
      single(Tok::kStar, 1);
    } else if (c == '/') {
      single(Tok::kSlash, 1);
    } else if (c == '@') {
      single(Tok::kAt, 1);
    } else if (c == '<') {
      single(next == '=' ? Tok::kLessEqual : Tok::kLess, next == '=' ? 2 : 1);
    } else if (c == '>') {
      single(next == '=' ? Tok::kGreaterEqual : Tok::kGreater, next == '=' ? 2 : 1);
    } else if (c == '=' && next == '=') {
      single(Tok::kEqualEqual, 2);
    } else if (c == '!' && next == '=') {
      single(Tok::kNotEqual, 2);
    } else if (c == '=') {
      Fail(i, "'=' is not an operator: compare with '=='");
    } else if (c == '&' || c == '|' || c == '!') {
      Fail(i, std::string("unexpected character '") + c + "': write " +
                  (c == '&'   ? "'and'"
                   : c == '|' ? "'or'"
                              : "'not' or '!='"));
    } else {
      Fail(i, "unexpected character " + DescribeCharacter(i));
    }
    pos_ = i + peek_.length;
    if (!ok()) peek_.kind = Tok::kEnd;
  }

  std::string DescribeCharacter(size_t i) const {
    const auto lead = static_cast<unsigned char>(text_[i]);
    if (lead >= 0x20 && lead < 0x7F) return std::string("'") + text_[i] + "'";
    size_t length = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    const std::string_view ch = text_.substr(i, length);
    if (lead >= 0x80 && ch.size() == length && core::IsValidUtf8(ch)) {
      return "'" + std::string(ch) + "'";
    }
    constexpr char kHex[] = "0123456789ABCDEF";
    return std::string(lead < 0x80 ? "U+00" : "byte 0x") + kHex[lead >> 4] + kHex[lead & 0xF] +
           (lead < 0x80 ? "" : " (not UTF-8)");
  }

  void LexNumber(size_t i) {
    size_t j = i;
    while (j < text_.size() && IsDigit(text_[j])) ++j;
    if (j < text_.size() && text_[j] == '.') {
      ++j;
      while (j < text_.size() && IsDigit(text_[j])) ++j;
    }
    bool malformed = false;
    if (j < text_.size() && (text_[j] == 'e' || text_[j] == 'E')) {
      size_t k = j + 1;
      if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) ++k;
      if (k < text_.size() && IsDigit(text_[k])) {
        while (k < text_.size() && IsDigit(text_[k])) ++k;
        j = k;
      } else {
        malformed = true;
      }
    }
    size_t end = j;
    while (end < text_.size() && IsNameChar(text_[end])) ++end;
    malformed = malformed || end != j;
    peek_.kind = Tok::kNumber;
    peek_.length = end - i;
    if (malformed) {
      Fail(i, "malformed number " + Describe(peek_));
      return;
    }
    double value = 0;
    const char* first = text_.data() + i;
    const char* last = text_.data() + j;
    const std::from_chars_result r = std::from_chars(first, last, value);
    if (r.ec == std::errc::result_out_of_range || (r.ec == std::errc() && !std::isfinite(value))) {
      Fail(i, "number out of range " + Describe(peek_));
    } else if (r.ec != std::errc() || r.ptr != last) {
      Fail(i, "malformed number " + Describe(peek_));
    }
    peek_.number = value;
  }

  // Nesting of parentheses, calls and signs.
  bool Enter(size_t offset) {
    if (++nesting_ > kMaxFormulaDepth) {
      Fail(offset, "formula nested deeper than " + std::to_string(kMaxFormulaDepth) + " levels");
      return false;
    }
    return true;
  }
  void Leave() { --nesting_; }

  int64_t AddNode(FormulaNode node, std::span<const int64_t> children, size_t offset) {
    int depth = 1;
    node.first_child = static_cast<uint32_t>(formula_.children_.size());
    node.child_count = static_cast<uint32_t>(children.size());
    for (int64_t child : children) {
      formula_.children_.push_back(static_cast<uint32_t>(child));
      depth = std::max(depth, depths_[static_cast<size_t>(child)] + 1);
    }
    if (depth > kMaxFormulaDepth) {
      return Fail(offset,
                  "formula nested deeper than " + std::to_string(kMaxFormulaDepth) + " levels");
    }
    formula_.nodes_.push_back(std::move(node));
    depths_.push_back(depth);
    return static_cast<int64_t>(formula_.nodes_.size() - 1);
  }

  int64_t AddOp(FormulaOp op, std::span<const int64_t> children, size_t offset) {
    FormulaNode node;
    node.op = op;
    return AddNode(std::move(node), children, offset);
  }

  int64_t Binary(FormulaOp op, int64_t left, int64_t right, size_t offset) {
    const std::array<int64_t, 2> both = {left, right};
    return AddOp(op, both, offset);
  }

  int64_t ParseOr() {
    int64_t left = ParseAnd();
    while (left >= 0 && peek_.kind == Tok::kOr) {
      const size_t at = peek_.offset;
      Advance();
      const int64_t right = ParseAnd();
      if (right < 0) return -1;
      left = Binary(FormulaOp::kOr, left, right, at);
    }
    return left;
  }

  int64_t ParseAnd() {
    int64_t left = ParseNot();
    while (left >= 0 && peek_.kind == Tok::kAnd) {
      const size_t at = peek_.offset;
      Advance();
      const int64_t right = ParseNot();
      if (right < 0) return -1;
      left = Binary(FormulaOp::kAnd, left, right, at);
    }
    return left;
  }

  int64_t ParseNot() {
    if (peek_.kind != Tok::kNot) return ParseComparison();
    const size_t at = peek_.offset;
    if (!Enter(at)) return -1;
    Advance();
    const int64_t operand = ParseNot();
    Leave();
    if (operand < 0) return -1;
    const std::array<int64_t, 1> one = {operand};
    return AddOp(FormulaOp::kNot, one, at);
  }

  static std::optional<FormulaOp> ComparisonOp(Tok kind) {
    switch (kind) {
      case Tok::kLess:
        return FormulaOp::kLess;
      case Tok::kLessEqual:
        return FormulaOp::kLessEqual;
      case Tok::kGreater:
        return FormulaOp::kGreater;
      case Tok::kGreaterEqual:
        return FormulaOp::kGreaterEqual;
      case Tok::kEqualEqual:
        return FormulaOp::kEqual;
      case Tok::kNotEqual:
        return FormulaOp::kNotEqual;
      default:
        return std::nullopt;
    }
  }

  int64_t ParseComparison() {
    const int64_t left = ParseAdditive();
    if (left < 0) return -1;
    const std::optional<FormulaOp> op = ComparisonOp(peek_.kind);
    if (!op) return left;
    const size_t at = peek_.offset;
    Advance();
    const int64_t right = ParseAdditive();
    if (right < 0) return -1;
    if (ComparisonOp(peek_.kind)) {
      return Fail(peek_.offset, "comparisons do not chain: write 'a < b and b < c'");
    }
    return Binary(*op, left, right, at);
  }

  int64_t ParseAdditive() {
    int64_t left = ParseMultiplicative();
    while (left >= 0 && (peek_.kind == Tok::kPlus || peek_.kind == Tok::kMinus)) {
      const FormulaOp op = peek_.kind == Tok::kPlus ? FormulaOp::kAdd : FormulaOp::kSub;
      const size_t at = peek_.offset;
      Advance();
      const int64_t right = ParseMultiplicative();
      if (right < 0) return -1;
      left = Binary(op, left, right, at);
    }
    return left;
  }

  int64_t ParseMultiplicative() {
    int64_t left = ParseUnary();
    while (left >= 0 && (peek_.kind == Tok::kStar || peek_.kind == Tok::kSlash)) {
      const FormulaOp op = peek_.kind == Tok::kStar ? FormulaOp::kMul : FormulaOp::kDiv;
      const size_t at = peek_.offset;
      Advance();
      const int64_t right = ParseUnary();
      if (right < 0) return -1;
      left = Binary(op, left, right, at);
    }
    return left;
  }

  int64_t ParseUnary() {
    if (peek_.kind != Tok::kMinus) return ParsePrimary();
    const size_t at = peek_.offset;
    if (!Enter(at)) return -1;
    Advance();
    const int64_t operand = ParseUnary();
    Leave();
    if (operand < 0) return -1;
    const std::array<int64_t, 1> one = {operand};
    return AddOp(FormulaOp::kNeg, one, at);
  }

  int64_t ParsePrimary() {
    const Token t = peek_;
    int64_t result = -1;
    switch (t.kind) {
      case Tok::kNumber: {
        Advance();
        FormulaNode node;
        node.op = FormulaOp::kNumber;
        node.number = t.number;
        result = AddNode(std::move(node), {}, t.offset);
        break;
      }
      case Tok::kName:
        Advance();
        result = peek_.kind == Tok::kLParen ? ParseCall(t) : ParseReference(t);
        break;
      case Tok::kLParen: {
        if (!Enter(t.offset)) return -1;
        Advance();
        result = ParseOr();
        Leave();
        if (result < 0) return -1;
        if (peek_.kind != Tok::kRParen) {
          return Fail(peek_.offset, "expected ')' to close '(' at column " +
                                        std::to_string(CharColumn(text_, t.offset)));
        }
        Advance();
        break;
      }
      case Tok::kEnd:
        return Fail(t.offset, "unexpected end of formula");
      default:
        return Fail(t.offset, "expected a number, a name or '(', got " + Describe(t));
    }
    if (result >= 0 && peek_.kind == Tok::kAt) {
      return Fail(peek_.offset, "'@' goes right after a name, as in x@-2");
    }
    return result;
  }

  // A name, with an optional @-N after it.
  int64_t ParseReference(const Token& name) {
    FormulaNode node;
    node.op = FormulaOp::kReference;
    node.reference.name = std::string(text_.substr(name.offset, name.length));
    if (peek_.kind == Tok::kAt) {
      const size_t at = peek_.offset;
      Advance();
      if (!ok()) return -1;
      const bool minus = peek_.kind == Tok::kMinus;
      if (minus) Advance();
      const Token count = peek_;
      const std::string_view digits = text_.substr(count.offset, count.length);
      if (!ok()) return -1;
      if (!minus || count.kind != Tok::kNumber ||
          !std::all_of(digits.begin(), digits.end(), IsDigit)) {
        return Fail(at, "'@' takes a negative whole number of periods, as in x@-2");
      }
      if (count.number < 1 || count.number > kMaxPeriodsBack) {
        return Fail(at, "'@' reaches 1 to " + std::to_string(kMaxPeriodsBack) + " periods back");
      }
      Advance();
      node.reference.kind = OffsetKind::kPrevious;
      node.reference.n = static_cast<int32_t>(count.number);
    }
    return AddNode(std::move(node), {}, name.offset);
  }

  int64_t ParseCall(const Token& name) {
    const std::string_view function_name = text_.substr(name.offset, name.length);
    const FunctionInfo* info = nullptr;
    for (const FunctionInfo& f : kFunctions) {
      if (f.name == function_name) info = &f;
    }
    if (info == nullptr) return Fail(name.offset, "unknown function " + Describe(name));
    const size_t open = peek_.offset;
    if (!Enter(open)) return -1;
    Advance();  // (
    const size_t first_node = formula_.nodes_.size();
    std::vector<int64_t> args;
    if (peek_.kind != Tok::kRParen) {
      while (true) {
        const int64_t arg = ParseOr();
        if (arg < 0) return -1;
        args.push_back(arg);
        if (peek_.kind == Tok::kComma) {
          Advance();
          continue;
        }
        if (peek_.kind == Tok::kRParen) break;
        return Fail(peek_.offset, "expected ',' or ')' to close '" + std::string(function_name) +
                                      "(' at column " +
                                      std::to_string(CharColumn(text_, name.offset)) + ", got " +
                                      Describe(peek_));
      }
    }
    Leave();
    Advance();  // )
    if (!ok()) return -1;
    const auto got = static_cast<uint32_t>(args.size());
    if (got < info->min_args || (info->max_args != 0 && got > info->max_args)) {
      std::string takes;
      if (info->max_args == 0) {
        takes = "at least " + ArgumentCount(info->min_args);
      } else if (info->min_args == info->max_args) {
        takes = ArgumentCount(info->min_args);
      } else {
        takes = std::to_string(info->min_args) + " or " + ArgumentCount(info->max_args);
      }
      return Fail(name.offset,
                  std::string(function_name) + " takes " + takes + ", got " + std::to_string(got));
    }
    if (info->op != FormulaOp::kNumber) return AddOp(info->op, args, name.offset);
    // prev and last_year: shift every reference of the argument's subtree,
    // which is the nodes added since the call opened (postorder).
    const OffsetKind kind = function_name == "prev" ? OffsetKind::kPrevious : OffsetKind::kLastYear;
    for (size_t i = first_node; i < formula_.nodes_.size(); ++i) {
      Reference& ref = formula_.nodes_[i].reference;
      if (formula_.nodes_[i].op != FormulaOp::kReference) continue;
      if (ref.kind == OffsetKind::kCurrent) {
        ref.kind = kind;
        ref.n = 1;
      } else if (ref.kind != kind) {
        return Fail(name.offset, "prev and last_year do not mix (in " + FormatReference(ref) + ")");
      } else if (ref.n >= kMaxPeriodsBack) {
        return Fail(name.offset, std::string(function_name) + " reaches more than " +
                                     std::to_string(kMaxPeriodsBack) + " back (in " +
                                     FormatReference(ref) + ")");
      } else {
        ++ref.n;
      }
    }
    return args[0];
  }

  std::string_view text_;
  size_t pos_ = 0;  // bytes: where the next token's lexing starts
  Token peek_;
  int nesting_ = 0;
  Status error_;
  Formula formula_;
  std::vector<int> depths_;  // per node: the height of its subtree
};

StatusOr<Formula> ParseFormula(std::string_view text) { return FormulaParser(text).Parse(); }

std::vector<Reference> Formula::References() const {
  std::vector<Reference> refs;
  for (const FormulaNode& node : nodes_) {
    if (node.op == FormulaOp::kReference) refs.push_back(node.reference);
  }
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  return refs;
}

std::string FormatReference(const Reference& reference) {
  switch (reference.kind) {
    case OffsetKind::kCurrent:
      return reference.name;
    case OffsetKind::kPrevious:
      if (reference.n == 1) return "prev(" + reference.name + ")";
      return reference.name + "@-" + std::to_string(reference.n);
    case OffsetKind::kLastYear: {
      std::string s;
      for (int32_t i = 0; i < reference.n; ++i) s += "last_year(";
      s += reference.name;
      s.append(static_cast<size_t>(std::max(reference.n, 0)), ')');
      return s;
    }
  }
  return reference.name;
}

// ---------------------------------------------------------------------------
// Formatting.

namespace {

// Binding strength: higher binds tighter.
int Precedence(FormulaOp op) {
  switch (op) {
    case FormulaOp::kOr:
      return 1;
    case FormulaOp::kAnd:
      return 2;
    case FormulaOp::kNot:
      return 3;
    case FormulaOp::kLess:
    case FormulaOp::kLessEqual:
    case FormulaOp::kGreater:
    case FormulaOp::kGreaterEqual:
    case FormulaOp::kEqual:
    case FormulaOp::kNotEqual:
      return 4;
    case FormulaOp::kAdd:
    case FormulaOp::kSub:
      return 5;
    case FormulaOp::kMul:
    case FormulaOp::kDiv:
      return 6;
    case FormulaOp::kNeg:
      return 7;
    default:
      return 8;
  }
}
constexpr int kComparisonPrecedence = 4;

std::string_view OpText(FormulaOp op) {
  switch (op) {
    case FormulaOp::kOr:
      return " or ";
    case FormulaOp::kAnd:
      return " and ";
    case FormulaOp::kLess:
      return " < ";
    case FormulaOp::kLessEqual:
      return " <= ";
    case FormulaOp::kGreater:
      return " > ";
    case FormulaOp::kGreaterEqual:
      return " >= ";
    case FormulaOp::kEqual:
      return " == ";
    case FormulaOp::kNotEqual:
      return " != ";
    case FormulaOp::kAdd:
      return " + ";
    case FormulaOp::kSub:
      return " - ";
    case FormulaOp::kMul:
      return " * ";
    case FormulaOp::kDiv:
      return " / ";
    case FormulaOp::kIf:
      return "if";
    case FormulaOp::kMin:
      return "min";
    case FormulaOp::kMax:
      return "max";
    case FormulaOp::kSum:
      return "sum";
    case FormulaOp::kRound:
      return "round";
    case FormulaOp::kAbs:
      return "abs";
    default:
      return "";
  }
}

void FormatNode(const Formula& f, uint32_t index, std::string* out);

void FormatChild(const Formula& f, uint32_t index, bool parenthesize, std::string* out) {
  if (parenthesize) out->push_back('(');
  FormatNode(f, index, out);
  if (parenthesize) out->push_back(')');
}

void FormatNode(const Formula& f, uint32_t index, std::string* out) {
  const FormulaNode& node = f.nodes()[index];
  const uint32_t* kids = f.children().data() + node.first_child;
  const int precedence = Precedence(node.op);
  switch (node.op) {
    case FormulaOp::kNumber: {
      // Plain decimals while they stay short (1000000, 0.001), else the
      // shortest form (1e+300); both read back to the same double.
      constexpr size_t kLongestFixed = 20;
      std::array<char, 400> buffer{};
      std::to_chars_result r = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                                             node.number, std::chars_format::fixed);
      if (r.ec != std::errc() || static_cast<size_t>(r.ptr - buffer.data()) > kLongestFixed) {
        r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), node.number);
      }
      out->append(buffer.data(), r.ptr);
      return;
    }
    case FormulaOp::kReference:
      out->append(FormatReference(node.reference));
      return;
    case FormulaOp::kNeg: {
      out->push_back('-');
      // "--a", not "-(-a)": parentheses would nest deeper than the text parsed.
      FormatChild(f, kids[0], Precedence(f.nodes()[kids[0]].op) < precedence, out);
      return;
    }
    case FormulaOp::kNot:
      out->append("not ");
      FormatChild(f, kids[0], Precedence(f.nodes()[kids[0]].op) < precedence, out);
      return;
    case FormulaOp::kIf:
    case FormulaOp::kMin:
    case FormulaOp::kMax:
    case FormulaOp::kSum:
    case FormulaOp::kRound:
    case FormulaOp::kAbs:
      out->append(OpText(node.op));
      out->push_back('(');
      for (uint32_t i = 0; i < node.child_count; ++i) {
        if (i > 0) out->append(", ");
        FormatNode(f, kids[i], out);
      }
      out->push_back(')');
      return;
    default: {
      // Binary: left to right, except comparisons, which do not chain.
      const int left = Precedence(f.nodes()[kids[0]].op);
      const int right = Precedence(f.nodes()[kids[1]].op);
      FormatChild(f, kids[0],
                  left < precedence || (precedence == kComparisonPrecedence && left == precedence),
                  out);
      out->append(OpText(node.op));
      FormatChild(f, kids[1], right <= precedence, out);
      return;
    }
  }
}

}  // namespace

std::string FormatFormula(const Formula& formula) {
  std::string out;
  if (!formula.nodes().empty()) FormatNode(formula, formula.root(), &out);
  return out;
}

// ---------------------------------------------------------------------------
// The scalar evaluator: a walk of the tree, lazy in if().

namespace {

using Value = std::optional<double>;

Value Finite(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

Value EvalNode(const Formula& f, uint32_t index, const Resolver& resolver) {
  const FormulaNode& node = f.nodes()[index];
  const uint32_t* kids = f.children().data() + node.first_child;
  auto arg = [&](uint32_t i) { return EvalNode(f, kids[i], resolver); };
  switch (node.op) {
    case FormulaOp::kNumber:
      return node.number;
    case FormulaOp::kReference: {
      const Value v = resolver(node.reference);
      if (!v) return std::nullopt;
      return Finite(*v);
    }
    case FormulaOp::kNeg: {
      const Value a = arg(0);
      if (!a) return std::nullopt;
      return -*a;
    }
    case FormulaOp::kNot: {
      const Value a = arg(0);
      if (!a) return std::nullopt;
      return Truth(*a == 0);
    }
    case FormulaOp::kAbs: {
      const Value a = arg(0);
      if (!a) return std::nullopt;
      return std::fabs(*a);
    }
    case FormulaOp::kIf: {
      const Value c = arg(0);
      if (!c) return std::nullopt;
      return *c != 0 ? arg(1) : arg(2);
    }
    case FormulaOp::kRound: {
      const Value x = arg(0);
      if (!x) return std::nullopt;
      if (node.child_count == 1) return std::round(*x);
      const Value digits = arg(1);
      if (!digits) return std::nullopt;
      return Finite(RoundTo(*x, *digits));
    }
    case FormulaOp::kMin:
    case FormulaOp::kMax:
    case FormulaOp::kSum: {
      Value acc = arg(0);
      for (uint32_t i = 1; acc && i < node.child_count; ++i) {
        const Value v = arg(i);
        if (!v) return std::nullopt;
        acc = node.op == FormulaOp::kMin   ? MinOf(*acc, *v)
              : node.op == FormulaOp::kMax ? MaxOf(*acc, *v)
                                           : Finite(*acc + *v);
      }
      return acc;
    }
    default:
      break;
  }
  // Binary operators: both sides always (a missing one makes the result missing).
  const Value a = arg(0);
  if (!a) return std::nullopt;
  const Value b = arg(1);
  if (!b) return std::nullopt;
  switch (node.op) {
    case FormulaOp::kAdd:
      return Finite(*a + *b);
    case FormulaOp::kSub:
      return Finite(*a - *b);
    case FormulaOp::kMul:
      return Finite(*a * *b);
    case FormulaOp::kDiv:
      if (*b == 0) return std::nullopt;
      return Finite(*a / *b);
    case FormulaOp::kLess:
      return Truth(*a < *b);
    case FormulaOp::kLessEqual:
      return Truth(*a <= *b);
    case FormulaOp::kGreater:
      return Truth(*a > *b);
    case FormulaOp::kGreaterEqual:
      return Truth(*a >= *b);
    case FormulaOp::kEqual:
      return Truth(*a == *b);
    case FormulaOp::kNotEqual:
      return Truth(*a != *b);
    case FormulaOp::kAnd:
      return Truth(*a != 0 && *b != 0);
    case FormulaOp::kOr:
      return Truth(*a != 0 || *b != 0);
    default:
      ALLEY_CHECK(false, "formula: an operator without an evaluation");
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> Evaluate(const Formula& formula, const Resolver& resolver) {
  ALLEY_CHECK(!formula.nodes().empty(), "Evaluate of an empty Formula");
  return EvalNode(formula, formula.root(), resolver);
}

// ---------------------------------------------------------------------------
// The column evaluator: the tree compiled to a stack program, run over blocks
// of rows. Each instruction is one tight loop over a block; NaN is missing
// all the way through (every result that could be infinite is Cleaned).

namespace {

constexpr size_t kBlockRows = 1024;

enum class Code : uint8_t {
  kLoadRef,    // arg: the reference's slot
  kLoadConst,  // arg: the constant's slot
  kNeg,
  kNot,
  kAbs,
  kRound1,
  kRound2,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
  kAnd,
  kOr,
  kMin,
  kMax,
  kIf,
};

struct Instruction {
  Code code;
  uint32_t arg = 0;
};

struct Program {
  std::vector<Instruction> code;
  std::vector<Reference> references;  // distinct, sorted
  std::vector<double> constants;
  size_t max_stack = 0;
};

class Compiler {
 public:
  explicit Compiler(const Formula& f) : f_(f) { program_.references = f.References(); }

  Program Compile() && {
    Emit(f_.root());
    return std::move(program_);
  }

 private:
  void Push(Code code, uint32_t arg, int stack_change) {
    program_.code.push_back(Instruction{code, arg});
    height_ += stack_change;
    program_.max_stack = std::max(program_.max_stack, static_cast<size_t>(height_));
  }

  void Emit(uint32_t index) {
    const FormulaNode& node = f_.nodes()[index];
    const uint32_t* kids = f_.children().data() + node.first_child;
    switch (node.op) {
      case FormulaOp::kNumber:
        program_.constants.push_back(node.number);
        Push(Code::kLoadConst, static_cast<uint32_t>(program_.constants.size() - 1), 1);
        return;
      case FormulaOp::kReference: {
        const auto it = std::lower_bound(program_.references.begin(), program_.references.end(),
                                         node.reference);
        Push(Code::kLoadRef, static_cast<uint32_t>(it - program_.references.begin()), 1);
        return;
      }
      case FormulaOp::kMin:
      case FormulaOp::kMax:
      case FormulaOp::kSum: {
        // A left fold of the binary form, in the scalar evaluator's order.
        const Code code = node.op == FormulaOp::kMin   ? Code::kMin
                          : node.op == FormulaOp::kMax ? Code::kMax
                                                       : Code::kAdd;
        Emit(kids[0]);
        for (uint32_t i = 1; i < node.child_count; ++i) {
          Emit(kids[i]);
          Push(code, 0, -1);
        }
        return;
      }
      default:
        break;
    }
    for (uint32_t i = 0; i < node.child_count; ++i) Emit(kids[i]);
    const int pops = 1 - static_cast<int>(node.child_count);
    switch (node.op) {
      case FormulaOp::kNeg:
        return Push(Code::kNeg, 0, pops);
      case FormulaOp::kNot:
        return Push(Code::kNot, 0, pops);
      case FormulaOp::kAbs:
        return Push(Code::kAbs, 0, pops);
      case FormulaOp::kRound:
        return Push(node.child_count == 1 ? Code::kRound1 : Code::kRound2, 0, pops);
      case FormulaOp::kAdd:
        return Push(Code::kAdd, 0, pops);
      case FormulaOp::kSub:
        return Push(Code::kSub, 0, pops);
      case FormulaOp::kMul:
        return Push(Code::kMul, 0, pops);
      case FormulaOp::kDiv:
        return Push(Code::kDiv, 0, pops);
      case FormulaOp::kLess:
        return Push(Code::kLess, 0, pops);
      case FormulaOp::kLessEqual:
        return Push(Code::kLessEqual, 0, pops);
      case FormulaOp::kGreater:
        return Push(Code::kGreater, 0, pops);
      case FormulaOp::kGreaterEqual:
        return Push(Code::kGreaterEqual, 0, pops);
      case FormulaOp::kEqual:
        return Push(Code::kEqual, 0, pops);
      case FormulaOp::kNotEqual:
        return Push(Code::kNotEqual, 0, pops);
      case FormulaOp::kAnd:
        return Push(Code::kAnd, 0, pops);
      case FormulaOp::kOr:
        return Push(Code::kOr, 0, pops);
      case FormulaOp::kIf:
        return Push(Code::kIf, 0, pops);
      default:
        ALLEY_CHECK(false, "formula: an operator without a compilation");
    }
  }

  const Formula& f_;
  Program program_;
  int height_ = 0;
};

// out[r] = op(a[r]) for one block.
template <typename Op>
void Unary(const double* a, double* out, size_t rows, Op op) {
  for (size_t r = 0; r < rows; ++r) out[r] = op(a[r]);
}

template <typename Op>
void BinaryLoop(const double* a, const double* b, double* out, size_t rows, Op op) {
  for (size_t r = 0; r < rows; ++r) out[r] = op(a[r], b[r]);
}

// A comparison or logic result: NaN when either side is.
template <typename Op>
void Predicate(const double* a, const double* b, double* out, size_t rows, Op op) {
  for (size_t r = 0; r < rows; ++r) {
    const double x = a[r];
    const double y = b[r];
    out[r] = std::isnan(x) || std::isnan(y) ? kNaN : Truth(op(x, y));
  }
}

}  // namespace

void EvaluateColumns(const Formula& formula, size_t n, const ColumnResolver& resolver,
                     std::span<double> out) {
  ALLEY_CHECK(!formula.nodes().empty(), "EvaluateColumns of an empty Formula");
  ALLEY_CHECK(out.size() == n, "EvaluateColumns: out must hold n values");
  const Program program = Compiler(formula).Compile();
  std::vector<std::span<const double>> columns;
  columns.reserve(program.references.size());
  for (const Reference& ref : program.references) {
    columns.push_back(resolver(ref));
    ALLEY_CHECK(columns.back().size() == n,
                "EvaluateColumns: the column of " + FormatReference(ref) + " must hold n values");
  }
  // A block of each constant, so that every operand is a plain array.
  std::vector<double> constant_blocks(program.constants.size() * kBlockRows);
  for (size_t i = 0; i < program.constants.size(); ++i) {
    std::fill_n(constant_blocks.begin() + static_cast<std::ptrdiff_t>(i * kBlockRows), kBlockRows,
                program.constants[i]);
  }
  std::vector<double> scratch(program.max_stack * kBlockRows);
  std::vector<const double*> stack(program.max_stack);
  auto buffer = [&](size_t slot) { return scratch.data() + slot * kBlockRows; };

  for (size_t begin = 0; begin < n; begin += kBlockRows) {
    const size_t rows = std::min(kBlockRows, n - begin);
    size_t sp = 0;
    for (const Instruction& ins : program.code) {
      switch (ins.code) {
        case Code::kLoadRef: {
          const double* src = columns[ins.arg].data() + begin;
          bool infinite = false;
          for (size_t r = 0; r < rows; ++r) infinite |= std::isinf(src[r]);
          if (infinite) {
            double* o = buffer(sp);
            for (size_t r = 0; r < rows; ++r) o[r] = Clean(src[r]);
            src = o;
          }
          stack[sp++] = src;
          break;
        }
        case Code::kLoadConst:
          stack[sp++] = constant_blocks.data() + ins.arg * kBlockRows;
          break;
        case Code::kNeg:
          Unary(stack[sp - 1], buffer(sp - 1), rows, [](double x) { return -x; });
          stack[sp - 1] = buffer(sp - 1);
          break;
        case Code::kNot:
          Unary(stack[sp - 1], buffer(sp - 1), rows,
                [](double x) { return std::isnan(x) ? kNaN : Truth(x == 0); });
          stack[sp - 1] = buffer(sp - 1);
          break;
        case Code::kAbs:
          Unary(stack[sp - 1], buffer(sp - 1), rows, [](double x) { return std::fabs(x); });
          stack[sp - 1] = buffer(sp - 1);
          break;
        case Code::kRound1:
          Unary(stack[sp - 1], buffer(sp - 1), rows, [](double x) { return std::round(x); });
          stack[sp - 1] = buffer(sp - 1);
          break;
        case Code::kIf: {
          const double* c = stack[sp - 3];
          const double* a = stack[sp - 2];
          const double* b = stack[sp - 1];
          double* o = buffer(sp - 3);
          for (size_t r = 0; r < rows; ++r) {
            const double cond = c[r];
            o[r] = std::isnan(cond) ? kNaN : (cond != 0 ? a[r] : b[r]);
          }
          sp -= 2;
          stack[sp - 1] = o;
          break;
        }
        default: {
          const double* a = stack[sp - 2];
          const double* b = stack[sp - 1];
          double* o = buffer(sp - 2);
          switch (ins.code) {
            case Code::kRound2:
              BinaryLoop(a, b, o, rows, RoundTo);
              break;
            case Code::kAdd:
              BinaryLoop(a, b, o, rows, [](double x, double y) { return Clean(x + y); });
              break;
            case Code::kSub:
              BinaryLoop(a, b, o, rows, [](double x, double y) { return Clean(x - y); });
              break;
            case Code::kMul:
              BinaryLoop(a, b, o, rows, [](double x, double y) { return Clean(x * y); });
              break;
            case Code::kDiv:
              BinaryLoop(a, b, o, rows,
                         [](double x, double y) { return y == 0 ? kNaN : Clean(x / y); });
              break;
            case Code::kMin:
              BinaryLoop(a, b, o, rows, [](double x, double y) {
                return std::isnan(x) || std::isnan(y) ? kNaN : MinOf(x, y);
              });
              break;
            case Code::kMax:
              BinaryLoop(a, b, o, rows, [](double x, double y) {
                return std::isnan(x) || std::isnan(y) ? kNaN : MaxOf(x, y);
              });
              break;
            case Code::kLess:
              Predicate(a, b, o, rows, [](double x, double y) { return x < y; });
              break;
            case Code::kLessEqual:
              Predicate(a, b, o, rows, [](double x, double y) { return x <= y; });
              break;
            case Code::kGreater:
              Predicate(a, b, o, rows, [](double x, double y) { return x > y; });
              break;
            case Code::kGreaterEqual:
              Predicate(a, b, o, rows, [](double x, double y) { return x >= y; });
              break;
            case Code::kEqual:
              Predicate(a, b, o, rows, [](double x, double y) { return x == y; });
              break;
            case Code::kNotEqual:
              Predicate(a, b, o, rows, [](double x, double y) { return x != y; });
              break;
            case Code::kAnd:
              Predicate(a, b, o, rows, [](double x, double y) { return x != 0 && y != 0; });
              break;
            case Code::kOr:
              Predicate(a, b, o, rows, [](double x, double y) { return x != 0 || y != 0; });
              break;
            default:
              ALLEY_CHECK(false, "formula: an instruction without a loop");
          }
          --sp;
          stack[sp - 1] = o;
          break;
        }
      }
    }
    ALLEY_CHECK(sp == 1, "formula: the program left the stack unbalanced");
    const double* result = stack[0];
    double* dest = out.data() + begin;
    for (size_t r = 0; r < rows; ++r) dest[r] = Clean(result[r]);
  }
}

// ---------------------------------------------------------------------------
// Cycles among definitions.

std::vector<std::string> FindCycle(const std::map<std::string, Formula, std::less<>>& formulas) {
  enum class Mark : uint8_t { kUnseen, kOnPath, kDone };
  std::map<std::string_view, Mark> marks;
  for (const auto& [name, formula] : formulas) marks.emplace(name, Mark::kUnseen);

  // Depth first without recursion: a definition chain may be long.
  struct Frame {
    std::string_view name;
    std::vector<std::string_view> deps;  // the definitions it references, in order
    size_t next = 0;
  };
  auto frame_of = [&](std::string_view name) {
    Frame frame{name, {}, 0};
    const auto it = formulas.find(name);
    std::string_view last;
    for (const Reference& ref : it->second.References()) {
      if (ref.name == last) continue;  // sorted: the same name in other periods follows
      last = ref.name;
      const auto dep = formulas.find(ref.name);
      if (dep != formulas.end()) frame.deps.push_back(dep->first);
    }
    return frame;
  };
  for (const auto& [start, unused] : formulas) {
    if (marks[start] != Mark::kUnseen) continue;
    std::vector<Frame> path;
    path.push_back(frame_of(start));
    marks[start] = Mark::kOnPath;
    while (!path.empty()) {
      Frame& top = path.back();
      if (top.next == top.deps.size()) {
        marks[top.name] = Mark::kDone;
        path.pop_back();
        continue;
      }
      const std::string_view dep = top.deps[top.next++];
      const Mark mark = marks[dep];
      if (mark == Mark::kOnPath) {
        std::vector<std::string> cycle;
        bool in = false;
        for (const Frame& frame : path) {
          in = in || frame.name == dep;
          if (in) cycle.emplace_back(frame.name);
        }
        cycle.emplace_back(dep);
        return cycle;
      }
      if (mark == Mark::kUnseen) {
        marks[dep] = Mark::kOnPath;
        path.push_back(frame_of(dep));  // invalidates top: the loop takes it afresh
      }
    }
  }
  return {};
}

}  // namespace alley::indicators
