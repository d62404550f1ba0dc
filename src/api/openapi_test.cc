// The OpenAPI document (openapi.json) against the routes the API really has.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api/api_test_util.h"

namespace alley::api {
namespace {

using testing::ApiTest;

nlohmann::json ReadDocument() {
  std::ifstream in(ALLEY_OPENAPI_FILE, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str(), nullptr, false);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const std::set<std::string> kHttpMethods = {"get", "put", "post", "delete", "options",
                                            "head", "patch", "trace"};

// Every (method, path) that the document describes.
std::set<std::pair<std::string, std::string>> DocumentedOperations(const nlohmann::json& doc) {
  std::set<std::pair<std::string, std::string>> ops;
  for (auto& [path, item] : doc["paths"].items()) {
    for (auto& [method, op] : item.items()) {
      if (kHttpMethods.contains(method)) ops.insert({method, path});
    }
  }
  return ops;
}

// Every "$ref" value anywhere in `j`.
void CollectRefs(const nlohmann::json& j, std::vector<std::string>& refs) {
  if (j.is_object()) {
    for (auto& [k, v] : j.items()) {
      if (k == "$ref" && v.is_string()) {
        refs.push_back(v.get<std::string>());
      } else {
        CollectRefs(v, refs);
      }
    }
  } else if (j.is_array()) {
    for (const nlohmann::json& v : j) CollectRefs(v, refs);
  }
}

class OpenApiTest : public ApiTest {};

TEST_F(OpenApiTest, DocumentParsesAsOpenApi31) {
  nlohmann::json doc = ReadDocument();
  ASSERT_TRUE(doc.is_object()) << "openapi.json is not a JSON object";
  EXPECT_EQ(doc.value("openapi", ""), "3.1.0");
  ASSERT_TRUE(doc.contains("paths") && doc["paths"].is_object());
  EXPECT_FALSE(doc["paths"].empty());
}

TEST_F(OpenApiTest, EveryRouteIsDocumentedAndEveryOperationIsARoute) {
  nlohmann::json doc = ReadDocument();
  ASSERT_TRUE(doc.is_object());
  std::set<std::pair<std::string, std::string>> documented = DocumentedOperations(doc);
  std::set<std::pair<std::string, std::string>> routes;
  for (const Api::RouteDoc& r : api_->Routes()) {
    EXPECT_TRUE(routes.insert({Lower(r.method), r.pattern}).second)
        << "route listed twice: " << r.method << " " << r.pattern;
  }
  EXPECT_GT(routes.size(), 20u);
  for (const auto& [method, path] : routes) {
    EXPECT_TRUE(documented.contains({method, path}))
        << "route not in openapi.json: " << method << " " << path;
  }
  for (const auto& [method, path] : documented) {
    EXPECT_TRUE(routes.contains({method, path}))
        << "openapi.json documents an operation the API lacks: " << method << " " << path;
  }
}

TEST_F(OpenApiTest, ServedDocumentIsTheFile) {
  nlohmann::json doc = ReadDocument();
  ASSERT_TRUE(doc.is_object());
  HttpResponse res = Get("/api/v1/openapi.json", "");  // no session needed
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_THAT(res.content_type, ::testing::HasSubstr("application/json"));
  nlohmann::json served = Body(res);
  ASSERT_TRUE(served.is_object()) << "the served document is not JSON";
  EXPECT_EQ(served, doc);
}

TEST_F(OpenApiTest, EveryOperationHasResponsesAndTheRightSecurity) {
  nlohmann::json doc = ReadDocument();
  ASSERT_TRUE(doc.is_object());
  std::set<std::string> ids;
  for (const Api::RouteDoc& r : api_->Routes()) {
    const std::string method = Lower(r.method);
    SCOPED_TRACE(r.method + " " + r.pattern);
    if (!doc["paths"].contains(r.pattern) || !doc["paths"][r.pattern].contains(method)) {
      continue;  // reported by EveryRouteIsDocumentedAndEveryOperationIsARoute
    }
    const nlohmann::json& op = doc["paths"][r.pattern][method];
    ASSERT_TRUE(op.contains("responses") && op["responses"].is_object());
    EXPECT_FALSE(op["responses"].empty());
    bool has_success = false;
    for (auto& [code, response] : op["responses"].items()) {
      EXPECT_TRUE(std::regex_match(code, std::regex("[1-5][0-9][0-9]|default"))) << code;
      EXPECT_TRUE(response.contains("description") || response.contains("$ref")) << code;
      has_success = has_success || (!code.empty() && code[0] == '2');
    }
    EXPECT_TRUE(has_success) << "no 2xx response";
    if (op.contains("operationId")) {
      EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second)
          << "duplicate operationId " << op["operationId"];
    }
    // A public route says so (security: []); the others inherit the
    // document's session schemes and may answer 401.
    const bool public_op = op.contains("security") && op["security"].empty();
    EXPECT_EQ(public_op, !r.needs_session);
    if (r.needs_session) {
      EXPECT_TRUE(op["responses"].contains("401")) << "401 not documented";
    }
    // Every path parameter is declared.
    std::smatch m;
    std::string rest = r.pattern;
    while (std::regex_search(rest, m, std::regex("\\{([a-z_]+)\\}"))) {
      const std::string name = m[1];
      bool declared = false;
      for (const nlohmann::json& holder : {doc["paths"][r.pattern], op}) {
        if (!holder.contains("parameters") || !holder["parameters"].is_array()) continue;
        for (const nlohmann::json& p : holder["parameters"]) {
          declared = declared || (p.value("name", "") == name && p.value("in", "") == "path");
        }
      }
      EXPECT_TRUE(declared) << "path parameter " << name << " not declared";
      rest = m.suffix();
    }
  }
}

TEST_F(OpenApiTest, EveryRefResolves) {
  nlohmann::json doc = ReadDocument();
  ASSERT_TRUE(doc.is_object());
  std::vector<std::string> refs;
  CollectRefs(doc, refs);
  EXPECT_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/")) << "a reference outside the document: " << ref;
    const nlohmann::json::json_pointer pointer(ref.substr(1));
    EXPECT_TRUE(doc.contains(pointer)) << "unresolved $ref " << ref;
  }
}

}  // namespace
}  // namespace alley::api
