// libFuzzer target: arbitrary query strings through parsing and a real
// search of an index of the bundled corpus. A QueryError is a correct
// answer; anything else escaping is a bug.
#include "index_writer.hh"
#include "search.hh"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>

namespace {
std::unique_ptr<cqc::Searcher> searcher;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    auto db = std::filesystem::temp_directory_path() / "cqc-fuzz-query-db";
    std::filesystem::remove_all(db);
    cqc::IndexOptions o;
    o.db = db;
    cqc::IndexWriter writer(o);
    writer.add({std::filesystem::path(CQC_SOURCE_DIR) / "corpus"});
    writer.commit();
    searcher = std::make_unique<cqc::Searcher>(std::vector<std::filesystem::path>{db});
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    cqc::SearchRequest request;
    request.query.assign(reinterpret_cast<const char*>(data), size);
    request.facets = size % 2 == 0;
    request.passages = size % 3 == 0;
    try {
        searcher->search(request);
    } catch (const cqc::QueryError&) {
    }
    return 0;
}
