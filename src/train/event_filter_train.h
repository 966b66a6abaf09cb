// Training the learned event filter (coder/event_filter.h) — `dyad train-filter`.
// The engine codes every document of the given event sets with no filter and with each
// event's features; each event is labelled by the set's gold (eval/eventset.h: does it
// match a gold event, required or optional?); an L2-regularised logistic regression is
// fitted by full-batch gradient descent (deterministic). The regularisation and the
// threshold are chosen by k-fold cross-validation over documents, maximising the F1 of
// the set's own scoring (recall of required gold, precision of emitted events) on the
// held-out folds; the final model is fitted on all documents.
// Thread-safety: one call at a time per engine scratch; pure otherwise.
#ifndef DYAD_TRAIN_EVENT_FILTER_TRAIN_H_
#define DYAD_TRAIN_EVENT_FILTER_TRAIN_H_

#include <ostream>
#include <string>
#include <vector>

#include "dyad/engine.h"
#include "dyad/status.h"
#include "eval/eventset.h"

namespace dyad::train {

struct FilterTrainOptions {
  std::vector<std::string> sets;     // event set files (doc/formats/eventset.md)
  int folds = 5;                     // cross-validation folds over documents
  std::vector<double> l2 = {0.3, 1.0, 3.0, 10.0};  // candidates, per example-sum loss
  int min_count = 2;                 // features seen in fewer events are dropped
  int iterations = 300;              // gradient steps
  // Thresholds whose held-out recall falls more than this share under the unfiltered
  // recall are not chosen (recall is what real-news coding lacks most).
  double max_recall_loss = 0.05;
  EngineOptions engine;              // model and dictionaries to code with
};

// Codes every document of an event set with `engine` (one thread), its events per
// document in set order.
Result<std::vector<std::vector<Event>>> CodeEventSet(const Engine& engine,
                                                     const std::vector<eval::SetDocument>& docs);

// Trains and returns the model file's text; prints the cross-validation report
// (per regularisation: the best threshold's recall, precision, F1, and the unfiltered
// figures) to `log`.
Result<std::string> TrainEventFilter(const FilterTrainOptions& options, std::ostream& log);

}  // namespace dyad::train

#endif  // DYAD_TRAIN_EVENT_FILTER_TRAIN_H_
