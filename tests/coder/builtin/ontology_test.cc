// dyad's own ontology (data/dict/dyad.ontology.txt): every CAMEO code has its own value,
// and negating or combining verb meanings through the coder's PICO arithmetic
// (coder/pico.h) gives the code the CAMEO codebook intends.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "coder/cameo_table.h"
#include "coder/pico.h"
#include "dict/dictionary.h"

namespace dyad::coder {
namespace {

const std::string kDictDir = DYAD_DEFAULT_DICT;

dict::DictionarySet LoadOntology(std::vector<dict::Diagnostic>* diags) {
  dict::DictionaryPaths paths;
  paths.ontology = {kDictDir + "/dyad.ontology.txt"};
  auto set = dict::DictionarySet::Load(paths, dict::LoadOptions(), diags);
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  return set.ok() ? std::move(*set) : dict::DictionarySet();
}

class DyadOntology : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<dict::Diagnostic> diags;
    set_ = LoadOntology(&diags);
    for (const dict::Diagnostic& d : diags) ADD_FAILURE() << d.ToString();
    pico_ = Pico(set_.ontology());
  }

  int64_t V(std::string_view code) const {
    const std::optional<int64_t> v = pico_.Value(code);
    EXPECT_TRUE(v.has_value()) << code;
    return v.value_or(0);
  }
  std::string Negated(std::string_view code) const { return pico_.Cameo(Pico::Negate(V(code))); }
  std::string Combined(std::string_view outer, std::string_view inner) const {
    return pico_.Cameo(Pico::Combine(V(outer), V(inner)));
  }

  dict::DictionarySet set_;
  Pico pico_;
};

TEST_F(DyadOntology, EveryCodebookCodeHasItsOwnValue) {
  std::map<int64_t, std::string> owner;
  for (const CameoCode& c : AllCameoCodes()) {
    if (c.code.size() < 3) continue;
    SCOPED_TRACE(std::string(c.code));
    const std::optional<int64_t> v = pico_.Value(c.code);
    ASSERT_TRUE(v.has_value()) << "no PICO value";
    EXPECT_TRUE(owner.emplace(*v, std::string(c.code)).second)
        << "value shared with " << owner[*v];
    // The value maps back to the code itself, not to an earlier alias.
    EXPECT_EQ(pico_.Cameo(*v), c.code);
  }
}

TEST_F(DyadOntology, EveryLineIsACodebookCodeAndAliasesNeverShadowAPrimaryValue) {
  std::set<std::string> seen;
  for (const dict::OntologyEntry& e : set_.ontology()) {
    SCOPED_TRACE(e.loc.ToString());
    EXPECT_NE(FindCameoCode(e.cameo), nullptr) << e.cameo << " is not a CAMEO code";
    int64_t value = 0;
    for (int32_t t : e.terms) value += t;
    if (!seen.insert(e.cameo).second) {
      // An alias: its value must reach this code, not another one's.
      EXPECT_EQ(pico_.Cameo(value), e.cameo);
    }
  }
}

TEST_F(DyadOntology, NegationGivesTheRejection) {
  const struct {
    const char* code;
    const char* negated;  // "" = no event (CAMEO codes no non-events)
  } kCases[] = {
      {"010", "011"},    // did not say → declined to comment
      {"060", "121"},    // did not cooperate materially → reject material cooperation
      {"061", "1211"},   // ... economically
      {"062", "1212"},   // ... militarily
      {"050", "120"},    // did not cooperate (diplomatically) → reject
      {"070", "122"},    // did not provide aid → reject request for aid
      {"072", "1222"},   // ... military aid
      {"073", "1223"},   // ... humanitarian aid
      {"040", "125"},    // did not meet → reject proposal to meet
      {"042", "125"},    // did not visit
      {"046", "125"},    // did not negotiate
      {"045", "126"},    // did not mediate → reject mediation
      {"057", "127"},    // did not sign the agreement → reject plan, agreement
      {"080", "124"},    // did not yield → refuse to yield
      {"084", "1243"},   // did not release → refuse to release
      {"0841", "1243"},
      {"085", "1244"},   // did not lift sanctions
      {"086", "1245"},   // did not allow involvement
      {"0863", "1245"},
      {"087", "1246"},   // did not de-escalate
      {"0871", "1246"},  // did not declare a ceasefire
      {"0831", "1231"},  // did not step down → reject demand for leadership change
      {"190", ""},       // did not attack: no event
      {"173", ""},       // did not arrest
      {"111", ""},       // did not criticize
      {"1823", ""},      // did not kill
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(Negated(c.code), c.negated) << "not " << c.code;
  }
  // Negating twice is the identity, for every code.
  for (const CameoCode& c : AllCameoCodes()) {
    if (c.code.size() < 3) continue;
    EXPECT_EQ(pico_.Cameo(Pico::Negate(Pico::Negate(V(c.code)))), c.code);
  }
}

