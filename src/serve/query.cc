// Query-string parsing and checking for `dyad serve` (see query.h). Every value is checked
// against a whitelist of its form (digits, code characters, ...) rather than a blacklist of
// dangerous characters: what passes could be put anywhere, though it only ever reaches
// SQL as a bound parameter.
#include "serve/query.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "base/date.h"
#include "base/utf8.h"

namespace dyad::serve {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes one name or value. False on a malformed escape.
bool Decode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      *out += ' ';
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      *out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      *out += c;
    }
  }
  return true;
}

bool HasControl(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

Status Bad(std::string_view name, std::string_view why, std::string* bad_parameter) {
  *bad_parameter = std::string(name);
  return Status::InvalidArgument(std::string(name) + ": " + std::string(why));
}

// Quotes `value` for a message, cut to 40 bytes.
std::string Quoted(std::string_view value) {
  std::string q = "'";  // appended, not "'" + ...: GCC 12 warns falsely (-Wrestrict)
  q += value.substr(0, 40);
  if (value.size() > 40) q += "...";
  return q + "'";
}

// An actor code prefix: upper-case letters, digits and '-', 1-32 characters; lower case is
// taken as upper.
bool NormalizeCode(std::string_view in, size_t max_len, bool allow_dash, std::string* out) {
  if (in.empty() || in.size() > max_len) return false;
  out->clear();
  for (char c : in) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (allow_dash && c == '-') ||
                    (allow_dash && c == '_');
    if (!ok) return false;
    *out += c;
  }
  return true;
}

bool ParseInt(std::string_view s, int64_t lo, int64_t hi, int64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'))
      return false;  // no "nan", "inf", hex floats
  }
  const std::string copy(s);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// The bbox "min_lon,min_lat,max_lon,max_lat".
bool ParseBbox(std::string_view s, double out[4]) {
  for (int i = 0; i < 4; ++i) {
    const size_t comma = i < 3 ? s.find(',') : s.size();
    if (comma == std::string_view::npos) return false;
    if (!ParseDouble(s.substr(0, comma), &out[i])) return false;
    s.remove_prefix(i < 3 ? comma + 1 : comma);
  }
  return out[0] >= -180 && out[2] <= 180 && out[1] >= -90 && out[3] <= 90 && out[0] <= out[2] &&
         out[1] <= out[3];
}

bool Allowed(std::string_view name, Endpoint endpoint) {
  static constexpr std::string_view kFilters[] = {"from",   "to",     "source",  "target",
                                                  "actor",  "cameo",  "quad_class", "plover",
                                                  "country", "bbox", "q"};
  for (std::string_view f : kFilters) {
    if (name == f) return true;
  }
  switch (endpoint) {
    case Endpoint::kEvents: return name == "limit" || name == "after";
    case Endpoint::kSeries: return name == "interval";
    case Endpoint::kNetwork: return name == "limit";
  }
  return false;
}

