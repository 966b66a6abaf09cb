// Reader of PETRARCH verb dictionaries (CAMEO.2.0.txt and the PETRARCH-1 format of
// PETR.Validate.verbs.txt, which share one line syntax).
//
// A verb file is a sequence of lines, each classified by its first character:
//   &NAME            starts a synonym set; following `+phrase` lines are its members
//   --- NAME [c] --- starts a verb block; following plain or `+` lines are its verbs
//   - pattern [c]    a pattern of the current block
//   ~ a (b c V) W = d e CODE   a transformation
// Everything after `#` or `;` is a comment. Synset references are resolved after the
// whole file is read (so a synset may be used before its definition, which PETRARCH-1
// files do), and synsets are expanded iteratively with a three-colour walk so a cycle is
// reported instead of followed. A pattern naming an undefined synset is reported and
// dropped, as PETRARCH ignores such patterns.
#include <algorithm>
#include <numeric>
#include <utility>

#include "dict/readers.h"

namespace dyad::dict {
namespace {

// A parsed pattern waiting for its synset references to be resolved.
struct PendingPattern {
  VerbPattern pattern;
};

bool IsSpecial(std::string_view piece, PatternToken::Kind* kind) {
  if (piece == "*") { *kind = PatternToken::Kind::kVerb; return true; }
  if (piece == "$") { *kind = PatternToken::Kind::kSource; return true; }
  if (piece == "+") { *kind = PatternToken::Kind::kTarget; return true; }
  if (piece == "%") { *kind = PatternToken::Kind::kCompound; return true; }
  if (piece == "^") { *kind = PatternToken::Kind::kSkip; return true; }
  return false;
}

std::string SynsetKey(std::string_view name) {
  std::string key = Uppercase(name);
  if (!key.empty() && key[0] == '&') key.erase(0, 1);
  while (!key.empty() && key.back() == '_') key.pop_back();
  return key;
}

// Parses the part of a pattern line between `-` and `[`. Returns an error message, or ""
// on success.
std::string ParsePattern(std::string_view text, VerbPattern* p) {
  enum class Group { kNone, kNoun, kPrep, kPrepNoun };
  Group group = Group::kNone;
  bool seen_verb = false;
  std::vector<PatternConstituent>* side = &p->before;
  PatternConstituent current;

  auto add_token = [&](PatternToken token) -> std::string {
    if (token.kind == PatternToken::Kind::kVerb) {
      if (group != Group::kNone) return "`*` inside a phrase group";
      if (seen_verb) return "more than one `*` in a pattern";
      seen_verb = true;
      if (!p->before.empty() && p->before.back().tokens.back().joined_to_next) {
        p->verb_joined_left = true;
        p->before.back().tokens.back().joined_to_next = false;
      }
      p->verb_joined_right = token.joined_to_next;
      side = &p->after;
      return "";
    }
    if (group == Group::kNone) {
      PatternConstituent c;
      c.kind = PatternConstituent::Kind::kToken;
      c.tokens.push_back(std::move(token));
      side->push_back(std::move(c));
    } else {
      current.tokens.push_back(std::move(token));
    }
    return "";
  };

  auto add_chunk = [&](std::string_view chunk) -> std::string {
    size_t i = 0;
    while (i < chunk.size()) {
      if (chunk[i] == '_') {
        ++i;
        continue;
      }
      size_t e = i;
      while (e < chunk.size() && chunk[e] != '_') ++e;
      const std::string_view piece = chunk.substr(i, e - i);
      PatternToken token;
      token.joined_to_next = e < chunk.size();
      if (IsSpecial(piece, &token.kind)) {
      } else if (piece[0] == '&') {
        if (piece.size() == 1) return "`&` without a synset name";
        token.kind = PatternToken::Kind::kSynset;
        token.word = SynsetKey(piece);
        if (token.word.empty()) return "`&` without a synset name";
      } else {
        token.kind = PatternToken::Kind::kWord;
        token.word = LowercaseWord(piece);
      }
      if (std::string err = add_token(std::move(token)); !err.empty()) return err;
      i = e;
    }
    return "";
  };

  auto close_group = [&]() {
    if (!current.tokens.empty()) current.tokens.back().joined_to_next = false;
    side->push_back(std::move(current));
    current = PatternConstituent();
  };

  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (IsBlank(c)) {
      ++i;
      continue;
    }
    if (c == '(') {
      if (group != Group::kNone) return "`(` inside a phrase group";
      group = Group::kPrep;
      current = PatternConstituent();
      current.kind = PatternConstituent::Kind::kPrepPhrase;
      ++i;
      continue;
    }
    if (c == ')') {
      if (group != Group::kPrep) return "unbalanced `)`";
      if (current.tokens.empty()) return "empty `()` group";
      close_group();
      group = Group::kNone;
      ++i;
      continue;
    }
    if (c == '{') {
      if (group == Group::kNoun || group == Group::kPrepNoun) return "`{` inside `{...}`";
      if (group == Group::kPrep) {
        if (current.tokens.empty()) return "`{` where a preposition is expected";
        current.object_braced = true;
        group = Group::kPrepNoun;
      } else {
        group = Group::kNoun;
        current = PatternConstituent();
        current.kind = PatternConstituent::Kind::kNounPhrase;
      }
      ++i;
      continue;
    }
    if (c == '}') {
      if (group == Group::kPrepNoun) {
        if (current.tokens.size() < 2) return "empty `{}` group";
        group = Group::kPrep;
      } else if (group == Group::kNoun) {
        if (current.tokens.empty()) return "empty `{}` group";
        close_group();
        group = Group::kNone;
      } else {
        return "unbalanced `}`";
      }
      ++i;
      continue;
    }
    size_t e = i;
    while (e < text.size() && !IsBlank(text[e]) && text[e] != '(' && text[e] != ')' &&
           text[e] != '{' && text[e] != '}') {
      ++e;
    }
    if (std::string err = add_chunk(text.substr(i, e - i)); !err.empty()) return err;
    i = e;
  }
  if (group != Group::kNone) return "unclosed phrase group";
  if (!seen_verb) return "pattern without `*`";
  int specificity = 0;
  for (const auto* constituents : {&p->before, &p->after}) {
    for (const PatternConstituent& c : *constituents) {
      for (const PatternToken& t : c.tokens) {
        specificity += t.kind == PatternToken::Kind::kWord || t.kind == PatternToken::Kind::kSynset;
      }
    }
  }
  p->specificity = specificity;
  return "";
}

size_t TokenCount(const VerbPattern& p) {
  size_t n = 0;
  for (const auto& c : p.before) n += c.tokens.size();
  for (const auto& c : p.after) n += c.tokens.size();
  return n;
}

size_t SynsetCount(const VerbPattern& p) {
  size_t n = 0;
  for (const auto* constituents : {&p.before, &p.after}) {
    for (const PatternConstituent& c : *constituents) {
      for (const PatternToken& t : c.tokens) n += t.kind == PatternToken::Kind::kSynset;
    }
  }
  return n;
}

// Splits a verb phrase `+CORDON_OFF`, `WIRE_+TAP`, `LASH OUT` into words and the index of
// the verb word (the `+`-marked one; the first when none is marked).
bool ParseVerbPhrase(std::string_view phrase, VerbForm* form, std::string* error) {
  form->words.clear();
  form->verb_word = 0;
  int marked = -1;
  size_t i = 0;
  while (i < phrase.size()) {
    if (IsBlank(phrase[i]) || phrase[i] == '_') {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < phrase.size() && !IsBlank(phrase[e]) && phrase[e] != '_') ++e;
    std::string_view piece = phrase.substr(i, e - i);
    if (piece[0] == '+') {
      if (marked >= 0) {
        *error = "more than one `+` verb word in '" + std::string(phrase) + "'";
        return false;
      }
      marked = static_cast<int>(form->words.size());
      piece.remove_prefix(1);
    }
    if (piece.empty() || piece.find_first_of("+[]{}()&*$%^") != std::string_view::npos) {
      *error = "malformed verb '" + std::string(phrase) + "'";
      return false;
    }
    form->words.push_back(LowercaseWord(piece));
    i = e;
  }
  if (form->words.empty()) {
    *error = "empty verb";
    return false;
  }
  form->verb_word = marked < 0 ? 0 : static_cast<uint32_t>(marked);
  return true;
}

}  // namespace

