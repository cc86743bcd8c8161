// Exceptions are header-only; this unit anchors the library's error vtables.
#include "newsnlp/error.hpp"
