// HTML article extraction (ExtractHtml in input_internal.h) with gumbo, Google's HTML5
// parser, so that broken real-world markup parses as a browser would parse it.
//
// Design. The page is parsed into a tree; one walk collects the metadata (<html lang>,
// <title>, <meta> and <link> tags, the <article>/<main> candidates); a second walk turns
// the chosen subtree into text. The content root is the outermost <article> with the most
// text (a page of teasers has several), else the first <main> (or role="main"), else
// <body>. Boilerplate subtrees are skipped wholesale: script, style, navigation, header,
// footer, aside, forms, menus, figures and embedded media, anything hidden (hidden,
// aria-hidden="true", style display:none) or marked by an ARIA landmark role or a
// conservative list of class/id names (nav, menu, sidebar, share, related, comments, ...).
// Block elements break paragraphs (a blank line between them, which the tokenizer takes as
// a sentence boundary), <br> breaks a line, table cells are separated by a space; runs of
// whitespace, including U+00A0, collapse to one space. Entities are decoded by gumbo.
//
// Robustness. Both walks use explicit stacks, and the tree is never freed with
// gumbo_destroy_output, whose recursion would overflow the stack on a page nested a
// million levels deep: gumbo allocates through a list-linking allocator instead, and the
// whole list is freed at the end.
#include <gumbo.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "input/input_internal.h"

namespace dyad::input::internal {

namespace {

// Every gumbo allocation is linked into a list, so the tree can be freed without walking it.
struct alignas(16) AllocHeader {
  AllocHeader* prev;
  AllocHeader* next;
};

struct AllocList {
  AllocHeader head{&head, &head};
  ~AllocList() {
    AllocHeader* h = head.next;
    while (h != &head) {
      AllocHeader* next = h->next;
      std::free(h);
      h = next;
    }
  }
};

void* ListAlloc(void* userdata, size_t size) {
  auto* list = static_cast<AllocList*>(userdata);
  auto* h = static_cast<AllocHeader*>(std::malloc(sizeof(AllocHeader) + size));
  if (h == nullptr) std::abort();  // out of memory; gumbo cannot handle a failed allocation
  h->next = list->head.next;
  h->prev = &list->head;
  list->head.next->prev = h;
  list->head.next = h;
  return h + 1;
}

void ListFree(void* /*userdata*/, void* p) {
  if (p == nullptr) return;
  AllocHeader* h = static_cast<AllocHeader*>(p) - 1;
  h->prev->next = h->next;
  h->next->prev = h->prev;
  std::free(h);
}

// Paragraph text with collapsed whitespace; breaks are pending until the next text, so
// empty blocks leave no blank lines and the text never starts or ends with whitespace.
class TextBuilder {
 public:
  enum Break : int { kNone = 0, kSpace = 1, kLine = 2, kParagraph = 3 };

  void AddBreak(Break b) { pending_ = std::max(pending_, static_cast<int>(b)); }

  void AddText(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        AddBreak(kSpace);
      } else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
        AddBreak(kSpace);  // U+00A0 NO-BREAK SPACE (&nbsp;)
        ++i;
      } else {
        if (pending_ != kNone && !out_.empty()) {
          out_ += pending_ == kParagraph ? "\n\n" : pending_ == kLine ? "\n" : " ";
        }
        pending_ = kNone;
        out_.push_back(c);
      }
    }
  }

  std::string& text() { return out_; }

 private:
  std::string out_;
  int pending_ = kNone;
};

std::string_view Attr(const GumboNode* node, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a == nullptr ? std::string_view() : std::string_view(a->value);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsSkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_MENU: case GUMBO_TAG_MENUITEM:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL: case GUMBO_TAG_OPTION: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_MAP: case GUMBO_TAG_AREA:
    case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOEMBED:
      return true;
    default:
      return false;
  }
}

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_P: case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP:
      return true;
    default:
      return false;
  }
}