// One verb file's reading, phase by phase (VerbReader::Read is the table of contents).
// A member of VerbReader, so it may fill the dictionary's private tables.
struct VerbReader::FileReader {
  enum class Mode { kNone, kSynset, kBlock };

  FileReader(ParseContext* context, VerbDictionary* dictionary)
      : ctx(context),
        dict(dictionary),
        first_synset(dictionary->synsets_.size()),
        first_block(dictionary->blocks_.size()) {}
  void Error(const Line& line, std::string msg) { ctx->Error(line.number, std::move(msg)); }

  // Phase 1, a line at a time (by its first character and the current section).
  void ReadLine(const Line& line);
  void ReadSynsetHeader(const Line& line);
  void ReadBlockHeader(const Line& line);
  void ReadTransformation(const Line& line);
  void ReadPattern(const Line& line);
  void ReadSynsetMember(const Line& line);
  void ReadVerbMember(const Line& line);
  // Phases 2-7, after the last line. The bool ones return false when the context stopped.
  void SetFormat(LoadOptions::VerbFormatChoice format_choice);
  bool ExpandSynsets();
  void CompileSynsets();
  bool ResolvePatterns();
  void OrderPatterns();
  void IndexVerbForms();

  ParseContext* ctx;
  VerbDictionary* dict;
  const size_t first_synset;  // synsets and blocks before these come from earlier files
  const size_t first_block;
  Mode mode = Mode::kNone;  // the section the current line is in
  int32_t synset = -1;      // the current synset (Mode::kSynset)
  std::vector<PendingPattern> pending;
  bool saw_groups = false;  // a pattern used `(...)` or `{...}`: PETRARCH-2 format
  size_t added = 0;         // patterns kept
};

