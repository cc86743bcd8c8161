#pragma once

namespace newsnlp {

// The library version ("major.minor.patch"), equal to CMake's project(VERSION).
const char* version() noexcept;

// The Unicode version of the linked ICU ("15.0", "16.0", ...): segmentation and
// normalization follow it.
const char* unicode_version() noexcept;

}  // namespace newsnlp
