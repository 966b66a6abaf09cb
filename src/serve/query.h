// The query strings of `dyad serve`'s JSON API (doc/formats/serve-api.md): the one parser
// of request parameters, from the raw "a=1&b=2" text to a checked EventQuery. Everything a
// client sends passes through here before it reaches SQL, and every value that reaches
// SQL is bound as a parameter, so this is where hostile input stops: percent-escapes,
// UTF-8, unknown or repeated parameters, lengths and each value's form are checked, and
// the first problem is reported with the parameter's name (the server answers 400 with
// it). It has a libFuzzer target (fuzz/serve_query_fuzz.cc).
// Thread-safety: pure functions.
#ifndef DYAD_SERVE_QUERY_H_
#define DYAD_SERVE_QUERY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace dyad::serve {

// The limits of a query string (a longer one is refused before it is split).
inline constexpr size_t kMaxQueryBytes = 4096;
inline constexpr size_t kMaxValueBytes = 512;
inline constexpr int kMaxSearchTerms = 16;

// Which endpoint a query is for: each accepts the filters and its own parameters.
enum class Endpoint {
  kEvents,   // filters + limit + after
  kSeries,   // filters + interval
  kNetwork,  // filters + limit (edges)
};

enum class Interval { kDay, kWeek, kMonth };

// A checked query. Empty strings / zero values mean "not given".
struct EventQuery {
  std::string from, to;            // YYYYMMDD, inclusive; calendar-checked
  std::string source, target;      // actor code prefixes ("RUS", "RUSGOV", "---GOV")
  std::string actor;               // a prefix of either side's code
  std::string cameo;               // event code prefix ("04", "042")
  std::vector<int> quad_classes;   // each 1-4, in order given, no repeats
  std::string plover;              // PLOVER type, upper case ("CONSULT")
  std::string country;             // ISO 3166 alpha-3 of the event's location
  bool has_bbox = false;           // min_lon,min_lat,max_lon,max_lat of the location
  double bbox[4] = {0, 0, 0, 0};
  std::string fts;                 // q= as an FTS5 query of quoted terms; empty = none
  int limit = 0;                   // 1-1000; 0 = the endpoint's default
  int64_t after = 0;               // keyset cursor: events with event_pk > after
  Interval interval = Interval::kMonth;
};

// Splits a raw query string ("from=2016-01-01&source=RUS", without '?') into decoded
// name/value pairs in order: '+' is a space, %XX a byte. Errors: InvalidArgument when the
// string is too long, a %-escape is malformed, a name or value is not valid UTF-8 or holds
// a control character, or a value is too long; *bad_parameter is then the parameter's
// name (as far as it could be read) or "query".
Result<std::vector<std::pair<std::string, std::string>>> SplitQueryString(
    std::string_view raw, std::string* bad_parameter);

// Parses and checks the parameters for `endpoint`: unknown and repeated names, values of
// the wrong form or out of range are InvalidArgument with *bad_parameter set to the name.
Result<EventQuery> ParseEventQuery(std::string_view raw, Endpoint endpoint,
                                   std::string* bad_parameter);

// q= text → an FTS5 query: the words of `text` (letters, digits and any non-ASCII), each
// double-quoted, all required; a word ending in '*' matches as a prefix. Empty when
// `text` has no word. Errors: InvalidArgument for more than kMaxSearchTerms words.
Result<std::string> ToFullTextQuery(std::string_view text);

// "2016-02-17" → "20160217" (calendar-checked); empty when not such a date.
std::string ParseIsoDate(std::string_view s);

}  // namespace dyad::serve

#endif  // DYAD_SERVE_QUERY_H_
