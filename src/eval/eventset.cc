#include "eval/eventset.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace dyad::eval {

namespace {

// Lowercase, alphanumerics only: what sentence placement compares.
std::string Squash(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) {
      cur += static_cast<char>(std::tolower(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool SideMatches(const std::vector<std::string>& prefixes, const EventActor& a) {
  for (const std::string& p : prefixes) {
    if (p == "*") return true;
    if (!a.null() && a.code.starts_with(p)) return true;
  }
  return false;
}

std::vector<std::string> Strings(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& x : j) {
    if (x.is_string()) out.push_back(x.get<std::string>());
  }
  return out;
}

}  // namespace

Result<std::vector<SetDocument>> LoadEventSet(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open the event set");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("docs") || !j["docs"].is_array()) {
    return Status::InvalidArgument(path + ": not an event set (a JSON object with \"docs\")");
  }
  std::vector<SetDocument> docs;
  for (const auto& d : j["docs"]) {
    SetDocument doc;
    doc.id = d.value("id", std::string());
    const std::string where = path + ": document \"" + doc.id + "\"";
    const std::string date = d.value("date", std::string());
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
      return Status::InvalidArgument(where + ": date is not YYYY-MM-DD");
    }
    doc.date = date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
    doc.text = d.value("text", std::string());
    doc.sentences = Strings(d.value("sentences", nlohmann::json::array()));
    if (doc.text.empty() || doc.sentences.empty()) {
      return Status::InvalidArgument(where + ": no text or no sentences");
    }
    for (const auto& g : d.value("gold", nlohmann::json::array())) {
      GoldEvent e;
      e.sent = g.value("sent", -1);
      e.src = Strings(g.value("src", nlohmann::json::array()));
      e.tgt = Strings(g.value("tgt", nlohmann::json::array()));
      e.roots = Strings(g.value("roots", nlohmann::json::array()));
      e.sym = g.value("sym", false);
      e.optional = g.value("optional", false);
      if (e.sent < 0 || e.sent >= static_cast<int>(doc.sentences.size()) || e.src.empty() ||
          e.tgt.empty() || e.roots.empty()) {
        return Status::InvalidArgument(where + ": a gold event lacks sent, src, tgt or roots");
      }
      doc.gold.push_back(std::move(e));
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

bool GoldMatches(const GoldEvent& gold, const Event& event) {
  if (std::find(gold.roots.begin(), gold.roots.end(), event.root_code) == gold.roots.end()) {
    return false;
  }
  if (SideMatches(gold.src, event.source) && SideMatches(gold.tgt, event.target)) return true;
  return gold.sym && SideMatches(gold.src, event.target) && SideMatches(gold.tgt, event.source);
}

std::vector<int> SentencesOf(const SetDocument& doc, std::string_view sentence) {
  std::vector<int> out;
  const std::string s = Squash(sentence);
  if (s.empty()) return out;
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const std::string g = Squash(doc.sentences[i]);
    if (g.find(s) != std::string::npos || s.find(g) != std::string::npos) {
      out.push_back(static_cast<int>(i));
    }
  }
  if (!out.empty()) return out;
  const std::vector<std::string> words = Words(sentence);
  const std::set<std::string> mine(words.begin(), words.end());
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const std::vector<std::string> theirs = Words(doc.sentences[i]);
    const std::set<std::string> other(theirs.begin(), theirs.end());
    size_t shared = 0;
    for (const std::string& w : mine) shared += other.count(w);
    if (!mine.empty() && 2 * shared >= mine.size()) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<std::vector<int>> MatchCandidates(const SetDocument& doc,
                                              const std::vector<Event>& events) {
  std::vector<std::vector<int>> out(events.size());
  for (size_t e = 0; e < events.size(); ++e) {
    for (int s : SentencesOf(doc, events[e].sentence)) {
      for (size_t g = 0; g < doc.gold.size(); ++g) {
        if (doc.gold[g].sent == s && GoldMatches(doc.gold[g], events[e])) {
          out[e].push_back(static_cast<int>(g));
        }
      }
    }
  }
  return out;
}

SetScore ScoreDocument(const SetDocument& doc, const std::vector<std::vector<int>>& candidates,
                       const std::vector<bool>& keep) {
  SetScore score;
  const size_t n = candidates.size();
  auto kept = [&](size_t e) { return keep.empty() || keep[e]; };
  std::vector<int> gold_of(n, -1);          // event → matched gold
  std::vector<int> event_of(doc.gold.size(), -1);
  // Maximum bipartite matching over required gold (Kuhn's augmenting paths), then
  // optional gold one to one over the events left.
  for (int pass = 0; pass < 2; ++pass) {
    const bool want_optional = pass == 1;
    for (size_t e = 0; e < n; ++e) {
      if (!kept(e) || gold_of[e] >= 0) continue;
      std::vector<bool> seen(doc.gold.size(), false);
      std::function<bool(size_t)> augment = [&](size_t ev) {
        for (int g : candidates[ev]) {
          if (doc.gold[g].optional != want_optional || seen[g]) continue;
          seen[g] = true;
          if (event_of[g] < 0 || augment(static_cast<size_t>(event_of[g]))) {
            event_of[g] = static_cast<int>(ev);
            gold_of[ev] = g;
            return true;
          }
        }
        return false;
      };
      augment(e);
    }
  }
  for (const GoldEvent& g : doc.gold) score.required += g.optional ? 0 : 1;
  for (size_t g = 0; g < doc.gold.size(); ++g) {
    if (!doc.gold[g].optional && event_of[g] >= 0) ++score.hit;
  }
  for (size_t e = 0; e < n; ++e) {
    if (!kept(e)) continue;
    ++score.emitted;
    if (gold_of[e] >= 0) ++score.matched;
  }
  return score;
}

}  // namespace dyad::eval