size_t VerbReader::Read(std::string_view text, LoadOptions::VerbFormatChoice format_choice,
                        ParseContext* ctx, VerbDictionary* dict) {
  FileReader reader(ctx, dict);
  const std::vector<Line> lines = SplitLines(text, "#;", /*html_comments=*/true);
  for (const Line& line : lines) {
    if (ctx->stopped()) return 0;
    if (!line.body.empty()) reader.ReadLine(line);
  }
  reader.SetFormat(format_choice);
  if (!reader.ExpandSynsets()) return 0;
  reader.CompileSynsets();
  if (!reader.ResolvePatterns()) return 0;
  reader.OrderPatterns();
  reader.IndexVerbForms();
  return reader.added;
}

void VerbReader::FileReader::ReadLine(const Line& line) {
  const std::string_view body = line.body;
  if (body[0] == '&') return ReadSynsetHeader(line);
  if (body.substr(0, 3) == "---") return ReadBlockHeader(line);
  if (body[0] == '~') return ReadTransformation(line);
  if (body[0] == '-') return ReadPattern(line);
  if (mode == Mode::kSynset) return ReadSynsetMember(line);
  if (mode != Mode::kBlock) {
    Error(line, "line outside a verb block or synset: '" + std::string(body) + "'");
    return;
  }
  ReadVerbMember(line);
}

// `&NAME`: opens (or reopens, merging) a synset.
void VerbReader::FileReader::ReadSynsetHeader(const Line& line) {
  const std::string_view body = line.body;
  const std::string_view name = Trim(body);
  if (name.find_first_of(" \t") != std::string_view::npos || SynsetKey(name).empty()) {
    Error(line, "malformed synset label '" + std::string(body) + "'");
    mode = Mode::kNone;
    return;
  }
  const std::string key = SynsetKey(name);
  auto it = dict->synset_index_.find(key);
  if (it != dict->synset_index_.end()) {
    ctx->Warning(line.number, "synset &" + key + " defined again (first at " +
                                  dict->synsets_[it->second].loc.ToString() +
                                  "); members are merged");
    synset = it->second;
  } else {
    Synset s;
    s.name = key;
    s.plurals = name.back() != '_';
    s.loc = ctx->Loc(line.number);
    synset = static_cast<int32_t>(dict->synsets_.size());
    dict->synset_index_.emplace(key, synset);
    dict->synsets_.push_back(std::move(s));
  }
  mode = Mode::kSynset;
}

