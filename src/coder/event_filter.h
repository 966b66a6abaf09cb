// The learned event filter: a logistic-regression model over the features of an event
// candidate (coder/event_features.cc: its code, verb, the tree relations of its actors,
// modality, one-sidedness, ...) that gives each event the probability that a careful
// coder would code it. Events under the model's threshold are dropped; those kept carry
// their probability and the features that weighed most, so every event still explains
// itself. The model is trained by `dyad train-filter` (train/event_filter_train.h) on
// event sets the project writes; the file format is doc/formats/event-filter.md.
// Thread-safety: immutable after Load/Parse; Score is const.
#ifndef DYAD_CODER_EVENT_FILTER_H_
#define DYAD_CODER_EVENT_FILTER_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace dyad::coder {

class EventFilter {
 public:
  // Reads a model file; errors name the file and line.
  static Result<EventFilter> Load(const std::string& path);
  // Parses a model from `text`; `name` is used in error messages.
  static Result<EventFilter> Parse(std::string_view text, const std::string& name);

  // A model from its parts (training).
  EventFilter(double bias, double threshold, std::unordered_map<std::string, double> weights);
  EventFilter() = default;

  // The probability of the event with these features. When `evidence` is not null, it
  // receives the (at most) `top` features with the largest absolute weight, each as
  // "feature+0.53", strongest first.
  double Score(const std::vector<std::string>& features, std::vector<std::string>* evidence,
               size_t top = 4) const;
  double threshold() const { return threshold_; }
  double bias() const { return bias_; }
  const std::unordered_map<std::string, double>& weights() const { return weights_; }

  // The model file's text (features sorted, weights printed to 6 significant digits).
  std::string Serialize() const;

 private:
  double bias_ = 0.0;
  double threshold_ = 0.5;
  std::unordered_map<std::string, double> weights_;
};

}  // namespace dyad::coder

#endif  // DYAD_CODER_EVENT_FILTER_H_
