// LemmatizerBuilder (lemmatizer_builder.h): counts gold (form, tag, lemma, feats) and
// compiles the lemmatizer's tables — known-word lemmas, FEATS by form and by tag, and per
// (tag, suffix) the most frequent edit scripts for unknown words. Training only: the
// tagger trainer (tagger_train.cc) calls it. Thread-safety: a builder is used by one
// thread; Build is const.
#include "train/lemmatizer_builder.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dyad::tagger_internal {
namespace {

// A suffix's most frequent script is used only if the (tag, suffix) pair was seen with at
// least this many word types; shorter suffixes back off. Tuned on EWT dev (1 overfits to
// hapaxes; 3 backs off too far).
constexpr int kMinRuleTypes = 2;
// Scripts kept per (tag, suffix): a runner-up replaces the most frequent script when only
// its lemma is known (so "provoked" → "provoke", not "provok" as "looked" → "look" would
// suggest). Tried on EWT dev: searching shorter suffixes too, or ignoring casing, hurts.
constexpr size_t kRulesPerSuffix = 3;
static_assert(kRulesPerSuffix <= Lemmatizer::kMaxRank);

bool HasUpperAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

// Most frequent key of `counts`; ties go to the smallest key (std::map order).
const std::string& Top(const std::map<std::string, int>& counts) {
  auto best = counts.begin();
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    if (it->second > best->second) best = it;
  }
  return best->first;
}

class StringPool {
 public:
  uint32_t Intern(std::string_view s) {
    auto [it, inserted] = ids_.try_emplace(std::string(s), static_cast<uint32_t>(begin_.size()));
    if (inserted) {
      begin_.push_back(static_cast<uint32_t>(pool_.size()));
      pool_ += s;
    }
    return it->second;
  }
  void MoveTo(std::string* pool, std::vector<uint32_t>* begin) {
    *pool = std::move(pool_);
    *begin = std::move(begin_);
    begin->push_back(static_cast<uint32_t>(pool->size()));
  }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::string pool_;
  std::vector<uint32_t> begin_;
};

}  // namespace

void LemmatizerBuilder::Add(const Word& word) {
  std::string key = word.form;
  key += '\t';
  key += UposName(word.upos);
  key += '\t';
  key += word.xpos;
  Counts& c = words_[key];
  ++c.lemmas[word.lemma];
  ++c.feats[word.feats];
}

