// The routes of `dyad serve` (see server.h and doc/formats/serve-api.md). Each handler
// parses its parameters with query.h, asks the StoreReader or the Engine, and turns a
// Status into an HTTP status here, the one place that translation happens:
// InvalidArgument → 400, NotFound → 404, ResourceExhausted → 503, anything else → 500.
// Every error body is {"error": message, "parameter": name or null}.
#include "serve/server.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/date.h"
#include "dyad/document.h"
#include "serve/assets.h"
#include "serve/openapi.h"
#include "serve/query.h"
#include "serve/store_reader.h"

namespace dyad::serve {
namespace {

using nlohmann::json;

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  // error_handler_t::replace: text from the store is valid UTF-8, but a JSON dump must
  // never throw on a stray byte.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// A JSON answer as text.
Result<std::string> Dumped(Result<json> answer) {
  if (!answer.ok()) return answer.status();
  return answer->dump(-1, ' ', false, json::error_handler_t::replace);
}

void SendError(httplib::Response& res, int status, const std::string& message,
               const std::string& parameter = "") {
  SendJson(res, status,
           {{"error", message}, {"parameter", parameter.empty() ? json() : json(parameter)}});
}

void SendStatus(httplib::Response& res, const Status& s, const std::string& parameter = "") {
  int code = 500;
  switch (s.code()) {
    case Status::Code::kInvalidArgument: code = 400; break;
    case Status::Code::kNotFound: code = 404; break;
    case Status::Code::kResourceExhausted: code = 503; break;
    default: break;
  }
  SendError(res, code, s.message(), parameter);
}

// The query string of a request target ("/api/events?a=1" → "a=1").
std::string_view QueryOf(const httplib::Request& req) {
  std::string_view t = req.target;
  const size_t q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

std::string_view MimeType(std::string_view path) {
  auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

bool IsLoopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]";
}

// UTF-16 code units in text[0, byte): JavaScript's string index of a byte offset.
size_t Utf16Offset(std::string_view text, size_t byte) {
  size_t units = 0;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) units += c >= 0xF0 ? 2 : 1;  // a lead byte; 4-byte = surrogates
  }
  return units;
}

}  // namespace

// Answers by request (path and query string), each with the store version it was
// computed at (StoreReader::Version): an entry of an older version is recomputed. LRU.
class AnswerCache {
 public:
  explicit AnswerCache(size_t capacity) : capacity_(capacity) {}
  bool Get(const std::string& key, int64_t version, std::string* body) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end() || it->second->version != version) return false;
    order_.splice(order_.begin(), order_, it->second);
    *body = it->second->body;
    return true;
  }
  void Put(const std::string& key, int64_t version, std::string body) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      order_.erase(it->second);
      index_.erase(it);
    }
    order_.push_front({key, version, std::move(body)});
    index_[key] = order_.begin();
    if (order_.size() > capacity_) {
      index_.erase(order_.back().key);
      order_.pop_back();
    }
  }

 private:
  struct Entry {
    std::string key;
    int64_t version;
    std::string body;
  };
  const size_t capacity_;
  std::mutex mu_;
  std::list<Entry> order_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

class Server::Impl {
 public:
  ServeOptions options;
  httplib::Server http;
  std::unique_ptr<StoreReader> reader;
  std::unique_ptr<Engine> engine;
  int port = 0;
  std::atomic<int> coding{0};
  std::unique_ptr<AnswerCache> cache;  // POST /api/code requests being coded

  // Scratches of the engine, one per concurrent user (Engine::Scratch is single-thread).
  std::mutex scratch_mu;
  std::vector<std::unique_ptr<Engine::Scratch>> scratches;
  std::unique_ptr<Engine::Scratch> TakeScratch() {
    std::lock_guard lock(scratch_mu);
    if (scratches.empty()) return engine->NewScratch();
    auto s = std::move(scratches.back());
    scratches.pop_back();
    return s;
  }
  void ReturnScratch(std::unique_ptr<Engine::Scratch> s) {
    std::lock_guard lock(scratch_mu);
    scratches.push_back(std::move(s));
  }

