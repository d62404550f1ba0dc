// `alley serve`: the HTTP server around Api (cpp-httplib, docs/server.md says
// why). It answers /api/v1/*, /healthz and /metrics through Api::Handle and
// every other GET from the web front end's static files (web/dist), falling
// back to index.html so that the front end's own routes load on refresh.
//
//   ServeOptions options{.db = "alley.db", .port = 8080};
//   ALLEY_RETURN_IF_ERROR(Serve(options));  // returns after SIGTERM or SIGINT
//
// Workers: a pool of threads (ServeOptions::threads, by default four per core:
// cpp-httplib keeps a worker for each open keep-alive connection), each
// request with its own store connection. On SIGTERM or SIGINT the server
// stops accepting, lets the requests in flight finish (each write is one
// transaction, so none is half-written), and Serve returns OK.
//
// Thread safety: Serve blocks the calling thread; run one per process.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "core/clock.h"
#include "core/status.h"

namespace alley::api {

struct ServeOptions {
  std::string db = "alley.db";
  std::string bind = "127.0.0.1";
  int port = 8080;      // 0: any free port (printed, and given to on_listening)
  std::string web_dir;  // the built front end; empty: API only
  size_t threads = 0;   // 0: four per core, at least 8
  // Where the access log goes: "-" for stderr, "" for nowhere, else a file
  // (appended).
  std::string access_log = "-";
  // Today's date for the API's "as of" questions; null: China Standard Time
  // now (core::DefaultClock).
  const core::Clock* clock = nullptr;
  // Called once the socket listens, with the port (tests, `--port 0`).
  std::function<void(int port)> on_listening;
  // The census folder of the population projection (ApiOptions::census_dir).
  std::string census_dir;
};

// Serves until SIGTERM or SIGINT. Errors: kUnavailable when the address cannot
// be bound; the store's errors when the database cannot be opened;
// kNotFound when `web_dir` is given but has no index.html.
Status Serve(const ServeOptions& options);

}  // namespace alley::api
