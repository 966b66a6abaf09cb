#include "coder/event_filter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace dyad::coder {

namespace {

constexpr std::string_view kMagic = "dyad-event-filter 1";
constexpr size_t kMaxFileBytes = 64u << 20;
constexpr size_t kMaxFeatureBytes = 1024;

Status LineError(const std::string& name, size_t line, const std::string& what) {
  return Status::InvalidArgument(name + ":" + std::to_string(line) + ": " + what);
}

// A finite number filling all of `s`.
bool ParseNumber(std::string_view s, double* out) {
  if (s.empty() || s.size() > 64) return false;
  const std::string copy(s);
  char* end = nullptr;
  *out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && std::isfinite(*out);
}

std::string FormatWeight(double w) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.6g", w);
  return buf;
}

}  // namespace

EventFilter::EventFilter(double bias, double threshold,
                         std::unordered_map<std::string, double> weights)
    : bias_(bias), threshold_(threshold), weights_(std::move(weights)) {}

Result<EventFilter> EventFilter::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the event filter");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0 || static_cast<uint64_t>(size) > kMaxFileBytes) {
    return Status::InvalidArgument(path + ": not an event filter (over 64 MiB or unreadable)");
  }
  in.seekg(0);
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) return Status::IOError(path + ": read failed");
  return Parse(text, path);
}

Result<EventFilter> EventFilter::Parse(std::string_view text, const std::string& name) {
  EventFilter f;
  size_t line_no = 0, pos = 0;
  bool have_magic = false, have_threshold = false, have_bias = false;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (!have_magic) {
      if (line != kMagic) return LineError(name, line_no, "not a dyad event filter (expected \"" +
                                                              std::string(kMagic) + "\")");
      have_magic = true;
      continue;
    }
    const size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return LineError(name, line_no, "expected KEY VALUE");
    const std::string_view key = line.substr(0, sp);
    std::string_view rest = line.substr(sp + 1);
    double value = 0;
    if (key == "threshold" || key == "bias") {
      if (!ParseNumber(rest, &value)) return LineError(name, line_no, "bad number");
      if (key == "threshold") {
        if (value < 0 || value > 1) return LineError(name, line_no, "threshold outside [0, 1]");
        f.threshold_ = value;
        have_threshold = true;
      } else {
        f.bias_ = value;
        have_bias = true;
      }
    } else if (key == "w") {
      const size_t sp2 = rest.find(' ');
      if (sp2 == std::string_view::npos || !ParseNumber(rest.substr(0, sp2), &value)) {
        return LineError(name, line_no, "expected: w WEIGHT FEATURE");
      }
      const std::string_view feature = rest.substr(sp2 + 1);
      if (feature.empty() || feature.size() > kMaxFeatureBytes) {
        return LineError(name, line_no, "feature empty or over 1024 bytes");
      }
      if (!f.weights_.emplace(std::string(feature), value).second) {
        return LineError(name, line_no, "feature listed twice");
      }
    } else {
      return LineError(name, line_no, "unknown key \"" + std::string(key) + "\"");
    }
  }
  if (!have_magic) return Status::InvalidArgument(name + ": empty event filter");
  if (!have_threshold || !have_bias) {
    return Status::InvalidArgument(name + ": event filter lacks its threshold or bias line");
  }
  return f;
}

double EventFilter::Score(const std::vector<std::string>& features,
                          std::vector<std::string>* evidence, size_t top) const {
  double z = bias_;
  std::vector<std::pair<double, const std::string*>> hits;
  for (const std::string& feature : features) {
    auto it = weights_.find(feature);
    if (it == weights_.end()) continue;
    z += it->second;
    if (evidence != nullptr) hits.emplace_back(it->second, &it->first);
  }
  if (evidence != nullptr) {
    evidence->clear();
    std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
      return std::fabs(a.first) > std::fabs(b.first);
    });
    for (size_t i = 0; i < hits.size() && i < top; ++i) {
      evidence->push_back(*hits[i].second + FormatWeight(hits[i].first));
    }
  }
  return 1.0 / (1.0 + std::exp(-z));
}

std::string EventFilter::Serialize() const {
  std::vector<std::pair<std::string, double>> sorted(weights_.begin(), weights_.end());
  std::sort(sorted.begin(), sorted.end());
  std::ostringstream out;
  out << kMagic << "\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "threshold %.6g\nbias %+.6g\n", threshold_, bias_);
  out << buf;
  for (const auto& [feature, w] : sorted) out << "w " << FormatWeight(w) << ' ' << feature << '\n';
  return out.str();
}

}  // namespace dyad::coder
