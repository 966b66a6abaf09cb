// dyad._dyad: the C++ half of the Python package (python/dyad/, doc/python.md), a thin
// pybind11 layer over the public Engine (include/dyad/engine.h) and batch runner
// (include/dyad/run.h) — the same calls `dyad code` makes, so the events are identical.
//
// What crosses the boundary: documents come in as (id, text, date, title, url, source,
// lang) tuples, or as a problem message for a record the Python side could not read;
// events go out as the JSON lines `dyad code` writes (EventToJson), which the Python side
// turns into dicts or DataFrame columns (python/dyad/_frame.py, the one home of that
// mapping). A non-OK Status becomes a StatusError that the Python side raises as the
// dyad exception class of its code, with Status::ToString() — the message the CLI prints.
//
// Threads and the GIL: the GIL is released while documents are coded. In code_many the
// runner's worker threads never touch Python; its caller thread (this one) takes the GIL
// only to pull the next record from the Python iterator and to hand a coded batch back.
// An Engine may be used from several Python threads at once: each call borrows a Scratch
// from a small mutex-guarded pool.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "base/date.h"
#include "dyad/engine.h"
#include "dyad/event.h"
#include "dyad/run.h"

namespace py = pybind11;

namespace dyad::python {
namespace {

// A non-OK Status on its way to Python (translated by the registered translator).
struct StatusError {
  Status status;
};

void ThrowIfError(const Status& status) {
  if (!status.ok()) throw StatusError{status};
}

// The problem of a record whose fields cannot make a document, as the JSONL reader words
// it (doc/formats/input.md); empty when the fields are usable. Fills *doc.
std::string FillDocument(std::string id, std::string text, const std::string& date,
                         Document* doc) {
  auto blank = [](const std::string& s) {
    return s.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
  };
  if (blank(id)) return "empty id";
  if (blank(text)) return "empty text";
  doc->id = std::move(id);
  doc->text = std::move(text);
  doc->date.clear();
  doc->date_origin = DateOrigin::kMissing;
  if (!date.empty()) {
    if (!date::NormalizeDateTime(date, &doc->date)) {
      return "bad date '" + (date.size() <= 40 ? date : date.substr(0, 40) + "...") + "'";
    }
    doc->date_origin = DateOrigin::kInput;
  }
  return "";
}

std::vector<std::string> EventsToJson(const std::vector<Event>& events) {
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const Event& e : events) out.push_back(EventToJson(e));
  return out;
}

// Python records → Documents, on RunCoding's caller thread (takes the GIL per record).
// An item is a 7-tuple of str-or-None (id, text, date, title, url, source, lang) or a str:
// the problem the Python side found in that record. Problems name "docs:N", N the 1-based
// position of the record.
class IteratorSource final : public DocumentSource {
 public:
  explicit IteratorSource(py::iterator it) : it_(std::move(it)) {}
  ~IteratorSource() override {
    py::gil_scoped_acquire gil;
    it_ = py::iterator();
  }

  Next Read(Document* doc, InputProblem* problem) override {
    py::gil_scoped_acquire gil;
    try {
      if (it_ == py::iterator::sentinel()) return Next::kEnd;
      py::handle item = *it_;
      ++record_;
      Next next = Convert(item, doc, problem);
      ++it_;
      return next;
    } catch (py::error_already_set& e) {
      error_ = std::move(e);
      return Next::kEnd;
    } catch (const std::exception& e) {  // a record of the wrong shape (py::cast_error)
      PyErr_SetString(PyExc_TypeError, e.what());
      error_ = py::error_already_set();
      return Next::kEnd;
    }
  }

  // A Python exception the iterator raised (the run then ended early), rethrown after.
  std::optional<py::error_already_set>& error() { return error_; }

 private:
  static std::string Field(const py::tuple& t, size_t i) {
    return t[i].is_none() ? std::string() : t[i].cast<std::string>();
  }

  Next Convert(py::handle item, Document* doc, InputProblem* problem) {
    std::string message;
    if (py::isinstance<py::str>(item)) {
      message = item.cast<std::string>();
    } else {
      const auto t = item.cast<py::tuple>();
      *doc = Document();
      message = FillDocument(Field(t, 0), Field(t, 1), Field(t, 2), doc);
      doc->meta.title = Field(t, 3);
      doc->meta.url = Field(t, 4);
      doc->meta.source = Field(t, 5);
      doc->meta.lang = Field(t, 6);
      doc->meta.file = "docs";
      doc->meta.line = record_;
    }
    if (message.empty()) return Next::kDocument;
    *problem = InputProblem{"docs", record_, std::move(message)};
    return Next::kProblem;
  }

  py::iterator it_;
  uint64_t record_ = 0;
  std::optional<py::error_already_set> error_;
};

// Keeps the events of every coded document, in input order, as JSON lines.
class JsonSink final : public EventSink {
 public:
  Status Consume(std::span<CodedDocument> batch) override {
    for (const CodedDocument& d : batch) {
      for (const Event& e : d.events) lines_.push_back(EventToJson(e));
    }
    return Status::Ok();
  }
  Status Finish() override { return Status::Ok(); }
  std::vector<std::string>& lines() { return lines_; }

 private:
  std::vector<std::string> lines_;
};

py::dict StatsDict(const RunStats& s) {
  py::dict d;
  d["documents_read"] = s.documents_read;
  d["documents_coded"] = s.documents_coded;
  d["problems"] = s.problems;
  d["dates_missing"] = s.dates_missing;
  d["sentences"] = s.code.sentences;
  d["words"] = s.code.words;
  d["events"] = s.code.events;
  d["mentions"] = s.code.mentions;
  d["dated_by_dateline"] = s.code.dated_by_dateline;
  d["repaired_bytes"] = s.code.repaired_bytes;
  return d;
}

class PyEngine {
 public:
  explicit PyEngine(const EngineOptions& options) {
    Result<std::unique_ptr<Engine>> opened = Status::Internal("not opened");
    {
      py::gil_scoped_release nogil;
      opened = Engine::Open(options, &dictionary_errors_);
    }
    ThrowIfError(opened.status());
    engine_ = std::move(opened).value();
  }

