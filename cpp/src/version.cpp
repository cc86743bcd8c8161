#include "newsnlp/version.hpp"

#include <unicode/uchar.h>

#include <cstdio>

namespace newsnlp {

const char* version() noexcept { return NEWSNLP_VERSION_STRING; }

const char* unicode_version() noexcept {
  // Formatted once; ICU's version never changes within a process.
  static const char* const text = [] {
    static char buffer[16];
    UVersionInfo v;
    u_getUnicodeVersion(v);
    std::snprintf(buffer, sizeof buffer, "%d.%d", v[0], v[1]);
    return buffer;
  }();
  return text;
}

}  // namespace newsnlp
