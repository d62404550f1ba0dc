// The JSON forms of the ledger's objects in the API (docs/http.md). Personal
// data is masked here: the only clear values leave through the unmask route.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "registry/residents.h"
#include "store/store.h"

namespace alley::api {

// The list item of docs/http.md, with `etag`.
nlohmann::json ResidentItemJson(const registry::ResidentItem& r, std::string_view etag);
// The item plus "history": every version, oldest first.
nlohmann::json ResidentDetailJson(const registry::ResidentDetail& d, std::string_view etag);
nlohmann::json ResidentVersionJson(const store::ResidentVersion& v);

}  // namespace alley::api
