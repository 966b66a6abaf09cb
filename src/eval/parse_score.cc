// The CoNLL 2018 parse scorer (see parse_score.h for what is scored and how): character
// alignment of gold and system, then F1 of tokens, sentences, words, tags, lemmas and
// arcs. Thread-safety: pure functions, no shared state.
#include "eval/parse_score.h"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

#include "text/raw_text.h"

namespace dyad {
namespace {

struct Span {
  int64_t start, end;
};

struct EvalWord {
  Span span;
  bool multiword;
  const Word* word;
  int parent;  // index into the file's word list; -1 = root
};

struct EvalFile {
  std::string chars;
  std::vector<Span> tokens, sentences;
  std::vector<EvalWord> words;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

EvalFile Prepare(const Document& doc) {
  EvalFile f;
  for (const Sentence& s : doc.sentences) {
    const int64_t sentence_start = static_cast<int64_t>(f.chars.size());
    const size_t word_base = f.words.size();
    for (const Token& t : s.tokens) {
      const int64_t start = static_cast<int64_t>(f.chars.size());
      for (char c : doc.TokenText(t)) {
        if (!IsSpace(c)) f.chars += c;
      }
      const Span span{start, static_cast<int64_t>(f.chars.size())};
      f.tokens.push_back(span);
      for (uint32_t k = 0; k < t.word_count; ++k) {
        const Word& w = s.words[t.first_word + k];
        const int parent = w.head > 0 ? static_cast<int>(word_base) + w.head - 1 : -1;
        f.words.push_back({span, t.word_count > 1, &w, parent});
      }
    }
    f.sentences.push_back({sentence_start, static_cast<int64_t>(f.chars.size())});
  }
  return f;
}

EvalScore SpansScore(const std::vector<Span>& gold, const std::vector<Span>& system) {
  EvalScore sc;
  sc.gold = static_cast<int64_t>(gold.size());
  sc.system = static_cast<int64_t>(system.size());
  size_t gi = 0, si = 0;
  while (gi < gold.size() && si < system.size()) {
    if (system[si].start < gold[gi].start) {
      ++si;
    } else if (gold[gi].start < system[si].start) {
      ++gi;
    } else {
      sc.correct += gold[gi].end == system[si].end;
      ++gi;
      ++si;
    }
  }
  return sc;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool BeyondEnd(const std::vector<EvalWord>& w, size_t i, int64_t end) {
  if (i >= w.size()) return true;
  if (w[i].multiword) return w[i].span.start >= end;
  return w[i].span.end > end;
}

int64_t ExtendEnd(const EvalWord& w, int64_t end) {
  return (w.multiword && w.span.end > end) ? w.span.end : end;
}

// system word index → aligned gold word index (or -1).
std::vector<int> Align(const std::vector<EvalWord>& g, const std::vector<EvalWord>& s) {
  std::vector<int> sys_to_gold(s.size(), -1);
  size_t gi = 0, si = 0;
  while (gi < g.size() && si < s.size()) {
    if (g[gi].multiword || s[si].multiword) {
      int64_t end;
      if (g[gi].multiword) {
        end = g[gi].span.end;
        if (!s[si].multiword && s[si].span.start < g[gi].span.start) ++si;
      } else {
        end = s[si].span.end;
        if (!g[gi].multiword && g[gi].span.start < s[si].span.start) ++gi;
      }
      const size_t gs = gi, ss = si;
      while (!BeyondEnd(g, gi, end) || !BeyondEnd(s, si, end)) {
        if (gi < g.size() && (si >= s.size() || g[gi].span.start <= s[si].span.start)) {
          end = ExtendEnd(g[gi], end);
          ++gi;
        } else {
          end = ExtendEnd(s[si], end);
          ++si;
        }
      }
      if (si > ss && gi > gs) {
        const size_t ng = gi - gs, ns = si - ss;
        std::vector<std::string> gf(ng), sf(ns);
        for (size_t k = 0; k < ng; ++k) gf[k] = Lower(g[gs + k].word->form);
        for (size_t k = 0; k < ns; ++k) sf[k] = Lower(s[ss + k].word->form);
        std::vector<std::vector<int>> lcs(ng + 1, std::vector<int>(ns + 1, 0));
        for (size_t a = ng; a-- > 0;) {
          for (size_t b = ns; b-- > 0;) {
            int v = gf[a] == sf[b] ? 1 + lcs[a + 1][b + 1] : 0;
            v = std::max({v, lcs[a + 1][b], lcs[a][b + 1]});
            lcs[a][b] = v;
          }
        }
        size_t a = 0, b = 0;
        while (a < ng && b < ns) {
          if (gf[a] == sf[b]) {
            sys_to_gold[ss + b] = static_cast<int>(gs + a);
            ++a;
            ++b;
          } else if (lcs[a][b] == lcs[a + 1][b]) {
            ++a;
          } else {
            ++b;
          }
        }
      }
    } else if (g[gi].span.start == s[si].span.start && g[gi].span.end == s[si].span.end) {
      sys_to_gold[si] = static_cast<int>(gi);
      ++gi;
      ++si;
    } else if (g[gi].span.start <= s[si].span.start) {
      ++gi;
    } else {
      ++si;
    }
  }
  return sys_to_gold;
}

std::string_view Universal(std::string_view deprel) { return deprel.substr(0, deprel.find(':')); }

}  // namespace

Result<EvalResult> Evaluate(const Document& gold_doc, const Document& system_doc) {
  const EvalFile g = Prepare(gold_doc);
  const EvalFile s = Prepare(system_doc);
  if (g.chars != s.chars) {
    size_t i = 0;
    while (i < g.chars.size() && i < s.chars.size() && g.chars[i] == s.chars[i]) ++i;
    return Status::InvalidArgument(
        "gold and system texts differ at non-space character " + std::to_string(i) +
        ": gold '" + g.chars.substr(i, 20) + "' vs system '" + s.chars.substr(i, 20) + "'");
  }
  EvalResult r;
  r.tokens = SpansScore(g.tokens, s.tokens);
  r.sentences = SpansScore(g.sentences, s.sentences);
  const std::vector<int> align = Align(g.words, s.words);
  EvalScore base;
  base.gold = static_cast<int64_t>(g.words.size());
  base.system = static_cast<int64_t>(s.words.size());
  r.words = r.upos = r.xpos = r.lemmas = r.uas = r.las = base;
  for (size_t si = 0; si < s.words.size(); ++si) {
    const int gi = align[si];
    if (gi < 0) continue;
    const Word& sw = *s.words[si].word;
    const Word& gw = *g.words[gi].word;
    ++r.words.correct;
    r.upos.correct += sw.upos == gw.upos;
    r.xpos.correct += sw.xpos == gw.xpos;
    r.lemmas.correct += (gw.lemma == "_" || sw.lemma == gw.lemma);
    const int sp = s.words[si].parent;
    const int sys_parent_in_gold = sp < 0 ? -1 : (align[sp] < 0 ? -2 : align[sp]);
    const bool head_ok = sys_parent_in_gold == g.words[gi].parent;
    r.uas.correct += head_ok;
    r.las.correct += head_ok && Universal(sw.deprel) == Universal(gw.deprel);
  }
  return r;
}

std::string EvalResult::Table() const {
  std::string out = "Metric     | Precision |    Recall |  F1 Score\n";
  out += "-----------+-----------+-----------+-----------\n";
  auto row = [&](const char* name, const EvalScore& sc) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%-10s | %9.2f | %9.2f | %9.2f\n", name, 100 * sc.precision(),
                  100 * sc.recall(), 100 * sc.f1());
    out += buf;
  };
  row("Tokens", tokens);
  row("Sentences", sentences);
  row("Words", words);
  row("UPOS", upos);
  row("XPOS", xpos);
  row("Lemmas", lemmas);
  row("UAS", uas);
  row("LAS", las);
  return out;
}

std::string GoldRawText(const Document& gold) { return RawTextFromGold(gold); }

}  // namespace dyad
