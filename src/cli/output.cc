#include "cli/output.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "core/id_number.h"
#include "registry/vocabulary.h"

namespace alley::cli {

int ExitCode(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 0;
    case StatusCode::kInvalidArgument:
      return 3;
    case StatusCode::kNotFound:
      return 4;
    case StatusCode::kAlreadyExists:
      return 5;
    case StatusCode::kFailedPrecondition:
      return 6;
    case StatusCode::kPermissionDenied:
      return 7;
    case StatusCode::kOutOfRange:
      return 8;
    case StatusCode::kUnavailable:
      return 9;
    case StatusCode::kDataLoss:
      return 10;
    case StatusCode::kInternal:
      return 11;
    case StatusCode::kUnauthenticated:
      return 12;
    case StatusCode::kResourceExhausted:
      return 13;
    case StatusCode::kAborted:
      return 14;
  }
  return 11;
}

int ReportError(const Status& status) {
  std::string line =
      "alley: " + std::string(StatusCodeName(status.code())) + ": " + status.message();
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::cerr << line << '\n';
  return ExitCode(status);
}

void PrintJson(const nlohmann::json& doc) {
  std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

namespace {
nlohmann::json VersionJson(const store::ResidentVersion& v) {
  return {
      {"valid_from", v.valid_from.ToString()},
      {"change", v.change},
      {"status", v.status},
      {"name", v.name},
      {"phone", core::MaskPhone(v.phone)},
      {"community", v.community_code},
      {"unit", v.unit_code},
      {"relation", v.relation},
      {"building", v.building},
      {"entrance", v.entrance},
      {"room", v.room},
      {"registration", v.registration},
      {"tags", registry::FormatTagList(v.tags)},
      {"employment", v.employment},
      {"insurance", v.insurance},
      {"note", v.note},
  };
}
}  // namespace

nlohmann::json ResidentJson(const registry::ResidentRecord& r) {
  nlohmann::json j = {
      {"id_number", core::MaskIdNumber(r.identity.id_number)},
      {"sex", r.identity.sex},
      {"birth_date", r.identity.birth_date.ToString()},
      {"synthetic", r.identity.synthetic},
      {"household", r.household_number},
  };
  j["current"] = r.current ? VersionJson(*r.current) : nlohmann::json(nullptr);
  nlohmann::json history = nlohmann::json::array();
  for (const store::ResidentVersion& v : r.history) history.push_back(VersionJson(v));
  j["history"] = history;
  return j;
}

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

Status WriteFileWhole(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return UnavailableError("cannot write " + partial.string());
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) return UnavailableError("cannot write " + partial.string());
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) return UnavailableError("cannot write " + path.string() + ": " + error.message());
  return OkStatus();
}

}  // namespace alley::cli
