// Checks of the bundled sample corpus (data/sample): news.jsonl is well formed (fields,
// unique ids, dates 2016-2026, 2-6 sentences), its datelines resolve to a date shortly
// before the document date, and the date resolver finds date expressions in most
// documents; text/dateline.txt gets its date from its dateline. Sentences are split
// crudely on spaces here (no parser), which the resolver supports (heads = -1).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/date.h"
#include "dates/date_resolver.h"
#include "text/dateline.h"

namespace dyad::dates {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Words split on spaces, with leading quotes and trailing punctuation as words of their
// own; no tree.
Sentence CrudeSentence(const std::string& text) {
  Sentence s;
  auto add = [&](std::string form) {
    if (form.empty()) return;
    Word w;
    w.form = std::move(form);
    w.upos = w.form[0] >= 'A' && w.form[0] <= 'Z' ? Upos::kPROPN : Upos::kNone;
    w.token = static_cast<uint32_t>(s.words.size());
    Token t;
    t.first_word = w.token;
    s.tokens.push_back(t);
    s.words.push_back(std::move(w));
  };
  std::istringstream in(text);
  std::string piece;
  while (in >> piece) {
    std::vector<std::string> tail;
    while (piece.size() > 1 && std::string(",.;:\")").find(piece.back()) != std::string::npos) {
      tail.insert(tail.begin(), std::string(1, piece.back()));
      piece.pop_back();
    }
    add(piece);
    for (std::string& t : tail) add(t);
  }
  return s;
}

int32_t DateOf(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return 0;
  return std::stoi(iso.substr(0, 4)) * 10000 + std::stoi(iso.substr(5, 2)) * 100 +
         std::stoi(iso.substr(8, 2));
}

TEST(SampleCorpus, NewsJsonlIsWellFormedAndDated) {
  const std::string path = std::string(DYAD_SAMPLE_DIR) + "/news.jsonl";
  std::ifstream in(path);
  ASSERT_TRUE(in) << "cannot open " << path;
  const DateResolver resolver;
  std::set<std::string> ids;
  int docs = 0, datelines = 0, with_dates = 0, line_no = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    SCOPED_TRACE(path + ":" + std::to_string(line_no));
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(j.is_object());
    for (const char* key : {"id", "date", "title", "source", "text"}) {
      ASSERT_TRUE(j.contains(key) && j[key].is_string()) << key;
    }
    ++docs;
    EXPECT_TRUE(ids.insert(j["id"].get<std::string>()).second) << "duplicate id";
    EXPECT_EQ(j["source"], "dyad-sample");
    const int32_t date = DateOf(j["date"].get<std::string>());
    ASSERT_TRUE(date::IsValidDate(date)) << j["date"];
    EXPECT_GE(date, 20160101);
    EXPECT_LE(date, 20261231);
    const std::string text = j["text"];
    int sentences = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ') &&
          !(i >= 2 && text.compare(i - 2, 2, "St") == 0) &&
          !(i >= 4 && text.compare(i - 4, 4, "Sept") == 0) &&
          !(i >= 1 && text[i - 1] == 'S')) {  // "U.S."
        ++sentences;
      }
    }
    EXPECT_GE(sentences, 2);
    EXPECT_LE(sentences, 6);
    if (const auto d = text::FindDateline(text, date)) {
      ++datelines;
      EXPECT_LE(d->date, date);
      EXPECT_GE(d->date, date::AddDays(date, -7));
    }
    std::vector<DateMention> mentions;
    resolver.FindAll(CrudeSentence(text), date, &mentions);
    if (!mentions.empty()) ++with_dates;
    for (const DateMention& m : mentions) {
      EXPECT_TRUE(date::IsValidDate(m.date)) << m.text;
      EXPECT_LE(m.date, date::AddDays(date, 366)) << m.text;
    }
  }
  EXPECT_GE(docs, 36);
  EXPECT_LE(docs, 40);
  EXPECT_GE(datelines, 3);
  EXPECT_GE(with_dates, docs * 3 / 4);
}

TEST(SampleCorpus, DatelineTextTakesItsDateFromTheDateline) {
  const std::string path = std::string(DYAD_SAMPLE_DIR) + "/text/dateline.txt";
  const std::string text = ReadAll(path);
  ASSERT_FALSE(text.empty()) << "cannot read " << path;
  const auto d = text::FindDateline(text, 20200620);  // e.g. the file's time
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->date, 20200614);
  EXPECT_EQ(d->text, "June 14");
  EXPECT_FALSE(text::FindDateline(text, 0).has_value());  // no year and no reference
}

}  // namespace
}  // namespace dyad::dates
