// Places: the countries a document's domestic actors belong to. An actor named by its
// sector alone ("police", "protesters", "the government", "militants") takes, as ICEWS
// codes it (CONVENTIONS: domestic actors without a named country), the country of its
// clause's place ("rallied in Tbilisi"), else of the sentence's place, else of the story's
// dateline ("NAIROBI, Kenya (AP) —"), else the country the document's actors name most.
// This file finds the document-level ones once per document (ScanPlaces) and says what
// a code's country is (CountryRoot); emit.cc places the actors.
// Thread-safety: reads the compiled coder, writes only the caller's scratch.
#include <algorithm>
#include <cctype>
#include <span>
#include <string>

#include "coder/coder_internal.h"
#include "dict/dictionary.h"

namespace dyad::coder {

namespace {

int RootIndex(std::string_view code) {
  if (code.size() < 3) return -1;
  int k = 0;
  for (int i = 0; i < 3; ++i) {
    if (code[i] < 'A' || code[i] > 'Z') return -1;
    k = k * 26 + (code[i] - 'A');
  }
  return k;
}

}  // namespace

void Coder::Impl::BuildSectorRoots() {
  non_country_roots.assign(26 * 26 * 26, false);
  // Sector codes (the agents dictionary's, three letters each) and CAMEO's
  // international and non-state roots are not countries ("MED" Reuters, "IGO" the UN).
  for (const dict::AgentEntry& e : dicts->agents().entries()) {
    for (size_t k = 0; k + 3 <= e.code.size(); k += 3) {
      const int i = RootIndex(std::string_view(e.code).substr(k, 3));
      if (i >= 0) non_country_roots[i] = true;
    }
  }
  // CAMEO's region codes ("the Caucasus" CAU, "the West" WST) are not countries either.
  for (std::string_view root :
       {"IGO", "NGO", "IMG", "MNC", "NGM", "UAF", "MED", "GOV", "MIL", "REB", "OPP", "CVL",
        "COP", "JUD", "LEG", "BUS", "CRM", "AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB",
        "EAF", "EEU", "EUR", "LAM", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN",
        "SEA", "WAF", "WEU", "WST"}) {
    non_country_roots[RootIndex(root)] = true;
  }
}

std::string Coder::Impl::CountryRoot(std::string_view code) const {
  const int i = RootIndex(code);
  if (i < 0 || non_country_roots.empty() || non_country_roots[i]) return std::string();
  return std::string(code.substr(0, 3));
}

std::string Coder::Impl::FirstCountry(std::span<const std::string_view> words,
                                      int32_t date) const {
  const dict::ActorDictionary& actors = dicts->actors();
  for (size_t i = 0; i < words.size(); ++i) {
    const dict::PhraseMatcher::Match m = actors.matcher().LongestMatch(words, i);
    if (!m.found()) continue;
    std::string root = CountryRoot(actors.CodeAt(actors.phrases()[m.value], date));
    if (!root.empty()) return root;
    i += m.length - 1;
  }
  return std::string();
}

void Coder::Impl::ScanPlaces(const Document& doc, int32_t date, CoderScratch::Impl* s) const {
  s->dateline_country.clear();
  s->dominant_country.clear();
  const dict::ActorDictionary& actors = dicts->actors();
  if (actors.matcher().size() == 0) return;
  // The dateline's words ("YEREVAN, Armenia (AP) —" → yerevan armenia ap): its first
  // place that names a country.
  if (!doc.meta.dateline.empty()) {
    s->lower.clear();
    std::string word;
    for (char c : doc.meta.dateline) {
      const unsigned char u = static_cast<unsigned char>(c);
      if (std::isalnum(u) || u >= 0x80 || c == '-' || c == '\'') {
        word += static_cast<char>(std::tolower(u));
      } else if (!word.empty()) {
        s->lower.push_back(std::move(word));
        word.clear();
      }
    }
    if (!word.empty()) s->lower.push_back(std::move(word));
    s->views.assign(s->lower.begin(), s->lower.end());
    s->dateline_country = FirstCountry(s->views, date);
  }
  // The countries the document's names give, counted (capitalised words only: "us" is
  // not the USA); the most frequent one when it leads.
  s->country_counts.clear();
  for (const Sentence& sentence : doc.sentences) {
    const size_t n = sentence.words.size();
    if (n == 0 || n > options.max_sentence_words) continue;
    s->lower.resize(n);
    s->views.resize(n);
    for (size_t i = 0; i < n; ++i) {
      std::string& lower = s->lower[i];
      lower.assign(sentence.words[i].form);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      s->views[i] = lower;
    }
    std::span<const std::string_view> words(s->views.data(), n);
    for (size_t i = 0; i < n; ++i) {
      const std::string& form = sentence.words[i].form;
      if (form.empty() || !std::isupper(static_cast<unsigned char>(form[0])) ||
          sentence.words[i].upos == Upos::kPRON) {
        continue;
      }
      const dict::PhraseMatcher::Match m = actors.matcher().LongestMatch(words, i);
      if (!m.found()) continue;
      const int root = RootIndex(CountryRoot(actors.CodeAt(actors.phrases()[m.value], date)));
      if (root >= 0) {
        auto it = std::find_if(s->country_counts.begin(), s->country_counts.end(),
                               [root](const auto& p) { return p.first == root; });
        if (it == s->country_counts.end()) {
          s->country_counts.emplace_back(root, 1);
        } else {
          ++it->second;
        }
      }
      i += m.length - 1;
    }
  }
  int best = -1, best_count = 0, second_count = 0;
  for (const auto& [root, count] : s->country_counts) {
    if (count > best_count) {
      second_count = best_count;
      best_count = count;
      best = root;
    } else if (count > second_count) {
      second_count = count;
    }
  }
  if (best >= 0 && best_count > second_count) {
    s->dominant_country = {static_cast<char>('A' + best / 676),
                           static_cast<char>('A' + best / 26 % 26),
                           static_cast<char>('A' + best % 26)};
  }
}

}  // namespace dyad::coder