// Checks one parameter's value into *q.
Status ParseOne(const std::string& name, const std::string& value, EventQuery* q,
                std::string* bad_parameter) {
  auto bad = [&](std::string_view why) { return Bad(name, why, bad_parameter); };
  if (name == "from" || name == "to") {
    std::string d = ParseIsoDate(value);
    if (d.empty()) return bad(Quoted(value) + " is not a date YYYY-MM-DD");
    (name == "from" ? q->from : q->to) = std::move(d);
  } else if (name == "source" || name == "target" || name == "actor") {
    std::string* out = name == "source" ? &q->source : name == "target" ? &q->target : &q->actor;
    if (!NormalizeCode(value, 32, true, out))
      return bad(Quoted(value) + " is not an actor code prefix (letters, digits, '-', 1-32)");
  } else if (name == "cameo") {
    if (!NormalizeCode(value, 8, false, &q->cameo))
      return bad(Quoted(value) + " is not an event code prefix (letters and digits, 1-8)");
  } else if (name == "plover") {
    if (!NormalizeCode(value, 32, true, &q->plover))
      return bad(Quoted(value) + " is not a PLOVER type");
  } else if (name == "country") {
    if (value.size() != 3 || !NormalizeCode(value, 3, false, &q->country))
      return bad(Quoted(value) + " is not an ISO 3166 alpha-3 code");
  } else if (name == "quad_class") {
    std::string_view rest = value;
    while (true) {
      const size_t comma = rest.find(',');
      int64_t v = 0;
      if (!ParseInt(rest.substr(0, comma), 1, 4, &v))
        return bad(Quoted(value) + " is not a QuadClass 1-4 (or a list: 1,2)");
      for (int seen : q->quad_classes) {
        if (seen == v) return bad(Quoted(value) + " repeats a QuadClass");
      }
      q->quad_classes.push_back(static_cast<int>(v));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  } else if (name == "bbox") {
    if (!ParseBbox(value, q->bbox))
      return bad(Quoted(value) + " is not min_lon,min_lat,max_lon,max_lat within -180..180, "
                 "-90..90 with min <= max");
    q->has_bbox = true;
  } else if (name == "q") {
    auto fts = ToFullTextQuery(value);
    if (!fts.ok()) return bad(fts.status().message());
    q->fts = std::move(fts).value();
  } else if (name == "limit") {
    int64_t v = 0;
    if (!ParseInt(value, 1, 1000, &v)) return bad(Quoted(value) + " is not a number 1-1000");
    q->limit = static_cast<int>(v);
  } else if (name == "after") {
    int64_t v = 0;
    if (!ParseInt(value, 0, int64_t{1} << 62, &v))
      return bad(Quoted(value) + " is not a cursor (the 'next' of a previous answer)");
    q->after = v;
  } else if (name == "interval") {
    if (value == "day") {
      q->interval = Interval::kDay;
    } else if (value == "week") {
      q->interval = Interval::kWeek;
    } else if (value == "month") {
      q->interval = Interval::kMonth;
    } else {
      return bad(Quoted(value) + " is not day, week or month");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string ParseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return "";
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!date::IsDigit(s[i])) return "";
  }
  std::string ymd = std::string(s.substr(0, 4)) + std::string(s.substr(5, 2)) +
                    std::string(s.substr(8, 2));
  if (!date::IsValidDate(date::ParseYmd(ymd))) return "";
  return ymd;
}

Result<std::vector<std::pair<std::string, std::string>>> SplitQueryString(
    std::string_view raw, std::string* bad_parameter) {
  Params params;
  if (raw.size() > kMaxQueryBytes) {
    return Bad("query", "longer than " + std::to_string(kMaxQueryBytes) + " bytes",
               bad_parameter);
  }
  while (!raw.empty()) {
    const size_t amp = raw.find('&');
    const std::string_view part = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (part.empty()) continue;  // "a=1&&b=2"
    const size_t eq = part.find('=');
    std::string name, value;
    if (!Decode(part.substr(0, eq), &name) || !IsValidUtf8(name) || HasControl(name) ||
        name.empty() || name.size() > 64) {
      return Bad("query", "malformed parameter name " + Quoted(part.substr(0, eq)),
                 bad_parameter);
    }
    if (eq != std::string_view::npos && !Decode(part.substr(eq + 1), &value)) {
      return Bad(name, "malformed %-escape", bad_parameter);
    }
    if (!IsValidUtf8(value)) return Bad(name, "not valid UTF-8", bad_parameter);
    if (HasControl(value)) return Bad(name, "holds a control character", bad_parameter);
    if (value.size() > kMaxValueBytes) {
      return Bad(name, "longer than " + std::to_string(kMaxValueBytes) + " bytes", bad_parameter);
    }
    params.emplace_back(std::move(name), std::move(value));
  }
  return params;
}

Result<EventQuery> ParseEventQuery(std::string_view raw, Endpoint endpoint,
                                   std::string* bad_parameter) {
  auto params = SplitQueryString(raw, bad_parameter);
  if (!params.ok()) return params.status();
  EventQuery q;
  for (size_t i = 0; i < params->size(); ++i) {
    const auto& [name, value] = (*params)[i];
    if (!Allowed(name, endpoint)) {
      return Bad(name, "unknown parameter", bad_parameter);
    }
    for (size_t j = 0; j < i; ++j) {
      if ((*params)[j].first == name) return Bad(name, "given twice", bad_parameter);
    }
    DYAD_RETURN_IF_ERROR(ParseOne(name, value, &q, bad_parameter));
  }
  if (!q.from.empty() && !q.to.empty() && q.from > q.to) {
    return Bad("to", "is before from", bad_parameter);
  }
  return q;
}

Result<std::string> ToFullTextQuery(std::string_view text) {
  std::string out;
  int terms = 0;
  size_t i = 0;
  while (i < text.size()) {
    // A word: ASCII letters and digits and every non-ASCII byte (unicode61 decides the
    // rest); anything else separates words. A '*' right after a word makes it a prefix.
    auto word_byte = [](unsigned char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             c >= 0x80;
    };
    if (!word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && word_byte(static_cast<unsigned char>(text[j]))) ++j;
    if (++terms > kMaxSearchTerms) {
      return Status::InvalidArgument("more than " + std::to_string(kMaxSearchTerms) + " words");
    }
    if (!out.empty()) out += ' ';
    out += '"';
    out += text.substr(i, j - i);  // no '"' can be inside: it is not a word byte
    out += '"';
    if (j < text.size() && text[j] == '*') {
      out += '*';
      ++j;
    }
    i = j;
  }
  return out;
}

}  // namespace dyad::serve
