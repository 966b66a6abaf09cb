// The coding run (code_runner.h). Design notes:
//  - Batches, not a queue per document: the reader fills batch k+1 while the workers code
//    batch k and the sink writes batch k-1's successor in order; a batch boundary is the
//    only synchronisation point, so workers never contend on a lock per document.
//  - Workers claim documents with one atomic counter; every worker keeps its own
//    PipelineScratch and CoderScratch across the whole run (no per-document set-up).
//  - A document's date is decided before parsing (the coder resolves date-restricted actor
//    codes with it): input date, else --date, else a dateline, else missing.
#include "pipeline/code_runner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "base/utf8.h"
#include "coder/date_resolver.h"
#include "dyad/pipeline.h"

namespace dyad::pipeline {
namespace {

std::string FormatDate(int32_t yyyymmdd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08d", static_cast<int>(yyyymmdd));
  return buf;
}

// YYYYMMDD of a unix time (UTC); 0 for 0.
int32_t DateOfTime(int64_t t) {
  if (t <= 0) return 0;
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

// Documents longer than this are parsed in chunks (see code_one).
constexpr size_t kChunkBytes = 256u << 10;

// The end of the chunk of `text` starting at `pos`: at a blank line near `target` bytes
// on, else a line break, else a space, else a UTF-8 character boundary.
size_t ChunkEnd(std::string_view text, size_t pos, size_t target) {
  if (text.size() - pos <= target * 2) return text.size();
  const size_t limit = pos + target * 2;
  for (std::string_view sep : {std::string_view("\n\n"), std::string_view("\n"),
                               std::string_view(" ")}) {
    const size_t at = text.find(sep, pos + target);
    if (at != std::string_view::npos && at < limit) return at + sep.size();
  }
  size_t cut = limit;
  while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
  return cut;
}

// Per-worker state, alive for the whole run.
struct Worker {
  std::unique_ptr<PipelineScratch> parse_scratch;
  coder::CoderScratch code_scratch;
  PipelineStats parse_stats;
  coder::CoderStats code_stats;
  std::vector<coder::Event> events;
};

// A fixed pool that runs one function over the indices of a batch, then waits.
class BatchPool {
 public:
  explicit BatchPool(int threads) {
    for (int t = 0; t < threads; ++t) threads_.emplace_back([this, t] { Loop(t); });
  }
  ~BatchPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& th : threads_) th.join();
  }
  // Starts fn(worker, i) for i in [0, n); returns at once.
  void Start(size_t n, std::function<void(int, size_t)> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    fn_ = std::move(fn);
    n_ = n;
    next_.store(0);
    active_ = static_cast<int>(threads_.size());
    ++generation_;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [this] { return active_ == 0; });
  }

