// Readers of the one-entry-per-line PETRARCH dictionaries: agents (with `!SUBST!`
// markers and `{plural}` forms), discards, issues (with `n:` `v:` `a+b` expansions and
// `<ISSUE CATEGORY="...">` sections) and the internal coding ontology. Each is one pass
// over the lines; expansions are capped so one line cannot blow up (kMaxExpansions).
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <utility>

#include "dict/readers.h"

namespace dyad::dict {
namespace {

// More variants than this from one line is certainly a mistake in the line (PETRARCH's
// own files produce at most a few dozen).
constexpr size_t kMaxExpansions = 4096;

bool IsCodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         c == '_' || c == '-';
}

std::string Join(const std::vector<std::string>& words) {
  std::string phrase;
  for (const auto& w : words) {
    if (!phrase.empty()) phrase += ' ';
    phrase += w;
  }
  return phrase;
}

// Adds `words` to `matcher` with `value`; reports a duplicate as a warning when `warn`.
bool AddPhrase(PhraseMatcher* matcher, const std::vector<std::string>& words, uint32_t value,
               bool warn, std::string_view what, ParseContext* ctx, int line) {
  if (matcher->Add(words, value)) return true;
  if (warn) {
    ctx->Warning(line, "duplicate " + std::string(what) + " '" + Join(words) + "' (first one kept)");
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Agents

namespace {

// `!NAME!` → its values, from the substitution definitions read so far.
using Substitutions = std::map<std::string, std::vector<std::string>>;

// `!NAME! = A, B, C`: a substitution definition rather than an agent.
bool IsSubstitutionLine(std::string_view body) {
  return body[0] == '!' && body.find('=') != std::string_view::npos &&
         body.find('[') == std::string_view::npos;
}

// Reads the definition `!NAME! = A, B, C` into (*substitutions)[NAME]. Returns the error
// message, "" when the line is well formed.
std::string ReadSubstitution(std::string_view body, Substitutions* substitutions) {
  const size_t close = body.find('!', 1);
  const size_t eq = body.find('=');
  if (close == std::string_view::npos || close == 1 || close > eq ||
      !Trim(body.substr(close + 1, eq - close - 1)).empty()) {
    return "malformed substitution definition (expected `!NAME! = A, B`)";
  }
  std::vector<std::string> values;
  std::string_view list = body.substr(eq + 1);
  while (true) {
    const size_t comma = list.find(',');
    const std::string_view item = Trim(list.substr(0, comma));
    if (item.empty() || item.find_first_of(" \t[]{}!") != std::string_view::npos) {
      return "malformed substitution list '" + std::string(Trim(body.substr(eq + 1))) + "'";
    }
    values.push_back(std::string(item));
    if (comma == std::string_view::npos) break;
    list = list.substr(comma + 1);
  }
  (*substitutions)[Uppercase(body.substr(1, close - 1))] = std::move(values);
  return "";
}

// Reads the `[~CODE]` (or `[CODE~]`) closing an agent line into proto->code and
// proto->code_before_actor, and sets *open to the position of its `[`. PETRARCH's own
// example closes the code with `}`: accepted with a warning. Returns the error message,
// "" when the code is well formed.
std::string ReadAgentCode(std::string_view body, int line, ParseContext* ctx, size_t* open,
                          AgentEntry* proto) {
  *open = body.find('[');
  if (*open == std::string_view::npos) return "agent without `[~CODE]`";
  const size_t close = body.find_first_of("]}", *open);
  if (close == std::string_view::npos) return "unclosed `[` in agent code";
  if (body[close] == '}') ctx->Warning(line, "agent code closed with `}` instead of `]`");
  if (!Trim(body.substr(close + 1)).empty()) {
    return "text after the agent code: '" + std::string(Trim(body.substr(close + 1))) + "'";
  }
  const std::string_view written = body.substr(*open + 1, close - *open - 1);
  std::string code;
  for (char c : written) {
    if (!IsBlank(c)) code += c;
  }
  if (!code.empty() && code.front() == '~') {
    code.erase(0, 1);
  } else if (!code.empty() && code.back() == '~') {
    code.pop_back();
    proto->code_before_actor = true;
  } else {
    return "agent code without `~`: '[" + code + "]'";
  }
  if (code.empty() || !std::all_of(code.begin(), code.end(), IsCodeChar)) {
    return "malformed agent code '[" + std::string(written) + "]'";
  }
  proto->code = Uppercase(code);
  return "";
}

// Splits the part of an agent line before its code, `PHRASE [{plural}]`, into *phrase
// and *plural (nullopt when no `{plural}` is written; empty for `{}`). Returns the error
// message, "" when well formed.
std::string ReadAgentPhrase(std::string_view head, std::string_view* phrase,
                            std::optional<std::string_view>* plural) {
  if (const size_t brace = head.find('{'); brace != std::string_view::npos) {
    const size_t end = head.find('}', brace);
    if (end == std::string_view::npos || !Trim(head.substr(end + 1)).empty()) {
      return "malformed `{plural}`";
    }
    *plural = Trim(head.substr(brace + 1, end - brace - 1));
    head = head.substr(0, brace);
  }
  head = Trim(head);
  if (head.empty() || head.find_first_of("[]{}") != std::string_view::npos) {
    return "malformed agent phrase '" + std::string(head) + "'";
  }
  *phrase = head;
  return "";
}

// Expands the `!NAME!` markers of `phrase` (up to eight nested rounds, at most
// kMaxExpansions phrases) into *phrases; *has_marker tells whether there was one.
// Returns the error message, "" on success.
std::string ExpandMarkers(std::string_view phrase, const Substitutions& substitutions,
                          std::vector<std::string>* phrases, bool* has_marker) {
  *phrases = {std::string(phrase)};
  *has_marker = false;
  for (size_t round = 0; round < 8; ++round) {
    std::vector<std::string> next;
    bool any = false;
    for (const std::string& p : *phrases) {
      const size_t a = p.find('!');
      if (a == std::string::npos) {
        next.push_back(p);
        continue;
      }
      const size_t b = p.find('!', a + 1);
      if (b == std::string::npos) return "unclosed `!` substitution marker";
      auto it = substitutions.find(Uppercase(std::string_view(p).substr(a + 1, b - a - 1)));
      if (it == substitutions.end()) {
        return "undefined substitution marker '" + p.substr(a, b - a + 1) + "'";
      }
      any = true;
      for (const std::string& v : it->second) {
        next.push_back(p.substr(0, a) + v + p.substr(b + 1));
      }
      if (next.size() > kMaxExpansions) return "substitution markers expand to too many phrases";
    }
    *phrases = std::move(next);
    if (!any) break;
    *has_marker = true;
  }
  if (std::any_of(phrases->begin(), phrases->end(),
                  [](const std::string& p) { return p.find('!') != std::string::npos; })) {
    return "substitution markers nested too deeply";
  }
  return "";
}

}  // namespace

size_t AgentReader::Read(std::string_view text, ParseContext* ctx, AgentDictionary* dict) {
  Substitutions substitutions;
  size_t read = 0;
  for (const Line& line : SplitLines(text, "#", /*html_comments=*/true)) {
    if (ctx->stopped()) return 0;
    const std::string_view body = line.body;
    if (body.empty()) continue;
    if (IsSubstitutionLine(body)) {
      if (std::string error = ReadSubstitution(body, &substitutions); !error.empty()) {
        ctx->Error(line.number, std::move(error));
      }
      continue;
    }
    // PHRASE [{plural}] [~CODE]
    AgentEntry proto;
    size_t open = 0;
    std::string_view phrase;
    std::optional<std::string_view> plural;
    std::vector<std::string> phrases;
    bool has_marker = false;
    std::string error = ReadAgentCode(body, line.number, ctx, &open, &proto);
    if (error.empty()) error = ReadAgentPhrase(body.substr(0, open), &phrase, &plural);
    if (error.empty()) error = ExpandMarkers(phrase, substitutions, &phrases, &has_marker);
    if (!error.empty()) {
      ctx->Error(line.number, std::move(error));
      continue;
    }
    proto.loc = ctx->Loc(line.number);
    ++read;
    // No plurals are formed for phrases with substitution markers.
    for (const std::string& p : phrases) {
      AddAgent(proto, p, has_marker ? std::optional<std::string_view>("") : plural, line.number,
               ctx, dict);
    }
  }
  return read;
}

void AgentReader::AddAgent(const AgentEntry& proto, std::string_view phrase,
                           std::optional<std::string_view> plural, int line, ParseContext* ctx,
                           AgentDictionary* dict) {
  AgentEntry e = proto;
  e.words = SplitPhrase(phrase, &e.has_gaps);
  if (e.words.empty()) return;
  std::vector<std::string> plural_words;
  if (!plural.has_value()) {
    plural_words = e.words;
    plural_words.back() = RegularPlural(plural_words.back());
  } else if (!plural->empty()) {
    plural_words = SplitPhrase(*plural);
  }
  const uint32_t index = static_cast<uint32_t>(dict->entries_.size());
  if (dict->matcher_.Add(e.words, index)) {
    dict->entries_.push_back(e);
  } else {
    // Written again: the later line wins (PETRARCH-2 overwrites).
    const std::vector<std::string_view> view(e.words.begin(), e.words.end());
    AgentEntry& old = dict->entries_[dict->matcher_.Find(view).value];
    if (!old.plural) {
      ctx->Warning(line, "agent phrase '" + Join(e.words) + "' also at " + old.loc.ToString() +
                             " (this later one wins)");
    }
    old = e;
  }
  if (plural_words.empty()) return;
  AgentEntry pl = proto;
  pl.words = std::move(plural_words);
  pl.has_gaps = e.has_gaps;
  pl.plural = true;
  const uint32_t pi = static_cast<uint32_t>(dict->entries_.size());
  if (dict->matcher_.Add(pl.words, pi)) {
    dict->entries_.push_back(std::move(pl));
  } else {
    // A plural that is also written as an entry of its own is not a mistake; it replaces
    // only another plural.
    const std::vector<std::string_view> view(pl.words.begin(), pl.words.end());
    AgentEntry& old = dict->entries_[dict->matcher_.Find(view).value];
    if (old.plural) old = std::move(pl);
  }
}

// ---------------------------------------------------------------------------------------
// Discards

size_t DiscardReader::Read(std::string_view text, ParseContext* ctx, DiscardDictionary* dict) {
  size_t read = 0;
  for (const Line& line : SplitLines(text, "#", /*html_comments=*/true)) {
    if (ctx->stopped()) return 0;
    std::string_view body = line.body;
    if (body.empty()) continue;
    DiscardEntry e;
    if (body[0] == '+') {
      e.whole_story = true;
      body = Trim(body.substr(1));
    }
    if (body.find_first_of("[]{}") != std::string_view::npos) {
      ctx->Error(line.number, "malformed discard phrase '" + std::string(body) + "'");
      continue;
    }
    e.exact_end = !body.empty() && body.back() == '_';
    e.words = SplitPhrase(body);
    if (e.words.empty()) {
      ctx->Error(line.number, "empty discard phrase");
      continue;
    }
    e.loc = ctx->Loc(line.number);
    ++read;
    const uint32_t index = static_cast<uint32_t>(dict->entries_.size());
    if (AddPhrase(&dict->matcher_, e.words, index, true, "discard phrase", ctx, line.number)) {
      dict->entries_.push_back(std::move(e));
    }
  }
  return read;
}

// ---------------------------------------------------------------------------------------
// Issues

namespace {

// Variants of one blank-separated issue token; each variant is a list of words. Returns
// false (with *error) for an unknown `x:` prefix.
bool ExpandIssueToken(std::string_view token, std::vector<std::vector<std::string>>* out,
                      std::string* error) {
  // `a+b`: the parts joined by a blank (two words) or by `-` (one word).
  std::vector<std::vector<std::string>> part_variants;
  size_t i = 0;
  while (true) {
    const size_t plus = token.find('+', i);
    std::string_view part = token.substr(i, plus == std::string_view::npos ? plus : plus - i);
    std::vector<std::string> variants;
    if (part.size() >= 2 && part[1] == ':') {
      const char kind = part[0];
      const std::string word = LowercaseWord(part.substr(2));
      if (word.empty()) {
        *error = "empty word after '" + std::string(part.substr(0, 2)) + "'";
        return false;
      }
      if (kind == 'n') {
        variants = {word, RegularPlural(word)};
      } else if (kind == 'v') {
        variants = {word};
        for (auto& f : RegularVerbForms(word)) variants.push_back(std::move(f));
      } else {
        *error = "unknown expansion prefix '" + std::string(part.substr(0, 2)) + "'";
        return false;
      }
    } else {
      variants = {LowercaseWord(part)};
    }
    part_variants.push_back(std::move(variants));
    if (plus == std::string_view::npos) break;
    i = plus + 1;
  }
  // Combine parts: each joint is either a word break or a hyphen.
  std::vector<std::vector<std::string>> acc{{}};
  for (size_t p = 0; p < part_variants.size(); ++p) {
    if (acc.size() * part_variants[p].size() * 2 > kMaxExpansions) {
      *error = "expansion too large";
      return false;
    }
    std::vector<std::vector<std::string>> next;
    for (const auto& prefix : acc) {
      for (const std::string& v : part_variants[p]) {
        if (p == 0 || prefix.empty()) {
          auto w = prefix;
          if (!v.empty()) w.push_back(v);
          next.push_back(std::move(w));
          continue;
        }
        auto spaced = prefix;
        if (!v.empty()) spaced.push_back(v);
        next.push_back(std::move(spaced));
        auto hyphen = prefix;
        hyphen.back() += "-" + v;
        next.push_back(std::move(hyphen));
      }
    }
    acc = std::move(next);
    if (acc.size() > kMaxExpansions) {
      *error = "expansion too large";
      return false;
    }
  }
  *out = std::move(acc);
  return true;
}

}  // namespace

size_t IssueReader::Read(std::string_view text, ParseContext* ctx, IssueDictionary* dict) {
  std::string category;
  size_t read = 0;
  for (const Line& line : SplitLines(text, "#", /*html_comments=*/true)) {
    if (ctx->stopped()) return 0;
    std::string_view body = line.body;
    if (body.empty()) continue;
    auto error = [&](std::string msg) { ctx->Error(line.number, std::move(msg)); };
    if (body[0] == '<') {
      if (body.rfind("</ISSUE", 0) == 0) {
        category.clear();
      } else if (body.rfind("<ISSUE", 0) == 0) {
        const size_t key = body.find("CATEGORY=\"");
        const size_t end = key == std::string_view::npos ? key : body.find('"', key + 10);
        if (end == std::string_view::npos) {
          error("<ISSUE> without CATEGORY=\"...\"");
          continue;
        }
        category = std::string(body.substr(key + 10, end - key - 10));
      } else {
        error("unknown tag '" + std::string(body) + "'");
      }
      continue;
    }
    IssueEntry proto;
    proto.category = category;
    proto.loc = ctx->Loc(line.number);
    if (body[0] == '~') {
      proto.ignore = body.size() > 1 && body[1] == '~' ? 2 : 1;
      body = Trim(body.substr(proto.ignore));
    } else {
      const size_t open = body.find('[');
      if (open == std::string_view::npos) {
        // A phrase without a code inside a category takes the category as its code.
        if (category.empty()) {
          error("issue phrase without `[CODE]` outside an <ISSUE> category");
          continue;
        }
        proto.code = category;
      } else {
        const size_t close = body.find(']', open);
        if (close == std::string_view::npos) {
          error("unclosed `[` in issue code");
          continue;
        }
        if (!Trim(body.substr(close + 1)).empty()) {
          error("text after the issue code: '" + std::string(Trim(body.substr(close + 1))) + "'");
          continue;
        }
        const std::string_view code = Trim(body.substr(open + 1, close - open - 1));
        if (code.empty() || !std::all_of(code.begin(), code.end(), IsCodeChar)) {
          error("malformed issue code '[" + std::string(code) + "]'");
          continue;
        }
        proto.code = std::string(code);
        body = Trim(body.substr(0, open));
      }
    }
    if (body.find_first_of("[]{}") != std::string_view::npos) {
      error("malformed issue phrase '" + std::string(body) + "'");
      continue;
    }
    const std::vector<std::string_view> tokens = SplitBlanks(body);
    if (tokens.empty()) {
      error("empty issue phrase");
      continue;
    }
    std::vector<std::vector<std::string>> phrases{{}};
    std::string err;
    for (std::string_view token : tokens) {
      std::vector<std::vector<std::string>> variants;
      if (!ExpandIssueToken(token, &variants, &err)) break;
      // Check the product before building it: each factor is capped, their product is not.
      if (phrases.size() * variants.size() > kMaxExpansions) {
        err = "expansion too large";
        break;
      }
      std::vector<std::vector<std::string>> next;
      for (const auto& p : phrases) {
        for (const auto& v : variants) {
          auto w = p;
          w.insert(w.end(), v.begin(), v.end());
          next.push_back(std::move(w));
        }
      }
      phrases = std::move(next);
      if (phrases.size() > kMaxExpansions) {
        err = "expansion too large";
        break;
      }
    }
    if (!err.empty()) {
      error(err + " in '" + std::string(body) + "'");
      continue;
    }
    ++read;
    bool first = true;
    for (auto& words : phrases) {
      if (words.empty()) continue;
      const uint32_t index = static_cast<uint32_t>(dict->entries_.size());
      // Only the phrase as written warns on a duplicate; expansions may overlap others.
      if (AddPhrase(&dict->matcher_, words, index, first, "issue phrase", ctx, line.number)) {
        IssueEntry e = proto;
        e.words = std::move(words);
        dict->entries_.push_back(std::move(e));
      }
      first = false;
    }
  }
  return read;
}

// ---------------------------------------------------------------------------------------
// Ontology

size_t ReadOntology(std::string_view text, ParseContext* ctx, std::vector<OntologyEntry>* out) {
  size_t read = 0;
  for (const Line& line : SplitLines(text, "#", /*html_comments=*/false)) {
    if (ctx->stopped()) return 0;
    const std::string_view body = line.body;
    if (body.empty()) continue;
    const size_t colon = body.find(':');
    OntologyEntry e;
    e.cameo = std::string(Trim(body.substr(0, colon)));
    const bool code_ok = !e.cameo.empty() &&
                         (e.cameo == "---" || std::all_of(e.cameo.begin(), e.cameo.end(), [](char c) {
                            return c >= '0' && c <= '9';
                          }));
    if (colon == std::string_view::npos || !code_ok) {
      ctx->Error(line.number, "malformed ontology line (expected `CODE:0xHEX...`)");
      continue;
    }
    std::string_view expr = Trim(body.substr(colon + 1));
    bool ok = !expr.empty();
    while (ok && !expr.empty()) {
      int sign = 1;
      if (expr[0] == '+' || expr[0] == '-') {
        sign = expr[0] == '-' ? -1 : 1;
        expr.remove_prefix(1);
      }
      int64_t value = 0;
      size_t n = 0;
      if (expr.size() >= 2 && expr[0] == '0' && (expr[1] == 'x' || expr[1] == 'X')) {
        expr.remove_prefix(2);
        while (n < expr.size() && n < 8 && std::isxdigit(static_cast<unsigned char>(expr[n]))) {
          const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(expr[n])));
          value = value * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
          ++n;
        }
      } else {
        while (n < expr.size() && n < 9 && expr[n] >= '0' && expr[n] <= '9') {
          value = value * 10 + (expr[n] - '0');
          ++n;
        }
      }
      if (n == 0) {
        ok = false;
        break;
      }
      e.terms.push_back(static_cast<int32_t>(sign * value));
      expr = Trim(expr.substr(n));
      if (!expr.empty() && expr[0] != '+' && expr[0] != '-') ok = false;
    }
    if (!ok) {
      ctx->Error(line.number, "malformed ontology value '" + std::string(Trim(body.substr(colon + 1))) + "'");
      continue;
    }
    e.comment = std::string(line.comment);
    e.loc = ctx->Loc(line.number);
    out->push_back(std::move(e));
    ++read;
  }
  return read;
}

}  // namespace dyad::dict
