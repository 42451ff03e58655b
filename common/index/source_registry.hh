// The registry of indexed sources, kept in a database's metadata: for each
// source (a report folder or file, by canonical path) its fingerprint and
// the reports read from it ("src:" + path -> JSON), and for each report id
// its source ("rid:" + id -> path). It tells an unchanged source from a
// changed one, and what --remove, --prune and --list name. Long paths and
// ids are hashed into their keys (hashing.hh fit_key).
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqc {

// What the database holds of one source (a report folder or file).
struct SourceRecord {
    std::string path; // canonical (paths.hh)
    std::string fingerprint;
    std::vector<std::string> reports;
    // A folder's reports read from one file each (LoadedReport::split_files):
    // report id -> the file's canonical path, so that `--remove FILE` and
    // --prune find it.
    std::map<std::string, std::string> files;
    // The sources holding the reports this one was passed over as a copy
    // of: while they are all there, an unchanged source is skipped; when
    // one has gone, it is read again and its report indexed from here.
    std::vector<std::string> copy_of;

    // Forget one report of the source. Its fingerprint is cleared, so that
    // the next run that gives the source reads it again.
    void drop(const std::string& id) {
        std::erase(reports, id);
        files.erase(id);
        fingerprint.clear();
    }
};

// The metadata keys of a source's record and of a report's source.
std::string source_meta_key(const std::string& source);
std::string report_meta_key(const std::string& id);

// A source's record, nullopt when the database holds none.
std::optional<SourceRecord> read_source(const Xapian::Database& db, const std::string& path);

// A record as stored (JSON; a path that is not UTF-8 is kept as hex).
std::string source_json(const SourceRecord& r);

// Every source record in a database, whatever the length of its path.
std::vector<SourceRecord> all_sources(const Xapian::Database& db);

// Reports indexed in a database opened for reading: id -> source path.
std::vector<std::pair<std::string, std::string>> indexed_reports(const Xapian::Database& db);

} // namespace cqc
