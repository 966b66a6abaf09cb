// Event output of `dyad code` to a byte stream: JSONL (one event per line,
// doc/formats/events.md) and CSV/TSV (one row per event with a header row,
// doc/formats/events-csv.md), with optional --one-a-day merging. The SQLite output is
// src/store. Thread-safety: a sink is used by one thread.
#ifndef DYAD_OUTPUT_EVENT_WRITERS_H_
#define DYAD_OUTPUT_EVENT_WRITERS_H_

#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "dyad/event.h"
#include "dyad/run.h"

namespace dyad::output {

// Writes `data` to `path` through a temporary file and a rename, so a reader never sees a
// half-written file. Errors: IOError naming the path.
[[nodiscard]] Status WriteWholeFile(const std::string& path, std::string_view data);

// kGeoJson: one GeoJSON FeatureCollection (doc/formats/events.md, "GeoJSON"): a Point
// feature per event at its location (geometry null when it has none), the event's JSONL
// object as the properties.
enum class OutputFormat : uint8_t { kJsonl, kCsv, kTsv, kGeoJson };
// "jsonl", "csv", "tsv", "geojson" → format; false otherwise.
bool ParseOutputFormat(std::string_view name, OutputFormat* out);

// The CSV/TSV columns, in order (doc/formats/events-csv.md).
const std::vector<std::string_view>& CsvColumns();
// The header row (with its newline); `sep` is ',' (CSV, RFC 4180 quoting) or '\t' (TSV,
// backslash escapes for tab, newline, carriage return and backslash).
std::string CsvHeader(char sep);
// Appends one GeoJSON feature for `event` (no separator, no newline).
void AppendGeoJsonFeature(const Event& event, std::string* out);
// Appends one row for `event` (with its newline). `url` is the document's URL.
void AppendCsvRow(const Event& event, std::string_view url, char sep, std::string* out);

// --one-a-day: identical (date, source, target, CAMEO code) events of different documents
// become one, with summed mentions and every document id (Event::doc_ids), in order of
// first appearance.
class OneADayMerger {
 public:
  void Add(Event event, std::string url);
  // The merged events and the URL of each one's first document; empties the merger.
  std::vector<std::pair<Event, std::string>> Take();
  size_t size() const { return merged_.size(); }

 private:
  std::map<std::tuple<std::string, std::string, std::string, std::string>, size_t> index_;
  std::vector<std::pair<Event, std::string>> merged_;
};

// Writes events to `out` (not owned; e.g. stdout) as they arrive, or at Finish() with
// one_a_day. Errors: IOError when a write fails (disk full, closed pipe).
class StreamSink : public EventSink {
 public:
  StreamSink(std::FILE* out, std::string out_name, OutputFormat format, bool one_a_day);
  [[nodiscard]] Status Consume(std::span<CodedDocument> batch) override;
  [[nodiscard]] Status Finish() override;

 private:
  void Append(const Event& event, std::string_view url);
  [[nodiscard]] Status Flush();

  std::FILE* out_;
  std::string out_name_;
  OutputFormat format_;
  bool one_a_day_;
  bool header_written_ = false;
  std::string buffer_;
  OneADayMerger merger_;
};

}  // namespace dyad::output

#endif  // DYAD_OUTPUT_EVENT_WRITERS_H_
