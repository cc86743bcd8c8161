// Analyzer, CharTables and the vectorizers. Documents are borrowed (str read in place),
// the GIL is released while C++ counts, and matrices come back as capsule-owned arrays.
// Defaults and scikit-learn's checks live in python/newsnlp/tfidf.py.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "bind.hpp"
#include "csr.hpp"
#include "errors.hpp"
#include "newsnlp/analyzer.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/hashing.hpp"
#include "newsnlp/matcher.hpp"
#include "newsnlp/tfidf.hpp"
#include "newsnlp/tokenizer.hpp"
#include "newsnlp/vectorizer.hpp"

namespace py = pybind11;

namespace newsnlp::python {
namespace {

// Arguments are taken as plain py::array / py::object (converted here): pybind11's
// signatures for array_t and pair contain ", ", which the stub test cannot split.
using U32Array = py::array;
using F64Array = py::array;

template <class T>
std::vector<T> to_vector(const py::handle& a) {
  const auto v = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!v) throw py::type_error("expected an array of numbers");
  return std::vector<T>(v.data(), v.data() + v.size());
}

std::vector<char32_t> to_code_points(const U32Array& a) {
  const std::vector<std::uint32_t> v = to_vector<std::uint32_t>(a);
  return std::vector<char32_t>(v.begin(), v.end());
}

CodePointMapping to_mapping(const U32Array& keys, const U32Array& offsets, const U32Array& values) {
  CodePointMapping m;
  m.keys = to_code_points(keys);
  m.offsets = to_vector<std::uint32_t>(offsets);
  m.values = to_code_points(values);
  return m;
}

std::pair<std::int64_t, std::int64_t> to_pair(const py::object& o) {
  const auto t = o.cast<py::sequence>();
  if (t.size() != 2) throw py::type_error("expected a pair");
  return {t[0].cast<std::int64_t>(), t[1].cast<std::int64_t>()};
}

py::str utf8_to_str(std::string_view s) {
  // Features may hold lone surrogates (from Python str input), encoded as Python's
  // "surrogatepass" does; the strict decoder is the fast path.
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), nullptr);
  if (!o) {
    PyErr_Clear();
    o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogatepass");
    if (!o) throw py::error_already_set();
  }
  return py::reinterpret_steal<py::str>(o);
}

py::list feature_names(const CountVectorizer& v) {
  const std::size_t n = v.fitted() || v.options().fixed_vocabulary ? v.n_features() : 0;
  if (n == 0) v.vocabulary();  // NotFitted
  py::list out(n);
  for (std::size_t i = 0; i < n; ++i) {
    PyList_SET_ITEM(out.ptr(), static_cast<Py_ssize_t>(i), utf8_to_str(v.feature(i)).release().ptr());
  }
  return out;
}

py::dict vocabulary_dict(const CountVectorizer& v) {
  const std::size_t n = v.fitted() || v.options().fixed_vocabulary ? v.n_features() : 0;
  if (n == 0) v.vocabulary();  // NotFitted
  py::dict out;
  for (std::size_t i = 0; i < n; ++i) {
    const py::str key = utf8_to_str(v.feature(i));
    PyObject* value = PyLong_FromUnsignedLong(i);
    if (!value) throw py::error_already_set();
    const int failed = PyDict_SetItem(out.ptr(), key.ptr(), value);
    Py_DECREF(value);
    if (failed != 0) throw py::error_already_set();
  }
  return out;
}

