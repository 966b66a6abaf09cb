// libFuzzer target: arbitrary bytes as the query string of each `dyad serve` endpoint
// (serve/query.h), the text every client controls. The parser must never crash, and what it
// accepts must be within the documented forms: an error names a parameter; an accepted
// query has dates that are real days (from <= to), code prefixes of [A-Z0-9_-], QuadClasses
// 1-4, a bbox inside the world, limit 1-1000, and an FTS5 query whose every term is quoted
// (no operator of the user's reaches FTS5). Any violation aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/date.h"
#include "serve/query.h"

namespace {

void Die(const char* what) {
  std::fprintf(stderr, "serve_query_fuzz: invariant violated: %s\n", what);
  std::abort();
}

void CheckCode(const std::string& s, size_t max) {
  if (s.size() > max) Die("code too long");
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      Die("code character");
  }
}

void CheckDate(const std::string& d) {
  if (!d.empty() && !dyad::date::IsValidDate(dyad::date::ParseYmd(d))) Die("date");
}

// Every term of an FTS query is "...", optionally followed by '*', separated by spaces.
void CheckFts(std::string_view q) {
  size_t i = 0;
  while (i < q.size()) {
    if (q[i] != '"') Die("fts term not quoted");
    const size_t close = q.find('"', i + 1);
    if (close == std::string_view::npos || close == i + 1) Die("fts term unclosed or empty");
    i = close + 1;
    if (i < q.size() && q[i] == '*') ++i;
    if (i < q.size()) {
      if (q[i] != ' ') Die("fts separator");
      ++i;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  for (auto endpoint : {dyad::serve::Endpoint::kEvents, dyad::serve::Endpoint::kSeries,
                        dyad::serve::Endpoint::kNetwork}) {
    std::string bad;
    auto q = dyad::serve::ParseEventQuery(raw, endpoint, &bad);
    if (!q.ok()) {
      if (bad.empty()) Die("error without a parameter name");
      continue;
    }
    CheckDate(q->from);
    CheckDate(q->to);
    if (!q->from.empty() && !q->to.empty() && q->from > q->to) Die("from after to");
    CheckCode(q->source, 32);
    CheckCode(q->target, 32);
    CheckCode(q->actor, 32);
    CheckCode(q->cameo, 8);
    CheckCode(q->plover, 32);
    CheckCode(q->country, 3);
    for (int c : q->quad_classes) {
      if (c < 1 || c > 4) Die("quad class");
    }
    if (q->has_bbox && (q->bbox[0] < -180 || q->bbox[2] > 180 || q->bbox[1] < -90 ||
                        q->bbox[3] > 90 || q->bbox[0] > q->bbox[2] || q->bbox[1] > q->bbox[3]))
      Die("bbox");
    if (q->limit < 0 || q->limit > 1000) Die("limit");
    if (q->after < 0) Die("after");
    CheckFts(q->fts);
  }
  return 0;
}
