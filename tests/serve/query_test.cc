// The query-string parser of `dyad serve` (src/serve/query.h): what it accepts, how it
// normalizes, and that every refusal names the parameter.
#include "serve/query.h"

#include <gtest/gtest.h>

namespace dyad::serve {
namespace {

EventQuery ParseOk(std::string_view raw, Endpoint endpoint = Endpoint::kEvents) {
  std::string bad;
  auto q = ParseEventQuery(raw, endpoint, &bad);
  EXPECT_TRUE(q.ok()) << raw << ": " << q.status().ToString();
  return q.ok() ? *q : EventQuery();
}

// The parameter named by the refusal of `raw`.
std::string Refused(std::string_view raw, Endpoint endpoint = Endpoint::kEvents) {
  std::string bad;
  auto q = ParseEventQuery(raw, endpoint, &bad);
  EXPECT_FALSE(q.ok()) << raw << " was accepted";
  if (!q.ok()) {
    EXPECT_EQ(q.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(q.status().message().find(bad), std::string::npos) << q.status().message();
  }
  return bad;
}

TEST(ServeQuery, ReadsEveryFilter) {
  const EventQuery q = ParseOk(
      "from=2016-01-01&to=2016-12-31&source=rus&target=AFGGOV&actor=---GOV&cameo=04&"
      "quad_class=1,3&plover=consult&country=afg&bbox=-10.5,30,40,60.25&q=peace+talks&"
      "limit=50&after=1234");
  EXPECT_EQ(q.from, "20160101");
  EXPECT_EQ(q.to, "20161231");
  EXPECT_EQ(q.source, "RUS");
  EXPECT_EQ(q.target, "AFGGOV");
  EXPECT_EQ(q.actor, "---GOV");
  EXPECT_EQ(q.cameo, "04");
  EXPECT_EQ(q.quad_classes, (std::vector<int>{1, 3}));
  EXPECT_EQ(q.plover, "CONSULT");
  EXPECT_EQ(q.country, "AFG");
  ASSERT_TRUE(q.has_bbox);
  EXPECT_DOUBLE_EQ(q.bbox[0], -10.5);
  EXPECT_DOUBLE_EQ(q.bbox[3], 60.25);
  EXPECT_EQ(q.fts, "\"peace\" \"talks\"");
  EXPECT_EQ(q.limit, 50);
  EXPECT_EQ(q.after, 1234);
}

TEST(ServeQuery, DecodesPercentEscapes) {
  EXPECT_EQ(ParseOk("source=%52US").source, "RUS");
  EXPECT_EQ(ParseOk("q=caf%C3%A9").fts, "\"caf\xC3\xA9\"");
}

TEST(ServeQuery, EachEndpointHasItsOwnParameters) {
  EXPECT_EQ(ParseOk("interval=week", Endpoint::kSeries).interval, Interval::kWeek);
  EXPECT_EQ(Refused("interval=week", Endpoint::kEvents), "interval");
  EXPECT_EQ(Refused("after=3", Endpoint::kNetwork), "after");
  EXPECT_EQ(ParseOk("limit=7", Endpoint::kNetwork).limit, 7);
}

TEST(ServeQuery, RefusalsNameTheParameter) {
  const std::pair<const char*, const char*> cases[] = {
      {"frm=2016-01-01", "frm"},
      {"from=2016-02-30", "from"},
      {"from=2016-2-3", "from"},
      {"to=20160101", "to"},
      {"from=2016-05-01&to=2016-04-01", "to"},
      {"source=RUS;DROP", "source"},
      {"source=", "source"},
      {"target=R%20S", "target"},
      {"cameo=04'", "cameo"},
      {"quad_class=5", "quad_class"},
      {"quad_class=1,1", "quad_class"},
      {"quad_class=1,", "quad_class"},
      {"country=AF", "country"},
      {"bbox=1,2,3", "bbox"},
      {"bbox=10,0,5,1", "bbox"},
      {"bbox=nan,0,5,1", "bbox"},
      {"bbox=0,0,200,1", "bbox"},
      {"limit=0", "limit"},
      {"limit=1001", "limit"},
      {"limit=10abc", "limit"},
      {"after=-1", "after"},
      {"after=99999999999999999999", "after"},
      {"limit=5&limit=6", "limit"},
      {"q=%ZZ", "q"},
      {"q=%C3", "q"},
      {"q=a%00b", "q"},
      {"q=a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p+q", "q"},
      // Found by serve_query_fuzz: a parameter with no name was refused naming none.
      {"=.lqtak", "query"},
      {"%3D=1", "="},
  };
  for (const auto& [raw, param] : cases) EXPECT_EQ(Refused(raw), param) << raw;
}

TEST(ServeQuery, FullTextQueryQuotesEveryWord) {
  // FTS5 operators and quotes in the user's text are separators, never syntax.
  EXPECT_EQ(*ToFullTextQuery("NEAR(a b) OR \"x\" -y"), "\"NEAR\" \"a\" \"b\" \"OR\" \"x\" \"y\"");
  EXPECT_EQ(*ToFullTextQuery("negotiat* talks"), "\"negotiat\"* \"talks\"");
  EXPECT_EQ(*ToFullTextQuery("  ,;  "), "");
}

TEST(ServeQuery, TooLongQueryIsRefused) {
  EXPECT_EQ(Refused(std::string(kMaxQueryBytes + 1, 'a')), "query");
  EXPECT_EQ(Refused("q=" + std::string(kMaxValueBytes + 1, 'a')), "q");
}

TEST(ServeQuery, EmptyQueryIsAllEvents) {
  const EventQuery q = ParseOk("");
  EXPECT_TRUE(q.from.empty() && q.source.empty() && q.fts.empty() && !q.has_bbox);
  EXPECT_EQ(q.limit, 0);
}

}  // namespace
}  // namespace dyad::serve