TEST_F(DyadOntology, CombinationGivesTheCodebookCode) {
  const struct {
    const char* outer;
    const char* inner;
    const char* combined;
    const char* example;
  } kCases[] = {
      {"030", "070", "033", "agreed to provide aid"},
      {"030", "071", "0331", "pledged to provide economic aid"},
      {"030", "073", "0333", "promised humanitarian aid"},
      {"030", "061", "0311", "agreed to cooperate economically"},
      {"030", "040", "036", "agreed to meet"},
      {"030", "042", "036", "agreed to visit"},
      {"030", "046", "036", "agreed to negotiate"},
      {"030", "045", "039", "offered to mediate"},
      {"030", "057", "037", "agreed to sign a peace deal"},
      {"030", "0841", "0353", "agreed to free prisoners"},
      {"030", "085", "0354", "promised to lift sanctions"},
      {"030", "0871", "0356", "agreed to a ceasefire"},
      {"030", "0874", "0356", "pledged to withdraw troops"},
      {"030", "0861", "0355", "agreed to receive peacekeepers"},
      {"030", "0831", "0341", "agreed to step down"},
      {"030", "163", "1312", "vowed to impose sanctions"},
      {"030", "161", "1313", "vowed to cut ties"},
      {"020", "040", "026", "urged talks"},
      {"020", "046", "026", "urged them to negotiate"},
      {"020", "057", "027", "urged them to sign the deal"},
      {"020", "045", "028", "called for mediation"},
      {"020", "073", "0233", "appealed for humanitarian aid"},
      {"020", "0841", "0253", "called for the release of hostages"},
      {"020", "0871", "0256", "called for a ceasefire"},
      {"020", "085", "0254", "urged lifting sanctions"},
      {"100", "0841", "1053", "demanded the release of"},
      {"100", "0874", "1056", "demanded the withdrawal of"},
      {"100", "0831", "1041", "demanded that he resign"},
      {"100", "040", "106", "demanded talks"},
      {"120", "072", "1222", "refused to provide military aid"},
      {"120", "085", "1244", "refused to lift sanctions"},
      {"120", "0841", "1243", "refused to release"},
      {"120", "040", "125", "refused to meet"},
      {"120", "046", "125", "refused to negotiate"},
      {"120", "057", "127", "refused to sign"},
      {"120", "050", "120", "refused to cooperate"},
      {"120", "0871", "1246", "refused a ceasefire"},
      {"130", "161", "1313", "threatened to cut ties"},
      {"130", "163", "1312", "threatened sanctions"},
      {"130", "162", "1311", "threatened to cut aid"},
      {"130", "164", "134", "threatened to halt talks"},
      {"130", "190", "138", "threatened to attack"},
      {"130", "195", "1384", "threatened air strikes"},
      {"130", "192", "1382", "threatened to occupy"},
      {"130", "1823", "1383", "threatened to kill"},
      {"160", "070", "162", "stopped providing aid"},
      {"160", "072", "1622", "stopped military aid"},
      {"160", "040", "164", "halted talks"},
      {"160", "045", "165", "halted mediation"},
      {"160", "050", "161", "cut diplomatic cooperation"},
      {"040", "040", "040", "met to discuss"},
      {"042", "040", "042", "visited to hold talks"},
      {"040", "046", "046", "met to negotiate"},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(Combined(c.outer, c.inner), c.combined) << c.example;
  }
}

// The coder turns an intent to use force into a threat (coder.cc: intend + fight has no
// CAMEO code of its own, so 0x3000 is exchanged for threaten 0x6000).
TEST_F(DyadOntology, IntentToUseForceIsAThreat) {
  for (const auto& [act, threat] : std::vector<std::pair<const char*, const char*>>{
           {"190", "138"}, {"191", "1381"}, {"192", "1382"}, {"195", "1384"}, {"193", "1384"},
           {"180", "1383"}, {"186", "1383"}, {"204", "1385"}, {"2042", "1385"}}) {
    const int64_t intent = Pico::Combine(V("030"), V(act));
    EXPECT_EQ(pico_.Cameo(intent), "") << act;
    EXPECT_EQ(pico_.Cameo(intent - 0x3000 + 0x6000), threat) << act;
  }
}

}  // namespace
}  // namespace dyad::coder
