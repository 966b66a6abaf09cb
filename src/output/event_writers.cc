// JSONL and CSV/TSV event output (event_writers.h). Rows are built into one buffer per
// batch and written with a single fwrite, so output costs one system call per batch.
#include "output/event_writers.h"

#include <cerrno>
#include <cstring>

#include "base/file.h"

namespace dyad::output {

Status WriteWholeFile(const std::string& path, std::string_view data) {
  return WriteFileAtomic(path, data);
}

namespace {

void AppendField(std::string_view value, char sep, std::string* out) {
  if (sep == '\t') {
    for (char c : value) {
      switch (c) {
        case '\t': out->append("\\t"); break;
        case '\n': out->append("\\n"); break;
        case '\r': out->append("\\r"); break;
        case '\\': out->append("\\\\"); break;
        default: out->push_back(c);
      }
    }
    return;
  }
  // RFC 4180: quote when the field holds a separator, quote or line break; double quotes.
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(value);
    return;
  }
  out->push_back('"');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string FormatGoldstein(double g) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", g);
  return buf;
}

}  // namespace

bool ParseOutputFormat(std::string_view name, OutputFormat* out) {
  if (name == "jsonl" || name == "json") {
    *out = OutputFormat::kJsonl;
  } else if (name == "csv") {
    *out = OutputFormat::kCsv;
  } else if (name == "tsv") {
    *out = OutputFormat::kTsv;
  } else if (name == "geojson") {
    *out = OutputFormat::kGeoJson;
  } else {
    return false;
  }
  return true;
}

const std::vector<std::string_view>& CsvColumns() {
  static const std::vector<std::string_view> kColumns = {
      "date",         "year",        "month",        "day",          "source_code",
      "source_root",  "source_agent", "source_text", "target_code",  "target_root",
      "target_agent", "target_text", "cameo",        "root_code",    "quad_class",
      "goldstein",    "plover_type", "plover_mode",  "mentions",     "doc_id",
      "sentence_id",  "url",         "date_text",    "verb",         "negated",
      "pattern",      "pattern_dict", "sentence",
      // Where (issue 13); all empty when the event has no location.
      "location_name", "location_country", "location_admin1", "location_lat", "location_lon",
      "location_precision", "location_geonames_id", "location_from", "location_text"};
  return kColumns;
}

std::string CsvHeader(char sep) {
  std::string out;
  for (std::string_view c : CsvColumns()) {
    if (!out.empty()) out.push_back(sep);
    out.append(c);
  }
  out.push_back('\n');
  return out;
}

void AppendCsvRow(const Event& e, std::string_view url, char sep, std::string* out) {
  std::string doc_ids;
  if (e.doc_ids.empty()) {
    doc_ids = e.doc_id;
  } else {
    for (const std::string& id : e.doc_ids) {
      if (!doc_ids.empty()) doc_ids.push_back(';');
      doc_ids += id;
    }
  }
  const std::string_view date = e.date;
  const std::string_view year = date.size() == 8 ? date.substr(0, 4) : std::string_view();
  const std::string_view month = date.size() == 8 ? date.substr(4, 2) : std::string_view();
  const std::string_view day = date.size() == 8 ? date.substr(6, 2) : std::string_view();
  const std::string quad = e.known_code ? std::to_string(e.quad_class) : std::string();
  const std::string gold = e.known_code ? FormatGoldstein(e.goldstein) : std::string();
  const std::string mentions = std::to_string(e.mentions);
  const EventLocation& l = e.location;
  const bool placed = !l.empty();
  auto degrees = [&](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    return placed ? std::string(buf) : std::string();
  };
  const std::string lat = degrees(l.lat), lon = degrees(l.lon);
  const std::string precision = placed ? std::to_string(l.precision) : std::string();
  const std::string geonames_id = placed && l.geonames_id != 0 ? std::to_string(l.geonames_id) : std::string();
  const std::string_view fields[] = {
      date,          year,          month,          day,
      e.source.code, e.source.root, e.source.agent, e.source.text,
      e.target.code, e.target.root, e.target.agent, e.target.text,
      e.code,        e.root_code,   quad,           gold,
      e.plover_type, e.plover_mode, mentions,       doc_ids,
      e.sentence_id, url,           e.date_text,    e.verb_text,
      e.negated ? "true" : "false", e.pattern,      e.pattern_loc, e.sentence,
      l.name,        l.country,     l.admin1,       lat,
      lon,           precision,     geonames_id,    l.from,
      l.text};
  static_assert(std::size(fields) == 37);
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out->push_back(sep);
    first = false;
    AppendField(f, sep, out);
  }
  out->push_back('\n');
}

