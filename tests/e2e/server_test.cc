// End-to-end tests of `alley serve`: the real binary on a real database,
// spoken to over HTTP on loopback as a script or the front end would.
//
// One database per test suite: the small test hierarchy (tests/data/divisions:
// Hailian and its neighbour 星化), the Hailian demo, and users made with
// `alley user add --password-stdin`, the way the README tells scripts to.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace alley {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kToday[] = "2026-06-30";
constexpr char kHailian[] = "320706006010";
constexpr char kXinghua[] = "320706006009";
constexpr char kPassword[] = "correct horse battery";

// Beside ALLEY_E2E_DIR, not in it: the e2e fixture (prepare.cmake) empties
// that folder while these tests, which do not need it, already run.
fs::path ServerTestsDir() { return fs::path(ALLEY_E2E_DIR).parent_path() / "e2e-server"; }

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs alley on `db` with `args`, feeding `input` to its standard input.
RunResult Alley(const fs::path& dir, const std::vector<std::string>& args,
                const std::string& input = "") {
  std::ofstream(dir / "stdin") << input;
  std::string command = "ALLEY_TODAY=" + std::string(kToday) + " " + Quote(ALLEY_BINARY);
  for (const std::string& a : args) command += " " + Quote(a);
  command += " <" + Quote((dir / "stdin").string()) + " >" + Quote((dir / "stdout").string()) +
             " 2>" + Quote((dir / "stderr").string());
  const int status = std::system(command.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = Slurp(dir / "stdout");
  r.err = Slurp(dir / "stderr");
  return r;
}

// A running `alley serve`, stopped with SIGTERM by Stop() or the destructor.
class Server {
 public:
  Server(const fs::path& dir, const fs::path& db) : log_(dir / "serve.log") {
    const std::string binary = ALLEY_BINARY;
    std::vector<std::string> args = {binary, "--db",      db.string(), "serve", "--port",
                                     "0",    "--threads", "4",         "--web", WebDir(dir)};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    setenv("ALLEY_TODAY", kToday, 1);
    const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return;
    // The server prints its address once it listens.
    constexpr std::string_view kListening = "on http://127.0.0.1:";
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      const std::string text = Slurp(log_);
      const size_t at = text.find(kListening);
      if (at != std::string::npos) port_ = std::atoi(text.c_str() + at + kListening.size());
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Server() {
    if (pid_ > 0) (void)Stop();
  }

  int port() const { return port_; }
  std::string log() const { return Slurp(log_); }

  // SIGTERM, then the exit code (or 128 + signal).
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  // A tiny front end, so that static serving is tested apart from web/.
  static std::string WebDir(const fs::path& dir) {
    fs::create_directories(dir / "web" / "assets");
    std::ofstream(dir / "web" / "index.html") << "<!doctype html><title>Alley</title>";
    std::ofstream(dir / "web" / "assets" / "app-1234.js") << "console.log('alley')";
    return (dir / "web").string();
  }

  fs::path log_;
  pid_t pid_ = 0;
  int port_ = 0;
};

class ServerTest : public ::testing::Test {
 protected:
  // The suite's database and server, made by its first test: a failure here
  // fails that test (a failure in SetUpTestSuite would only mark the tests
  // skipped, which ctest counts as no failure).
  static void Prepare() {
    // ctest runs each test in a process of its own, several at once.
    dir_ = new fs::path(ServerTestsDir() / ("ServerTest." + std::to_string(getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    const fs::path db = *dir_ / "alley.db";
    auto must = [&](const std::vector<std::string>& args, const std::string& input = "") {
      std::vector<std::string> full = {"--db", db.string()};
      full.insert(full.end(), args.begin(), args.end());
      RunResult r = Alley(*dir_, full, input);
      ASSERT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    };
    must({"import", "divisions", ALLEY_TEST_DIVISIONS});
    must({"demo"});
    must({"user", "add", "hailian", "--role", "community_staff", "--unit", kHailian,
          "--password-stdin"},
         std::string(kPassword) + "\n");
    must({"user", "add", "xinghua", "--role", "community_staff", "--unit", kXinghua,
          "--password-stdin"},
         std::string(kPassword) + "\n");
    server_ = new Server(*dir_, db);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    if (dir_ != nullptr) fs::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    if (dir_ == nullptr) Prepare();
    ASSERT_NE(server_, nullptr) << "the suite's database could not be made";
    ASSERT_GT(server_->port(), 0) << server_->log();
  }

  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }

  std::string Login(const std::string& user) {
    httplib::Client c = Client();
    auto res = c.Post("/api/v1/auth/login",
                      json{{"username", user}, {"password", kPassword}}.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body).value("token", "");
  }

  static httplib::Headers Bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }

  static fs::path* dir_;
  static Server* server_;
};
fs::path* ServerTest::dir_ = nullptr;
Server* ServerTest::server_ = nullptr;

TEST_F(ServerTest, HealthNeedsNoSession) {
  auto res = Client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["status"], "ok");
}

TEST_F(ServerTest, WrongPasswordIs401WithTheErrorBody) {
  auto res = Client().Post("/api/v1/auth/login",
                           json{{"username", "hailian"}, {"password", "wrong password"}}.dump(),
                           "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  json body = json::parse(res->body);
  EXPECT_EQ(body["code"], "unauthenticated");
  EXPECT_TRUE(body["message"].is_string());
}

TEST_F(ServerTest, LoginSetsAnHttpOnlyCookieAndTheTokenWorks) {
  auto res = Client().Post("/api/v1/auth/login",
                           json{{"username", "hailian"}, {"password", kPassword}}.dump(),
                           "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_THAT(cookie, StartsWith("alley_session="));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  const std::string token = json::parse(res->body)["token"];
  auto me = Client().Get("/api/v1/auth/me", Bearer(token));
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["unit"], kHailian);
  auto without = Client().Get("/api/v1/auth/me");
  ASSERT_TRUE(without);
  EXPECT_EQ(without->status, 401);
}

TEST_F(ServerTest, UnitSummaryHasTheKeysOfUnitShowJson) {
  const std::string token = Login("hailian");
  auto res = Client().Get(std::string("/api/v1/units/") + kHailian, Bearer(token));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json api = json::parse(res->body);
  RunResult cli =
      Alley(*dir_, {"--db", (*dir_ / "alley.db").string(), "unit", "show", kHailian, "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  json shown = json::parse(cli.out);
  for (auto it = shown.begin(); it != shown.end(); ++it) {
    EXPECT_TRUE(api.contains(it.key())) << it.key();
  }
  EXPECT_EQ(api["residents"], shown["residents"]);
  EXPECT_EQ(api["by_age_band"], shown["by_age_band"]);
  EXPECT_EQ(api["residents"], 7266);
}

TEST_F(ServerTest, ResidentListContractAndMaskedIdNumbers) {
  const std::string token = Login("hailian");
  auto res = Client().Get(
      std::string("/api/v1/residents?unit=") + kHailian + "&page=2&page_size=25", Bearer(token));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json page = json::parse(res->body);
  EXPECT_EQ(page["total"], 7266);
  ASSERT_EQ(page["items"].size(), 25u);
  const json& first = page["items"][0];
  for (const char* key : {"id", "name", "id_number", "unit"}) EXPECT_TRUE(first.contains(key));
  EXPECT_THAT(first["id_number"].get<std::string>(),
              ::testing::MatchesRegex("[0-9]{6}\\*{8}[0-9]{3}[0-9X]"));
  auto one = Client().Get("/api/v1/residents/" + std::to_string(first["id"].get<int64_t>()),
                          Bearer(token));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_EQ(json::parse(one->body)["name"], first["name"]);
  EXPECT_FALSE(one->get_header_value("ETag").empty());
}

TEST_F(ServerTest, AnotherCommunitysWorkerSeesNothingOfHailian) {
  const std::string hailian = Login("hailian");
  auto list = Client().Get("/api/v1/residents?page_size=1", Bearer(hailian));
  ASSERT_TRUE(list);
  const int64_t id = json::parse(list->body)["items"][0]["id"];
  const std::string xinghua = Login("xinghua");
  auto one = Client().Get("/api/v1/residents/" + std::to_string(id), Bearer(xinghua));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 404);
  auto summary = Client().Get(std::string("/api/v1/units/") + kHailian, Bearer(xinghua));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->status, 403);
  auto residents = Client().Get("/api/v1/residents", Bearer(xinghua));
  ASSERT_TRUE(residents);
  EXPECT_EQ(json::parse(residents->body)["total"], 0);
}

TEST_F(ServerTest, UnknownRouteOversizedBodyAndBadJson) {
  const std::string token = Login("hailian");
  auto unknown = Client().Get("/api/v1/nothing", Bearer(token));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(json::parse(unknown->body)["code"], "not_found");
  auto big = Client().Post("/api/v1/residents", Bearer(token), std::string(2 << 20, 'x'),
                           "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(json::parse(big->body)["code"], "payload_too_large");
  auto bad = Client().Post("/api/v1/residents", Bearer(token), "{\"name\": ", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(json::parse(bad->body)["message"].get<std::string>(), HasSubstr("malformed JSON"));
}

TEST_F(ServerTest, StaticFilesAndTheFrontEndsOwnRoutes) {
  auto index = Client().Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_THAT(index->body, HasSubstr("<title>Alley</title>"));
  auto route = Client().Get("/residents/17");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->status, 200);
  EXPECT_THAT(route->body, HasSubstr("<title>Alley</title>"));
  auto asset = Client().Get("/assets/app-1234.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->status, 200);
  EXPECT_THAT(asset->get_header_value("Content-Type"), HasSubstr("javascript"));
  EXPECT_THAT(asset->get_header_value("Cache-Control"), HasSubstr("immutable"));
  auto missing = Client().Get("/assets/missing.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto escape = Client().Get("/../../etc/passwd");
  ASSERT_TRUE(escape);
  EXPECT_NE(escape->status, 200);
}

TEST_F(ServerTest, MetricsCountRequestsPerRoute) {
  ASSERT_TRUE(Client().Get("/healthz"));
  auto res = Client().Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body,
              HasSubstr("alley_http_requests_total{route=\"GET /healthz\",status=\"200\"}"));
  EXPECT_THAT(res->body, HasSubstr("alley_http_request_duration_seconds_bucket"));
}

TEST_F(ServerTest, AccessLogHasOneJsonLinePerRequestWithoutQueryStrings) {
  const std::string token = Login("hailian");
  ASSERT_TRUE(Client().Get("/api/v1/residents?q=secretname", Bearer(token)));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::istringstream lines(server_->log());
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() != '{') continue;
    json entry = json::parse(line);
    for (const char* key : {"ts", "method", "route", "path", "status", "duration_ms", "user"}) {
      EXPECT_TRUE(entry.contains(key)) << line;
    }
    if (entry["route"] == "GET /api/v1/residents") {
      found = true;
      EXPECT_EQ(entry["user"], "hailian");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_THAT(server_->log(), ::testing::Not(HasSubstr("secretname")));
}

// Its own server: SIGTERM while requests are in flight.
TEST(ServerShutdownTest, SigtermAnswersRequestsInFlightAndExitsZero) {
  const fs::path dir = ServerTestsDir() / ("ServerShutdownTest." + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path db = dir / "alley.db";
  ASSERT_EQ(
      Alley(dir, {"--db", db.string(), "import", "divisions", ALLEY_TEST_DIVISIONS}).exit_code, 0);
  Server server(dir, db);
  ASSERT_GT(server.port(), 0) << server.log();
  std::vector<std::thread> clients;
  std::atomic<int> answered{0};
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", server.port());
      for (int k = 0; k < 50; ++k) {
        auto res = c.Get("/healthz");
        if (!res) break;  // the server has stopped accepting
        if (res->status == 200) ++answered;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(server.Stop(), 0) << server.log();
  for (std::thread& t : clients) t.join();
  EXPECT_GT(answered.load(), 0);
  EXPECT_THAT(server.log(), HasSubstr("stopped"));
}

}  // namespace
}  // namespace alley
