// EntityMatcher. Mentions leave as int64 arrays of rows (start, end, entity) with
// code-point offsets; newsnlp/matcher.py builds Mention objects, frames and matrices.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>

#include "bind.hpp"
#include "errors.hpp"
#include "detail/parallel.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/matcher.hpp"
#include "offsets.hpp"

namespace py = pybind11;

namespace newsnlp::python {
namespace {

MatchMode parse_mode(const std::string& mode) {
  if (mode == "longest") return MatchMode::kLongest;
  if (mode == "overlapping") return MatchMode::kOverlapping;
  throw InvalidArgument("mode must be 'longest' or 'overlapping' (got '" + mode + "')");
}

StopWordAliases parse_stop_words(const std::string& policy) {
  if (policy == "skip") return StopWordAliases::kSkip;
  if (policy == "capitalized") return StopWordAliases::kCapitalized;
  if (policy == "keep") return StopWordAliases::kKeep;
  throw InvalidArgument("stop_words must be 'skip', 'capitalized' or 'keep' (got '" + policy + "')");
}

const char* stop_words_name(StopWordAliases policy) {
  switch (policy) {
    case StopWordAliases::kSkip: return "skip";
    case StopWordAliases::kCapitalized: return "capitalized";
    case StopWordAliases::kKeep: return "keep";
  }
  return "skip";
}

// Mentions with code-point offsets: start, end, entity per mention. Needs no GIL.
struct Rows {
  std::vector<std::int64_t> values;  // 3 per mention
};

void to_rows(std::string_view utf8, bool ascii, const std::vector<Mention>& mentions, Rows& out) {
  const std::size_t base = out.values.size();
  out.values.reserve(base + 3 * mentions.size());
  for (const Mention& x : mentions) out.values.insert(out.values.end(), {x.span.begin, x.span.end, x.entity});
  if (ascii || mentions.empty()) return;
  // Leftmost-longest mentions do not overlap (an ambiguous alias repeats its span), so
  // their offsets never decrease: one walk.
  bool ordered = true;
  for (std::size_t k = 1; k < mentions.size() && ordered; ++k) {
    const ByteSpan& a = mentions[k - 1].span;
    const ByteSpan& b = mentions[k].span;
    ordered = a.end <= b.begin || (a.begin == b.begin && a.end == b.end);
  }
  if (ordered) {
    CodePointCursor cursor(utf8);
    for (std::size_t k = 0; k < mentions.size(); ++k) {
      std::int64_t* row = out.values.data() + base + 3 * k;
      if (k > 0 && mentions[k].span.begin == mentions[k - 1].span.begin) {
        row[0] = row[-3];  // the same span again
        row[1] = row[-2];
      } else {
        row[0] = cursor(mentions[k].span.begin);
        row[1] = cursor(mentions[k].span.end);
      }
    }
    return;
  }
  // Overlapping mentions: starts never decrease but ends may, so convert the sorted
  // distinct offsets once and look each one up.
  std::vector<std::uint32_t> offsets;
  offsets.reserve(2 * mentions.size());
  for (const Mention& x : mentions) offsets.insert(offsets.end(), {x.span.begin, x.span.end});
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  std::vector<std::uint32_t> code_points = offsets;
  bytes_to_code_points(utf8, code_points);
  for (std::size_t i = base; i < out.values.size(); i += 3) {
    for (std::size_t k = i; k < i + 2; ++k) {
      const auto it = std::lower_bound(offsets.begin(), offsets.end(), static_cast<std::uint32_t>(out.values[k]));
      out.values[k] = code_points[static_cast<std::size_t>(it - offsets.begin())];
    }
  }
}

py::array_t<std::int64_t> rows_array(const std::vector<std::int64_t>& values) {
  py::array_t<std::int64_t> a({static_cast<py::ssize_t>(values.size() / 3), py::ssize_t{3}});
  std::copy(values.begin(), values.end(), a.mutable_data());
  return a;
}


py::array_t<std::int64_t> find_one(const EntityMatcher& self, const py::handle& text,
                                   const std::string& mode, const std::string& errors) {
  const MatchMode m = parse_mode(mode);
  const BorrowedText borrowed = borrow_text(text, parse_errors(errors));
  Rows rows;
  {
    py::gil_scoped_release release;
    to_rows(borrowed.utf8, borrowed.ascii, self.find(borrowed.utf8, m), rows);
  }
  return rows_array(rows.values);
}

// Returns (indptr, rows): the mentions of text i are rows[indptr[i]:indptr[i + 1]].
py::tuple find_many(const EntityMatcher& self, const py::sequence& texts, const std::string& mode,
                    int n_jobs, const std::string& errors, long long first_index) {
  const MatchMode m = parse_mode(mode);
  const Errors e = parse_errors(errors);
  const std::size_t n = texts.size();
  const BorrowedBatch batch = borrow_batch(texts, e, first_index);
  const std::vector<BorrowedText>& borrowed = batch.texts;
  const std::vector<std::string_view>& views = batch.views;
  std::vector<Rows> rows(n);
  {
    py::gil_scoped_release release;
    // Every text is a str's UTF-8 (borrow_text checked sizes): find_batch need not check,
    // and raises nothing but Cancelled.
    std::vector<std::vector<Mention>> found =
        self.find_batch(views, m, n_jobs, python_interrupted, InputCheck::kAssumeValid);
    const unsigned threads = detail::resolve_jobs(n_jobs);
    detail::parallel_for(n, threads, std::max<std::size_t>(1, n / (16 * threads)), [&](std::size_t i) {
      to_rows(views[i], borrowed[i].ascii, found[i], rows[i]);
      std::vector<Mention>().swap(found[i]);
    });
  }
  py::array_t<std::int64_t> indptr(static_cast<py::ssize_t>(n + 1));
  std::int64_t* p = indptr.mutable_data();
  p[0] = 0;
  for (std::size_t i = 0; i < n; ++i) p[i + 1] = p[i] + static_cast<std::int64_t>(rows[i].values.size() / 3);
  py::array_t<std::int64_t> all({static_cast<py::ssize_t>(p[n]), py::ssize_t{3}});
  std::int64_t* at = all.mutable_data();
  for (const Rows& r : rows) at = std::copy(r.values.begin(), r.values.end(), at);
  return py::make_tuple(indptr, all);
}

py::dict options_dict(const EntityMatcher& self) {
  const MatcherOptions& o = self.options();
  const TokenizerOptions& t = o.tokenizer;
  py::dict tokenizer;
  tokenizer["lang"] = t.lang;
  tokenizer["normalization"] = t.norm.normalization == Normalization::kNFKC ? "NFKC"
                               : t.norm.normalization == Normalization::kNFC ? "NFC" : "none";
  tokenizer["lowercase"] = t.norm.lowercase;
  tokenizer["fold_accents"] = t.norm.fold_accents;
  tokenizer["unify_punctuation"] = t.norm.unify_punctuation;
  tokenizer["fold_arabic"] = t.norm.fold_arabic;
  tokenizer["split_elisions"] = t.split_elisions;
  tokenizer["split_clitics"] = t.split_clitics;
  tokenizer["sentences"] = t.sentences;
  tokenizer["builtin_stop_words"] = t.builtin_stop_words;
  tokenizer["stop_words"] = t.stop_words;
  tokenizer["abbreviations"] = t.abbreviations;
  py::dict d;
  d["tokenizer"] = tokenizer;
  d["fold_accents"] = o.fold_accents;
  d["stop_words"] = stop_words_name(o.policy.stop_words);
  d["min_length"] = o.policy.min_length;
  d["exact_case_max_length"] = o.policy.exact_case_max_length;
  d["exact_case_acronyms"] = o.policy.exact_case_acronyms;
  d["require_capitalized"] = o.policy.require_capitalized;
  d["common_words"] = o.policy.common_words;
  return d;
}

}  // namespace

void bind_matcher(py::module_& m) {
  py::class_<EntityMatcher>(m, "EntityMatcher")
      .def(py::init([](const Gazetteer& gazetteer, const Tokenizer& tokenizer, bool fold_accents,
                       const std::string& stop_words, std::uint32_t min_length,
                       std::uint32_t exact_case_max_length, bool exact_case_acronyms,
                       bool require_capitalized, std::vector<std::string> common_words, int n_jobs) {
             MatcherOptions o;
             o.tokenizer = tokenizer.options();
             o.fold_accents = fold_accents;
             o.policy.stop_words = parse_stop_words(stop_words);
             o.policy.min_length = min_length;
             o.policy.exact_case_max_length = exact_case_max_length;
             o.policy.exact_case_acronyms = exact_case_acronyms;
             o.policy.require_capitalized = require_capitalized;
             o.policy.common_words = std::move(common_words);
             py::gil_scoped_release release;
             return std::make_unique<EntityMatcher>(gazetteer, std::move(o), n_jobs);
           }),
           py::arg("gazetteer"), py::arg("tokenizer"), py::kw_only(), py::arg("fold_accents") = true,
           py::arg("stop_words") = "skip", py::arg("min_length") = 3,
           py::arg("exact_case_max_length") = 3, py::arg("exact_case_acronyms") = true,
           py::arg("require_capitalized") = false,
           py::arg("common_words") = std::vector<std::string>{}, py::arg("n_jobs") = 1)
      .def("find", &find_one, py::arg("text"), py::kw_only(), py::arg("mode") = "longest",
           py::arg("errors") = "strict", "Rows (start, end, entity), code points, shape (n, 3).")
      .def("find_batch", &find_many, py::arg("texts"), py::kw_only(), py::arg("mode") = "longest",
           py::arg("n_jobs") = 1, py::arg("errors") = "strict", py::arg("first_index") = 0,
           "(indptr, rows): text i has rows[indptr[i]:indptr[i + 1]].")
      .def("entity_count", &EntityMatcher::entity_count)
      .def("entities", [](const EntityMatcher& self) {
             std::vector<std::string_view> ids, names, types;
             for (std::size_t e = 0; e < self.entity_count(); ++e) {
               ids.push_back(self.id(e));
               names.push_back(self.name(e));
               types.push_back(self.type(e));
             }
             return py::make_tuple(py::cast(ids), py::cast(names), py::cast(types));
           }, "(ids, names, types) in entity order.")
      .def("skipped_aliases", [](const EntityMatcher& self) {
             py::list out;
             for (const SkippedAlias& s : self.skipped_aliases()) {
               out.append(py::make_tuple(s.entity, s.alias, to_string(s.reason)));
             }
             return out;
           }, "(entity index, alias, reason) per skipped alias.")
      .def("stats", [](const EntityMatcher& self) {
             const MatcherStats& s = self.stats();
             py::dict d;
             d["aliases"] = s.aliases;
             d["compiled"] = s.compiled;
             d["exact_case"] = s.exact_case;
             d["capitalized"] = s.capitalized;
             d["skipped"] = s.skipped;
             d["nodes"] = s.nodes;
             d["vocabulary"] = s.vocabulary;
             return d;
           })
      .def("options", &options_dict)
      .def("memory_bytes", &EntityMatcher::memory_bytes)
      .def("to_bytes", [](const EntityMatcher& self) {
             std::string data;
             {
               py::gil_scoped_release release;
               data = self.to_bytes();
             }
             return py::bytes(data);
           })
      .def_static("from_bytes", [](const py::bytes& data, const std::string& source) {
             std::string bytes = data;
             py::gil_scoped_release release;
             return EntityMatcher::from_bytes(std::move(bytes), source);
           }, py::arg("data"), py::kw_only(), py::arg("source") = "<bytes>")
      .def("save", [](const EntityMatcher& self, const std::string& path) {
             py::gil_scoped_release release;
             self.save(path);
           }, py::arg("path"))
      .def_static("load", [](const std::string& path) {
             py::gil_scoped_release release;
             return EntityMatcher::load(path);
           }, py::arg("path"));
}

}  // namespace newsnlp::python