template <class T>
py::array_t<T> to_numpy(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

// A FeatureSelector calling a Python function (NumPy's argsort), GIL taken for the call;
// the function is released under the GIL too.
FeatureSelector python_selector(const py::object& fn) {
  if (fn.is_none()) return {};
  auto held = std::shared_ptr<py::object>(new py::object(fn), [](py::object* o) {
    py::gil_scoped_acquire gil;
    delete o;
  });
  return [held](const std::vector<std::int64_t>& counts, std::size_t limit) {
    py::gil_scoped_acquire gil;
    const std::vector<std::int64_t> positions =
        to_vector<std::int64_t>((*held)(to_numpy(counts), limit));
    return std::vector<std::size_t>(positions.begin(), positions.end());
  };
}

// A shared_ptr to the C++ matcher of a Python _core.EntityMatcher (bound with a unique
// holder) that keeps the Python object alive, released under the GIL.
std::shared_ptr<const EntityMatcher> shared_matcher(const py::object& matcher) {
  if (matcher.is_none()) return nullptr;
  const EntityMatcher& m = matcher.cast<const EntityMatcher&>();
  auto keep = std::make_shared<py::object>(matcher);
  return std::shared_ptr<const EntityMatcher>(&m, [keep](const EntityMatcher*) mutable {
    py::gil_scoped_acquire gil;
    keep.reset();
  });
}

DocumentFrequency frequency(double value, bool is_count) {
  return is_count ? DocumentFrequency::count(static_cast<std::int64_t>(value))
                  : DocumentFrequency::fraction(value);
}

CountVectorizerOptions count_options(const Analyzer& analyzer, double max_df, bool max_df_is_count,
                                     double min_df, bool min_df_is_count,
                                     std::size_t max_features, const py::object& select,
                                     const std::optional<std::vector<std::string>>& vocabulary,
                                     bool binary, const std::string& dtype) {
  CountVectorizerOptions o;
  o.analyzer = analyzer.options();
  o.max_df = frequency(max_df, max_df_is_count);
  o.min_df = frequency(min_df, min_df_is_count);
  o.max_features = max_features;
  o.select = python_selector(select);
  if (vocabulary) {
    o.fixed_vocabulary = true;
    o.vocabulary = *vocabulary;
  }
  o.binary = binary;
  o.dtype = parse_scalar_type(dtype);
  return o;
}

TfidfOptions tfidf_options(const std::optional<std::string>& norm, bool use_idf, bool smooth_idf,
                           bool sublinear_tf) {
  TfidfOptions o;
  o.norm = norm ? parse_norm(*norm) : Norm::kNone;
  o.use_idf = use_idf;
  o.smooth_idf = smooth_idf;
  o.sublinear_tf = sublinear_tf;
  return o;
}

// Runs fn(views) with the GIL released on borrowed documents.
template <class Fn>
auto with_documents(const py::list& docs, const py::object& decode, Fn&& fn) {
  std::vector<py::object> keep;
  const std::vector<TextView> views = borrow_documents(docs, decode, keep);
  py::gil_scoped_release release;
  return fn(views);
}

py::array idf_array(const TfidfTransformer& t, bool float32) {
  const std::vector<double> idf = t.idf();
  if (!float32) return to_numpy(idf);
  return to_numpy(std::vector<float>(idf.begin(), idf.end()));
}

void set_idf(TfidfTransformer& t, const F64Array& idf) { t.set_idf(to_vector<double>(idf)); }

// save / to_bytes / load / from_bytes for a vectorizer class; load and from_bytes return
// (vectorizer, meta).
template <class T, class Class>
void bind_io(Class& c) {
  c.def("save", [](const T& self, const std::string& path, const std::string& meta) {
     py::gil_scoped_release release;
     self.save(path, meta);
   }, py::arg("path"), py::arg("meta") = "")
      .def("to_bytes", [](const T& self, const std::string& meta) {
         return py::bytes(self.to_bytes(meta));
       }, py::arg("meta") = "")
      .def_static("load", [](const std::string& path, std::shared_ptr<CharTables> tables) {
         std::string meta;
         std::optional<T> v;
         {
           py::gil_scoped_release release;
           v.emplace(T::load(path, std::move(tables), &meta));
         }
         return py::make_tuple(py::cast(std::move(*v)), py::bytes(meta));
       }, py::arg("path"), py::arg("tables") = nullptr)
      .def_static("from_bytes", [](const py::bytes& data, const std::string& source,
                                   std::shared_ptr<CharTables> tables) {
         std::string meta;
         T v = T::from_bytes(std::string(data), source, std::move(tables), &meta);
         return py::make_tuple(py::cast(std::move(v)), py::bytes(meta));
       }, py::arg("data"), py::arg("source") = "<bytes>", py::arg("tables") = nullptr);
}

#define NEWSNLP_COUNT_ARGS                                                                     \
  py::arg("analyzer"), py::kw_only(), py::arg("max_df") = 1.0,                                \
      py::arg("max_df_is_count") = false, py::arg("min_df") = 1.0,                            \
      py::arg("min_df_is_count") = true, py::arg("max_features") = 0,                         \
      py::arg("select") = py::none(), py::arg("vocabulary") = py::none(),                     \
      py::arg("binary") = false

#define NEWSNLP_DOCS_ARGS py::arg("docs"), py::arg("decode"), py::kw_only(), py::arg("n_jobs") = 1

}  // namespace