// `--- NAME [code] ---`: opens a verb block.
void VerbReader::FileReader::ReadBlockHeader(const Line& line) {
  const std::string_view body = line.body;
  std::string_view h = body;
  while (!h.empty() && h.front() == '-') h.remove_prefix(1);
  while (!h.empty() && h.back() == '-') h.remove_suffix(1);
  h = Trim(h);
  VerbBlock block;
  block.loc = ctx->Loc(line.number);
  const size_t open = h.find('[');
  block.name = std::string(Trim(h.substr(0, open)));
  if (open != std::string_view::npos) {
    const size_t close = h.find(']', open);
    // `[110]---  ---` (no blank before the closing dashes) occurs in CAMEO.2.0.txt.
    std::string_view after = close == std::string_view::npos ? "" : h.substr(close + 1);
    while (!after.empty() && (after.front() == '-' || IsBlank(after.front()))) {
      after.remove_prefix(1);
    }
    if (close == std::string_view::npos || !after.empty() ||
        !ParseEventCode(h.substr(open + 1, close - open - 1), &block.code)) {
      Error(line, "malformed code in verb block header '" + std::string(body) + "'");
      block.code = EventCode();
    }
  }
  if (block.name.empty() || block.name.find_first_of("[]{}") != std::string::npos) {
    Error(line, "verb block header without a name: '" + std::string(body) + "'");
  }
  dict->blocks_.push_back(std::move(block));
  mode = Mode::kBlock;
}

// `~ a (b c VERB) VERB = d e CODE`: a transformation.
void VerbReader::FileReader::ReadTransformation(const Line& line) {
  const std::string_view body = line.body;
  std::string spaced;
  for (char c : body.substr(1)) {
    if (c == '(' || c == ')' || c == '=') {
      spaced += ' ';
      spaced += c;
      spaced += ' ';
    } else {
      spaced += c;
    }
  }
  std::vector<std::string> t;
  for (std::string_view piece : SplitBlanks(spaced)) t.emplace_back(piece);
  if (t.size() != 11 || t[1] != "(" || t[5] != ")" || t[7] != "=") {
    Error(line, "malformed transformation (expected `~ a (b c VERB) VERB = d e CODE`)");
    return;
  }
  Transformation tr{t[0], t[2], t[3], t[4], t[6], t[8], t[9], t[10], ctx->Loc(line.number)};
  dict->transformations_.push_back(std::move(tr));
}

// `- PATTERN [code] # comment`: a pattern of the current block (its synsets are
// resolved after the whole file is read).
void VerbReader::FileReader::ReadPattern(const Line& line) {
  const std::string_view body = line.body;
  if (mode != Mode::kBlock) {
    Error(line, "pattern outside a verb block");
    return;
  }
  const size_t open = body.rfind('[');
  const size_t close = open == std::string_view::npos ? open : body.find(']', open);
  if (open == std::string_view::npos || close == std::string_view::npos) {
    Error(line, "pattern without a `[code]`");
    return;
  }
  if (!Trim(body.substr(close + 1)).empty()) {
    Error(line, "text after the pattern code: '" + std::string(Trim(body.substr(close + 1))) + "'");
    return;
  }
  PendingPattern pp;
  VerbPattern& p = pp.pattern;
  p.block = static_cast<uint32_t>(dict->blocks_.size() - 1);
  p.loc = ctx->Loc(line.number);
  p.comment = std::string(line.comment);
  if (!ParseEventCode(body.substr(open + 1, close - open - 1), &p.code)) {
    Error(line, "malformed pattern code '" + std::string(body.substr(open, close - open + 1)) + "'");
    return;
  }
  const std::string_view pattern_text = Trim(body.substr(1, open - 1));
  p.text = std::string(pattern_text);
  if (pattern_text.find_first_of("({") != std::string_view::npos) saw_groups = true;
  if (std::string err = ParsePattern(pattern_text, &p); !err.empty()) {
    Error(line, err + ": '" + std::string(pattern_text) + "'");
    return;
  }
  pending.push_back(std::move(pp));
}