  // The event's sentence re-tokenized by the engine, and the character spans of its
  // source, verb and target words: {"source": {"words": [first, last], "start", "end"}, ...}
  // with start/end in UTF-16 code units (JavaScript string indexes) and byte offsets.
  json Spans(const Event& ev) {
    Document doc;
    doc.id = "sentence";
    doc.text = ev.sentence;
    auto scratch = TakeScratch();
    const Status s = engine->Annotate(&doc, scratch.get(), nullptr, AnnotateLevel::kTokenize);
    ReturnScratch(std::move(scratch));
    if (!s.ok()) return json();
    struct Span {
      uint32_t begin, end;
    };
    std::vector<Span> words;  // byte span of each word (its token's) across the sentences
    for (const Sentence& sentence : doc.sentences) {
      for (const Word& w : sentence.words) {
        const Token& t = sentence.tokens[w.token];
        words.push_back({t.begin, t.end});
      }
    }
    auto span = [&](uint32_t first, uint32_t last) -> json {
      if (first > last || last >= words.size()) return json();
      const uint32_t b = words[first].begin, e = words[last].end;
      return {{"words", {first, last}},
              {"start", Utf16Offset(doc.text, b)},
              {"end", Utf16Offset(doc.text, e)},
              {"byte_start", b},
              {"byte_end", e}};
    };
    json out = {{"source", ev.source.null() && ev.source.text.empty()
                               ? json()
                               : span(ev.source.first_word, ev.source.last_word)},
                {"verb", span(ev.verb_word, ev.verb_word)},
                {"target", ev.target.null() && ev.target.text.empty()
                               ? json()
                               : span(ev.target.first_word, ev.target.last_word)},
                {"word_count", words.size()}};
    return out;
  }

  void Routes();
  void CodeText(const httplib::Request& req, httplib::Response& res);
};

