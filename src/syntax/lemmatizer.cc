#include "syntax/lemmatizer.h"

#include <algorithm>

namespace dyad::tagger_internal {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

}  // namespace

void Lemmatizer::BuildMaps() {
  auto build = [](const std::vector<uint32_t>& keys, FlatMap* map) {
    map->Reset(keys.size());
    bool all_new = true;
    for (size_t i = 0; i < keys.size(); ++i) {
      all_new &= map->Insert(keys[i], static_cast<uint32_t>(i));
    }
    return all_new;
  };
  build(lemma_keys_, &lemma_map_);
  build(feats_keys_, &feats_map_);
  build(rule_keys_, &rule_map_);
  build(lexicon_keys_, &lexicon_map_);
}

bool Lemmatizer::Knows(std::string_view form, std::string_view lower, uint64_t tag) const {
  return lemma_map_.Find(Fold(ExactFormKey(form, tag))) != FlatMap::kMissing ||
         lemma_map_.Find(Fold(LowerFormKey(lower, tag))) != FlatMap::kMissing;
}

void Lemmatizer::Apply(std::string_view form, std::string_view lower, uint64_t tag,
                       std::string* lemma, std::string* feats) const {
  uint32_t f = feats_map_.Find(Fold(LowerFormKey(lower, tag)));
  if (f == FlatMap::kMissing) f = feats_map_.Find(Fold(TagOnlyKey(tag)));
  if (f == FlatMap::kMissing) {
    feats->clear();
  } else {
    const std::string_view s = Str(feats_values_[f]);
    feats->assign(s.data(), s.size());
  }

  uint32_t l = lemma_map_.Find(Fold(ExactFormKey(form, tag)));
  if (l == FlatMap::kMissing) l = lemma_map_.Find(Fold(LowerFormKey(lower, tag)));
  if (l != FlatMap::kMissing) {
    const std::string_view s = Str(lemma_values_[l]);
    lemma->assign(s.data(), s.size());
    return;
  }
  // The longest suffix seen with this tag decides. Its most frequent script applies unless
  // its result is not a known lemma and a runner-up's (with the same casing) is.
  const size_t max_len = std::min<size_t>(kMaxSuffix, lower.size());
  for (size_t len = max_len + 1; len-- > 0;) {
    const std::string_view suffix = lower.substr(lower.size() - len);
    const uint32_t top = rule_map_.Find(Fold(SuffixKey(suffix, tag, 0)));
    if (top == FlatMap::kMissing) continue;
    const Rule& rule = rules_[rule_values_[top]];
    if (!Applies(rule, form, lower)) continue;
    if (!InLexicon(rule, form, lower)) {
      for (int rank = 1; rank < kMaxRank; ++rank) {
        const uint32_t r = rule_map_.Find(Fold(SuffixKey(suffix, tag, rank)));
        if (r == FlatMap::kMissing) break;
        const Rule& alt = rules_[rule_values_[r]];
        if (alt.lowercase == rule.lowercase && Applies(alt, form, lower) &&
            InLexicon(alt, form, lower)) {
          ApplyRule(alt, form, lower, lemma);
          return;
        }
      }
    }
    ApplyRule(rule, form, lower, lemma);
    return;
  }
  lemma->assign(form.data(), form.size());
}

bool Lemmatizer::Applies(const Rule& rule, std::string_view form, std::string_view lower) {
  // A script that would strip the whole word or cut a UTF-8 sequence does not apply.
  const std::string_view base = rule.lowercase ? lower : form;
  return rule.strip < base.size() && !IsContinuationByte(base[base.size() - rule.strip]);
}

bool Lemmatizer::InLexicon(const Rule& rule, std::string_view form,
                           std::string_view lower) const {
  const std::string_view base = rule.lowercase ? lower : form;
  return lexicon_map_.Find(Fold(LexiconKey(base.substr(0, base.size() - rule.strip),
                                           Str(rule.append)))) != FlatMap::kMissing;
}

