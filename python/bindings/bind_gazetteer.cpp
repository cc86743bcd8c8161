// Gazetteer: records from Python (already reduced to str tuples by newsnlp/gazetteer.py),
// CSV/TSV files, and flat lists back for frames and pickling.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bind.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/gazetteer.hpp"

namespace py = pybind11;

namespace newsnlp::python {
namespace {

std::string location(const std::string& source, std::size_t line) {
  return source.empty() ? "record " + std::to_string(line) + ": "
                        : source + ":" + std::to_string(line) + ": ";
}

// Adds records (id, name, type, aliases), aliases being (text, case) pairs. Errors name
// `source` and the record's line (lines[i], or i without lines). With skip_bad_rows,
// bad records are appended to bad_rows() and the rest goes on. Returns how many were
// rejected.
std::size_t add_records(Gazetteer& self, const py::sequence& records, const std::string& source,
                        const std::vector<std::size_t>& lines, bool skip_bad_rows) {
  if (!lines.empty() && lines.size() != records.size()) {
    throw InvalidArgument("lines must have one entry per record");
  }
  std::size_t rejected = 0;
  std::vector<std::string> texts;
  std::vector<AliasSpec> specs;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::size_t line = lines.empty() ? i : lines[i];
    const py::tuple record = records[i].cast<py::tuple>();
    if (record.size() != 4) throw InvalidArgument(location(source, line) + "a record has 4 fields");
    const auto id = record[0].cast<std::string>();
    const auto name = record[1].cast<std::string>();
    const auto type = record[2].cast<std::string>();
    const auto aliases = record[3].cast<std::vector<std::pair<std::string, std::string>>>();
    try {
      texts.clear();
      specs.clear();
      texts.reserve(aliases.size());
      for (const auto& a : aliases) texts.push_back(a.first);
      for (std::size_t k = 0; k < aliases.size(); ++k) {
        specs.push_back(AliasSpec{texts[k], parse_alias_case(aliases[k].second)});
      }
      self.add(id, name, type, specs);
    } catch (const InvalidArgument& e) {
      if (!skip_bad_rows) throw InvalidArgument(location(source, line) + e.what());
      self.bad_rows().push_back(BadRow{line, location(source, line) + e.what()});
      ++rejected;
    }
  }
  return rejected;
}

}  // namespace

void bind_gazetteer(py::module_& m) {
  py::class_<Gazetteer>(m, "Gazetteer")
      .def(py::init<>())
      .def("add_records", &add_records, py::arg("records"), py::kw_only(), py::arg("source") = "",
           py::arg("lines") = std::vector<std::size_t>{}, py::arg("skip_bad_rows") = false)
      .def_static("from_csv", [](const std::string& path, const std::string& delimiter,
                                 const std::string& alias_separator, bool skip_bad_rows) {
             if (delimiter.size() > 1 || alias_separator.size() != 1) {
               throw InvalidArgument("delimiter and alias_separator must be one character");
             }
             CsvOptions o;
             o.delimiter = delimiter.empty() ? 0 : delimiter[0];
             o.alias_separator = alias_separator[0];
             o.skip_bad_rows = skip_bad_rows;
             py::gil_scoped_release release;
             return Gazetteer::from_csv(path, o);
           },
           py::arg("path"), py::kw_only(), py::arg("delimiter") = "", py::arg("alias_separator") = "|",
           py::arg("skip_bad_rows") = false)
      .def("merge", &Gazetteer::merge, py::arg("other"))
      .def("copy", [](const Gazetteer& self) {
             Gazetteer g;
             g.merge(self);
             return g;
           })
      .def("__len__", &Gazetteer::size)
      .def("alias_count", &Gazetteer::alias_count)
      .def("find", [](const Gazetteer& self, const std::string& id) {
             const std::size_t e = self.find(id);
             return e == static_cast<std::size_t>(-1) ? -1LL : static_cast<long long>(e);
           }, py::arg("id"))
      .def("entity", [](const Gazetteer& self, std::size_t e) {
             if (e >= self.size()) throw py::index_error("entity index out of range");
             return py::make_tuple(py::str(std::string(self.id(e))), py::str(std::string(self.name(e))),
                                   py::str(std::string(self.type(e))));
           }, py::arg("index"))
      .def("entities", [](const Gazetteer& self) {
             std::vector<std::string_view> ids, names, types;
             for (std::size_t e = 0; e < self.size(); ++e) {
               ids.push_back(self.id(e));
               names.push_back(self.name(e));
               types.push_back(self.type(e));
             }
             return py::make_tuple(py::cast(ids), py::cast(names), py::cast(types));
           }, "(ids, names, types) in entity order.")
      .def("aliases", [](const Gazetteer& self) {
             std::vector<std::string_view> texts;
             std::vector<std::size_t> entities;
             std::vector<std::string> cases;
             for (std::size_t k = 0; k < self.alias_count(); ++k) {
               texts.push_back(self.alias(k));
               entities.push_back(self.alias_entity(k));
               cases.emplace_back(to_string(self.alias_case(k)));
             }
             return py::make_tuple(py::cast(texts), py::cast(entities), py::cast(cases));
           }, "(texts, entity indices, cases) of the aliases, names not included.")
      .def("aliases_of", [](const Gazetteer& self, std::size_t e) {
             if (e >= self.size()) throw py::index_error("entity index out of range");
             std::vector<std::string_view> texts;
             for (std::size_t k = 0; k < self.alias_count(); ++k) {
               if (self.alias_entity(k) == e) texts.push_back(self.alias(k));
             }
             return texts;
           }, py::arg("index"), "The aliases of one entity (a scan over all aliases).")
      .def("bad_rows", [](const Gazetteer& self) {
             std::vector<std::pair<std::size_t, std::string>> out;
             for (const BadRow& r : self.bad_rows()) out.emplace_back(r.line, r.message);
             return out;
           })
      .def("memory_bytes", &Gazetteer::memory_bytes);
}

}  // namespace newsnlp::python