 private:
  void Loop(int t) {
    uint64_t seen = 0;
    for (;;) {
      std::function<void(int, size_t)> fn;
      size_t n = 0;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        fn = fn_;
        n = n_;
      }
      for (;;) {
        const size_t i = next_.fetch_add(1);
        if (i >= n) break;
        fn(t, i);
      }
      std::lock_guard<std::mutex> lock(mu_);
      if (--active_ == 0) done_cv_.notify_all();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_, done_cv_;
  std::function<void(int, size_t)> fn_;
  size_t n_ = 0;
  std::atomic<size_t> next_{0};
  int active_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

}  // namespace

std::string_view DateOriginName(DateOrigin origin) {
  switch (origin) {
    case DateOrigin::kMissing: return "missing";
    case DateOrigin::kInput: return "input";
    case DateOrigin::kOption: return "option";
    case DateOrigin::kDateline: return "dateline";
  }
  return "missing";
}

size_t DatelineLength(std::string_view text) {
  size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n' ||
                                 text[start] == '\r' || text[start] == '\t')) {
    ++start;
  }
  const std::string_view head = text.substr(start, 160);
  // The separating dash: " - ", " -- ", " — ", " – " (the first on the line).
  size_t dash = std::string_view::npos, dash_len = 0;
  for (std::string_view d : {" - ", " -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 "}) {
    const size_t at = head.find(d);
    if (at != std::string_view::npos && at < dash) {
      dash = at;
      dash_len = d.size();
    }
  }
  if (dash == std::string_view::npos || dash == 0) return 0;
  const std::string_view before = head.substr(0, dash);
  if (before.find('\n') != std::string_view::npos) return 0;
  // No sentence inside: a dateline has no verb-like lowercase run of words; allow only a
  // few lowercase words (month abbreviations are capitalised, agencies are in brackets).
  int lowercase_words = 0;
  bool word_start = true, in_brackets = false;
  for (char c : before) {
    if (c == '(' || c == '/') in_brackets = !in_brackets || c == '(';
    if (c == ')') in_brackets = false;
    if (word_start && !in_brackets && c >= 'a' && c <= 'z') ++lowercase_words;
    word_start = c == ' ';
  }
  if (lowercase_words > 1) return 0;
  // An all-capitals place name first ("MOSCOW", "NEW YORK", "RIO DE JANEIRO"), or a date
  // that FindDateline accepts.
  size_t caps = 0;
  while (caps < before.size() && ((before[caps] >= 'A' && before[caps] <= 'Z') ||
                                  before[caps] == ' ' || before[caps] == '.' ||
                                  before[caps] == '\'' || before[caps] == '-')) {
    ++caps;
  }
  const bool place = caps >= 3 && before[0] >= 'A' && before[0] <= 'Z' &&
                     before[1] >= 'A' && before[1] <= 'Z' &&
                     (caps == before.size() || before[caps] == ',' || before[caps] == '(');
  if (!place && !coder::FindDateline(before, 20000101).has_value()) return 0;
  size_t end = start + dash + dash_len;
  while (end < text.size() && text[end] == ' ') ++end;
  return end;
}

std::string ProblemKind(const std::string& message) {
  size_t end = message.find_first_of(":('\"");
  if (end == std::string::npos) end = message.size();
  while (end > 0 && message[end - 1] == ' ') --end;
  if (end == 0) return "other";
  return message.substr(0, std::min<size_t>(end, 60));
}

void DeduplicateDocumentEvents(std::vector<coder::Event>* events) {
  std::vector<coder::Event>& ev = *events;
  // (source, target, code) → index of its first mention; a hash keeps a document with
  // thousands of distinct events linear.
  std::unordered_map<std::string, size_t> first;
  size_t kept = 0;
  for (size_t i = 0; i < ev.size(); ++i) {
    std::string key = ev[i].code;
    key += '\x1f';
    key += ev[i].source.code;
    key += '\x1f';
    key += ev[i].target.code;
    auto [it, inserted] = first.emplace(std::move(key), kept);
    if (!inserted) {
      ev[it->second].mentions += ev[i].mentions;
      continue;
    }
    if (kept != i) ev[kept] = std::move(ev[i]);
    ++kept;
  }
  ev.resize(kept);
}

