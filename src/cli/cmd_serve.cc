// dyad serve STORE.db: the JSON API and web page over an event store (src/serve/,
// doc/formats/serve-api.md). Binds 127.0.0.1 unless --host says otherwise (then a
// warning: the API has no authentication). Prints "dyad serve: listening on URL" when
// ready; SIGINT/SIGTERM stop it (exit 0).
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "serve/server.h"

namespace dyad::cli {
namespace {

struct ServeArgs {
  serve::ServeOptions options;
  std::vector<std::string> dicts;
  std::string model;
};

std::mutex g_server_mu;
serve::Server* g_server = nullptr;  // guarded by g_server_mu
std::atomic<bool> g_done{false};

Status RunServe(ServeArgs& args) {
  serve::ServeOptions& o = args.options;
  o.engine.dictionaries = args.dicts;
  o.engine.model_path = args.model;
  if (o.threads < 2 || o.threads > 256) {
    return Status::InvalidArgument("--threads: " + std::to_string(o.threads) + " is not 2-256");
  }
  if (o.host != "127.0.0.1" && o.host != "localhost" && o.host != "::1") {
    std::fprintf(stderr,
                 "dyad serve: warning: listening on %s, not only on this machine: anyone who "
                 "can reach it can read the store and code text (there is no authentication)\n",
                 o.host.c_str());
  }
  auto server = serve::Server::Start(o);
  if (!server.ok()) return server.status();
  {
    std::lock_guard lock(g_server_mu);
    g_server = server->get();
  }
  // Signals are taken on one thread (blocked everywhere else, including the server's
  // threads, which inherit this mask) and turned into Stop().
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // Stop() is repeated until Run() returns: a signal that arrives before the server has
  // started listening would otherwise be lost.
  std::thread([set] {
    int sig = 0;
    sigwait(&set, &sig);
    while (!g_done) {
      {
        std::lock_guard lock(g_server_mu);
        if (g_server != nullptr) g_server->Stop();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }).detach();
  const std::string url = (o.host.find(':') != std::string::npos ? "http://[" + o.host + "]"
                                                                  : "http://" + o.host) +
                          ":" + std::to_string((*server)->port()) + "/";
  std::printf("dyad serve: listening on %s (store %s)\n", url.c_str(), o.store_path.c_str());
  std::fflush(stdout);
  (void)(*server)->Run();
  {
    std::lock_guard lock(g_server_mu);
    g_server = nullptr;
  }
  g_done = true;
  return Status::Ok();
}

}  // namespace

void RegisterServe(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "Serve an event store: JSON API and web page");
  cmd->add_option("STORE", args->options.store_path, "SQLite file written by `dyad code --db`")
      ->required();
  cmd->add_option("--host", args->options.host,
                  "address to listen on (default 127.0.0.1: this machine only)");
  cmd->add_option("--port", args->options.port, "port (default 8080; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", args->options.threads,
                  "request threads and store connections (default 16)");
  cmd->add_option("--code-timeout", args->options.code_timeout_seconds,
                  "seconds POST /api/code may take (default 10)")
      ->check(CLI::Range(0.001, 600.0));
  cmd->add_option("--cache", args->options.cache_entries,
                  "answers kept for repeated queries while the store is unchanged (default "
                  "1024; 0: none)");
  cmd->add_option("--dict", args->dicts, "dictionaries of /api/code, as dyad code --dict");
  cmd->add_option("--model", args->model, "model file of /api/code (default: the shipped one)");
  cmd->callback([args]() { SetExitCode(Report(RunServe(*args))); });
}

}  // namespace dyad::cli