// `+PHRASE` or `+&SYNSET`: a member of the current synset.
void VerbReader::FileReader::ReadSynsetMember(const Line& line) {
  const std::string_view body = line.body;
  if (body[0] != '+') {
    Error(line, "synset member without `+`: '" + std::string(body) + "'");
    return;
  }
  const std::string_view member = Trim(body.substr(1));
  Synset& s = dict->synsets_[synset];
  if (!member.empty() && member[0] == '&') {
    const std::string key = SynsetKey(member);
    if (key.empty() || member.find_first_of(" \t") != std::string_view::npos) {
      Error(line, "malformed synset reference '" + std::string(member) + "'");
      return;
    }
    s.phrases.push_back({"&" + key});
    s.no_plural.push_back(1);
    return;
  }
  std::vector<std::string> words = SplitPhrase(member);
  if (words.empty() || member.find_first_of("[]{}()*$%^&") != std::string_view::npos) {
    Error(line, "malformed synset member '" + std::string(member) + "'");
    return;
  }
  s.phrases.push_back(std::move(words));
  s.no_plural.push_back(member.back() == '_');
}

// A verb member of the current block: PHRASE [{forms}] [[code]].
void VerbReader::FileReader::ReadVerbMember(const Line& line) {
  const std::string_view body = line.body;
    VerbMember m;
  m.block = static_cast<uint32_t>(dict->blocks_.size() - 1);
  m.loc = ctx->Loc(line.number);
  const size_t brace = body.find('{');
  const size_t bracket = body.find('[');
  const size_t phrase_end = std::min(brace, bracket);
  VerbForm base;
  std::string err;
  if (!ParseVerbPhrase(body.substr(0, phrase_end), &base, &err)) {
    Error(line, err);
    return;
  }
  std::string_view rest = phrase_end == std::string_view::npos ? "" : body.substr(phrase_end);
  std::vector<VerbForm> forms{base};
  bool irregular = false;
  if (!rest.empty() && rest[0] == '{') {
    const size_t close = rest.find('}');
    if (close == std::string_view::npos) {
      Error(line, "unclosed `{` in verb forms");
      return;
    }
    irregular = true;
    const std::string_view inside = rest.substr(1, close - 1);
    bool bad = false;
    for (std::string_view piece : SplitBlanks(inside)) {
      VerbForm f;
      if (!ParseVerbPhrase(piece, &f, &err)) {
        bad = true;
        break;
      }
      if (f.words.size() == base.words.size() && piece.find('+') == std::string_view::npos) {
        f.verb_word = base.verb_word;
      }
      forms.push_back(std::move(f));
    }
    if (bad) {
      Error(line, err);
      return;
    }
    rest = Trim(rest.substr(close + 1));
  }
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos || !Trim(rest.substr(close + 1)).empty() ||
        !ParseEventCode(rest.substr(1, close - 1), &m.code)) {
      Error(line, "malformed verb code '" + std::string(rest) + "'");
      return;
    }
    m.has_own_code = true;
    rest = {};
  }
  if (!rest.empty()) {
    Error(line, "unexpected text after verb: '" + std::string(rest) + "'");
    return;
  }
  if (!m.has_own_code) m.code = dict->blocks_.back().code;
  if (!irregular) {
    for (const std::string& inflected : RegularVerbForms(base.words[base.verb_word])) {
      VerbForm f = base;
      f.words[f.verb_word] = inflected;
      f.generated = true;
      forms.push_back(std::move(f));
    }
  }
  m.forms = std::move(forms);
  dict->blocks_.back().members.push_back(static_cast<uint32_t>(dict->members_.size()));
  dict->members_.push_back(std::move(m));
}

