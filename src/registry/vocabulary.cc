#include "registry/vocabulary.h"

#include <array>

namespace alley::registry {
namespace {

constexpr std::array<Term, 6> kTags = {{
    {"living_alone", "独居老人"},
    {"disability", "残疾"},
    {"subsistence", "低保"},
    {"special_hardship", "特困"},
    {"veteran", "退役军人"},
    {"left_behind_child", "留守儿童"},
}};

constexpr std::array<Term, 10> kEmployment = {{
    {"employee", "受雇"},
    {"self_employed", "个体经营"},
    {"unemployed", "失业"},
    {"retired", "退休"},
    {"student", "学生"},
    {"none", "无业"},
    {"delivery_rider", "外卖骑手"},
    {"ride_hailing_driver", "网约车司机"},
    {"ecommerce_livestreaming", "电商直播"},
    {"other_platform", "其他平台就业"},
}};

constexpr std::array<Term, 5> kInsurance = {{
    {"employee", "职工社保"},
    {"resident", "城乡居民社保"},
    {"flexible", "灵活就业参保"},
    {"none", "未参保"},
    {"unknown", "不详"},
}};

constexpr std::array<Term, 2> kRegistration = {{
    {"registered", "户籍"},
    {"resident_only", "常住"},
}};

constexpr std::array<Term, 9> kRelations = {{
    {"head", "户主"},
    {"spouse", "配偶"},
    {"child", "子女"},
    {"parent", "父母"},
    {"grandchild", "孙子女"},
    {"grandparent", "祖父母"},
    {"sibling", "兄弟姐妹"},
    {"child_in_law", "儿媳女婿"},
    {"other", "其他"},
}};

constexpr std::array<Term, 8> kFacilityTypes = {{
    {"senior_canteen", "老年食堂"},
    {"elderly_day_care", "日间照料中心"},
    {"nursery", "托育机构"},
    {"kindergarten", "幼儿园"},
    {"health_station", "社区卫生服务站"},
    {"rider_rest_station", "骑手驿站"},
    {"service_centre", "社区服务中心"},
    {"primary_school", "小学"},
}};

template <typename E, size_t N>
std::optional<E> ParseEnum(const std::array<Term, N>& terms, std::string_view text) {
  std::optional<size_t> i = FindTerm(terms, text);
  if (!i) return std::nullopt;
  return static_cast<E>(*i);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<size_t> FindTerm(std::span<const Term> terms, std::string_view text) {
  text = Trim(text);
  for (size_t i = 0; i < terms.size(); ++i) {
    if (terms[i].id == text || terms[i].name_zh == text) return i;
  }
  return std::nullopt;
}

std::span<const Term> ResidentTagTerms() { return kTags; }
std::optional<ResidentTag> ParseResidentTag(std::string_view text) {
  return ParseEnum<ResidentTag>(kTags, text);
}

StatusOr<uint32_t> ParseTagList(std::string_view text) {
  uint32_t tags = 0;
  while (!text.empty()) {
    // Separators: ';', '|' and the Chinese enumeration comma '、' (3 bytes).
    size_t cut = text.size();
    size_t skip = 0;
    for (std::string_view sep : {";", "|", "、"}) {
      size_t at = text.find(sep);
      if (at != std::string_view::npos && at < cut) {
        cut = at;
        skip = sep.size();
      }
    }
    std::string_view item = Trim(text.substr(0, cut));
    text.remove_prefix(cut == text.size() ? cut : cut + skip);
    if (item.empty()) continue;
    std::optional<ResidentTag> tag = ParseResidentTag(item);
    if (!tag) {
      return InvalidArgumentError("unknown tag \"" + std::string(item) + "\" (expected one of " +
                                  "living_alone, disability, subsistence, special_hardship, " +
                                  "veteran, left_behind_child)");
    }
    tags |= TagBit(*tag);
  }
  return tags;
}

std::string FormatTagList(uint32_t tags) {
  std::string out;
  for (size_t i = 0; i < kTags.size(); ++i) {
    if ((tags & (1u << i)) == 0) continue;
    if (!out.empty()) out += ';';
    out += kTags[i].id;
  }
  return out;
}

std::span<const Term> EmploymentFormTerms() { return kEmployment; }
std::optional<EmploymentForm> ParseEmploymentForm(std::string_view text) {
  return ParseEnum<EmploymentForm>(kEmployment, text);
}
std::string_view EmploymentFormId(EmploymentForm form) {
  return kEmployment[static_cast<size_t>(form)].id;
}
bool IsPlatformWork(EmploymentForm form) {
  return form == EmploymentForm::kDeliveryRider || form == EmploymentForm::kRideHailingDriver ||
         form == EmploymentForm::kEcommerceLivestreaming || form == EmploymentForm::kOtherPlatform;
}

std::span<const Term> InsuranceTerms() { return kInsurance; }
std::optional<Insurance> ParseInsurance(std::string_view text) {
  return ParseEnum<Insurance>(kInsurance, text);
}

std::span<const Term> RegistrationTerms() { return kRegistration; }
std::optional<Registration> ParseRegistration(std::string_view text) {
  return ParseEnum<Registration>(kRegistration, text);
}

std::span<const Term> RelationTerms() { return kRelations; }
std::optional<std::string_view> ParseRelation(std::string_view text) {
  std::optional<size_t> i = FindTerm(kRelations, text);
  if (!i) return std::nullopt;
  return kRelations[*i].id;
}

std::span<const Term> FacilityTypeTerms() { return kFacilityTypes; }
std::optional<FacilityType> ParseFacilityType(std::string_view text) {
  return ParseEnum<FacilityType>(kFacilityTypes, text);
}
std::string_view FacilityTypeId(FacilityType type) {
  return kFacilityTypes[static_cast<size_t>(type)].id;
}

}  // namespace alley::registry
