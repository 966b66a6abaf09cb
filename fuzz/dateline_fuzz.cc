// libFuzzer target: arbitrary bytes as the start of a document (FindDateline) and as a
// sentence (DateResolver::FindAll and EventDate). The first byte picks the reference date;
// the sentence is the input split on spaces, each word's head taken from its length so
// that trees are arbitrary, cycles and out-of-range heads included. Any returned date must
// be a real day, its text non-empty and its word span inside the sentence; any violation
// aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "dates/date_resolver.h"
#include "text/dateline.h"

namespace {

void Die(const char* what) {
  std::fprintf(stderr, "dateline_fuzz: invariant violated: %s\n", what);
  std::abort();
}

void CheckMention(const dyad::dates::DateMention& m, size_t words) {
  if (!dyad::date::IsValidDate(m.date)) Die("invalid date");
  if (m.text.empty()) Die("empty text");
  if (words > 0 && (m.first_word > m.last_word || m.last_word >= words)) Die("word span");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const dyad::dates::DateResolver resolver;
  static constexpr int32_t kReferences[] = {0, 20190910, 20200229, 20191231, 20000101, 1};
  int32_t reference = 0;
  if (size > 0) {
    reference = kReferences[data[0] % std::size(kReferences)];
    ++data, --size;
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto m = dyad::text::FindDateline(text, reference)) {
    if (!dyad::date::IsValidDate(m->date)) Die("invalid dateline date");
    if (m->text.empty()) Die("empty dateline text");
  }
  if (dyad::text::DatelineLength(text) > text.size()) Die("dateline longer than the text");

  dyad::Sentence s;
  size_t pos = 0;
  while (pos < text.size() && s.words.size() < 256) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) {
      dyad::Word w;
      w.form = std::string(text.substr(pos, end - pos));
      const unsigned char c = static_cast<unsigned char>(w.form[0]);
      w.upos = static_cast<dyad::Upos>(c % dyad::kNumUpos);
      w.head = static_cast<int32_t>(w.form.size() % 7) - 1;  // -1 .. 5, maybe out of range
      static constexpr const char* kRels[] = {"obl", "nmod", "root", "aux", "mark", "xcomp", "acl"};
      w.deprel = kRels[(c >> 3) % 7];
      w.token = static_cast<uint32_t>(s.words.size());
      dyad::Token t;
      t.first_word = w.token;
      s.tokens.push_back(t);
      s.words.push_back(std::move(w));
    }
    pos = end + 1;
  }
  std::vector<dyad::dates::DateMention> all;
  resolver.FindAll(s, reference, &all);
  uint32_t previous_end = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    CheckMention(all[i], s.words.size());
    if (i > 0 && all[i].first_word <= previous_end) Die("overlapping mentions");
    previous_end = all[i].last_word;
  }
  for (uint32_t v = 0; v < s.words.size() && v < 8; ++v) {
    if (auto m = resolver.EventDate(s, v, reference)) CheckMention(*m, s.words.size());
  }
  return 0;
}
