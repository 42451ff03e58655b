// What cqc-index keeps beside a database, and the checks before it writes
// one: the write lock (DB.lock), the schema mark that says cqc-index made a
// database (it writes to no other), its own temporary folders (marked, so
// that only they are ever removed), and what a failed write means.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace cqc {

// The schema version, and the mark that cqc-index created the database: it
// writes to no database without it.
inline constexpr const char* kSchemaKey = "cqc:schema";
// 5: stored text is the report's own characters (tidy_text), no longer
// folded; terms come from the one tokeniser (tokens.hh), as before.
// 6: a section's "What people expect" and commitment are stored
// (expectation, commitment) and indexed under commitment:'s prefix; a
// report's percent and rating are stored only when stated or of all nine
// scores, with percent_computed and scores_known in its data.
inline constexpr const char* kSchemaVersion = "6";

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

// Whether a failed write ran out of space: the error says so, or the file
// system holding `where` has (almost) none left.
bool storage_is_full(const std::filesystem::path& where, const std::string& error);

} // namespace cqc