void Server::Impl::Routes() {
  // No Nagle delay: an answer's headers and body go out as separate writes, and on a
  // kept-alive connection the client's delayed ACK of the first then held the body back
  // for up to 40 ms (the median of a 3 ms events page on loopback was 40 ms).
  http.set_tcp_nodelay(true);
  // Host check (DNS rebinding): a server on a loopback address answers only loopback names.
  const bool loopback_only = IsLoopback(options.host);
  http.set_pre_routing_handler([this, loopback_only](const httplib::Request& req,
                                                     httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    // No compressed answers: Debian's cpp-httplib 0.11 compresses with Brotli at quality 11
    // whenever a client accepts it (6.5 s for the 735 KB page script here, 2 s for a page of
    // events) and has no switch to turn it off. Forgetting the request's Accept-Encoding is
    // the one way; the Request is the server's own mutable object, handed over as const.
    const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
    if (loopback_only) {
      std::string host = req.get_header_value("Host");
      if (const size_t colon = host.rfind(':');
          colon != std::string::npos && host.find(']') == std::string::npos) {
        host.resize(colon);
      } else if (host.starts_with("[") && host.find("]:") != std::string::npos) {
        host.resize(host.find("]:") + 1);
      }
      if (!IsLoopback(host)) {
        SendError(res, 403, "Host '" + req.get_header_value("Host") +
                                "' is not a loopback name (this server is bound to " +
                                options.host + ")");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto query_handler = [this](Endpoint endpoint, auto answer) {
    return [this, endpoint, answer](const httplib::Request& req, httplib::Response& res) {
      std::string bad;
      auto q = ParseEventQuery(QueryOf(req), endpoint, &bad);
      if (!q.ok()) return SendStatus(res, q.status(), bad);
      auto version = reader->Version();
      if (!version.ok()) return SendStatus(res, version.status());
      const std::string key = req.target;
      std::string cached;
      if (cache->Get(key, *version, &cached)) {
        res.set_content(std::move(cached), "application/json");
        return;
      }
      Result<std::string> body = answer(*q);
      if (!body.ok()) {
        // A q= on a store without its full-text index is the one InvalidArgument here.
        return SendStatus(res, body.status(),
                          body.status().message().starts_with("q:") ? "q" : "");
      }
      cache->Put(key, *version, *body);
      res.set_content(std::move(body).value(), "application/json");
    };
  };
  http.Get("/api/events", query_handler(Endpoint::kEvents,
                                        [this](const EventQuery& q) { return reader->Events(q); }));
  http.Get("/api/series", query_handler(Endpoint::kSeries, [this](const EventQuery& q) {
             return reader->Series(q);
           }));
  http.Get("/api/network", query_handler(Endpoint::kNetwork, [this](const EventQuery& q) {
             return Dumped(reader->Network(q));
           }));
  http.Get(R"(/api/events/(\d{1,18}))", [this](const httplib::Request& req,
                                               httplib::Response& res) {
    std::string bad;
    auto params = SplitQueryString(QueryOf(req), &bad);
    if (!params.ok()) return SendStatus(res, params.status(), bad);
    if (!params->empty()) {
      return SendError(res, 400, params->front().first + ": unknown parameter",
                       params->front().first);
    }
    const int64_t id = std::stoll(req.matches[1]);
    auto ev = reader->ReadEvent(id);
    if (!ev.ok()) return SendStatus(res, ev.status());
    if (!ev->has_value()) return SendError(res, 404, "no event " + std::to_string(id));
    const Event& e = **ev;
    SendJson(res, 200,
             {{"event", EventJson(e, id)},
              {"sentence", e.sentence},
              {"spans", Spans(e)},
              {"pattern", e.pattern},
              {"pattern_loc", e.pattern_loc}});
  });
  http.Get("/api/summary", [this](const httplib::Request&, httplib::Response& res) {
    auto s = reader->Summary();
    if (!s.ok()) return SendStatus(res, s.status());
    json body = *s;
    body["web_bundle"] = HaveWebBundle();
    SendJson(res, 200, body);
  });
  http.Get("/api/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(OpenApiJson()), "application/json");
  });
  http.Post("/api/code", [this](const httplib::Request& req, httplib::Response& res) {
    CodeText(req, res);
  });
  http.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& res) {
    res.status = 204;  // no icon; answered so that browsers log no error
  });
  // The page: "/" is index.html; other paths only as embedded files (never the disk).
  http.Get(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
    std::string_view path = req.path == "/" ? std::string_view("/index.html") : req.path;
    if (path.starts_with("/api/")) return SendError(res, 404, "no such endpoint");
    for (const Asset& a : EmbeddedAssets()) {
      if (a.path == path) {
        res.set_header("Content-Security-Policy",
                       "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
                       "data: blob:; connect-src 'self'; frame-ancestors 'none'");
        res.set_content(std::string(a.data), std::string(MimeType(path)));
        return;
      }
    }
    SendError(res, 404, "not found");
  });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler's own error
    const std::string reason = res.status == 413   ? "request body too large"
                               : res.status == 404 ? "not found"
                               : res.status == 405 ? "method not allowed"
                                                   : "bad request";
    SendError(res, res.status, reason);
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                std::exception_ptr) { SendError(res, 500, "internal error"); });
}

