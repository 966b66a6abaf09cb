#include "train/event_filter_train.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "coder/event_filter.h"
#include "eval/eventset.h"

namespace dyad::train {

namespace {

struct Example {
  std::vector<int> features;  // indexes into the feature table, sorted, unique
  bool positive = false;
};

// One document: its events' examples and their gold candidates.
struct DocData {
  const eval::SetDocument* doc = nullptr;
  std::vector<Example> examples;
  std::vector<std::vector<int>> candidates;
};

struct Weights {
  double bias = 0;
  std::vector<double> w;
};

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

double Predict(const Weights& m, const Example& x) {
  double z = m.bias;
  for (int f : x.features) z += m.w[f];
  return Sigmoid(z);
}

// Full-batch gradient descent with Adam on the mean log loss + l2/N * |w|^2 / 2.
Weights Fit(const std::vector<const Example*>& data, size_t num_features, double l2,
            int iterations) {
  Weights m;
  m.w.assign(num_features, 0.0);
  std::vector<double> g(num_features), mw(num_features), vw(num_features);
  double mb = 0, vb = 0;
  const double lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const double n = std::max<double>(1.0, static_cast<double>(data.size()));
  for (int it = 1; it <= iterations; ++it) {
    std::fill(g.begin(), g.end(), 0.0);
    double gb = 0;
    for (const Example* x : data) {
      const double d = Predict(m, *x) - (x->positive ? 1.0 : 0.0);
      gb += d;
      for (int f : x->features) g[f] += d;
    }
    gb /= n;
    const double c1 = 1 - std::pow(b1, it), c2 = 1 - std::pow(b2, it);
    for (size_t f = 0; f < num_features; ++f) {
      const double gf = g[f] / n + l2 / n * m.w[f];
      mw[f] = b1 * mw[f] + (1 - b1) * gf;
      vw[f] = b2 * vw[f] + (1 - b2) * gf * gf;
      m.w[f] -= lr * (mw[f] / c1) / (std::sqrt(vw[f] / c2) + eps);
    }
    mb = b1 * mb + (1 - b1) * gb;
    vb = b2 * vb + (1 - b2) * gb * gb;
    m.bias -= lr * (mb / c1) / (std::sqrt(vb / c2) + eps);
  }
  return m;
}

// The set's score when the events with probability >= t are kept.
eval::SetScore ScoreAt(const std::vector<DocData>& docs,
                       const std::vector<std::vector<double>>& probs, double t) {
  eval::SetScore total;
  for (size_t d = 0; d < docs.size(); ++d) {
    std::vector<bool> keep(docs[d].examples.size());
    for (size_t e = 0; e < keep.size(); ++e) keep[e] = probs[d][e] >= t;
    total.Add(eval::ScoreDocument(*docs[d].doc, docs[d].candidates, keep));
  }
  return total;
}

std::string Figures(const eval::SetScore& s) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "recall %.3f precision %.3f f1 %.3f (events %d)", s.recall(),
                s.precision(), s.f1(), s.emitted);
  return buf;
}

}  // namespace

Result<std::vector<std::vector<Event>>> CodeEventSet(const Engine& engine,
                                                     const std::vector<eval::SetDocument>& docs) {
  auto scratch = engine.NewScratch();
  std::vector<std::vector<Event>> out(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    Document doc;
    doc.id = docs[d].id;
    doc.date = docs[d].date;
    doc.text = docs[d].text;
    if (Status s = engine.Code(&doc, scratch.get(), &out[d]); !s.ok()) return s;
  }
  return out;
}