void bind_tfidf(py::module_& m) {
  py::class_<CharTables, std::shared_ptr<CharTables>>(m, "CharTables")
      .def(py::init([](const std::string& unicode_version, const U32Array& word,
                       const U32Array& space, const U32Array& cased,
                       const U32Array& case_ignorable, const U32Array& lower_keys,
                       const U32Array& lower_offsets, const U32Array& lower_values,
                       const U32Array& strip_unicode_keys, const U32Array& strip_unicode_offsets,
                       const U32Array& strip_unicode_values, const U32Array& strip_ascii_keys,
                       const U32Array& strip_ascii_offsets, const U32Array& strip_ascii_values) {
             CharTableData d;
             d.unicode_version = unicode_version;
             d.word = to_code_points(word);
             d.space = to_code_points(space);
             d.cased = to_code_points(cased);
             d.case_ignorable = to_code_points(case_ignorable);
             d.lower = to_mapping(lower_keys, lower_offsets, lower_values);
             d.strip_unicode = to_mapping(strip_unicode_keys, strip_unicode_offsets,
                                          strip_unicode_values);
             d.strip_ascii = to_mapping(strip_ascii_keys, strip_ascii_offsets, strip_ascii_values);
             py::gil_scoped_release release;
             return std::make_shared<CharTables>(d);
           }),
           py::kw_only(), py::arg("unicode_version"), py::arg("word"), py::arg("space"),
           py::arg("cased"), py::arg("case_ignorable"), py::arg("lower_keys"),
           py::arg("lower_offsets"), py::arg("lower_values"), py::arg("strip_unicode_keys"),
           py::arg("strip_unicode_offsets"), py::arg("strip_unicode_values"),
           py::arg("strip_ascii_keys"), py::arg("strip_ascii_offsets"),
           py::arg("strip_ascii_values"))
      .def_static("icu", [] { return std::const_pointer_cast<CharTables>(CharTables::icu()); })
      .def_property_readonly("unicode_version", &CharTables::unicode_version);

  py::class_<Analyzer>(m, "Analyzer")
      .def(py::init([](const std::string& analyzer, bool lowercase, const std::string& strip_accents,
                       std::uint32_t min_token_length, std::vector<std::string> stop_words,
                       const py::object& ngram_range, std::shared_ptr<CharTables> tables,
                       std::shared_ptr<Tokenizer> tokenizer, const py::object& entities,
                       const std::string& entity_features) {
             AnalyzerOptions o;
             o.kind = parse_analyzer_kind(analyzer);
             o.lowercase = lowercase;
             o.strip_accents = parse_strip_accents(strip_accents);
             o.min_token_length = min_token_length;
             o.stop_words = std::move(stop_words);
             const auto ngram = to_pair(ngram_range);
             if (ngram.first < 1 || ngram.second < 1 || ngram.first > 0xFFFF || ngram.second > 0xFFFF) {
               throw InvalidArgument("ngram_range values must be in [1, 65535]");
             }
             o.ngram_min = static_cast<std::uint32_t>(ngram.first);
             o.ngram_max = static_cast<std::uint32_t>(ngram.second);
             o.tables = std::move(tables);
             o.tokenizer = std::move(tokenizer);
             o.entities = shared_matcher(entities);
             o.entity_features = parse_entity_features(entity_features);
             py::gil_scoped_release release;  // building tables may take a few ms
             return Analyzer(std::move(o));
           }),
           py::kw_only(), py::arg("analyzer") = "word", py::arg("lowercase") = true,
           py::arg("strip_accents") = "none", py::arg("min_token_length") = 2,
           py::arg("stop_words") = std::vector<std::string>{},
           py::arg_v("ngram_range", py::make_tuple(1, 1), "(1,1)"), py::arg("tables") = nullptr,
           py::arg("tokenizer") = nullptr, py::arg("entities") = py::none(),
           py::arg("entity_features") = "add")
      .def("analyze", [](const Analyzer& self, const py::object& text) {
             std::vector<py::object> keep;
             py::list one;
             one.append(text);
             const std::vector<TextView> views = borrow_documents(one, py::none(), keep);
             std::vector<std::string> features;
             {
               py::gil_scoped_release release;
               features = self.analyze(views[0]);
             }
             py::list out;
             for (const std::string& f : features) out.append(utf8_to_str(f));
             return out;
           }, py::arg("text"));

  py::class_<CountVectorizer> count(m, "CountVectorizer");
  bind_io<CountVectorizer>(count);
  count
      .def(py::init([](const Analyzer& analyzer, double max_df, bool max_df_is_count, double min_df,
                       bool min_df_is_count, std::size_t max_features, const py::object& select,
                       const std::optional<std::vector<std::string>>& vocabulary, bool binary,
                       const std::string& dtype) {
             return CountVectorizer(count_options(analyzer, max_df, max_df_is_count, min_df,
                                                  min_df_is_count, max_features, select, vocabulary,
                                                  binary, dtype));
           }),
           NEWSNLP_COUNT_ARGS, py::arg("dtype") = "int64")
      .def("fit_transform", [](CountVectorizer& self, const py::list& docs, const py::object& decode,
                               int n_jobs) {
             return csr_to_python(with_documents(docs, decode, [&](const auto& views) {
               return self.fit_transform(views, n_jobs, python_interrupted);
             }));
           }, NEWSNLP_DOCS_ARGS)
      .def("fit", [](CountVectorizer& self, const py::list& docs, const py::object& decode,
                     int n_jobs) {
             with_documents(docs, decode, [&](const auto& views) {
               self.fit(views, n_jobs, python_interrupted);
               return 0;
             });
           }, NEWSNLP_DOCS_ARGS)
      .def("transform", [](const CountVectorizer& self, const py::list& docs,
                           const py::object& decode, int n_jobs) {
             return csr_to_python(with_documents(docs, decode, [&](const auto& views) {
               return self.transform(views, n_jobs, python_interrupted);
             }));
           }, NEWSNLP_DOCS_ARGS)
      .def("feature_names", [](const CountVectorizer& self) { return feature_names(self); })
      .def("vocabulary", [](const CountVectorizer& self) { return vocabulary_dict(self); })
      .def("document_frequencies", [](const CountVectorizer& self) {
             return to_numpy(self.document_frequencies());
           })
      .def_property_readonly("n_documents", &CountVectorizer::n_documents)
      .def_property_readonly("n_features", &CountVectorizer::n_features)
      .def("prune", [](const CountVectorizer& self, const py::array& document_frequencies,
                       const py::array& term_counts, std::size_t n_documents) {
             return to_numpy(self.prune(to_vector<std::int64_t>(document_frequencies),
                                    to_vector<std::int64_t>(term_counts), n_documents));
           }, py::arg("document_frequencies"), py::arg("term_counts"), py::arg("n_documents"))
      .def("set_fitted", &CountVectorizer::set_fitted, py::arg("features"),
           py::arg("document_frequencies"), py::arg("n_documents"));

  py::class_<TfidfVectorizer> tfidf(m, "TfidfVectorizer");
  bind_io<TfidfVectorizer>(tfidf);
  tfidf
      .def(py::init([](const Analyzer& analyzer, double max_df, bool max_df_is_count, double min_df,
                       bool min_df_is_count, std::size_t max_features, const py::object& select,
                       const std::optional<std::vector<std::string>>& vocabulary, bool binary,
                       const std::string& dtype, const std::optional<std::string>& norm,
                       bool use_idf, bool smooth_idf, bool sublinear_tf) {
             TfidfVectorizerOptions o;
             o.counts = count_options(analyzer, max_df, max_df_is_count, min_df, min_df_is_count,
                                      max_features, select, vocabulary, binary, dtype);
             o.tfidf = tfidf_options(norm, use_idf, smooth_idf, sublinear_tf);
             return TfidfVectorizer(std::move(o));
           }),
           NEWSNLP_COUNT_ARGS, py::arg("dtype") = "float64", py::arg("norm") = "l2",
           py::arg("use_idf") = true, py::arg("smooth_idf") = true,
           py::arg("sublinear_tf") = false)
      .def("fit_transform", [](TfidfVectorizer& self, const py::list& docs, const py::object& decode,
                               int n_jobs) {
             return csr_to_python(with_documents(docs, decode, [&](const auto& views) {
               return self.fit_transform(views, n_jobs, python_interrupted);
             }));
           }, NEWSNLP_DOCS_ARGS)
      .def("fit", [](TfidfVectorizer& self, const py::list& docs, const py::object& decode,
                     int n_jobs) {
             with_documents(docs, decode, [&](const auto& views) {
               self.fit(views, n_jobs, python_interrupted);
               return 0;
             });
           }, NEWSNLP_DOCS_ARGS)
      .def("transform", [](const TfidfVectorizer& self, const py::list& docs,
                           const py::object& decode, int n_jobs) {
             return csr_to_python(with_documents(docs, decode, [&](const auto& views) {
               return self.transform(views, n_jobs, python_interrupted);
             }));
           }, NEWSNLP_DOCS_ARGS)
      .def("feature_names", [](const TfidfVectorizer& self) {
             return feature_names(self.counts());
           })
      .def("vocabulary", [](const TfidfVectorizer& self) {
             return vocabulary_dict(self.counts());
           })
      .def("document_frequencies", [](const TfidfVectorizer& self) {
             return to_numpy(self.counts().document_frequencies());
           })
      .def_property_readonly("n_documents", [](const TfidfVectorizer& self) {
             return self.counts().n_documents();
           })
      .def_property_readonly("n_features", [](const TfidfVectorizer& self) {
             return self.counts().n_features();
           })
      .def("prune", [](const TfidfVectorizer& self, const py::array& document_frequencies,
                       const py::array& term_counts, std::size_t n_documents) {
             return to_numpy(self.counts().prune(to_vector<std::int64_t>(document_frequencies),
                                    to_vector<std::int64_t>(term_counts), n_documents));
           }, py::arg("document_frequencies"), py::arg("term_counts"), py::arg("n_documents"))
      .def("idf", [](const TfidfVectorizer& self) {
             return idf_array(self.weights(), self.options().counts.dtype == ScalarType::kFloat32);
           })
      .def("set_idf", [](TfidfVectorizer& self, const F64Array& idf) {
             set_idf(self.weights(), idf);
           }, py::arg("idf"))
      .def("set_fitted", [](TfidfVectorizer& self, std::vector<std::string> features,
                            std::vector<std::int64_t> document_frequencies, std::size_t n_documents,
                            const py::object& idf) {
             self.counts().set_fitted(std::move(features), std::move(document_frequencies),
                                      n_documents);
             if (!idf.is_none()) {
               self.weights().set_idf(to_vector<double>(idf));
             } else if (!self.options().tfidf.use_idf) {
               self.weights().fit({}, 0);
             }
           }, py::arg("features"), py::arg("document_frequencies"), py::arg("n_documents"),
           py::arg("idf"));

  py::class_<TfidfTransformer>(m, "TfidfTransformer")
      .def(py::init([](const std::optional<std::string>& norm, bool use_idf, bool smooth_idf,
                       bool sublinear_tf) {
             return TfidfTransformer(tfidf_options(norm, use_idf, smooth_idf, sublinear_tf));
           }),
           py::kw_only(), py::arg("norm") = "l2", py::arg("use_idf") = true,
           py::arg("smooth_idf") = true, py::arg("sublinear_tf") = false)
      .def("fit", [](TfidfTransformer& self, const py::array& df, std::size_t n_documents,
                     bool float32) {
             self.fit(to_vector<std::int64_t>(df), n_documents, float32);
           }, py::arg("document_frequencies"), py::arg("n_documents"), py::arg("float32"))
      .def("idf", [](const TfidfTransformer& self, bool float32) { return idf_array(self, float32); },
           py::arg("float32"))
      .def("set_idf", &set_idf, py::arg("idf"))
      .def("transform", [](const TfidfTransformer& self, const py::array& data,
                           const py::array& indices, const py::array& indptr,
                           const py::object& shape_, py::array out, int n_jobs) {
             const auto shape = to_pair(shape_);
             const FloatCsrView view = csr_from_python(data, indices, indptr, shape.first, shape.second);
             if (!out.writeable() || !(out.flags() & py::array::c_style) ||
                 !out.dtype().is(data.dtype()) || out.size() < data.size()) {
               throw py::type_error("out must be a writable contiguous array like data");
             }
             void* target = out.mutable_data();
             py::gil_scoped_release release;
             std::visit([&](const auto& v) {
               using Scalar = std::remove_const_t<std::remove_pointer_t<decltype(v.values)>>;
               self.transform(v, static_cast<Scalar*>(target), n_jobs);
             }, view);
           }, py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("shape"),
           py::arg("out"), py::kw_only(), py::arg("n_jobs") = 1);

  py::class_<HashingVectorizer> hashing(m, "HashingVectorizer");
  bind_io<HashingVectorizer>(hashing);
  hashing
      .def(py::init([](const Analyzer& analyzer, std::uint32_t n_features, bool binary,
                       const std::optional<std::string>& norm, bool alternate_sign,
                       const std::string& dtype) {
             HashingVectorizerOptions o;
             o.analyzer = analyzer.options();
             o.n_features = n_features;
             o.binary = binary;
             o.norm = norm ? parse_norm(*norm) : Norm::kNone;
             o.alternate_sign = alternate_sign;
             o.dtype = parse_scalar_type(dtype);
             return HashingVectorizer(std::move(o));
           }),
           py::arg("analyzer"), py::kw_only(), py::arg("n_features") = 1u << 20,
           py::arg("binary") = false, py::arg("norm") = "l2", py::arg("alternate_sign") = true,
           py::arg("dtype") = "float64")
      .def("transform", [](const HashingVectorizer& self, const py::list& docs,
                           const py::object& decode, int n_jobs) {
             return csr_to_python(with_documents(docs, decode, [&](const auto& views) {
               return self.transform(views, n_jobs, python_interrupted);
             }));
           }, NEWSNLP_DOCS_ARGS);

  m.def("murmurhash3_32", [](const py::bytes& key, std::uint32_t seed) {
          return murmurhash3_32(std::string_view(key), seed);
        }, py::arg("key"), py::arg("seed") = 0);
}

}  // namespace newsnlp::python
