// The web page's files, compiled into the binary (src/serve/CMakeLists.txt embeds every
// file of web/dist/, the output of `npm run build` in web/, with the assembler's .incbin).
// When web/dist/ did not exist at build time (no npm), the only file is an index.html
// that says how to build the page; the JSON API works either way.
// Thread-safety: immutable data.
#ifndef DYAD_SERVE_ASSETS_H_
#define DYAD_SERVE_ASSETS_H_

#include <cstddef>
#include <span>
#include <string_view>

namespace dyad::serve {

struct Asset {
  std::string_view path;  // "/index.html", "/assets/index.js"
  std::string_view data;
};

// Every embedded file.
std::span<const Asset> EmbeddedAssets();
// True when the files are a built page (web/dist existed), false for the message page.
bool HaveWebBundle();

}  // namespace dyad::serve

#endif  // DYAD_SERVE_ASSETS_H_