void OneADayMerger::Add(Event event, std::string url) {
  auto key = std::make_tuple(event.date, event.source.code, event.target.code, event.code);
  auto it = index_.find(key);
  if (it == index_.end()) {
    if (event.doc_ids.empty()) event.doc_ids.push_back(event.doc_id);
    index_.emplace(std::move(key), merged_.size());
    merged_.emplace_back(std::move(event), std::move(url));
    return;
  }
  Event& kept = merged_[it->second].first;
  kept.mentions += event.mentions;
  if (kept.doc_ids.back() != event.doc_id) kept.doc_ids.push_back(event.doc_id);
}

std::vector<std::pair<Event, std::string>> OneADayMerger::Take() {
  index_.clear();
  return std::move(merged_);
}

StreamSink::StreamSink(std::FILE* out, std::string out_name, OutputFormat format, bool one_a_day)
    : out_(out), out_name_(std::move(out_name)), format_(format), one_a_day_(one_a_day) {}

void AppendGeoJsonFeature(const Event& event, std::string* out) {
  *out += R"({"type":"Feature","geometry":)";
  if (event.location.empty()) {
    *out += "null";
  } else {
    char buf[96];
    std::snprintf(buf, sizeof buf, R"({"type":"Point","coordinates":[%.4f,%.4f]})",
                  event.location.lon, event.location.lat);
    *out += buf;
  }
  *out += R"(,"properties":)";
  *out += EventToJson(event);
  out->push_back('}');
}

constexpr std::string_view kGeoJsonHead = "{\"type\":\"FeatureCollection\",\"features\":[\n";

void StreamSink::Append(const Event& event, std::string_view url) {
  if (format_ == OutputFormat::kJsonl) {
    buffer_ += EventToJson(event);
    buffer_.push_back('\n');
    return;
  }
  if (format_ == OutputFormat::kGeoJson) {
    buffer_ += header_written_ ? std::string_view(",\n") : kGeoJsonHead;
    header_written_ = true;
    AppendGeoJsonFeature(event, &buffer_);
    return;
  }
  const char sep = format_ == OutputFormat::kCsv ? ',' : '\t';
  if (!header_written_) {
    buffer_ += CsvHeader(sep);
    header_written_ = true;
  }
  AppendCsvRow(event, url, sep, &buffer_);
}

Status StreamSink::Flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) {
    return Status::IOError(out_name_ + ": write failed: " + std::strerror(errno));
  }
  buffer_.clear();
  if (std::fflush(out_) != 0) {
    return Status::IOError(out_name_ + ": write failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

Status StreamSink::Consume(std::span<CodedDocument> batch) {
  for (CodedDocument& cd : batch) {
    for (Event& e : cd.events) {
      if (one_a_day_) {
        merger_.Add(std::move(e), cd.doc.meta.url);
      } else {
        Append(e, cd.doc.meta.url);
      }
    }
  }
  return Flush();
}

Status StreamSink::Finish() {
  if (one_a_day_) {
    for (const auto& [event, url] : merger_.Take()) Append(event, url);
  }
  if (format_ == OutputFormat::kGeoJson) {
    // One collection, also when there are no events.
    buffer_ += header_written_ ? std::string_view("\n]}\n") : std::string_view("{\"type\":\"FeatureCollection\",\"features\":[]}\n");
    header_written_ = true;
    return Flush();
  }
  // A CSV/TSV file always has its header, even without events.
  if (format_ != OutputFormat::kJsonl && !header_written_) {
    buffer_ += CsvHeader(format_ == OutputFormat::kCsv ? ',' : '\t');
    header_written_ = true;
  }
  return Flush();
}

}  // namespace dyad::output
