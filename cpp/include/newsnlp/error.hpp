// Exceptions thrown by newsnlp. Python maps each class to one in newsnlp.errors.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace newsnlp {

// Base of every newsnlp exception.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A parameter or an input value is not acceptable; the message names it and the fix.
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

// Input is not well-formed UTF-8. byte_offset() is the offset of the first bad byte in
// the buffer that was passed in; document() is its index in a batch, or -1 outside one.
class InvalidUtf8 : public InvalidArgument {
 public:
  InvalidUtf8(const std::string& what, std::size_t byte_offset, long long document = -1)
      : InvalidArgument(what), byte_offset_(byte_offset), document_(document) {}
  std::size_t byte_offset() const noexcept { return byte_offset_; }
  long long document() const noexcept { return document_; }

 private:
  std::size_t byte_offset_;
  long long document_;
};

// A model method that needs fit() was called before it.
class NotFitted : public Error {
 public:
  using Error::Error;
};

// Reading or writing a file failed, or a model file is corrupt; path() names the file.
class IoError : public Error {
 public:
  IoError(const std::string& what, std::string path) : Error(what), path_(std::move(path)) {}
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

// A long call was interrupted by its cancellation hook (Ctrl-C in Python).
class Cancelled : public Error {
 public:
  using Error::Error;
};

}  // namespace newsnlp