// Class and id names that mark boilerplate on news sites. Whole names only (a class
// "menu-item" is not "menu"), so article markup such as "article-body" is never hit.
bool IsBoilerplateName(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "sidebar",
      "footer", "site-header", "site-footer", "share", "sharing", "social", "social-share",
      "related", "related-articles", "comments", "comment", "advert", "advertisement", "ad",
      "ads", "cookie", "cookies", "cookie-banner", "newsletter", "subscribe", "promo",
      "skip-link", "visually-hidden", "sr-only", "hidden"};
  for (std::string_view n : kNames) {
    if (n == name) return true;
  }
  return false;
}

bool HasBoilerplateName(std::string_view names) {
  const std::string lower = Lower(names);
  size_t i = 0;
  while (i < lower.size()) {
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t' || lower[i] == '\n')) ++i;
    size_t j = i;
    while (j < lower.size() && lower[j] != ' ' && lower[j] != '\t' && lower[j] != '\n') ++j;
    if (j > i && IsBoilerplateName(std::string_view(lower).substr(i, j - i))) return true;
    i = j;
  }
  return false;
}

bool IsSkipped(const GumboNode* node) {
  const GumboTag tag = node->v.element.tag;
  if (IsSkippedTag(tag)) return true;
  if (gumbo_get_attribute(&node->v.element.attributes, "hidden") != nullptr) return true;
  if (Lower(Attr(node, "aria-hidden")) == "true") return true;
  const std::string role = Lower(Attr(node, "role"));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "menu" || role == "menubar" || role == "search" ||
      role == "dialog" || role == "alertdialog") {
    return true;
  }
  std::string style = Lower(Attr(node, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  if (style.find("display:none") != std::string::npos) return true;
  return HasBoilerplateName(Attr(node, "class")) || HasBoilerplateName(Attr(node, "id"));
}

// The text of the subtree at `root` (boilerplate skipped), appended to *builder.
void EmitText(const GumboNode* root, TextBuilder* builder) {
  struct Frame {
    const GumboNode* node;
    unsigned child;
  };
  std::vector<Frame> stack;
  stack.push_back({root, 0});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboNode* node = f.node;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      builder->AddText(node->v.text.text);
      stack.pop_back();
      continue;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
        node->type != GUMBO_NODE_TEMPLATE) {
      stack.pop_back();  // comments
      continue;
    }
    const bool element = node->type == GUMBO_NODE_ELEMENT;
    const GumboTag tag = element ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    if (f.child == 0) {
      // Entering.
      if (element && node != root && IsSkipped(node)) {
        stack.pop_back();
        continue;
      }
      if (element) {
        if (tag == GUMBO_TAG_BR) builder->AddBreak(TextBuilder::kLine);
        if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) builder->AddBreak(TextBuilder::kSpace);
        if (IsBlockTag(tag)) builder->AddBreak(TextBuilder::kParagraph);
      }
    }
    if (f.child < children.length) {
      const auto* child = static_cast<const GumboNode*>(children.data[f.child]);
      ++f.child;
      stack.push_back({child, 0});  // invalidates f
      continue;
    }
    // Leaving.
    if (element) {
      if (IsBlockTag(tag)) builder->AddBreak(TextBuilder::kParagraph);
      if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) builder->AddBreak(TextBuilder::kSpace);
    }
    stack.pop_back();
  }
}

// What the metadata walk finds.
struct PageInfo {
  std::vector<const GumboNode*> articles;  // outermost <article>s
  const GumboNode* main = nullptr;
  const GumboNode* body = nullptr;
  std::string title_tag, og_title, twitter_title, canonical, og_url, site_name, lang;
  // Date candidates in priority order (index = priority).
  std::vector<std::string> dates = std::vector<std::string>(4);
  std::vector<const GumboNode*> times;  // <time datetime> elements, document order
};