  std::vector<std::string> Code(std::string text, std::optional<std::string> date,
                                std::optional<std::string> id) {
    Document doc;
    const std::string message =
        FillDocument(id.value_or("doc"), std::move(text), date.value_or(""), &doc);
    if (!message.empty()) ThrowIfError(Status::InvalidArgument(message));
    std::vector<Event> events;
    Status status;
    {
      py::gil_scoped_release nogil;
      std::unique_ptr<Engine::Scratch> scratch = TakeScratch();
      status = engine_->Code(&doc, scratch.get(), &events);
      ReturnScratch(std::move(scratch));
    }
    ThrowIfError(status);
    return EventsToJson(events);
  }

  // (JSON lines of the events, stats, problem strings). strict: the first problem is an
  // InvalidArgument error instead.
  py::tuple CodeMany(py::iterable records, int threads, bool strict, size_t batch_documents) {
    RunOptions options;
    options.threads = threads > 0
                          ? threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    options.strict = strict;
    options.batch_documents = batch_documents;
    IteratorSource source(py::iter(records));
    JsonSink sink;
    RunStats stats;
    std::vector<std::string> problems;
    RunCallbacks callbacks;
    callbacks.on_problem = [&](const InputProblem& p) { problems.push_back(p.ToString()); };
    Status status;
    {
      py::gil_scoped_release nogil;
      status = RunCoding(&source, *engine_, options, &sink, callbacks, &stats);
    }
    if (source.error()) throw std::move(*source.error());
    ThrowIfError(status);
    return py::make_tuple(py::cast(sink.lines()), StatsDict(stats), py::cast(problems));
  }

  const Engine& engine() const { return *engine_; }
  const std::vector<std::string>& dictionary_errors() const { return dictionary_errors_; }

 private:
  std::unique_ptr<Engine::Scratch> TakeScratch() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!scratches_.empty()) {
        auto s = std::move(scratches_.back());
        scratches_.pop_back();
        return s;
      }
    }
    return engine_->NewScratch();
  }
  void ReturnScratch(std::unique_ptr<Engine::Scratch> s) {
    std::lock_guard<std::mutex> lock(mu_);
    scratches_.push_back(std::move(s));
  }

  std::unique_ptr<Engine> engine_;
  std::vector<std::string> dictionary_errors_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Engine::Scratch>> scratches_;
};

std::unique_ptr<PyEngine> OpenEngine(std::optional<std::string> model,
                                     std::optional<std::vector<std::string>> dictionaries,
                                     bool require_dyad, std::optional<std::string> event_filter,
                                     std::optional<std::string> gazetteer, bool repairs,
                                     std::vector<std::string> disabled_repairs) {
  EngineOptions options;
  options.model_path = model.value_or("");
  options.dictionaries = dictionaries.value_or(std::vector<std::string>());
  options.require_dyad = require_dyad;
  options.event_filter = event_filter.value_or("");
  options.gazetteer = gazetteer.value_or("");
  options.repairs = repairs;
  options.disabled_repairs = std::move(disabled_repairs);
  return std::make_unique<PyEngine>(options);
}

}  // namespace
}  // namespace dyad::python

PYBIND11_MODULE(_dyad, m) {
  using dyad::python::PyEngine;
  using dyad::python::StatusError;
  m.doc() = "The C++ half of the dyad package; use the dyad module (doc/python.md).";

  // dyad._errors.raise_status(code_name, message) raises the class of that code; the
  // translator calls it with the Python error indicator clear and leaves it set.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      py::gil_scoped_acquire gil;
      try {
        py::module_::import("dyad._errors")
            .attr("raise_status")(std::string(dyad::Status::CodeName(e.status.code())),
                                  e.status.ToString());
      } catch (py::error_already_set& raised) {
        raised.restore();
      }
    }
  });

  py::class_<PyEngine>(m, "Engine")
      .def(py::init(&dyad::python::OpenEngine), py::arg("model") = py::none(),
           py::arg("dictionaries") = py::none(), py::arg("require_dyad") = false,
           py::arg("event_filter") = py::none(), py::arg("gazetteer") = py::none(),
           py::arg("repairs") = true,
           py::arg("disabled_repairs") = std::vector<std::string>())
      .def("code", &PyEngine::Code, py::arg("text"), py::arg("date") = py::none(),
           py::arg("id") = py::none())
      .def("code_many", &PyEngine::CodeMany, py::arg("records"), py::arg("threads"),
           py::arg("strict"), py::arg("batch_documents") = 256)
      .def_property_readonly("model_path",
                             [](const PyEngine& e) { return e.engine().model_path(); })
      .def_property_readonly("model_metadata",
                             [](const PyEngine& e) { return e.engine().model_metadata(); })
      .def_property_readonly(
          "dictionaries", [](const PyEngine& e) { return e.engine().dictionary_description(); })
      .def_property_readonly("dictionary_errors", &PyEngine::dictionary_errors);
  m.def("repair_names", [] {
    std::vector<std::string> names;
    for (std::string_view n : dyad::Engine::RepairNames()) names.emplace_back(n);
    return names;
  });
  m.def("default_model_path", &dyad::DefaultModelPath);
  m.def("default_dictionary_dir", &dyad::DefaultDictionaryDir);
}