Lemmatizer LemmatizerBuilder::Build() const {
  // Iterate in sorted order so that the built tables do not depend on hash-map order.
  std::vector<const std::pair<const std::string, Counts>*> entries;
  entries.reserve(words_.size());
  for (const auto& e : words_) entries.push_back(&e);
  std::sort(entries.begin(), entries.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });

  StringPool strings;
  std::vector<std::pair<uint64_t, uint32_t>> lemma_entries, feats_entries, rule_entries;
  std::map<std::pair<std::string, uint64_t>, std::map<std::string, int>> lower_lemmas,
      lower_feats;
  std::map<uint64_t, std::map<std::string, int>> tag_feats;
  std::set<std::string> lexicon;  // every training lemma
  struct ExactEntry {
    std::string form, lower;
    uint64_t tag;
    std::string lemma;
  };
  std::vector<ExactEntry> exact;
  std::map<uint64_t, std::array<int, 2>> case_votes;  // tag → {keeps case, lowercases}
  // (tag, suffix) → script → number of word types.
  std::map<std::pair<uint64_t, std::string>, std::map<std::tuple<int, int, std::string>, int>>
      scripts;

  for (const auto* e : entries) {
    const std::string& key = e->first;
    const size_t t1 = key.find('\t');
    const size_t t2 = key.find('\t', t1 + 1);
    const std::string form = key.substr(0, t1);
    const Upos upos = UposFromName(std::string_view(key).substr(t1 + 1, t2 - t1 - 1));
    const std::string_view xpos = std::string_view(key).substr(t2 + 1);
    const uint64_t tag = LemmaTagKey(upos, xpos);
    const std::string lower = Lower(form);
    const std::string& lemma = Top(e->second.lemmas);
    for (const auto& [l, n] : e->second.lemmas) lexicon.insert(l);
    exact.push_back({form, lower, tag, lemma});
    for (const auto& [l, n] : e->second.lemmas) lower_lemmas[{lower, tag}][l] += n;
    for (const auto& [f, n] : e->second.feats) {
      lower_feats[{lower, tag}][f] += n;
      tag_feats[tag][f] += n;
    }
    if (HasUpperAscii(form)) ++case_votes[tag][HasUpperAscii(lemma) ? 0 : 1];
  }
  // Edit scripts, on lowercased strings; whether the script starts from the lowercased form
  // or the form as written is decided per tag, by its capitalized training words (so an
  // unknown "Dogs"/NNS gives "dog", "Greater"/NNP gives "Great", an e-mail address keeps its
  // case). A script is indexed only by suffixes at least as long as what it strips.
  for (const ExactEntry& e : exact) {
    const auto votes = case_votes.find(e.tag);
    const bool lowercase = votes != case_votes.end() && votes->second[1] > votes->second[0];
    const std::string lemma = Lower(e.lemma);
    size_t lcp = 0;
    while (lcp < e.lower.size() && lcp < lemma.size() && e.lower[lcp] == lemma[lcp]) ++lcp;
    const size_t strip = e.lower.size() - lcp;
    if (strip > 255) continue;
    const std::tuple<int, int, std::string> script(lowercase, static_cast<int>(strip),
                                                   e.lemma.substr(std::min(lcp, e.lemma.size())));
    const size_t max_len = std::min<size_t>(Lemmatizer::kMaxSuffix, e.lower.size());
    for (size_t len = strip; len <= max_len; ++len) {
      ++scripts[{e.tag, e.lower.substr(e.lower.size() - len)}][script];
    }
  }
  // An exact-form entry is needed only where it disagrees with its lowercased form's.
  for (const ExactEntry& e : exact) {
    if (Top(lower_lemmas[{e.lower, e.tag}]) == e.lemma) continue;
    lemma_entries.emplace_back(ExactFormKey(e.form, e.tag), strings.Intern(e.lemma));
  }
  for (const auto& [k, counts] : lower_lemmas) {
    lemma_entries.emplace_back(LowerFormKey(k.first, k.second), strings.Intern(Top(counts)));
  }
  for (const auto& [k, counts] : lower_feats) {
    feats_entries.emplace_back(LowerFormKey(k.first, k.second), strings.Intern(Top(counts)));
  }
  for (const auto& [tag, counts] : tag_feats) {
    feats_entries.emplace_back(TagOnlyKey(tag), strings.Intern(Top(counts)));
  }

  Lemmatizer lem;
  std::map<std::tuple<int, int, std::string>, uint32_t> rule_ids;
  for (const auto& [k, counts] : scripts) {
    int total = 0;
    for (const auto& [script, n] : counts) total += n;
    if (total < kMinRuleTypes && !k.second.empty()) continue;
    // The kRulesPerSuffix most frequent scripts (ties: smallest script first).
    std::vector<std::pair<int, const std::tuple<int, int, std::string>*>> ranked;
    for (const auto& [script, n] : counts) ranked.emplace_back(-n, &script);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t rank = 0; rank < ranked.size() && rank < kRulesPerSuffix; ++rank) {
      const auto& script = *ranked[rank].second;
      auto [it, inserted] = rule_ids.try_emplace(script, static_cast<uint32_t>(lem.rules_.size()));
      if (inserted) {
        const auto& [lowercase, strip, append] = script;
        lem.rules_.push_back({static_cast<uint8_t>(lowercase), static_cast<uint8_t>(strip),
                              strings.Intern(append)});
      }
      rule_entries.emplace_back(SuffixKey(k.second, k.first, static_cast<int>(rank)), it->second);
    }
  }
  std::set<uint32_t> lexicon_keys;
  for (const std::string& l : lexicon) lexicon_keys.insert(Fold(LexiconKey(l)));
  lem.lexicon_keys_.assign(lexicon_keys.begin(), lexicon_keys.end());
  // Distinct words can share a 64-bit key only by a hash collision: keep the first.
  auto unzip = [](std::vector<std::pair<uint64_t, uint32_t>>& in, std::vector<uint32_t>* keys,
                  std::vector<uint32_t>* values) {
    std::set<uint32_t> seen;
    for (const auto& [k, v] : in) {
      if (!seen.insert(Fold(k)).second) continue;
      keys->push_back(Fold(k));
      values->push_back(v);
    }
  };
  unzip(lemma_entries, &lem.lemma_keys_, &lem.lemma_values_);
  unzip(feats_entries, &lem.feats_keys_, &lem.feats_values_);
  unzip(rule_entries, &lem.rule_keys_, &lem.rule_values_);
  strings.MoveTo(&lem.pool_, &lem.str_begin_);
  lem.BuildMaps();
  return lem;
}

}  // namespace dyad::tagger_internal
