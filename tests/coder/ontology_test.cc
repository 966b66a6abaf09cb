// The CAMEO ontology table: complete, well-formed and consistent with its root codes.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "coder/cameo_table.h"

namespace dyad::coder {
namespace {

TEST(CameoTable, EveryCodeIsWellFormed) {
  std::set<std::string_view> seen;
  for (const CameoCode& c : AllCameoCodes()) {
    SCOPED_TRACE(std::string(c.code));
    EXPECT_TRUE(seen.insert(c.code).second) << "duplicate code";
    EXPECT_GE(c.code.size(), 2u);
    EXPECT_LE(c.code.size(), 4u);
    for (char ch : c.code) EXPECT_TRUE(ch >= '0' && ch <= '9');
    EXPECT_FALSE(c.name.empty());
    EXPECT_GE(c.goldstein, -10.0);
    EXPECT_LE(c.goldstein, 10.0);
    EXPECT_GE(static_cast<int>(c.quad), 1);
    EXPECT_LE(static_cast<int>(c.quad), 4);
    EXPECT_FALSE(c.plover_type.empty());
    // Every code's root is in the table too, with the same QuadClass.
    const CameoCode* root = FindCameoCode(CameoRootCode(c.code));
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->quad, c.quad);
    // A 4-digit code has its 3-digit parent.
    if (c.code.size() == 4) {
      EXPECT_NE(FindCameoCode(c.code.substr(0, 3)), nullptr);
    }
  }
}

TEST(CameoTable, HasAllTwentyRootsAndTheirBaseCodes) {
  for (int r = 1; r <= 20; ++r) {
    char root[3], base[4];
    std::snprintf(root, sizeof root, "%02d", r);
    std::snprintf(base, sizeof base, "%02d0", r);
    EXPECT_NE(FindCameoCode(root), nullptr) << root;
    EXPECT_NE(FindCameoCode(base), nullptr) << base;
  }
  EXPECT_GT(AllCameoCodes().size(), 280u);
}

TEST(CameoTable, KnownValues) {
  const CameoCode* visit = FindCameoCode("042");
  ASSERT_NE(visit, nullptr);
  EXPECT_EQ(visit->quad, QuadClass::kVerbalCooperation);
  EXPECT_EQ(visit->plover_type, "CONSULT");
  EXPECT_EQ(FindCameoCode("0874")->goldstein, 10.0);
  EXPECT_EQ(FindCameoCode("190")->quad, QuadClass::kMaterialConflict);
  EXPECT_EQ(FindCameoCode("173")->plover_type, "COERCE");
  EXPECT_EQ(FindCameoCode("111")->quad, QuadClass::kVerbalConflict);
  EXPECT_EQ(FindCameoCode("073")->quad, QuadClass::kMaterialCooperation);
}

TEST(CameoTable, NonCameoCodesAreUnknown) {
  EXPECT_EQ(FindCameoCode("075A"), nullptr);
  EXPECT_EQ(FindCameoCode("903"), nullptr);
  EXPECT_EQ(FindCameoCode(""), nullptr);
  EXPECT_EQ(CameoRootCode("0211"), "02");
  EXPECT_EQ(CameoRootCode("1"), "");
}

}  // namespace
}  // namespace dyad::coder
