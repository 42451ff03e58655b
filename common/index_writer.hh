// Writes reports into a Xapian database. One IndexWriter is one run and one
// transaction: nothing is visible to readers until commit(), and a crash
// before it leaves the database as it was.
#pragma once

#include "report.hh"
#include "report_loader.hh"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cqc {

// Another process holds the database's write lock.
struct DatabaseLocked : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The path is not a database cqc-index may write to: it writes only to
// glass databases it created itself (they carry its schema key in their
// metadata), never to another program's database, a Xapian stub file or a
// folder of other files. Nothing was changed.
struct DatabaseRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Writing failed because the file system is full (or the file size limit
// was reached). A new database's partial copies have been removed; an
// existing database is as it was before the run.
struct StorageFull : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct IndexProgress {
    size_t sources_done = 0;
    size_t sources_total = 0;
    uintmax_t bytes = 0;
    double seconds = 0;
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

// Open a glass database for writing (never a stub), waiting up to
// `wait_seconds` for another writer; `flags` are Xapian's DB_* flags beyond
// DB_CREATE_OR_OPEN and DB_BACKEND_GLASS.
Xapian::WritableDatabase open_writable(const std::filesystem::path& db, double wait_seconds,
                                       int flags = 0);

// The lock beside a database (DB.lock, an flock) held for a whole indexing
// run, so that two indexers never build or update the same database at
// once, even before the database exists. The kernel releases it if the
// process dies. Throws DatabaseLocked after `wait_seconds`.
class BuildLock {
public:
    BuildLock(const std::filesystem::path& db, double wait_seconds);
    ~BuildLock();
    BuildLock(const BuildLock&) = delete;
    BuildLock& operator=(const BuildLock&) = delete;

private:
    int fd_ = -1;
};

// Throws DatabaseRefused unless `db` is absent, an empty directory, or a
// glass database cqc-index created. Reads only.
void check_writable_by_us(const std::filesystem::path& db);

// Whether `db` does not exist yet or is an empty directory: a new database
// is built beside it and moved into place by its first commit.
bool is_new_database(const std::filesystem::path& db);

// A fresh folder beside `db` for building a new database in
// ("DB.partial-PID-N"), marked as cqc-index's by a file inside it.
std::filesystem::path create_temporary_folder(const std::filesystem::path& db);
// The same, at a given path (a lane's database, a compaction's output).
void create_marked_folder(const std::filesystem::path& dir);
// Remove the mark once the folder has been moved into place as a database.
void unmark_folder(const std::filesystem::path& dir);
// Remove what killed runs left beside `db`: only folders named
// "DB.partial-*" that carry the mark, never a user's file of that name.
// Call with the BuildLock held.
void remove_stale_temporaries(const std::filesystem::path& db);

// Reports indexed in a database opened for reading: id -> source path.
std::vector<std::pair<std::string, std::string>> indexed_reports(const Xapian::Database& db);

// Whether a failed write ran out of space: the error says so, or the file
// system holding `where` has (almost) none left.
bool storage_is_full(const std::filesystem::path& where, const std::string& error);

} // namespace cqc
