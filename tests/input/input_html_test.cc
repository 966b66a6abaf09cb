// Tests of the HTML reader (input/input.h, doc/formats/input.md): article text chosen,
// boilerplate dropped, paragraphs separated, entities decoded, metadata read.
#include <gtest/gtest.h>

#include <string>

#include "input_test_util.h"
#include "input/input.h"

namespace dyad::input {
namespace {

using testing_util::Documents;
using testing_util::Problems;
using testing_util::ReadMemory;

// A news page written for this test, with the usual furniture around the article.
constexpr char kPage[] = R"(<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Talks resume | The Daily Example</title>
  <meta property="og:title" content="Talks resume in  Geneva">
  <meta property="og:site_name" content="The Daily Example">
  <meta property="article:published_time" content="2019-08-21T09:15:00+02:00">
  <link rel="canonical" href="https://example.org/news/talks">
  <style>p { color: red }</style>
  <script>var tracking = "Rebels attacked the script.";</script>
</head>
<body>
  <header><a href="/">Home</a> Breaking news ticker</header>
  <nav><ul><li>World</li><li>Politics</li></ul></nav>
  <div class="sidebar">Most read: celebrity gossip</div>
  <article class="story">
    <h1>Talks resume in Geneva</h1>
    <p>GENEVA, Aug 21 &ndash; Delegations from Arnor and Gondor met on Wednesday,
       officials said.</p>
    <!-- an ad slot -->
    <div class="ad">Buy now!</div>
    <p>The talks&nbsp;will continue <b>next week</b>, according to a
       <a href="/x">spokesman</a>.<br>He added nothing.</p>
    <figure><img src="x.jpg"><figcaption>Photo: Example</figcaption></figure>
    <ul><li>First point.</li><li>Second point.</li></ul>
    <blockquote>&quot;We are hopeful,&quot; one envoy said.</blockquote>
    <form><p>Subscribe to our newsletter</p><input value="Subscribe"></form>
    <noscript>Enable JavaScript.</noscript>
    <div hidden>Hidden text.</div>
    <div aria-hidden="true">Aria hidden text.</div>
    <div style="display: none">Invisible text.</div>
  </article>
  <aside>Related: other talks</aside>
  <footer>Copyright 2019</footer>
</body>
</html>
)";

TEST(Html, ExtractsTheArticleAndDropsBoilerplate) {
  const auto items = ReadMemory(kPage, "talks.html");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_FALSE(items[0].is_problem) << items[0].problem.ToString();
  const InputDocument& d = items[0].doc;
  EXPECT_EQ(d.text,
            "Talks resume in Geneva\n\n"
            "GENEVA, Aug 21 \xE2\x80\x93 Delegations from Arnor and Gondor met on Wednesday, "
            "officials said.\n\n"
            "The talks will continue next week, according to a spokesman.\nHe added nothing.\n\n"
            "First point.\n\nSecond point.\n\n"
            "\"We are hopeful,\" one envoy said.");
  EXPECT_EQ(d.id, "talks.html");
  EXPECT_EQ(d.title, "Talks resume in Geneva");  // og:title, whitespace collapsed
  EXPECT_EQ(d.date, "20190821");
  EXPECT_EQ(d.url, "https://example.org/news/talks");
  EXPECT_EQ(d.source, "The Daily Example");
  EXPECT_EQ(d.lang, "en-GB");
  EXPECT_EQ(d.line, 0u);
}

TEST(Html, WithoutArticleUsesMainThenBody) {
  auto d = ReadMemory("<html><body><nav>Menu</nav><main><p>Main text.</p></main>"
                      "<p>Outside main.</p></body></html>",
                      "m.html")
               .at(0)
               .doc;
  EXPECT_EQ(d.text, "Main text.");
  d = ReadMemory("<html><body><div role=\"main\"><p>Role main.</p></div><p>Other.</p></body>"
                 "</html>",
                 "r.html")
          .at(0)
          .doc;
  EXPECT_EQ(d.text, "Role main.");
  d = ReadMemory("<title>Only body</title><div>One</div><div>Two <span>and</span> three</div>",
                 "b.html")
          .at(0)
          .doc;
  EXPECT_EQ(d.text, "One\n\nTwo and three");
  EXPECT_EQ(d.title, "Only body");
  EXPECT_TRUE(d.date.empty());
}

TEST(Html, PicksTheLongestOfSeveralArticles) {
  const auto d = ReadMemory("<body><article><p>Teaser.</p></article>"
                            "<article><p>The full story, which is longer.</p>"
                            "<article><p>A nested comment.</p></article></article></body>",
                            "several.html")
                     .at(0)
                     .doc;
  EXPECT_EQ(d.text, "The full story, which is longer.\n\nA nested comment.");
}

TEST(Html, DateFromMetaNamesOrTimeElement) {
  struct Case {
    std::string head, body, date;
  } cases[] = {
      {R"(<meta name="date" content="2020-02-29">)", "", "20200229"},
      {R"(<meta name="DC.date.issued" content="20200301">)", "", "20200301"},
      {R"(<meta itemprop="datePublished" content="2018-01-02T00:00:00Z">)", "", "20180102"},
      {R"(<meta name="date" content="yesterday">)", "", ""},  // a non-date is left empty
      {R"(<meta name="date" content="2019-02-30">)", "", ""},
      {"", R"(<time datetime="2017-05-06T10:00">May 6</time>)", "20170506"},
      {R"(<meta name="date" content="bad">)", R"(<time datetime="2016-07-08">x</time>)",
       "20160708"},
      {R"(<meta property="article:published_time" content="2015-01-01">
          <meta name="date" content="2014-01-01">)", "", "20150101"},
  };
  for (const Case& c : cases) {
    const std::string html = "<html><head>" + c.head + "</head><body><p>Text here.</p>" + c.body +
                             "</body></html>";
    const auto items = ReadMemory(html, "d.html");
    ASSERT_EQ(items.size(), 1u) << html;
    EXPECT_EQ(items[0].doc.date, c.date) << html;
  }
}

TEST(Html, EntitiesAndWhitespace) {
  const auto d = ReadMemory("<p>  A&amp;B &lt;tag&gt; caf&eacute; &#8220;q&#x201D;\n\n\t x </p>"
                            "<p></p><p> </p><pre>keep\n  this</pre>",
                            "e.htm")
                     .at(0)
                     .doc;
  EXPECT_EQ(d.text, "A&B <tag> caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D x\n\nkeep this");
}

TEST(Html, PageWithoutTextAndEmptyFileAreProblems) {
  auto items = ReadMemory("<html><head><title>T</title></head><body><nav>Only a menu</nav>"
                          "<script>x()</script></body></html>",
                          "empty-page.html");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].problem.ToString(), "empty-page.html: no text found in the HTML");
  EXPECT_EQ(ReadMemory("", "nothing.html").at(0).problem.ToString(),
            "nothing.html: empty file: no text");
  EXPECT_EQ(ReadMemory(" \n", "blank.html").at(0).problem.ToString(),
            "blank.html: empty file: no text");
}

TEST(Html, BrokenMarkupStillParses) {
  const auto items = ReadMemory("<p>Unclosed <b>bold <i>both</p><p>Next</div></span>", "broken.html");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].doc.text, "Unclosed bold both\n\nNext");
}

// Bug guard: a page nested hundreds of thousands of levels deep made gumbo run for hours
// (quadratic scope checks); it is refused with a problem instead. Ordinary depth parses.
TEST(Html, DeepNestingIsRefusedQuickly) {
  std::string html;
  for (int i = 0; i < 300000; ++i) html += "<div>";
  html += "deep";
  auto items = ReadMemory(html, "deep.html");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].problem.ToString(),
            "deep.html: HTML nested more than 2000 elements deep (estimated); skipped");
  html.clear();
  for (int i = 0; i < 1500; ++i) html += "<div><p>x<br><img src=a>";
  html += "deep";
  for (int i = 0; i < 300000; ++i) html += "<p>para</p><li>item<a>link";  // not nesting
  items = ReadMemory(html, "ok.html");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_FALSE(items[0].is_problem) << items[0].problem.ToString();
}

}  // namespace
}  // namespace dyad::input