// Priority of a <meta> key as a publication date, or -1.
int DatePriority(const std::string& key) {
  if (key == "article:published_time" || key == "og:published_time" ||
      key == "article:published") {
    return 0;
  }
  if (key == "datepublished" || key == "pubdate" || key == "publishdate" ||
      key == "publish-date" || key == "publish_date" || key == "published_time" ||
      key == "parsely-pub-date" || key == "sailthru.date" || key == "article.published") {
    return 1;
  }
  if (key == "date" || key == "dc.date" || key == "dc.date.issued" || key == "dcterms.date" ||
      key == "dcterms.issued" || key == "dcterms.created" || key == "dc.date.created") {
    return 2;
  }
  return -1;
}

void CollectInfo(const GumboNode* root, PageInfo* info) {
  std::vector<std::pair<const GumboNode*, int>> stack;  // node, number of enclosing articles
  stack.push_back({root, 0});
  while (!stack.empty()) {
    const auto [node, in_article] = stack.back();
    stack.pop_back();
    const GumboVector* children;
    int depth = in_article;
    if (node->type == GUMBO_NODE_DOCUMENT) {
      children = &node->v.document.children;
    } else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      children = &node->v.element.children;
      const GumboTag tag = node->v.element.tag;
      switch (tag) {
        case GUMBO_TAG_HTML:
          if (info->lang.empty()) info->lang = std::string(Attr(node, "lang"));
          break;
        case GUMBO_TAG_BODY:
          if (info->body == nullptr) info->body = node;
          break;
        case GUMBO_TAG_TITLE:
          if (info->title_tag.empty()) {
            TextBuilder b;
            EmitText(node, &b);
            info->title_tag = std::move(b.text());
          }
          break;
        case GUMBO_TAG_ARTICLE:
          if (in_article == 0) info->articles.push_back(node);
          ++depth;
          break;
        case GUMBO_TAG_MAIN:
          if (info->main == nullptr) info->main = node;
          break;
        case GUMBO_TAG_META: {
          std::string key = Lower(Attr(node, "property"));
          if (key.empty()) key = Lower(Attr(node, "name"));
          if (key.empty()) key = Lower(Attr(node, "itemprop"));
          const std::string_view content = Attr(node, "content");
          if (key == "og:title" && info->og_title.empty()) info->og_title = content;
          if (key == "twitter:title" && info->twitter_title.empty()) {
            info->twitter_title = content;
          }
          if (key == "og:url" && info->og_url.empty()) info->og_url = content;
          if (key == "og:site_name" && info->site_name.empty()) info->site_name = content;
          const int p = DatePriority(key);
          if (p >= 0 && info->dates[p].empty()) info->dates[p] = content;
          break;
        }
        case GUMBO_TAG_LINK:
          if (Lower(Attr(node, "rel")) == "canonical" && info->canonical.empty()) {
            info->canonical = Attr(node, "href");
          }
          break;
        case GUMBO_TAG_TIME:
          if (!Attr(node, "datetime").empty()) {
            if (Lower(Attr(node, "itemprop")) == "datepublished" && info->dates[1].empty()) {
              info->dates[1] = Attr(node, "datetime");
            }
            info->times.push_back(node);
          }
          break;
        default:
          if (info->main == nullptr && Lower(Attr(node, "role")) == "main") info->main = node;
          break;
      }
    } else {
      continue;
    }
    // Children pushed in reverse so they pop in document order.
    for (unsigned i = children->length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children->data[i]), depth});
    }
  }
}

bool Contains(const GumboNode* ancestor, const GumboNode* node) {
  for (; node != nullptr; node = node->parent) {
    if (node == ancestor) return true;
  }
  return false;
}

std::string CollapseSpace(std::string_view s) {
  TextBuilder b;
  b.AddText(s);
  return std::move(b.text());
}

// Elements that never nest (void), are closed by their next sibling (optional end tags)
// or cannot contain themselves.
bool NeverNests(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
      "track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option",
      "optgroup", "!doctype",
      // A start tag of these closes an open one of the same kind (or is ignored).
      "a", "button", "nobr", "form", "h1", "h2", "h3", "h4", "h5", "h6"};
  for (std::string_view n : kNames) {
    if (n == name) return true;
  }
  return false;
}

