#include "api/server.h"

#include <httplib.h>
#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "api/api.h"
#include "api/store_pool.h"

namespace alley::api {

namespace {

// Connections live this long without a request before the server closes them;
// a client that sends nothing for kReadTimeoutSeconds mid-request is dropped
// (a slow client cannot hold a worker for ever).
constexpr time_t kKeepAliveSeconds = 5;
constexpr size_t kKeepAliveRequests = 10000;
constexpr time_t kReadTimeoutSeconds = 10;

bool IsApiPath(std::string_view path) {
  return path.starts_with("/api/") || path == "/api" || path == "/healthz" || path == "/metrics";
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

HttpRequest FromHttplib(const httplib::Request& req) {
  HttpRequest r;
  r.method = req.method;
  r.path = req.path;
  for (const auto& [key, value] : req.params) r.query.emplace_back(key, value);
  for (const auto& [key, value] : req.headers) r.headers.emplace(Lower(key), value);
  r.body = req.body;
  r.remote_addr = req.remote_addr;
  return r;
}

void ToHttplib(const HttpResponse& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [key, value] : from.headers) to.set_header(key, value);
  to.set_content(from.body, from.content_type);
}

// The content type of a static file, by extension.
const char* ContentTypeOf(const std::filesystem::path& file) {
  const std::string ext = Lower(file.extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Serves the front end: a file under `root` when the path names one (never
// outside it), else index.html for the front end's own routes (paths without
// an extension); 404 for a missing asset.
void ServeStatic(const std::filesystem::path& root, const httplib::Request& req,
                 httplib::Response& res) {
  std::string_view path = req.path;
  bool safe = !path.empty() && path.front() == '/';
  for (std::string_view segment : SplitPath(path)) {
    if (segment == ".." || segment.find('\\') != std::string_view::npos ||
        segment.find('\0') != std::string_view::npos) {
      safe = false;
    }
  }
  auto not_found = [&] {
    ToHttplib(ErrorResponse(NotFoundError("no such file: " + req.path)), res);
  };
  if (!safe) return not_found();
  std::filesystem::path file = root / std::filesystem::path(std::string(path.substr(1)));
  std::error_code ec;
  if (path == "/" || std::filesystem::is_directory(file, ec)) file = root / "index.html";
  if (!std::filesystem::is_regular_file(file, ec)) {
    const std::string last = std::filesystem::path(std::string(path)).filename().string();
    if (last.find('.') != std::string::npos) return not_found();
    file = root / "index.html";
  }
  std::optional<std::string> body = ReadWholeFile(file);
  if (!body) return not_found();
  // Vite names built assets by content hash: they never change.
  const bool hashed = path.starts_with("/assets/");
  res.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "same-origin");
  res.status = 200;
  res.set_content(*body, ContentTypeOf(file));
}

// One JSON line per request (docs/http.md): never the query string or body.
class AccessLog {
 public:
  explicit AccessLog(const std::string& target) {
    if (target == "-") {
      out_ = stderr;
    } else if (!target.empty()) {
      out_ = std::fopen(target.c_str(), "a");
      owned_ = out_ != nullptr;
    }
  }
  ~AccessLog() {
    if (owned_) std::fclose(out_);
  }
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;
  bool ok(const std::string& target) const { return target.empty() || out_ != nullptr; }

  void Write(const httplib::Request& req, int status, size_t bytes, double duration_ms,
             const RequestInfo& info, uint64_t request_id) {
    if (out_ == nullptr) return;
    char ts[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    nlohmann::json line = {{"ts", ts},
                           {"method", req.method},
                           {"route", info.route},
                           {"path", req.path},
                           {"status", status},
                           {"duration_ms", std::round(duration_ms * 1000) / 1000},
                           {"bytes", bytes},
                           {"user", info.user},
                           {"request_id", request_id}};
    const std::string text =
        line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard<std::mutex> lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
  }

 private:
  std::FILE* out_ = nullptr;
  bool owned_ = false;
  std::mutex mutex_;
};

size_t DefaultThreads() {
  const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  return std::max<size_t>(8, 4 * cores);
}

}  // namespace

Status Serve(const ServeOptions& options) {
  // SIGTERM and SIGINT go to one thread that stops the server; every other
  // thread blocks them. Blocked first, before any thread exists (the audit
  // batcher's, the workers'), so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  // SIGUSR1 wakes the signal thread when the server stops on its own.
  sigaddset(&stop_signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client that goes away mid-response must not end the process.
  std::signal(SIGPIPE, SIG_IGN);
  std::filesystem::path web_root;
  if (!options.web_dir.empty()) {
    web_root = options.web_dir;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(web_root / "index.html", ec)) {
      return NotFoundError("--web " + options.web_dir +
                           ": no index.html there (build the front end: make web)");
    }
  }
  const size_t threads = options.threads > 0 ? options.threads : DefaultThreads();
  // One connection per worker, and one for the audit trail's group commit.
  ALLEY_ASSIGN_OR_RETURN(std::unique_ptr<StorePool> pool, StorePool::Open(options.db, threads + 1));
  ApiOptions api_options;
  api_options.batch_audit = true;
  api_options.census_dir = options.census_dir;
  if (options.clock != nullptr) api_options.clock = options.clock;
  Api api(*pool, api_options);
  AccessLog log(options.access_log);
  if (!log.ok(options.access_log)) {
    return UnavailableError("--access-log " + options.access_log + ": cannot open for appending");
  }

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(kKeepAliveRequests);
  server.set_keep_alive_timeout(kKeepAliveSeconds);
  server.set_read_timeout(kReadTimeoutSeconds, 0);
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(ApiOptions{}.max_body_bytes);

  std::atomic<uint64_t> next_request_id{1};
  auto handle = [&](const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    RequestInfo info;
    if (IsApiPath(req.path) || web_root.empty()) {
      ToHttplib(api.Handle(FromHttplib(req), &info), res);
    } else if (req.method == "GET" || req.method == "HEAD") {
      info.route = "static";
      ServeStatic(web_root, req, res);
    } else {
      info.route = "static";
      ToHttplib(ErrorResponse(405, "method_not_allowed", req.method + " is not allowed here"), res);
      res.set_header("Allow", "GET");
    }
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started;
    log.Write(req, res.status, res.body.size(), took.count(), info,
              next_request_id.fetch_add(1, std::memory_order_relaxed));
  };
  const std::string any = ".*";
  server.Get(any, handle);
  server.Post(any, handle);
  server.Put(any, handle);
  server.Patch(any, handle);
  server.Delete(any, handle);
  server.Options(any, handle);
  // Errors that cpp-httplib answers itself (a malformed request line, a body
  // over the limit, a URI too long) get the same JSON body as Api's.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string code = "invalid_argument";
    std::string message = "the request is malformed";
    if (res.status == 413) {
      code = "payload_too_large";
      message = "the body is larger than " + std::to_string(ApiOptions{}.max_body_bytes) + " bytes";
    } else if (res.status == 414) {
      code = "uri_too_long";
      message = "the request URI is too long";
    } else if (res.status == 404) {
      code = "not_found";
      message = "no such route";
    } else if (res.status >= 500) {
      code = "internal";
      message = "the server failed to answer";
    }
    ToHttplib(ErrorResponse(res.status, code, message), res);
  });

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.bind);
    if (port < 0) return UnavailableError("cannot listen on " + options.bind + " (any port)");
  } else if (!server.bind_to_port(options.bind, port)) {
    return UnavailableError("cannot listen on " + options.bind + ":" + std::to_string(port) +
                            " (in use, or not an address of this machine)");
  }

  std::atomic<bool> stopped_by_signal{false};
  std::thread signal_thread([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    if (signal == SIGUSR1) return;
    stopped_by_signal = true;
    server.stop();
  });

  std::cerr << "alley: serving " << options.db << " on http://" << options.bind << ":" << port
            << "/ with " << threads << " workers" << (web_root.empty() ? " (API only)" : "")
            << "\n";
  if (options.on_listening) options.on_listening(port);
  const bool listened = server.listen_after_bind();
  // The workers have finished (listen_after_bind joins them): wake the signal
  // thread if no signal came.
  if (!stopped_by_signal) pthread_kill(signal_thread.native_handle(), SIGUSR1);
  signal_thread.join();
  if (!listened && !stopped_by_signal) {
    return UnavailableError("the server stopped unexpectedly");
  }
  std::cerr << "alley: stopped; every request in flight was answered\n";
  return OkStatus();
}

}  // namespace alley::api
