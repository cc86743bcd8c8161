// Gazetteer::from_csv: an RFC 4180 reader that knows the line of every record, so that each
// error names "path:line".
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "newsnlp/error.hpp"
#include "newsnlp/gazetteer.hpp"

namespace newsnlp {
namespace {

// A malformed record: `line` is where it starts.
struct CsvError {
  std::size_t line;
  std::string message;
  bool fatal;  // nothing after it can be read (an unterminated quote)
};

class CsvReader {
 public:
  CsvReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  // Reads the next non-blank record into `fields`; false at the end. Throws CsvError, after
  // which the next call resumes at the following line.
  bool next(std::vector<std::string>& fields, std::size_t& line) {
    while (pos_ < text_.size() && at_blank_line()) skip_line();
    if (pos_ >= text_.size()) return false;
    line = line_;
    fields.clear();
    for (;;) {
      fields.emplace_back();
      std::string& field = fields.back();
      if (pos_ < text_.size() && text_[pos_] == '"') {
        read_quoted(field, line);
      } else {
        read_plain(field, line);
      }
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_];
      if (c == delimiter_) {
        ++pos_;
        continue;
      }
      skip_line();  // at '\r' or '\n'
      return true;
    }
  }

 private:
  bool at_blank_line() const {
    for (std::size_t i = pos_; i < text_.size() && text_[i] != '\n'; ++i) {
      if (text_[i] != ' ' && text_[i] != '\t' && text_[i] != '\r') return false;
      if (text_[i] == '\t' && delimiter_ == '\t') return false;
    }
    return true;
  }

  void skip_line() {
    const std::size_t nl = text_.find('\n', pos_);
    pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
    ++line_;
  }

  void read_plain(std::string& field, std::size_t line) {
    const std::size_t begin = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == delimiter_ || c == '\n' || (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) {
        break;
      }
      if (c == '"') {
        skip_line();
        throw CsvError{line, "bad quoting: '\"' inside an unquoted field (quote the field and double the quote)", false};
      }
      ++pos_;
    }
    field.assign(text_.data() + begin, pos_ - begin);
  }

  void read_quoted(std::string& field, std::size_t line) {
    ++pos_;  // opening quote
    for (;;) {
      const std::size_t q = text_.find('"', pos_);
      if (q == std::string_view::npos) {
        pos_ = text_.size();
        throw CsvError{line, "bad quoting: the quoted field opened on this line is never closed", true};
      }
      const std::string_view piece = text_.substr(pos_, q - pos_);
      line_ += static_cast<std::size_t>(std::count(piece.begin(), piece.end(), '\n'));
      field.append(piece.data(), piece.size());
      pos_ = q + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is one quote
        field.push_back('"');
        ++pos_;
        continue;
      }
      break;
    }
    if (pos_ < text_.size()) {
      const char c = text_[pos_];
      const bool crlf = c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n';
      if (c != delimiter_ && c != '\n' && !crlf) {
        skip_line();
        throw CsvError{line, "bad quoting: text after the closing quote of a field", false};
      }
    }
  }

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower_trimmed(std::string s) {
  const std::size_t b = s.find_first_not_of(" \t\r");
  const std::size_t e = s.find_last_not_of(" \t\r");
  s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

void split_aliases(const std::string& field, char separator, std::vector<AliasSpec>& out) {
  out.clear();
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = field.find(separator, begin);
    const std::string_view piece =
        std::string_view(field).substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    if (!piece.empty()) out.push_back(AliasSpec{piece, AliasCase::kAuto});
    if (end == std::string::npos) break;
    begin = end + 1;
  }
}

}  // namespace

Gazetteer Gazetteer::from_csv_text(std::string_view text, const std::string& source,
                                   const CsvOptions& options) {
  const char delimiter = options.delimiter != 0
      ? options.delimiter
      : (ends_with(source, ".tsv") || ends_with(source, ".tab") ? '\t' : ',');
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
    throw InvalidArgument("delimiter must not be a quote or a line break");
  }
  Gazetteer g;
  CsvReader reader(text, delimiter);
  std::vector<std::string> fields;
  std::size_t line = 1;
  auto where = [&](std::size_t at) { return source + ":" + std::to_string(at) + ": "; };

  bool has_header = false;
  try {
    has_header = reader.next(fields, line);
  } catch (const CsvError& e) {
    throw InvalidArgument(where(e.line) + "cannot read the header: " + e.message);
  }
  if (!has_header) throw InvalidArgument(where(1) + "empty file: expected a header id,name,type,aliases");
  constexpr std::size_t kMissing = static_cast<std::size_t>(-1);
  std::size_t col_id = kMissing, col_name = kMissing, col_type = kMissing, col_aliases = kMissing;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string h = lower_trimmed(fields[i]);
    std::size_t* slot = h == "id" ? &col_id : h == "name" ? &col_name : h == "type" ? &col_type
                      : h == "aliases" ? &col_aliases : nullptr;
    if (slot && *slot == kMissing) *slot = i;
  }
  if (col_id == kMissing || col_name == kMissing) {
    std::string got;
    for (const std::string& f : fields) got += (got.empty() ? "" : ",") + f.substr(0, 40);
    throw InvalidArgument(where(line) + "the header must name the columns id and name (and may name "
                          "type and aliases); got '" + got.substr(0, 200) + "'" +
                          (delimiter == ',' ? " (for a TSV file pass delimiter='\\t')" : ""));
  }
  const std::size_t columns = fields.size();

  std::vector<AliasSpec> aliases;
  auto bad = [&](std::size_t at, const std::string& message) {
    if (!options.skip_bad_rows) throw InvalidArgument(where(at) + message);
    g.bad_rows_.push_back(BadRow{at, where(at) + message});
  };
  for (;;) {
    try {
      if (!reader.next(fields, line)) break;
    } catch (const CsvError& e) {
      bad(e.line, e.message);
      if (e.fatal) break;
      continue;
    }
    if (fields.size() != columns) {
      bad(line, "wrong column count: expected " + std::to_string(columns) + " fields, got " +
                    std::to_string(fields.size()));
      continue;
    }
    if (col_aliases != kMissing) {
      split_aliases(fields[col_aliases], options.alias_separator, aliases);
    } else {
      aliases.clear();
    }
    try {
      g.add(fields[col_id], fields[col_name], col_type != kMissing ? fields[col_type] : "", aliases);
    } catch (const InvalidArgument& e) {
      bad(line, e.what());
    }
  }
  return g;
}

Gazetteer Gazetteer::from_csv(const std::string& path, const CsvOptions& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw IoError("cannot read gazetteer file '" + path + "': it is a directory", path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot open gazetteer file '" + path + "'", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw IoError("cannot read gazetteer file '" + path + "'", path);
  return from_csv_text(buffer.str(), path, options);
}

}  // namespace newsnlp
