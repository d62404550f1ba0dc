#include "store/population_store.h"

#include <span>
#include <string>
#include <utility>

#include "store/sql.h"

namespace alley::store {
namespace {

constexpr size_t kCommunityCodeLength = 12;

// Numbered parameters collected while a statement is put together.
class Args {
 public:
  std::string Add(sql::Value v) {
    values_.push_back(std::move(v));
    return "?" + std::to_string(values_.size());
  }
  std::span<const sql::Value> span() const { return values_; }

 private:
  std::vector<sql::Value> values_;
};

// The versions `v` in the subtree of `code`: the community range first (the
// index resident_version_list leads with community_code), the unit range
// below community level.
std::string SubtreeWhere(std::string_view code, Args& args) {
  const sql::CodeRange communities = sql::SubtreeRange(code.substr(0, kCommunityCodeLength));
  std::string w = "v.community_code >= " + args.Add(communities.lower) +
                  " AND v.community_code < " + args.Add(communities.upper);
  if (code.size() > kCommunityCodeLength) {
    const sql::CodeRange units = sql::SubtreeRange(code);
    w += " AND v.unit_code >= " + args.Add(units.lower) + " AND v.unit_code < " +
         args.Add(units.upper);
  }
  return w;
}

}  // namespace

StatusOr<std::vector<ResidentsBySexAndBirthRow>> CountResidentsBySexAndBirth(
    Reader& r, std::string_view subtree_code, core::Date as_of, int group_length) {
  if (group_length < 0) return InvalidArgumentError("group_length must be >= 0");
  Args args;
  const std::string on = args.Add(as_of.ToString());
  const std::string group =
      group_length > 0 ? "substr(v.unit_code, 1, " + std::to_string(group_length) + ")" : "''";
  const std::string keys = (group_length > 0 ? group + ", " : "") + "v.sex, v.birth_date";
  const std::string sql = "SELECT " + group +
                          ", v.sex, v.birth_date, count(*) FROM resident_version v WHERE " +
                          SubtreeWhere(subtree_code, args) + " AND v.valid_from <= " + on +
                          " AND (v.valid_to IS NULL OR v.valid_to > " + on +
                          ") AND v.status = 'active' GROUP BY " + keys + " ORDER BY " + keys;
  std::vector<ResidentsBySexAndBirthRow> rows;
  ALLEY_RETURN_IF_ERROR(
      sql::RunnerOf(r).Query(sql, args.span(), [&](const sql::Row& row) -> Status {
        ResidentsBySexAndBirthRow c;
        c.unit_code = group_length > 0 ? row.Text(0) : std::string(subtree_code);
        c.sex = row.Text(1);
        StatusOr<core::Date> birth = core::Date::Parse(row.TextView(2));
        if (!birth.ok()) {
          return DataLossError("a stored birth date does not read: \"" + row.Text(2) + "\"");
        }
        c.birth_date = *birth;
        c.residents = row.Int(3);
        rows.push_back(std::move(c));
        return OkStatus();
      }));
  return rows;
}

}  // namespace alley::store