Status RunCoding(DocumentStream* stream, const Pipeline& pipeline, const coder::Coder& coder,
                 const coder::DateResolver& dates, const CodeOptions& options,
                 const std::unordered_set<std::string>* skip_ids, EventSink* sink,
                 const std::function<void(const InputProblem&)>& on_problem,
                 const std::function<void(const CodeStats&)>& on_progress, CodeStats* stats) {
  const int threads = std::max(1, options.threads);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) {
    workers.push_back(std::make_unique<Worker>());
    workers.back()->parse_scratch = pipeline.NewScratch();
  }
  // First place each id was seen: a repeated id would make resume ambiguous.
  std::unordered_map<std::string, std::string> seen_ids;

  auto report = [&](InputProblem problem) -> Status {
    ++stats->problems;
    ++stats->problems_by_kind[ProblemKind(problem.message)];
    if (on_problem) on_problem(problem);
    if (options.strict) return Status::InvalidArgument(problem.ToString());
    return Status::Ok();
  };

  // Reads the next batch; *end is set when the stream is exhausted.
  auto read_batch = [&](std::vector<CodedDocument>* batch, bool* end) -> Status {
    batch->clear();
    size_t bytes = 0;
    InputDocument in;
    InputProblem problem;
    while (batch->size() < options.batch_documents && bytes < options.batch_bytes) {
      const DocumentStream::Next next = stream->Read(&in, &problem);
      if (next == DocumentStream::Next::kEnd) {
        *end = true;
        break;
      }
      if (next == DocumentStream::Next::kProblem) {
        DYAD_RETURN_IF_ERROR(report(std::move(problem)));
        problem = InputProblem();
        continue;
      }
      ++stats->documents_read;
      const std::string where =
          in.line > 0 ? in.file + ":" + std::to_string(in.line) : in.file;
      auto [it, inserted] = seen_ids.emplace(in.id, where);
      if (!inserted) {
        DYAD_RETURN_IF_ERROR(report(InputProblem{
            in.file, in.line,
            "duplicate document id '" + in.id + "' (first at " + it->second + ")"}));
        continue;
      }
      if (skip_ids != nullptr && skip_ids->count(in.id) > 0) {
        ++stats->documents_resumed;
        continue;
      }
      stats->repaired_bytes += in.repaired_bytes;
      CodedDocument& cd = batch->emplace_back();
      cd.doc.id = in.id;
      cd.doc.text = std::move(in.text);
      in.text.clear();
      bytes += cd.doc.text.size();
      if (!in.date.empty()) {
        cd.doc.date = in.date;
        cd.date_origin = DateOrigin::kInput;
      } else if (!options.default_date.empty()) {
        cd.doc.date = options.default_date;
        cd.date_origin = DateOrigin::kOption;
      } else if (auto dl = coder::FindDateline(cd.doc.text, DateOfTime(in.mtime));
                 dl.has_value() && dl->date > 0) {
        cd.doc.date = FormatDate(dl->date);
        cd.date_origin = DateOrigin::kDateline;
      }
      // Blank the dateline so the parser does not take its place name for a subject.
      if (const size_t n = DatelineLength(cd.doc.text); n > 0) {
        for (size_t i = 0; i < n; ++i) {
          if (cd.doc.text[i] != '\n') cd.doc.text[i] = ' ';
        }
      }
      cd.input = std::move(in);
      in = InputDocument();
    }
    stats->bytes_total = stream->bytes_total();
    return Status::Ok();
  };

  // Parses and codes one part of a document (the whole of it, or one chunk of a long
  // one), appending its events and its sentences (as spans of the document's text, trees
  // freed) to *cd. `offset` is the part's byte offset in cd->doc.text.
  auto code_part = [&](Worker& w, Document* part, size_t offset, CodedDocument* cd) {
    pipeline.RunText(part, w.parse_scratch.get(), &w.parse_stats);
    w.events.clear();
    coder.CodeDocument(*part, &w.code_scratch, &w.events, &w.code_stats);
    const int32_t doc_date = coder::ParseEventDate(part->date);
    const uint32_t first_sentence = static_cast<uint32_t>(cd->doc.sentences.size());
    for (coder::Event& e : w.events) {
      if (e.sentence_index >= part->sentences.size()) continue;
      const Sentence& s = part->sentences[e.sentence_index];
      if (auto d = dates.EventDate(s, e.verb_word, doc_date); d.has_value() && d->date > 0) {
        e.date = FormatDate(d->date);
        e.date_text = d->text;
      }
      e.sentence = std::string(part->SentenceText(s));
      e.sentence_index += first_sentence;
      if (s.id.empty()) e.sentence_id = std::to_string(e.sentence_index);
      cd->events.push_back(std::move(e));
    }
    // The trees are not needed downstream: keep sentence spans and ids only.
    for (Sentence& s : part->sentences) {
      std::vector<Word>().swap(s.words);
      std::vector<Token>().swap(s.tokens);
      s.begin += static_cast<uint32_t>(offset);
      s.end += static_cast<uint32_t>(offset);
      cd->doc.sentences.push_back(std::move(s));
    }
    // Merged part by part, so a long document holds its distinct events, not every
    // mention (a 36 MB text once held 450,000 of them).
    DeduplicateDocumentEvents(&cd->events);
  };

  auto code_one = [&](int t, CodedDocument* cd) {
    Worker& w = *workers[t];
    cd->events.clear();
    if (cd->doc.text.size() <= kChunkBytes) {
      Document& doc = cd->doc;
      Document part;
      part.id = doc.id;
      part.date = doc.date;
      part.text = std::move(doc.text);
      doc.sentences.clear();
      code_part(w, &part, 0, cd);
      doc.text = std::move(part.text);  // repaired (invalid UTF-8 replaced) by RunText
    } else {
      // Budget: a long document (a book, a year of a feed in one file) is parsed in
      // chunks of about kChunkBytes cut at paragraph or line breaks, so its trees never
      // all live at once; memory stays that of one chunk.
      w.parse_stats.repaired_bytes += RepairUtf8(&cd->doc.text);
      cd->doc.sentences.clear();
      const std::string_view text = cd->doc.text;
      size_t pos = 0;
      while (pos < text.size()) {
        const size_t end = ChunkEnd(text, pos, kChunkBytes);
        Document part;
        part.id = cd->doc.id;
        part.date = cd->doc.date;
        part.text.assign(text.substr(pos, end - pos));
        code_part(w, &part, pos, cd);
        pos = end;
      }
    }
  };

  auto account = [&](const std::vector<CodedDocument>& batch) {
    for (const CodedDocument& cd : batch) {
      ++stats->documents_coded;
      stats->sentences += cd.doc.sentences.size();
      stats->events += cd.events.size();
      for (const coder::Event& e : cd.events) {
        stats->mentions += e.mentions;
        if (!e.date_text.empty()) ++stats->events_dated_by_text;
      }
      if (cd.date_origin == DateOrigin::kMissing) ++stats->dates_missing;
      if (cd.date_origin == DateOrigin::kDateline) ++stats->dates_from_dateline;
    }
  };

  BatchPool pool(threads);
  std::vector<CodedDocument> current, next;
  bool end = false;
  Status status = read_batch(&current, &end);
  // Input position at the end of each batch: progress counts what the sink has taken,
  // not what the reader has run ahead to.
  uint64_t current_end = stream->bytes_done();
  while (status.ok() && !current.empty()) {
    pool.Start(current.size(), [&](int t, size_t i) { code_one(t, &current[i]); });
    // Overlap: read the next batch while the workers code this one.
    Status read_status = Status::Ok();
    if (!end) read_status = read_batch(&next, &end);
    const uint64_t next_end = stream->bytes_done();
    pool.Wait();
    account(current);
    status = sink->Consume(std::span<CodedDocument>(current));
    if (status.ok()) status = read_status;
    stats->bytes_done = current_end;
    if (on_progress) on_progress(*stats);
    std::swap(current, next);
    next.clear();
    current_end = next_end;
  }
  stats->bytes_done = stream->bytes_done();
  for (const auto& w : workers) {
    stats->words += w->parse_stats.words;
    stats->repaired_bytes += w->parse_stats.repaired_bytes;
    stats->capped_sentences += w->parse_stats.capped_sentences;
    stats->discarded_sentences += w->code_stats.discarded_sentences;
  }
  DYAD_RETURN_IF_ERROR(status);
  return sink->Finish();
}

}  // namespace dyad::pipeline
