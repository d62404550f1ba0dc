#include "planning/candidates.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <utility>

#include "core/csv.h"
#include "core/geo.h"

namespace alley::planning {
namespace {

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxNoteBytes = 2000;

bool HasControl(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

StatusOr<double> Degrees(std::string_view text, std::string_view column) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || ptr != end || !std::isfinite(value)) {
    return InvalidArgumentError(
        fmt::format("column {}: \"{}\" is not a number of degrees", column, text));
  }
  return value;
}

StatusOr<int64_t> Capacity(std::string_view text) {
  if (text.empty()) return 0;
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end || value < 0) {
    return InvalidArgumentError(
        fmt::format("column capacity: \"{}\" is not a whole number of places (0 or more)", text));
  }
  return value;
}

}  // namespace

StatusOr<Crs> ParseCrs(std::string_view text, std::string_view option) {
  if (text == "wgs84") return Crs::kWgs84;
  if (text == "gcj02") return Crs::kGcj02;
  return InvalidArgumentError(
      fmt::format("{}: \"{}\" is not a coordinate system (wgs84 or gcj02)", option, text));
}

Status CheckCandidate(store::CandidateSiteRow& row, Crs crs) {
  if (row.unit_code.empty()) {
    return InvalidArgumentError("column unit: empty, and no --unit given");
  }
  if (row.name.empty()) return InvalidArgumentError("column name: empty");
  if (row.name.size() > kMaxNameBytes || HasControl(row.name)) {
    return InvalidArgumentError(
        fmt::format("column name: at most {} bytes, without control characters", kMaxNameBytes));
  }
  if (row.note.size() > kMaxNoteBytes) {
    return InvalidArgumentError(fmt::format("column note: at most {} bytes", kMaxNoteBytes));
  }
  if (!std::isfinite(row.lat) || row.lat < -90 || row.lat > 90) {
    return InvalidArgumentError(fmt::format("column lat: {} is not a latitude (-90..90)", row.lat));
  }
  if (!std::isfinite(row.lon) || row.lon < -180 || row.lon > 180) {
    return InvalidArgumentError(
        fmt::format("column lon: {} is not a longitude (-180..180)", row.lon));
  }
  if (row.capacity < 0) {
    return InvalidArgumentError(fmt::format("column capacity: {} is negative", row.capacity));
  }
  if (crs == Crs::kGcj02) {
    const core::LatLon wgs = core::Gcj02ToWgs84({row.lat, row.lon});
    row.lat = wgs.lat;
    row.lon = wgs.lon;
  }
  return OkStatus();
}

StatusOr<std::vector<CandidateInput>> ParseCandidatesCsv(std::string_view text,
                                                         const CandidatesCsvOptions& options) {
  static constexpr std::string_view kRequired[] = {"name", "lat", "lon"};
  static constexpr std::string_view kOptional[] = {"unit", "capacity", "note"};
  const std::string file(options.file);
  // core/csv.h's "line N: reason" becomes "FILE:N: reason".
  auto at = [&](const Status& s) {
    const std::string& m = s.message();
    const std::size_t colon = m.find(':');
    if (m.starts_with("line ") && colon != std::string::npos) {
      return Status(s.code(), file + ":" + m.substr(5, colon - 5) + m.substr(colon));
    }
    return s.WithContext(file);
  };
  core::CsvReader reader(text);
  core::CsvRecord record;
  StatusOr<bool> has_header = reader.Next(&record);
  if (!has_header.ok()) return at(has_header.status());
  if (!*has_header) return InvalidArgumentError(file + ": the file is empty");
  StatusOr<core::CsvHeader> header = core::CsvHeader::Parse(record, kRequired, kOptional);
  if (!header.ok()) return at(header.status());
  std::vector<CandidateInput> sites;
  std::map<std::pair<std::string, std::string>, int64_t> line_of;  // (unit, name) → line
  while (true) {
    StatusOr<bool> more = reader.Next(&record);
    if (!more.ok()) return at(more.status());
    if (!*more) break;
    if (Status s = header->CheckWidth(record); !s.ok()) return at(s);
    const std::string where = fmt::format("{}:{}", file, record.line);
    auto fail = [&](const Status& s) { return s.WithContext(where); };
    CandidateInput site;
    site.where = where;
    store::CandidateSiteRow& row = site.row;
    row.unit_code = std::string(header->Get(record, "unit"));
    if (row.unit_code.empty()) row.unit_code = std::string(options.unit);
    row.name = std::string(header->Get(record, "name"));
    row.note = std::string(header->Get(record, "note"));
    StatusOr<double> lat = Degrees(header->Get(record, "lat"), "lat");
    if (!lat.ok()) return fail(lat.status());
    StatusOr<double> lon = Degrees(header->Get(record, "lon"), "lon");
    if (!lon.ok()) return fail(lon.status());
    StatusOr<int64_t> capacity = Capacity(header->Get(record, "capacity"));
    if (!capacity.ok()) return fail(capacity.status());
    row.lat = *lat;
    row.lon = *lon;
    row.capacity = *capacity;
    if (Status s = CheckCandidate(row, options.crs); !s.ok()) return fail(s);
    const auto [it, added] = line_of.try_emplace({row.unit_code, row.name}, record.line);
    if (!added) {
      return InvalidArgumentError(
          fmt::format("{}: column name: \"{}\" in unit {} is already on line {}", where, row.name,
                      row.unit_code, it->second));
    }
    sites.push_back(std::move(site));
  }
  if (sites.empty()) return InvalidArgumentError(file + ": no site (only a header)");
  return sites;
}

Status SaveCandidates(store::Store& store, std::vector<CandidateInput>& sites) {
  return store.Write([&](store::Writer& w) -> Status {
    for (CandidateInput& site : sites) {
      StatusOr<int64_t> id = store::InsertCandidateSite(w, site.row);
      if (!id.ok()) {
        return site.where.empty() ? id.status() : id.status().WithContext(site.where);
      }
      site.row.id = *id;
    }
    return OkStatus();
  });
}

}  // namespace alley::planning