Result<std::string> TrainEventFilter(const FilterTrainOptions& options, std::ostream& log) {
  if (options.sets.empty()) return Status::InvalidArgument("train-filter: no event set given");
  if (options.folds < 2) return Status::InvalidArgument("train-filter: --folds must be >= 2");
  std::vector<eval::SetDocument> all_docs;
  for (const std::string& path : options.sets) {
    auto set = eval::LoadEventSet(path);
    if (!set.ok()) return set.status();
    for (auto& d : *set) all_docs.push_back(std::move(d));
  }
  EngineOptions engine_options = options.engine;
  engine_options.event_filter = "none";
  engine_options.event_features = true;
  engine_options.require_dyad = false;
  auto engine = Engine::Open(engine_options);
  if (!engine.ok()) return engine.status();
  auto coded = CodeEventSet(**engine, all_docs);
  if (!coded.ok()) return coded.status();

  // Code every document; label its events; intern the features.
  std::unordered_map<std::string, int> index;
  std::vector<std::string> names;
  std::vector<int> counts;
  std::vector<DocData> docs(all_docs.size());
  std::vector<std::vector<std::vector<std::string>>> raw(all_docs.size());
  for (size_t d = 0; d < all_docs.size(); ++d) {
    const std::vector<Event>& events = (*coded)[d];
    docs[d].doc = &all_docs[d];
    docs[d].candidates = eval::MatchCandidates(all_docs[d], events);
    for (size_t e = 0; e < events.size(); ++e) {
      Example x;
      x.positive = !docs[d].candidates[e].empty();
      docs[d].examples.push_back(x);
      raw[d].push_back(events[e].features);
      for (const std::string& f : events[e].features) {
        auto [it, fresh] = index.emplace(f, static_cast<int>(names.size()));
        if (fresh) {
          names.push_back(f);
          counts.push_back(0);
        }
        ++counts[it->second];
      }
    }
  }
  // Keep features seen often enough; renumber.
  std::vector<int> renumber(names.size(), -1);
  std::vector<std::string> kept_names;
  for (size_t f = 0; f < names.size(); ++f) {
    if (counts[f] >= options.min_count) {
      renumber[f] = static_cast<int>(kept_names.size());
      kept_names.push_back(names[f]);
    }
  }
  size_t positives = 0, events = 0;
  for (size_t d = 0; d < docs.size(); ++d) {
    for (size_t e = 0; e < docs[d].examples.size(); ++e) {
      std::vector<int>& fs = docs[d].examples[e].features;
      for (const std::string& f : raw[d][e]) {
        const int k = renumber[index[f]];
        if (k >= 0) fs.push_back(k);
      }
      std::sort(fs.begin(), fs.end());
      fs.erase(std::unique(fs.begin(), fs.end()), fs.end());
      positives += docs[d].examples[e].positive;
      ++events;
    }
  }
  log << "train-filter: " << docs.size() << " documents, " << events << " events ("
      << positives << " match the gold), " << kept_names.size() << " features seen "
      << options.min_count << "+ times\n";
  std::vector<std::vector<double>> ones(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) ones[d].assign(docs[d].examples.size(), 1.0);
  const eval::SetScore unfiltered = ScoreAt(docs, ones, 0.5);
  log << "  no filter:            " << Figures(unfiltered) << "\n";
  const double min_recall = unfiltered.recall() * (1.0 - options.max_recall_loss);

  // Cross-validation: documents in folds by their index.
  double best_f1 = -1, best_l2 = options.l2.front(), best_t = 0.5;
  for (double l2 : options.l2) {
    std::vector<std::vector<double>> probs(docs.size());
    for (int k = 0; k < options.folds; ++k) {
      std::vector<const Example*> train;
      for (size_t d = 0; d < docs.size(); ++d) {
        if (static_cast<int>(d % options.folds) == k) continue;
        for (const Example& x : docs[d].examples) train.push_back(&x);
      }
      const Weights m = Fit(train, kept_names.size(), l2, options.iterations);
      for (size_t d = 0; d < docs.size(); ++d) {
        if (static_cast<int>(d % options.folds) != k) continue;
        for (const Example& x : docs[d].examples) probs[d].push_back(Predict(m, x));
      }
    }
    double f1_here = -1, t_here = 0.5;
    eval::SetScore at;
    for (int i = 1; i <= 38; ++i) {
      const double t = i * 0.025;
      const eval::SetScore s = ScoreAt(docs, probs, t);
      if (s.recall() + 1e-12 < min_recall) continue;
      if (s.f1() > f1_here + 1e-12) {
        f1_here = s.f1();
        t_here = t;
        at = s;
      }
    }
    char buf[64];
    if (f1_here < 0) {
      std::snprintf(buf, sizeof buf, "  l2 %-5g: ", l2);
      log << buf << "no threshold keeps the held-out recall\n";
      continue;
    }
    std::snprintf(buf, sizeof buf, "  l2 %-5g threshold %.3f: ", l2, t_here);
    log << buf << Figures(at) << " (held-out folds)\n";
    if (f1_here > best_f1 + 1e-12) {
      best_f1 = f1_here;
      best_l2 = l2;
      best_t = t_here;
    }
  }
  std::vector<const Example*> train;
  for (const DocData& d : docs) {
    for (const Example& x : d.examples) train.push_back(&x);
  }
  const Weights m = Fit(train, kept_names.size(), best_l2, options.iterations);
  std::unordered_map<std::string, double> weights;
  for (size_t f = 0; f < kept_names.size(); ++f) {
    if (std::fabs(m.w[f]) >= 1e-4) weights.emplace(kept_names[f], m.w[f]);
  }
  log << "  chosen: l2 " << best_l2 << ", threshold " << best_t << ", " << weights.size()
      << " weights\n";
  return coder::EventFilter(m.bias, best_t, std::move(weights)).Serialize();
}

}  // namespace dyad::train
