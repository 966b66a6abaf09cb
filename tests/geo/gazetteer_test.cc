// The gazetteer file format (doc/formats/gazetteer.md) on small gazetteers made here:
// round trip, name folding, lookup order, and damaged files as Corruption errors with
// their byte offsets.
#include "geo/gazetteer.h"

#include <gtest/gtest.h>

#include "geo/fold.h"

namespace dyad::geo {
namespace {

// Two countries, a region, two cities sharing a name.
std::string SmallGazetteer() {
  GazetteerBuilder b;
  Place fr{PlaceKind::kCountry, 0, 60000000, 46.f, 2.f, 0, kNoPlace, "France", "FRA"};
  const uint32_t f = b.AddPlace(fr);
  Place us{PlaceKind::kCountry, 0, 300000000, 39.f, -98.f, 1, kNoPlace, "United States", "USA"};
  const uint32_t u = b.AddPlace(us);
  Place tx{PlaceKind::kRegion, 0, 20000000, 31.f, -99.f, u, kNoPlace, "Texas", "TX"};
  const uint32_t t = b.AddPlace(tx);
  Place paris{PlaceKind::kCity, 2988507, 2138551, 48.85f, 2.35f, f, kNoPlace, "Paris", ""};
  const uint32_t p1 = b.AddPlace(paris);
  Place paris_tx{PlaceKind::kCity, 4717560, 24782, 33.66f, -95.55f, u, t, "Paris", ""};
  const uint32_t p2 = b.AddPlace(paris_tx);
  b.AddName("France", f, kNameOfficial);
  b.AddName("United States", u, kNameOfficial);
  b.AddName("Texas", t, kNameOfficial);
  b.AddName("Paris", p1, kNameOfficial);
  b.AddName("PARIS", p1, kNameCapital);  // merges with the name above
  b.AddName("Paris", p2, kNameOfficial);
  return b.Serialize();
}

TEST(FoldTest, CaseAccentsAndPunctuation) {
  EXPECT_EQ(FoldPlaceName("São Paulo"), "sao paulo");
  EXPECT_EQ(FoldPlaceName("KRAKÓW"), "krakow");
  EXPECT_EQ(FoldPlaceName("Şanlıurfa"), "sanliurfa");
  EXPECT_EQ(FoldPlaceName("Sana'a"), "sanaa");
  EXPECT_EQ(FoldPlaceName("Sana’a"), "sanaa");
  EXPECT_EQ(FoldPlaceName("  Port-au-Prince "), "port au prince");
  EXPECT_EQ(FoldPlaceName("Washington, D.C."), "washington d c");
  EXPECT_EQ(FoldPlaceName("Zürich"), FoldPlaceName("zurich"));
  EXPECT_EQ(FoldPlaceName("Łódź"), "lodz");
  EXPECT_EQ(FoldPlaceName("Москва"), "Москва");  // non-Latin letters kept as they are
  EXPECT_EQ(FoldPlaceName("--"), "");
}

TEST(GazetteerTest, RoundTripAndLookup) {
  auto g = Gazetteer::Parse(SmallGazetteer(), "small");
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  ASSERT_EQ(g->places().size(), 5u);
  EXPECT_EQ(g->name_count(), 5u);  // "PARIS" merged into "Paris" of the same place
  EXPECT_EQ(g->CountryByCode("USA"), 1u);
  EXPECT_EQ(g->CountryByCode("XXX"), kNoPlace);
  const auto c = g->Lookup("paris");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(g->place(c[0].place).geonames_id, 2988507u);  // the capital, larger
  EXPECT_TRUE(c[0].flags & kNameCapital);
  EXPECT_TRUE(c[0].flags & kNameOfficial);
  EXPECT_GT(c[0].score, c[1].score);
  EXPECT_EQ(g->country_of(g->place(c[1].place)).code, "USA");
  EXPECT_EQ(g->place(g->place(c[1].place).region).name, "Texas");
  EXPECT_TRUE(g->Lookup("Lyon").empty());
  EXPECT_EQ(g->Lookup("FRANCE").size(), 1u);
  EXPECT_GT(g->Lookup("France")[0].score, g->Lookup("Texas")[0].score);  // country > region
}

TEST(GazetteerTest, DamagedFilesAreCorruptionWithOffset) {
  const std::string good = SmallGazetteer();
  // A flipped payload byte: the checksum.
  std::string bad = good;
  bad[40] ^= 0x55;
  auto r = Gazetteer::Parse(bad, "g");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
  EXPECT_NE(r.status().ToString().find("byte"), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().ToString().find("checksum"), std::string::npos);
  // Truncated, every length: never a crash, always an error.
  for (size_t n = 0; n < good.size(); n += 7) {
    auto t = Gazetteer::Parse(std::string_view(good).substr(0, n), "g");
    ASSERT_FALSE(t.ok()) << n;
    EXPECT_EQ(t.status().code(), Status::Code::kCorruption) << n;
  }
  // Trailing bytes.
  EXPECT_FALSE(Gazetteer::Parse(good + "x", "g").ok());
  // Bad magic.
  bad = good;
  bad[0] = 'X';
  r = Gazetteer::Parse(bad, "g");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("byte 0"), std::string::npos) << r.status().ToString();
  // Another version.
  bad = good;
  bad[8] = 9;
  r = Gazetteer::Parse(bad, "g");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnsupported);
}

TEST(GazetteerTest, IndexOutOfRangeIsCorruptionWithPlaceOffset) {
  GazetteerBuilder b;
  b.AddPlace({PlaceKind::kCountry, 0, 1, 0.f, 0.f, 0, kNoPlace, "A", "AAA"});
  b.AddPlace({PlaceKind::kCity, 1, 1, 0.f, 0.f, 7, kNoPlace, "B", ""});  // country 7: none
  auto r = Gazetteer::Parse(b.Serialize(), "g");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kCorruption);
  // The second place starts after the header (24), the count (4) and the first place
  // (1+4+4+4+4+4+4 + 4+1 + 4+3 = 37).
  EXPECT_NE(r.status().ToString().find("byte 65"), std::string::npos) << r.status().ToString();
}

}  // namespace
}  // namespace dyad::geo
