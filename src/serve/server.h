// `dyad serve`: an HTTP server over an event store (doc/formats/serve-api.md): the JSON
// API (events, time series, actor network, one event with its word spans, coding a text
// through the Engine, the OpenAPI description) and the web page embedded in the binary
// (web/, assets.h).
//
// Security (issue 16): it binds 127.0.0.1 unless told otherwise; on a loopback address it
// answers only requests whose Host names a loopback host (no DNS rebinding); the store is
// opened read-only; request bodies are capped (ServeOptions::max_body_bytes) and POST
// /api/code takes only application/json (so a foreign page cannot post to it without a
// CORS preflight, which is never granted: no Access-Control-* header is sent); no file
// path is read from a request (the page's files are compiled in); every query parameter
// is checked by query.h and bound into SQL.
//
// Thread-safety: Start/Stop from one thread; requests are handled on a pool of
// ServeOptions::threads threads.
#ifndef DYAD_SERVE_SERVER_H_
#define DYAD_SERVE_SERVER_H_

#include <memory>
#include <string>

#include "base/status.h"
#include "dyad/engine.h"

namespace dyad::serve {

struct ServeOptions {
  std::string store_path;
  std::string host = "127.0.0.1";
  int port = 8080;            // 0: any free port (Server::port() tells which)
  int threads = 16;           // request threads = store connections (keep-alive holds one)
  size_t max_body_bytes = 1 << 20;      // 1 MiB; larger bodies get 413
  size_t max_code_bytes = 64 << 10;     // text of POST /api/code; larger gets 413
  double code_timeout_seconds = 10;     // POST /api/code answers 503 past this
  int max_concurrent_code = 2;          // POST /api/code beyond this gets 503
  // Answers of /api/events, /api/series and /api/network kept for repeated queries (LRU),
  // each valid while the store has no new event. 0 turns the cache off. Default 1024.
  size_t cache_entries = 1024;
  EngineOptions engine;                 // the Engine of /api/code and word spans
};

class Server {
 public:
  // Opens the store and the Engine and binds the socket. Errors: as StoreReader::Open and
  // Engine::Open; IOError when the address cannot be bound.
  static Result<std::unique_ptr<Server>> Start(const ServeOptions& options);
  ~Server();

  // The bound port.
  int port() const;
  // Serves until Stop() (from another thread or a signal handler's thread).
  Status Run();
  void Stop();

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dyad::serve

#endif  // DYAD_SERVE_SERVER_H_