// An estimate of the deepest element nesting of `html`, without parsing it: start tags
// minus matching end tags, per element name, skipping comments and the raw text of
// script/style. It can overcount sloppy markup (an unclosed <span> that a </p> closes) but
// not undercount it much, which is what a guard needs.
size_t EstimateNesting(std::string_view html) {
  std::unordered_map<std::string, size_t> open;
  size_t depth = 0, max_depth = 0;
  size_t i = 0;
  std::string name;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    i = lt + 1;
    if (html.compare(lt, 4, "<!--") == 0) {
      const size_t end = html.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    const bool close = i < html.size() && html[i] == '/';
    if (close) ++i;
    name.clear();
    while (i < html.size() && name.size() < 32) {
      char c = html[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '!')) break;
      name.push_back(c);
      ++i;
    }
    if (name.empty() || NeverNests(name)) continue;
    if (close) {
      auto it = open.find(name);
      if (it != open.end() && it->second > 0) {
        --it->second;
        --depth;
      }
      continue;
    }
    if (name == "script" || name == "style" || name == "textarea" || name == "title" ||
        name == "xmp") {
      // Raw text: skip to its end tag.
      const std::string end_tag = "</" + name;
      size_t end = i;
      for (;;) {
        end = html.find("</", end);
        if (end == std::string_view::npos) return max_depth;
        std::string tag(html.substr(end, end_tag.size()));
        for (char& c : tag) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        if (tag == end_tag) break;
        end += 2;
      }
      i = end + end_tag.size();
      continue;
    }
    ++open[name];
    max_depth = std::max(max_depth, ++depth);
  }
  return max_depth;
}

}  // namespace

bool ExtractHtml(std::string_view html, HtmlArticle* out) {
  *out = HtmlArticle();
  // gumbo checks element scopes by walking the stack of open elements, so its time grows
  // with the square of the nesting depth: a page of 300,000 nested <div>s takes hours.
  // Browsers cap the depth too (Blink at 512 for the parser).
  if (EstimateNesting(html) > kMaxHtmlNesting) return false;
  AllocList allocations;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = ListAlloc;
  options.deallocator = ListFree;
  options.userdata = &allocations;
  options.max_errors = 0;  // parse errors are not needed; do not collect them
  const GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  if (output == nullptr) return true;

  PageInfo info;
  CollectInfo(output->document, &info);

  // The content root: the <article> with the most text, else <main>, else <body>.
  const GumboNode* root = nullptr;
  for (const GumboNode* article : info.articles) {
    TextBuilder b;
    EmitText(article, &b);
    if (b.text().size() > out->text.size()) {
      out->text = std::move(b.text());
      root = article;
    }
  }
  if (root == nullptr) {
    root = info.main != nullptr ? info.main : info.body;
    if (root == nullptr) root = output->document;
    TextBuilder b;
    EmitText(root, &b);
    out->text = std::move(b.text());
  }

  out->title = CollapseSpace(!info.og_title.empty()       ? info.og_title
                             : !info.title_tag.empty()    ? info.title_tag
                                                          : info.twitter_title);
  for (const std::string& d : info.dates) {
    if (!d.empty() && NormalizeDateTime(d, &out->date)) break;
  }
  if (out->date.empty()) {
    // A <time datetime> inside the article first, then anywhere.
    for (int pass = 0; pass < 2 && out->date.empty(); ++pass) {
      for (const GumboNode* t : info.times) {
        if (pass == 0 && !Contains(root, t)) continue;
        if (NormalizeDateTime(Attr(t, "datetime"), &out->date)) break;
      }
    }
  }
  out->url = !info.canonical.empty() ? info.canonical : info.og_url;
  out->source = CollapseSpace(info.site_name);
  out->lang = info.lang;
  // No gumbo_destroy_output: `allocations` frees the tree when it goes out of scope.
  return true;
}

}  // namespace dyad::input::internal