// Format of this file.
void VerbReader::FileReader::SetFormat(LoadOptions::VerbFormatChoice format_choice) {
  VerbFormat format = VerbFormat::kPetrarch2;
  switch (format_choice) {
    case LoadOptions::VerbFormatChoice::kPetrarch1: format = VerbFormat::kPetrarch1; break;
    case LoadOptions::VerbFormatChoice::kPetrarch2: format = VerbFormat::kPetrarch2; break;
    case LoadOptions::VerbFormatChoice::kAuto:
      format = saw_groups || pending.empty() ? VerbFormat::kPetrarch2 : VerbFormat::kPetrarch1;
      break;
  }
  if (first_block == 0 && first_synset == 0) {
    dict->format_ = format;
  } else if (dict->format_ != format) {
    ctx->Warning(0, "verb file format differs from the first verb file's; using the first's");
  }
}

// Expand the new synsets (and re-expand merged old ones) iteratively. Colour: 0 = not
// expanded, 1 = on the walk stack, 2 = done.
bool VerbReader::FileReader::ExpandSynsets() {
  std::vector<uint8_t> colour(dict->synsets_.size(), 0);
  // Synsets of earlier verb files are final (members merged into them by a later file
  // are kept in `phrases` but not re-expanded).
  for (size_t s = 0; s < first_synset; ++s) colour[s] = 2;
  std::vector<uint8_t> on_cycle(dict->synsets_.size(), 0);
  for (size_t root = first_synset; root < dict->synsets_.size(); ++root) {
    if (ctx->stopped()) return false;
    if (colour[root] != 0) continue;
    // Stack of (synset, next member index).
    std::vector<std::pair<size_t, size_t>> stack{{root, 0}};
    colour[root] = 1;
    while (!stack.empty()) {
      auto& [s, next] = stack.back();
      Synset& syn = dict->synsets_[s];
      bool descended = false;
      while (next < syn.phrases.size()) {
        const auto& phrase = syn.phrases[next];
        if (phrase.size() == 1 && !phrase[0].empty() && phrase[0][0] == '&') {
          auto it = dict->synset_index_.find(phrase[0].substr(1));
          if (it == dict->synset_index_.end()) {
            ctx->Error(syn.loc.line, "synset &" + syn.name + " uses undefined synset " + phrase[0]);
            ++next;
            continue;
          }
          const size_t child = static_cast<size_t>(it->second);
          if (colour[child] == 1) {
            ctx->Error(syn.loc.line, "synset cycle: &" + syn.name + " includes " + phrase[0] +
                                         ", which includes &" + syn.name +
                                         " directly or indirectly");
            on_cycle[s] = 1;
            on_cycle[child] = 1;
            ++next;
            continue;
          }
          if (colour[child] == 0) {
            colour[child] = 1;
            stack.emplace_back(child, 0);
            descended = true;
            break;
          }
        }
        ++next;
      }
      if (descended) continue;
      // All children done: this synset's own phrases, the synsets it includes and its
      // longest phrase. The included synsets are shared, not copied (see Synset::own).
      std::vector<std::vector<std::string>> own;
      std::vector<int32_t> includes;
      uint32_t max_words = 0;
      bool child_on_cycle = false;
      for (size_t i = 0; i < syn.phrases.size(); ++i) {
        const auto& phrase = syn.phrases[i];
        if (phrase.size() == 1 && !phrase[0].empty() && phrase[0][0] == '&') {
          auto it = dict->synset_index_.find(phrase[0].substr(1));
          if (it == dict->synset_index_.end()) continue;
          if (on_cycle[it->second]) child_on_cycle = true;
          includes.push_back(it->second);
          max_words = std::max(max_words, dict->synsets_[it->second].max_words);
          continue;
        }
        own.push_back(phrase);
        max_words = std::max(max_words, static_cast<uint32_t>(phrase.size()));
        if (syn.plurals && !syn.no_plural[i]) {
          std::vector<std::string> plural = phrase;
          plural.back() = RegularPlural(plural.back());
          own.push_back(std::move(plural));
        }
      }
      if (on_cycle[s] || child_on_cycle) {
        on_cycle[s] = 1;
        own.clear();
        includes.clear();
        max_words = 0;
        syn.valid = false;
      }
      std::sort(includes.begin(), includes.end());  // each once
      includes.erase(std::unique(includes.begin(), includes.end()), includes.end());
      syn.own = std::move(own);
      syn.includes = std::move(includes);
      syn.max_words = max_words;
      colour[s] = 2;
      stack.pop_back();
    }
  }
  return true;
}

