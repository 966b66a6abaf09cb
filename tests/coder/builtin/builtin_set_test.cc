// The built-in dictionary set (data/dict/): it loads with zero errors, and every CAMEO
// code of the codebook has a verb or pattern giving it (CI fails when one loses its last
// pattern, naming the codes).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "coder/cameo_table.h"
#include "dict/dictionary.h"

namespace dyad::coder {
namespace {

const std::string kDictDir = DYAD_DEFAULT_DICT;

dict::DictionarySet LoadBuiltin(std::vector<dict::Diagnostic>* diags) {
  auto paths = dict::DictionaryPaths::FromDirectory(kDictDir, diags);
  EXPECT_TRUE(paths.ok()) << paths.status().ToString();
  if (!paths.ok()) return dict::DictionarySet();
  auto set = dict::DictionarySet::Load(*paths, dict::LoadOptions(), diags);
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return set.ok() ? std::move(*set) : dict::DictionarySet();
}

TEST(BuiltinDictionaries, LoadWithZeroErrors) {
  std::vector<dict::Diagnostic> diags;
  const dict::DictionarySet set = LoadBuiltin(&diags);
  std::string errors;
  for (const dict::Diagnostic& d : diags) {
    if (d.severity == dict::Diagnostic::Severity::kError) errors += d.ToString() + "\n";
  }
  EXPECT_EQ(errors, "");
  EXPECT_GT(set.verbs().patterns().size(), 0u);
  EXPECT_GT(set.actors().actors().size(), 0u);
  EXPECT_FALSE(set.ontology().empty());
}

// The goal: every 3- and 4-digit CAMEO code has at least one verb or pattern.
TEST(BuiltinCoverage, EveryCameoCodeHasAVerbOrPattern) {
  std::vector<dict::Diagnostic> diags;
  const dict::DictionarySet set = LoadBuiltin(&diags);
  const std::map<std::string, size_t> uses = dict::CountEventCodes(set.verbs());
  std::string missing;
  size_t n = 0;
  for (const CameoCode& c : AllCameoCodes()) {
    if (c.code.size() < 3 || uses.count(std::string(c.code)) > 0) continue;
    missing += ' ';
    missing += c.code;
    ++n;
  }
  EXPECT_EQ(n, 0u) << "CAMEO codes with no verb or pattern in " << kDictDir << ":" << missing;
}

// Every code a verb, pattern or transformation of the set can emit is a CAMEO code of the
// codebook with a PLOVER type ("NONE" only where PLOVER dropped the CAMEO code): no default
// code outside CAMEO, nothing an event consumer cannot map.
TEST(BuiltinCoverage, EveryEmittedCodeIsCameoWithAPloverType) {
  std::vector<dict::Diagnostic> diags;
  const dict::DictionarySet set = LoadBuiltin(&diags);
  std::map<std::string, size_t> codes = dict::CountEventCodes(set.verbs());
  for (const dict::Transformation& t : set.verbs().transformations()) {
    if (t.result_code != "Q") ++codes[t.result_code];
  }
  std::string bad;
  for (const auto& [code, uses] : codes) {
    const CameoCode* c = FindCameoCode(code);
    if (c == nullptr || c->plover_type.empty()) bad += " " + code;
  }
  EXPECT_EQ(bad, "") << "codes of " << kDictDir << " outside CAMEO or without a PLOVER type";
}

}  // namespace
}  // namespace dyad::coder
