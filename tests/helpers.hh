// Shared by the tests: scratch directories and paths into the source tree.
#pragma once

#include "index_writer.hh"
#include "search.hh"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace cqc::test {

inline std::filesystem::path source_dir() {
    return CQC_SOURCE_DIR;
}
inline std::filesystem::path fixtures() {
    return source_dir() / "tests" / "fixtures";
}
inline std::filesystem::path corpus() {
    return source_dir() / "corpus";
}

// A fresh directory removed when the test ends.
class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("cqc-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// An index of `inputs` built once per test run and shared by the read-only
// tests that ask for the same inputs.
inline std::filesystem::path shared_index(const std::vector<std::filesystem::path>& inputs) {
    static std::map<std::vector<std::filesystem::path>, std::unique_ptr<ScratchDir>> built;
    auto& dir = built[inputs];
    if (!dir) {
        dir = std::make_unique<ScratchDir>();
        IndexOptions o;
        o.db = *dir / "db";
        IndexWriter w(o);
        w.add(inputs);
        w.commit();
    }
    return *dir / "db";
}

// One indexing run over `paths`, with what it reported.
struct Run {
    IndexSummary summary;
    std::vector<FileError> errors;
    std::vector<Diagnostic> warnings;
};

inline Run index(const std::filesystem::path& db, const std::vector<std::filesystem::path>& paths,
                 bool prune = false) {
    Run run;
    IndexOptions o;
    o.db = db;
    o.on_error = [&](const FileError& e) { run.errors.push_back(e); };
    o.on_warning = [&](const Diagnostic& d) { run.warnings.push_back(d); };
    IndexWriter w(o);
    if (prune) w.prune();
    if (!paths.empty()) w.add(paths);
    run.summary = w.commit();
    return run;
}

// How many sections match `query` (with `exact`, only its words as typed).
inline Xapian::doccount total(const std::filesystem::path& db, const std::string& query,
                              bool exact = false) {
    Searcher s({db});
    SearchRequest r;
    r.query = query;
    r.words.exact = exact;
    return s.search(r).total;
}

} // namespace cqc::test