// Compile each new synset's expansion for SynsetContains()/SynsetMatch().
void VerbReader::FileReader::CompileSynsets() {
  dict->synset_matchers_.resize(dict->synsets_.size());
  for (size_t s = first_synset; s < dict->synsets_.size(); ++s) {
    for (const auto& phrase : dict->synsets_[s].own) {
      if (!phrase.empty()) dict->synset_matchers_[s].Add(phrase, 0);
    }
  }
}

// Resolve pattern synsets; drop patterns with undefined ones.
bool VerbReader::FileReader::ResolvePatterns() {
  for (PendingPattern& pp : pending) {
    if (ctx->stopped()) return false;
    VerbPattern& p = pp.pattern;
    std::string undefined;
    for (auto* side : {&p.before, &p.after}) {
      for (PatternConstituent& c : *side) {
        for (PatternToken& t : c.tokens) {
          if (t.kind != PatternToken::Kind::kSynset) continue;
          auto it = dict->synset_index_.find(t.word);
          if (it == dict->synset_index_.end()) {
            if (undefined.empty()) undefined = t.word;
          } else {
            t.synset = it->second;
          }
        }
      }
    }
    if (!undefined.empty()) {
      ctx->Error(p.loc.line, "pattern uses undefined synset &" + undefined + "; pattern ignored");
      continue;
    }
    dict->blocks_[p.block].patterns.push_back(static_cast<uint32_t>(dict->patterns_.size()));
    dict->patterns_.push_back(std::move(p));
    ++added;
  }
  return true;
}

// Order each new block's patterns: most specific first, then more tokens, then fewer
// synsets (a literal word is narrower than a synset: "MISSILE *" before "&WEAPON *"),
// then file order.
void VerbReader::FileReader::OrderPatterns() {
  for (size_t b = first_block; b < dict->blocks_.size(); ++b) {
    auto& order = dict->blocks_[b].patterns;
    std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      const VerbPattern& a = dict->patterns_[x];
      const VerbPattern& c = dict->patterns_[y];
      if (a.specificity != c.specificity) return a.specificity > c.specificity;
      if (TokenCount(a) != TokenCount(c)) return TokenCount(a) > TokenCount(c);
      return SynsetCount(a) < SynsetCount(c);
    });
  }
}

// Verb-form index for the new members.
void VerbReader::FileReader::IndexVerbForms() {
  for (size_t b = first_block; b < dict->blocks_.size(); ++b) {
    for (uint32_t m : dict->blocks_[b].members) {
      const VerbMember& member = dict->members_[m];
      for (size_t f = 0; f < member.forms.size(); ++f) {
        const VerbForm& form = member.forms[f];
        auto& refs = dict->verb_index_[form.words[form.verb_word]];
        const VerbFormRef ref{static_cast<uint32_t>(b), m, static_cast<uint32_t>(f)};
        // The same member can list a form twice (`{}` repeating a generated form).
        bool duplicate = false;
        for (const VerbFormRef& r : refs) {
          const VerbMember& other = dict->members_[r.member];
          duplicate |= r.member == m && other.forms[r.form].words == form.words;
          // A verb written in two blocks: legal, but the coder must choose (PETRARCH-2
          // kept the last block), so say so.
          if (f == 0 && r.form == 0 && r.block != b && other.forms[0].words == form.words) {
            ctx->Warning(member.loc.line,
                         "verb '" + form.words[form.verb_word] + "' of block " +
                             dict->blocks_[b].name + " is also in block " +
                             dict->blocks_[r.block].name + " (" + other.loc.ToString() + ")");
          }
        }
        if (!duplicate) refs.push_back(ref);
      }
    }
  }
}

}  // namespace dyad::dict