void Lemmatizer::ApplyRule(const Rule& rule, std::string_view form, std::string_view lower,
                           std::string* lemma) const {
  const std::string_view base = rule.lowercase ? lower : form;
  const std::string_view append = Str(rule.append);
  lemma->assign(base.data(), base.size() - rule.strip);
  lemma->append(append.data(), append.size());
}

void Lemmatizer::Save(BinaryWriter* w) const {
  w->PutString(pool_);
  w->PutVector(str_begin_);
  std::vector<uint8_t> lowercase, strip;
  std::vector<uint32_t> append;
  for (const Rule& r : rules_) {
    lowercase.push_back(r.lowercase);
    strip.push_back(r.strip);
    append.push_back(r.append);
  }
  w->PutVector(lowercase);
  w->PutVector(strip);
  w->PutVector(append);
  w->PutVector(lemma_keys_);
  w->PutVector(lemma_values_);
  w->PutVector(feats_keys_);
  w->PutVector(feats_values_);
  w->PutVector(rule_keys_);
  w->PutVector(rule_values_);
  w->PutVector(lexicon_keys_);
}

Status Lemmatizer::Load(BinaryReader* r) {
  DYAD_RETURN_IF_ERROR(r->GetString(&pool_));
  DYAD_RETURN_IF_ERROR(r->GetVector(&str_begin_));
  if (str_begin_.empty() || str_begin_.front() != 0 || str_begin_.back() != pool_.size() ||
      !std::is_sorted(str_begin_.begin(), str_begin_.end())) {
    return r->Error("lemmatizer string offsets are inconsistent");
  }
  const size_t num_strings = str_begin_.size() - 1;
  std::vector<uint8_t> lowercase, strip;
  std::vector<uint32_t> append;
  DYAD_RETURN_IF_ERROR(r->GetVector(&lowercase));
  DYAD_RETURN_IF_ERROR(r->GetVector(&strip));
  DYAD_RETURN_IF_ERROR(r->GetVector(&append));
  if (strip.size() != lowercase.size() || append.size() != lowercase.size()) {
    return r->Error("lemmatizer rule arrays differ in length");
  }
  rules_.clear();
  for (size_t i = 0; i < lowercase.size(); ++i) {
    if (lowercase[i] > 1 || append[i] >= num_strings) {
      return r->Error("lemmatizer rule " + std::to_string(i) + " is invalid");
    }
    rules_.push_back({lowercase[i], strip[i], append[i]});
  }
  auto read_table = [&](std::vector<uint32_t>* keys, std::vector<uint32_t>* values,
                        size_t limit, const char* what) -> Status {
    DYAD_RETURN_IF_ERROR(r->GetVector(keys));
    DYAD_RETURN_IF_ERROR(r->GetVector(values));
    if (keys->size() != values->size()) {
      return r->Error(std::string(what) + " keys and values differ in length");
    }
    for (const uint32_t v : *values) {
      if (v >= limit) return r->Error(std::string(what) + " value out of range");
    }
    return Status::Ok();
  };
  DYAD_RETURN_IF_ERROR(read_table(&lemma_keys_, &lemma_values_, num_strings, "lemma table"));
  DYAD_RETURN_IF_ERROR(read_table(&feats_keys_, &feats_values_, num_strings, "feats table"));
  DYAD_RETURN_IF_ERROR(read_table(&rule_keys_, &rule_values_, rules_.size(), "rule table"));
  DYAD_RETURN_IF_ERROR(r->GetVector(&lexicon_keys_));
  BuildMaps();
  if (lemma_map_.size() != lemma_keys_.size() || feats_map_.size() != feats_keys_.size() ||
      rule_map_.size() != rule_keys_.size() || lexicon_map_.size() != lexicon_keys_.size()) {
    return r->Error("lemmatizer tables contain duplicate keys");
  }
  return Status::Ok();
}

}  // namespace dyad::tagger_internal
