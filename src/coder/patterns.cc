// Verb patterns: matching a verb dictionary pattern (PETRARCH-2 syntax: words, synsets,
// `{noun phrases}`, `(P prepositional phrases)`, `+`/`$`/`^` role markers) against the
// words of a verb's clause. Words after `*` are looked for among the verb's non-subject
// dependents, words before it in the subject; a word counts only inside the verb's own
// phrase (InVerbPhrase), and a pattern that covers more text through a longer synset
// phrase wins a tie (PatternWeight).
// Thread-safety: reads the compiled coder, writes only the caller's scratch (the per
// sentence synset memo and phrase table).
#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include "coder/sentence_view.h"

namespace dyad::coder {

namespace {

// Word equality allowing the regular plural of the dictionary word.
bool WordMatches(std::string_view text, std::string_view dict_word) {
  if (text == dict_word) return true;
  if (text.size() == dict_word.size() + 1 && text.back() == 's' && text.starts_with(dict_word)) {
    return true;
  }
  if (text.size() == dict_word.size() + 2 && text.ends_with("es") && text.starts_with(dict_word)) {
    return true;
  }
  if (!dict_word.empty() && dict_word.back() == 'y' && text.size() == dict_word.size() + 2 &&
      text.ends_with("ies") && text.starts_with(dict_word.substr(0, dict_word.size() - 1))) {
    return true;
  }
  return false;
}

// A pattern's weight: one per literal word, synset_weight(id) per synset.
template <typename SynsetWeight>
int TokenWeight(const dict::VerbPattern& p, SynsetWeight synset_weight) {
  int weight = 0;
  for (const auto* constituents : {&p.before, &p.after}) {
    for (const PatternConstituent& c : *constituents) {
      for (const PatternToken& t : c.tokens) {
        if (t.kind == PatternToken::Kind::kWord) ++weight;
        if (t.kind == PatternToken::Kind::kSynset) weight += synset_weight(t.synset);
      }
    }
  }
  return weight;
}

}  // namespace

bool SentenceView::SynsetAt(int32_t id, int w) const {
  if (id < 0) return false;
  // Many patterns of a block name the same synsets: memoise per sentence.
  const uint64_t key =
      (static_cast<uint64_t>(static_cast<uint32_t>(id)) << 32) | static_cast<uint32_t>(w);
  if (auto it = scratch.synset_memo.find(key); it != scratch.synset_memo.end()) return it->second;
  const bool r = SynsetAtUncached(id, w);
  scratch.synset_memo.emplace(key, r);
  return r;
}

int SentenceView::SynsetLengthAt(int32_t id, int w) const {
  std::array<std::string_view, 4> win;
  const int max_len =
      id < static_cast<int32_t>(coder.synset_max_words.size()) ? coder.synset_max_words[id] : 4;
  int best = 0;
  for (int len = 1; len <= max_len; ++len) {
    if (w + len <= n) {
      for (int k = 0; k < len; ++k) win[k] = scratch.views[w + k];
      if (verbs().SynsetContains(id, std::span<const std::string_view>(win.data(), len)))
        best = len;
    }
    if (len > 1 && w - len + 1 >= 0) {
      for (int k = 0; k < len; ++k) win[k] = scratch.views[w - len + 1 + k];
      if (verbs().SynsetContains(id, std::span<const std::string_view>(win.data(), len)))
        best = len;
    }
  }
  return best;
}

int SentenceView::MaxPatternWeight(const dict::VerbPattern& p) const {
  return TokenWeight(p, [&](int32_t synset) {
    return synset >= 0 && synset < static_cast<int32_t>(coder.synset_max_words.size())
               ? coder.synset_max_words[synset]
               : 4;
  });
}

int SentenceView::PatternWeight(const dict::VerbPattern& p, const std::vector<int>& region) const {
  return TokenWeight(p, [&](int32_t synset) {
    int longest = 0;
    for (int w : region) {
      if (InVerbPhrase(w)) longest = std::max(longest, SynsetLengthAt(synset, w));
    }
    return longest;
  });
}

bool SentenceView::InVerbPhrase(int w) const {
  if (current_verb < 0) return true;
  return scratch.in_phrase[w] != 0;
}

void SentenceView::BuildPhraseTable(int v) const {
  scratch.in_phrase.assign(n, 0);
  for (int w = 0; w < n; ++w) scratch.in_phrase[w] = InPhraseOf(w, v, 0) ? 1 : 0;
}

// Is w the `of` complement of a noun of quantity or collection ("a set of sanctions", "a
// series of attacks", "a round of talks"), which only counts what its complement names?
bool SentenceView::IsQuantityHead(int w) const {
  const int h = tree.head[w];
  if (h < 0 || CaseOf(w) != "of") return false;
  const std::string_view q = scratch.views[h];
  for (std::string_view n : {"set", "sets", "package", "packages", "series", "raft", "round",
                             "rounds", "wave", "waves", "spate", "string", "slew", "batch",
                             "host"}) {
    if (q == n) return true;
  }
  return false;
}

bool SentenceView::InPhraseOf(int w, int v, int depth) const {
  if (v < 0) return true;
  if (w == v) return false;
  // The child d of v on the path from w, and whether the path stays in cores.
  int x = w;
  bool core_path = true;
  int attachments = 0;
  bool timed = false;  // the path crosses a time attachment ("during its campaign")
  int guard = 0;
  while (x >= 0 && tree.head[x] != v) {
    if (++guard > static_cast<int>(coder.options.max_tree_depth)) return false;
    const Rel r = tree.rel[x];
    if (r == Rel::kObl && IsQuantityHead(x)) {
      // "a set of sanctions", "a series of attacks": the `of` phrase is the real head.
    } else if (r == Rel::kObl) {
      // Tolerance(pp-attachment):
      // PP attachment is the parser's weakest decision: a prepositional phrase
      // right of an attachment of the verb ("welcomed memos on economic issue from
      // Bree") may as well attach to the verb. `of` phrases attach to their noun
      // ("at the start of a regional trip").
      const std::string_view p = CaseOf(x);
      timed = timed || IsTemporal(p);
      const bool verbs_own =
          attachments++ == 0 && !p.empty() && p != "of" && !IsTemporal(p) && x > tree.head[x];
      if (!verbs_own) core_path = false;
    } else if (!IsCoreRel(r) && r != Rel::kPrt && r != Rel::kAdvmod && r != Rel::kNeg &&
               r != Rel::kCc && r != Rel::kConj) {
      core_path = false;
    }
    x = tree.head[x];
  }
  if (x < 0) return false;
  switch (tree.rel[x]) {
    case Rel::kObj:
    case Rel::kIobj:
    case Rel::kSubj:
    case Rel::kSubjPass:
      // Anywhere in the object (or subject) phrase, except in a time attachment of
      // it: "launched attacks during its campaign" launches no campaign, wherever
      // the parser hangs the `during` phrase.
      return !timed;
    case Rel::kXcomp:
    case Rel::kAdvcl:
      // A predicate noun or adjective of the object ("called the drills irresponsible",
      // "declared the vote illegal") is part of the verb's phrase, head included; with no
      // object there is nothing it predicates of.
      if (x == w && tree.rel[x] == Rel::kXcomp) {
        return sentence.words[x].upos != Upos::kVERB && tree.ChildWith(v, Rel::kObj) >= 0;
      }
      // The codebook's composition: an infinitive the dictionary codes has a meaning of
      // its own, which combines with the governor's ("plans to impose sanctions" is the
      // intent to impose them, not the governor's pattern "plans ... sanctions").
      if (coder.options.codebook && CodedVerb(x)) return false;
      return depth == 0 && (tree.rel[x] == Rel::kXcomp || IsInfinitival(x)) &&
             InPhraseOf(w, x, depth + 1);
    default:
      // An attachment, a particle, a modifier: its core only ("at the start of a
      // regional trip" does not put "trip" in the verb phrase); time attachments
      // ("during its campaign") not at all.
      if (tree.rel[x] == Rel::kObl && IsTemporal(CaseOf(x))) return false;
      return core_path;
  }
}

bool SentenceView::CodedVerb(int v) const {
  if (tree.verb[v] == 0) return false;
  int form_words = 0;
  const dict::VerbFormRef* ref = FindVerbAt(v, &form_words);
  return ref != nullptr && !verbs().members()[ref->member].code.code.empty();
}

bool SentenceView::TokenMatches(const PatternToken& t, int w) const {
  if (!InVerbPhrase(w)) return false;
  // PETRARCH-2 patterns do not contain other verbs: a verb of a governed clause is
  // coded on its own and combined, never matched as a pattern word.
  if (sentence.words[w].upos == Upos::kVERB && tree.rel[w] != Rel::kAmod &&
      tree.rel[w] != Rel::kCompound) {
    return false;
  }
  if (t.kind == PatternToken::Kind::kWord) {
    if (WordMatches(scratch.views[w], t.word)) return true;
    const std::string& lemma = sentence.words[w].lemma;
    return !lemma.empty() && lemma.size() == t.word.size() &&
           std::equal(lemma.begin(), lemma.end(), t.word.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  }
  if (t.kind == PatternToken::Kind::kSynset) return SynsetAt(t.synset, w);
  return false;
}

bool SentenceView::CanHeadSubjectPhrase(int w) const {
  if (verbs().format() != dict::VerbFormat::kPetrarch2) return true;
  switch (tree.rel[w]) {
    case Rel::kAdvmod:
    case Rel::kCc:
    case Rel::kNeg:
    case Rel::kAux:
    case Rel::kAuxPass:
    case Rel::kMark:
    case Rel::kCase:
    case Rel::kDet:
    case Rel::kPunct:
      return false;
    default:
      return true;
  }
}

bool SentenceView::NounPhraseAt(const std::vector<PatternToken>& toks, size_t begin, size_t end,
                                int h, PatternHit* hit) const {
  // Find the last content token: the head.
  int head_tok = -1;
  for (size_t i = end; i-- > begin;) {
    if (IsContent(toks[i])) {
      head_tok = static_cast<int>(i);
      break;
    }
  }
  if (head_tok < 0) {
    // Only markers: `+`, `$`.
    for (size_t i = begin; i < end; ++i) Mark(toks[i], h, hit);
    return true;
  }
  if (!TokenMatches(toks[head_tok], h)) return false;
  int pos = h - 1;
  for (int i = head_tok - 1; i >= static_cast<int>(begin); --i) {
    if (!IsContent(toks[i])) continue;
    bool found = false;
    while (pos >= 0 && pos >= h - 8) {
      if (Dominates(h, pos) && TokenMatches(toks[i], pos)) {
        found = true;
        --pos;
        break;
      }
      --pos;
    }
    if (!found) return false;
  }
  for (size_t i = begin; i < end; ++i) Mark(toks[i], h, hit);
  return true;
}

void SentenceView::Mark(const PatternToken& t, int h, PatternHit* hit) {
  if (t.kind == PatternToken::Kind::kTarget) hit->target_head = h;
  if (t.kind == PatternToken::Kind::kSource) hit->source_head = h;
  if (t.kind == PatternToken::Kind::kCompound) hit->compound = true;
}

int SentenceView::CoreEnd(int w) const {
  std::vector<int> words;
  Core(w, 0, &words);
  return *std::max_element(words.begin(), words.end());
}

int SentenceView::NextPhrase(const std::vector<int>& region, int pos) const {
  for (int w : region) {
    if (w <= pos || !IsNominal(sentence.words[w].upos)) continue;
    const Rel r = tree.rel[w];
    if (r == Rel::kObj || r == Rel::kIobj || r == Rel::kObl) return w;
  }
  return -1;
}

bool SentenceView::ConstituentMatches(const PatternConstituent& c, const std::vector<int>& region,
                                      int default_np, int start, int* pos, PatternHit* hit) const {
  using K = PatternConstituent::Kind;
  if (c.kind == K::kToken) {
    const PatternToken& t = c.tokens[0];
    if (!IsContent(t)) {
      if (t.kind == PatternToken::Kind::kCompound) {
        hit->compound = true;
        return true;
      }
      int np = *pos == start ? -1 : NextPhrase(region, *pos);
      if (t.kind == PatternToken::Kind::kSkip) {
        if (np < 0) np = NextPhrase(region, *pos);
        if (np >= 0) *pos = CoreEnd(np);
        return true;
      }
      if (np < 0) np = default_np;
      if (np < 0) return false;
      if (t.kind == PatternToken::Kind::kTarget) hit->target_head = np;
      if (t.kind == PatternToken::Kind::kSource) hit->source_head = np;
      *pos = std::max(*pos, CoreEnd(np));
      return true;
    }
    for (int pass = 0; pass < 2; ++pass) {
      for (int w : region) {
        if (pass == 0 && w <= *pos) continue;
        if (start < 0 && !CanHeadSubjectPhrase(w)) continue;
        if (TokenMatches(t, w)) {
          if (pass == 0) *pos = w;
          return true;
        }
      }
    }
    return false;
  }
  if (c.kind == K::kNounPhrase) {
    for (int pass = 0; pass < 2; ++pass) {
      for (int w : region) {
        if (pass == 0 && w <= *pos) continue;
        PatternHit h2 = *hit;
        if (NounPhraseAt(c.tokens, 0, c.tokens.size(), w, &h2)) {
          *hit = h2;
          if (pass == 0) *pos = w;
          return true;
        }
      }
    }
    return false;
  }
  // Prepositional phrase: tokens[0] the preposition, the rest its object.
  if (c.tokens.empty()) return false;
  for (int pass = 0; pass < 2; ++pass) {
    for (int p : region) {
      if (pass == 0 && p <= *pos) continue;
      if (!TokenMatches(c.tokens[0], p)) continue;
      const Rel r = tree.rel[p];
      // The infinitive "to" and the complementiser "that" are not prepositions.
      if (r == Rel::kMark && tree.head[p] >= 0 && sentence.words[tree.head[p]].upos == Upos::kVERB)
        continue;
      int obj = -1;
      if (r == Rel::kCase || r == Rel::kMark) {
        obj = tree.head[p];
      } else {
        // A particle or adverb used as the preposition: its object is the next nominal.
        for (int w : region) {
          if (w > p && IsNominal(sentence.words[w].upos)) {
            obj = w;
            break;
          }
        }
      }
      if (c.tokens.size() == 1) {
        // `(AT) ^ +`: the preposition alone; its object is the next phrase.
        if (pass == 0) *pos = p;
        return true;
      }
      if (obj < 0) continue;
      PatternHit h2 = *hit;
      bool ok = NounPhraseAt(c.tokens, 1, c.tokens.size(), obj, &h2);
      // The object's head may be a modifier of a larger phrase ("(TO PEACE &TREATY)"):
      // try the words of its subtree.
      for (size_t i = 0; !ok && i < region.size(); ++i) {
        const int w = region[i];
        h2 = *hit;
        ok = w != obj && Dominates(obj, w) && NounPhraseAt(c.tokens, 1, c.tokens.size(), w, &h2);
      }
      if (ok) {
        *hit = h2;
        if (pass == 0) *pos = std::max(p, CoreEnd(obj));
        return true;
      }
    }
  }
  return false;
}

void SentenceView::Subtree(int w, int depth, std::vector<int>* out) const {
  out->push_back(w);
  if (depth > static_cast<int>(coder.options.max_tree_depth)) return;
  for (int c : tree.children[w]) {
    const Rel r = tree.rel[c];
    if (r == Rel::kCcomp || r == Rel::kParataxis || r == Rel::kRelcl || r == Rel::kPunct) {
      continue;
    }
    if (r == Rel::kAdvcl && !IsInfinitival(c)) continue;
    if (r == Rel::kConj && sentence.words[c].upos == Upos::kVERB) continue;
    Subtree(c, depth + 1, out);
  }
}

}  // namespace dyad::coder
