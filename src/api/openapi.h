// The OpenAPI 3.1 description of the API (src/api/openapi.json, embedded at
// build time), served at GET /api/v1/openapi.json.
#pragma once

#include <string_view>

namespace alley::api {

std::string_view OpenApiDocument();

}  // namespace alley::api
