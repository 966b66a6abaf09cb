// Reader of PETRARCH actor dictionaries (Phoenix.*.actors.txt, PETR.Validate.actors.txt).
//
// A record is a primary phrase line, optional `+synonym` lines, and optional code lines
// (usually indented) that hold one or more `[CODE restriction]` items:
//   HAMID_KARZAI_  [AFGMIL]      # primary phrase with a default code
//   +BABRAK_KARMAL_              # synonym
//       [AFGGOV 791227-861124]   # code valid between two dates (inclusive)
//       [AFGELI >20070101]       # after a date;  [X <20070101] before a date
// Codes may also follow a synonym or be several on one line (the Phoenix files do both).
// `#` and `;` start comments; `<!...` lines are comments. Reading is one pass, linear in
// the file size; every phrase goes into the compiled PhraseMatcher as it is read.
#include <utility>

#include "dict/readers.h"

namespace dyad::dict {
namespace {

// Parses the body of one `[...]` item. Returns "" or an error message.
std::string ParseActorCode(std::string_view item, DatedCode* out) {
  item = Trim(item);
  size_t e = 0;
  while (e < item.size() && !IsBlank(item[e])) ++e;
  const std::string_view code = item.substr(0, e);
  std::string_view restriction = Trim(item.substr(e));
  if (code.empty()) return "empty actor code";
  if (code != "---") {
    // Codes are free-form (`ELR/GAL`, `+++` in the validation actors): any printable
    // non-blank characters.
    for (char c : code) {
      if (c <= ' ' || c == 0x7f) return "malformed actor code '" + std::string(code) + "'";
    }
    out->code = Uppercase(code);
  }
  if (restriction.empty()) return "";
  auto date = [](std::string_view s, int32_t* d) { return ParseDictionaryDate(Trim(s), d); };
  const std::string bad = "malformed date restriction '" + std::string(restriction) + "'";
  if (restriction[0] == '>') {
    if (!date(restriction.substr(1), &out->first)) return bad;
  } else if (restriction[0] == '<') {
    if (!date(restriction.substr(1), &out->last)) return bad;
  } else {
    const size_t dash = restriction.find('-');
    if (dash == std::string_view::npos || !date(restriction.substr(0, dash), &out->first) ||
        !date(restriction.substr(dash + 1), &out->last)) {
      return bad;
    }
    if (out->first > out->last) return "date range ends before it starts: '" + std::string(restriction) + "'";
  }
  return "";
}

}  // namespace

size_t ActorReader::Read(std::string_view text, ParseContext* ctx, ActorDictionary* dict) {
  const std::vector<Line> lines = SplitLines(text, "#;", /*html_comments=*/true);
  const size_t first_actor = dict->actors_.size();
  int64_t current = -1;

  auto finish_record = [&]() {
    if (current >= 0 && dict->actors_[current].codes.empty()) {
      ctx->Warning(dict->actors_[current].loc.line,
                   "actor '" + dict->actors_[current].name + "' has no code");
    }
  };

  // Parses `[..] [..]` items of `s` into the current actor; an error stops at the
  // malformed item (codes before it are kept).
  auto read_codes = [&](std::string_view s, int line) {
    s = Trim(s);
    while (!s.empty()) {
      if (s[0] != '[') {
        ctx->Error(line, "expected `[CODE]`, found '" + std::string(s) + "'");
        return;
      }
      const size_t close = s.find(']');
      if (close == std::string_view::npos) {
        ctx->Error(line, "unclosed `[` in actor code");
        return;
      }
      DatedCode code;
      if (std::string err = ParseActorCode(s.substr(1, close - 1), &code); !err.empty()) {
        ctx->Error(line, err);
      } else {
        dict->actors_[current].codes.push_back(std::move(code));
      }
      s = Trim(s.substr(close + 1));
    }
  };

  auto add_phrase = [&](std::string_view phrase, int line) -> bool {
    if (phrase.find_first_of("]{}") != std::string_view::npos) {
      ctx->Error(line, "malformed actor phrase '" + std::string(phrase) + "'");
      return false;
    }
    std::vector<std::string> words = SplitPhrase(phrase);
    if (words.empty()) {
      ctx->Error(line, "empty actor phrase");
      return false;
    }
    const uint32_t index = static_cast<uint32_t>(dict->phrases_.size());
    if (!dict->matcher_.Add(words, index)) {
      const PhraseMatcher::Match m = dict->matcher_.Find(
          std::vector<std::string_view>(words.begin(), words.end()));
      ActorPhrase& existing = dict->phrases_[m.value];
      if (existing.actor == static_cast<uint32_t>(current)) return true;  // Same record.
      ctx->Warning(line, "actor phrase '" + std::string(Trim(phrase)) + "' also at " +
                             existing.loc.ToString() +
                             " (this later one wins unless dates decide)");
      existing.shadowed.push_back(existing.actor);
      existing.actor = static_cast<uint32_t>(current);
      existing.loc = ctx->Loc(line);
      return true;
    }
    dict->phrases_.push_back(
        ActorPhrase{std::move(words), static_cast<uint32_t>(current), {}, ctx->Loc(line)});
    return true;
  };

  for (const Line& line : lines) {
    if (ctx->stopped()) return 0;
    const std::string_view body = line.body;
    if (body.empty()) continue;
    if (body[0] == '[') {
      if (current == -2) continue;  // Codes of a skipped record.
      if (current < 0) {
        ctx->Error(line.number, "actor code line before any actor");
        continue;
      }
      read_codes(body, line.number);
      continue;
    }
    const bool synonym = body[0] == '+';
    const std::string_view rest = synonym ? body.substr(1) : body;
    const size_t open = rest.find('[');
    const std::string_view phrase = Trim(rest.substr(0, open));
    if (synonym) {
      if (current == -1) {
        ctx->Error(line.number, "synonym before any actor");
        continue;
      }
    } else {
      finish_record();
      if (phrase.empty() || phrase.find_first_of("]{}") != std::string_view::npos ||
          SplitPhrase(phrase).empty()) {
        // Without a valid primary phrase the record's synonyms and codes cannot be
        // attached to anything: report and skip until the next record.
        ctx->Error(line.number, "malformed actor phrase '" + std::string(phrase) + "'");
        current = -2;
        continue;
      }
      Actor actor;
      actor.name = std::string(phrase);
      actor.loc = ctx->Loc(line.number);
      current = static_cast<int64_t>(dict->actors_.size());
      dict->actors_.push_back(std::move(actor));
    }
    if (current == -2) continue;  // Synonyms of a skipped record.
    if (!add_phrase(phrase, line.number)) continue;
    if (open != std::string_view::npos) read_codes(rest.substr(open), line.number);
  }
  if (current >= 0) finish_record();
  return dict->actors_.size() - first_actor;
}

}  // namespace dyad::dict
