// Writes reports into a Xapian database. One IndexWriter is one run and one
// transaction: nothing is visible to readers until commit(), and a crash
// before it leaves the database as it was.
#pragma once

#include "database_files.hh"
#include "report.hh"
#include "report_loader.hh"
#include "source_registry.hh"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cqc {

struct IndexProgress {
    size_t sources_done = 0;
    size_t sources_total = 0;
    uintmax_t bytes = 0;
    double seconds = 0;
};

// A report's content signature (report_identity.hh), made when first asked
// for, once, whichever thread asks: only when a second report claims the
// same id. Making it for every report took a twentieth of a first build's
// time (600 councils, medians of 6 interleaved runs: 1.70 s with, 1.62 s
// without).
class LazyContent {
public:
    explicit LazyContent(std::function<std::string()> make) : make_(std::move(make)) {}
    const std::string& get() {
        std::call_once(once_, [this] { value_ = make_(); });
        return value_;
    }

private:
    std::function<std::string()> make_;
    std::once_flag once_;
    std::string value_;
};

// A report id claimed in a run: by which source, with what content.
struct IdClaim {
    std::string source;
    std::shared_ptr<LazyContent> content;
};

// The ids claimed by several writers of one run (the shards of
// index_sharded), so that a copy is a copy whichever shard its file lands
// in. `held`: reports the databases of the other writers held before the
// run (id -> source path and database), their content read when needed.
struct SharedClaims {
    std::mutex mutex;
    std::map<std::string, IdClaim> claimed;
    std::map<std::string, std::pair<std::string, std::filesystem::path>> held;
};

struct IndexOptions {
    std::filesystem::path db;
    bool force = false;      // re-index unchanged reports too
    double wait_seconds = 0; // how long to wait for another writer's lock
    // Writer threads building a new database (an update uses one); 0: one
    // per core, fewer for a small run.
    size_t lanes = 0;
    std::function<void(const IndexProgress&)> on_progress;
    std::function<void(const Diagnostic&)> on_warning;
    std::function<void(const FileError&)> on_error;
    // Shared with the run's other writers; none: this writer's own.
    std::shared_ptr<SharedClaims> claims;
};

struct IndexSummary {
    size_t reports = 0; // indexed in this run
    size_t sections = 0;
    size_t paragraphs = 0;
    size_t unchanged = 0;     // report sources skipped as unchanged
    size_t duplicates = 0;    // reports already indexed from another file
    size_t skipped_files = 0; // not reports: images, office documents, archives
    size_t page_assets = 0;   // files of saved web pages' NAME_files/ folders
    size_t removed = 0;       // reports deleted (replaced ones not counted)
    // --remove arguments that named no indexed report or source (remove()).
    std::vector<std::string> unmatched_removals;
    size_t warnings = 0;
    size_t errors = 0;
    uintmax_t bytes = 0;
    double seconds = 0;
    Xapian::doccount documents = 0; // in the database after commit
};

class IndexWriter {
public:
    explicit IndexWriter(IndexOptions options);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    // Index every report found under the paths.
    void add(const std::vector<std::filesystem::path>& paths);
    // Index reports already found (see discover_reports).
    void add_sources(const std::vector<ReportSource>& sources);
    // Remove reports whose source directory or file no longer exists.
    void prune();
    // Remove a report by id, every report from a source path, or the report
    // read from a whole-report file in a folder of them. False, and the
    // argument in the summary's unmatched_removals, when nothing indexed is
    // named so.
    bool remove(const std::string& id_or_path);

    IndexSummary commit();

    // Reports currently in the database: id -> source path.
    std::vector<std::pair<std::string, std::string>> indexed_reports() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cqc
