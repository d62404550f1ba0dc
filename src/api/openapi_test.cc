// The OpenAPI document (openapi.json) against the routes the API really has.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "api/api_test_util.h"

namespace alley::api {
namespace {

// "200", "404", "default": an OpenAPI response key. (std::regex would do, but
// GCC 12 warns falsely inside <regex> at -O2 with the sanitizers.)
bool IsResponseCode(const std::string& code) {
  if (code == "default") return true;
  return code.size() == 3 && code[0] >= '1' && code[0] <= '5' &&
         std::isdigit(static_cast<unsigned char>(code[1])) != 0 &&
         std::isdigit(static_cast<unsigned char>(code[2])) != 0;
}

// The names of a pattern's {parameters}, in order.
std::vector<std::string> PathParameters(const std::string& pattern) {
  std::vector<std::string> names;
  for (size_t open = pattern.find('{'); open != std::string::npos;
       open = pattern.find('{', open + 1)) {
    const size_t close = pattern.find('}', open);
    if (close == std::string::npos) break;
    names.push_back(pattern.substr(open + 1, close - open - 1));
  }
  return names;
}

// `text` with every `from` replaced by `to`.
std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

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

const std::set<std::string> kHttpMethods = {"get",     "put",  "post",  "delete",
                                            "options", "head", "patch", "trace"};

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
      EXPECT_TRUE(IsResponseCode(code)) << code;
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
    for (const std::string& name : PathParameters(r.pattern)) {
      bool declared = false;
      for (const nlohmann::json& holder : {doc["paths"][r.pattern], op}) {
        if (!holder.contains("parameters") || !holder["parameters"].is_array()) continue;
        for (const nlohmann::json& p : holder["parameters"]) {
          declared = declared || (p.value("name", "") == name && p.value("in", "") == "path");
        }
      }
      EXPECT_TRUE(declared) << "path parameter " << name << " not declared";
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

// The properties of `schema`, its $ref followed and its allOf parts merged.
std::set<std::string> PropertiesOf(const nlohmann::json& doc, const nlohmann::json& schema) {
  std::set<std::string> names;
  if (schema.contains("$ref")) {
    const nlohmann::json::json_pointer pointer(schema["$ref"].get<std::string>().substr(1));
    return doc.contains(pointer) ? PropertiesOf(doc, doc.at(pointer)) : names;
  }
  if (schema.contains("properties")) {
    for (auto& [name, _] : schema["properties"].items()) names.insert(name);
  }
  if (schema.contains("allOf")) {
    for (const nlohmann::json& part : schema["allOf"]) {
      std::set<std::string> more = PropertiesOf(doc, part);
      names.insert(more.begin(), more.end());
    }
  }
  return names;
}

std::set<std::string> SchemaProperties(const nlohmann::json& doc, const std::string& ref) {
  return PropertiesOf(doc, nlohmann::json{{"$ref", ref}});
}

std::set<std::string> Keys(const nlohmann::json& object) {
  std::set<std::string> keys;
  if (object.is_object()) {
    for (auto& [k, _] : object.items()) keys.insert(k);
  }
  return keys;
}

// Each request body schema names exactly the fields its route takes: the
// route's answer to an unknown field lists the fields it knows.
TEST_F(OpenApiTest, RequestSchemasNameTheFieldsTheRoutesTake) {
  nlohmann::json doc = ReadDocument();
  ASSERT_TRUE(doc.is_object());
  int checked = 0;
  for (auto& [path, item] : doc["paths"].items()) {
    for (auto& [method, op] : item.items()) {
      if (!op.is_object() || !op.contains("requestBody")) continue;
      // Open311's fields are GeoReport's (form-encoded; others are ignored,
      // as the standard's clients expect): api_open311_test.cc checks them.
      if (path.starts_with("/open311/")) continue;
      // A CSV upload (POST /api/v1/economy/import, text/csv) has no fields:
      // api_economy_test.cc checks its rows.
      if (!op["requestBody"]["content"].contains("application/json")) continue;
      SCOPED_TRACE(method + " " + path);
      const std::string ref =
          op["requestBody"]["content"]["application/json"]["schema"].value("$ref", "");
      ASSERT_FALSE(ref.empty());
      std::string concrete = Replaced(Replaced(path, "{id}", "1"), "{code}", testing::kHailian);
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      HttpResponse res = Send(upper, concrete, Token("admin"), nlohmann::json{{"zzz", 1}}, {},
                              {{"if-match", "\"x1v1\""}});
      ASSERT_EQ(res.status, 400) << res.body;
      const std::string message = Body(res).value("message", "");
      const std::string marker = "known fields: ";
      const size_t at = message.find(marker);
      ASSERT_NE(at, std::string::npos) << message;
      std::set<std::string> known;
      std::stringstream list(message.substr(at + marker.size()));
      for (std::string name; std::getline(list, name, ',');) {
        known.insert(name.substr(name.find_first_not_of(' ')));
      }
      EXPECT_EQ(SchemaProperties(doc, ref), known) << ref;
      const std::string pointer = ref.substr(1);
      EXPECT_EQ(doc.at(nlohmann::json::json_pointer(pointer)).value("additionalProperties", true),
                false)
          << ref << ": the route refuses other fields; the schema should say so";
      ++checked;
    }
  }
  // The ledger's 9, the concerns' 4, programmes and platform workers' 4
  // (api_programmes.cc), home services and the time bank's 9 (api_care.cc),
  // canteens and visits' 5 (api_elderly_care.cc), childcare's 6, indicators' 2.
  EXPECT_EQ(checked, 9 + 4 + 4 + 9 + 5 + 6 + 2);
}

// The objects the API answers have exactly the documented properties.
TEST_F(OpenApiTest, ResponseSchemasNameTheFieldsTheAnswersCarry) {
  nlohmann::json doc = ReadDocument();
  ASSERT_TRUE(doc.is_object());
  MadeResident r =
      MakeResident(testing::kHailian, {"living_alone"}, *core::Date::FromYmd(1940, 5, 6), "0001");
  MakeFacility(testing::kHailian);
  const std::string admin = Token("admin");
  HttpResponse resident = Get("/api/v1/residents/" + std::to_string(r.id), admin);
  ASSERT_EQ(resident.status, 200) << resident.body;
  ASSERT_EQ(Send("POST", "/api/v1/residents/" + std::to_string(r.id) + "/unmask", admin,
                 nlohmann::json{{"reason", "schema check"}})
                .status,
            200);
  const int64_t household = Body(resident)["household"].value("id", int64_t{0});
  HttpResponse login =
      Send("POST", "/api/v1/auth/login", "",
           nlohmann::json{{"username", "planner"}, {"password", testing::kPassword}});
  HttpResponse unit = Send(
      "POST", "/api/v1/units", admin,
      nlohmann::json{{"parent", testing::kHailian}, {"kind", "compound"}, {"name", "海连花园"}});
  ASSERT_EQ(unit.status, 201) << unit.body;

  const struct {
    std::string schema;
    nlohmann::json sample;
  } samples[] = {
      {"Resident", Body(Get("/api/v1/residents", admin))["items"][0]},
      {"ResidentDetail", Body(resident)},
      {"ResidentVersion", Body(resident)["history"][0]},
      {"Household", Body(Get("/api/v1/households", admin))["items"][0]},
      {"HouseholdDetail", Body(Get("/api/v1/households/" + std::to_string(household), admin))},
      {"Facility", Body(Get("/api/v1/facilities", admin))["items"][0]},
      {"AuditEntry", Body(Get("/api/v1/audit", Token("auditor")))["items"][0]},
      {"User", Body(Get("/api/v1/auth/me", admin))},
      {"LoginResponse", Body(login)},
      {"UnitMatch", Body(Get("/api/v1/units", admin, {{"q", "海连"}}))["items"][0]},
      {"Unit", Body(unit)},
      {"Vocabulary", Body(Get("/api/v1/vocabulary", admin))},
      {"Unmasked", Body(Send("POST", "/api/v1/residents/" + std::to_string(r.id) + "/unmask", admin,
                             nlohmann::json{{"reason", "schema check"}}))},
  };
  // Fields an answer carries only when they have a value (registry::UnitJson).
  const std::set<std::string> optional = {"settlement", "location"};
  for (const auto& [schema, sample] : samples) {
    SCOPED_TRACE(schema);
    ASSERT_TRUE(sample.is_object()) << sample.dump();
    const std::set<std::string> documented =
        SchemaProperties(doc, "#/components/schemas/" + schema);
    const std::set<std::string> answered = Keys(sample);
    for (const std::string& key : answered) {
      EXPECT_TRUE(documented.contains(key)) << "answered but not documented: " << key;
    }
    for (const std::string& key : documented) {
      EXPECT_TRUE(answered.contains(key) || optional.contains(key))
          << "documented but not answered: " << key;
    }
  }
}

}  // namespace
}  // namespace alley::api