void Server::Impl::CodeText(const httplib::Request& req, httplib::Response& res) {
  const std::string type = req.get_header_value("Content-Type");
  if (!type.starts_with("application/json")) {
    return SendError(res, 415, "POST /api/code takes application/json: {\"text\": ...}");
  }
  const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("text") || !body["text"].is_string()) {
    return SendError(res, 400, "the body must be {\"text\": string, \"date\": \"YYYY-MM-DD\"}",
                     "text");
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "text" && key != "date") return SendError(res, 400, key + ": unknown field", key);
  }
  auto doc = std::make_shared<Document>();
  doc->id = "posted";
  doc->text = body["text"].get<std::string>();
  if (doc->text.size() > options.max_code_bytes) {
    return SendError(res, 413,
                     "text: longer than " + std::to_string(options.max_code_bytes) + " bytes",
                     "text");
  }
  if (body.contains("date")) {
    const std::string date =
        body["date"].is_string() ? ParseIsoDate(body["date"].get<std::string>()) : "";
    if (date.empty()) return SendError(res, 400, "date: not a date YYYY-MM-DD", "date");
    doc->date = date;
    doc->date_origin = DateOrigin::kInput;
  }
  if (coding.fetch_add(1) >= options.max_concurrent_code) {
    coding.fetch_sub(1);
    return SendError(res, 503, "busy: " + std::to_string(options.max_concurrent_code) +
                                   " texts are being coded; try again");
  }
  // Coded on a thread of its own so that the answer can leave at the time limit; a text
  // past it finishes in the background (its size is capped) and still holds its slot.
  auto result = std::make_shared<std::promise<std::pair<Status, std::vector<Event>>>>();
  auto done = result->get_future();
  std::thread([this, doc, result] {
    auto scratch = TakeScratch();
    std::vector<Event> events;
    Status s = engine->Code(doc.get(), scratch.get(), &events);
    ReturnScratch(std::move(scratch));
    result->set_value({std::move(s), std::move(events)});
    coding.fetch_sub(1);
  }).detach();
  if (done.wait_for(std::chrono::duration<double>(options.code_timeout_seconds)) !=
      std::future_status::ready) {
    return SendError(res, 503, "coding took longer than " +
                                   std::to_string(options.code_timeout_seconds) + " s");
  }
  auto [status, events] = done.get();
  if (!status.ok()) return SendStatus(res, status);
  json out = json::array();
  for (size_t i = 0; i < events.size(); ++i) {
    json j = EventJson(events[i], static_cast<int64_t>(i + 1));
    j.erase("id");
    j["spans"] = Spans(events[i]);
    out.push_back(std::move(j));
  }
  SendJson(res, 200, {{"events", std::move(out)}, {"sentences", doc->sentences.size()}});
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  Stop();
  // A coding past its time limit runs on in its own thread, using the engine: wait for it
  // (its text is capped, so it ends) before the engine goes. The thread's last touch of
  // Impl is the decrement of `coding`.
  while (impl_ != nullptr && impl_->coding.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

Result<std::unique_ptr<Server>> Server::Start(const ServeOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->cache = std::make_unique<AnswerCache>(options.cache_entries);
  auto reader = StoreReader::Open(options.store_path, options.threads);
  if (!reader.ok()) return reader.status();
  impl->reader = std::move(reader).value();
  auto engine = Engine::Open(options.engine);
  if (!engine.ok()) return engine.status();
  impl->engine = std::move(engine).value();

  httplib::Server& http = impl->http;
  const int threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.max_body_bytes);
  http.set_read_timeout(10, 0);
  http.set_write_timeout(10, 0);
  http.set_keep_alive_timeout(5);
  impl->Routes();
  if (options.port == 0) {
    impl->port = http.bind_to_any_port(options.host);
    if (impl->port < 0) impl->port = 0;
  } else {
    impl->port = http.bind_to_port(options.host, options.port) ? options.port : 0;
  }
  if (impl->port == 0) {
    return Status::IOError("cannot listen on " + options.host + ":" +
                           std::to_string(options.port) + " (in use, or not an address here)");
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }

Status Server::Run() {
  if (!impl_->http.listen_after_bind()) return Status::IOError("the server stopped listening");
  return Status::Ok();
}

void Server::Stop() {
  if (impl_ != nullptr && impl_->http.is_running()) impl_->http.stop();
}

}  // namespace dyad::serve
