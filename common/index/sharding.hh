// Opening a database directory for reading, and one corpus split over
// several Xapian databases ("shards"), written in parallel and read back as
// one: the directory given to --db holds shard-0, shard-1, ... and a file
// `cqc-shards` naming how many. cqc-search opens each shard itself as a
// glass database; no Xapian stub file is ever opened (a stub's "remote"
// line runs a program), and remote shards come only through --remote.
#pragma once

#include "index_writer.hh"

#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

namespace cqc {

// The database at `db` for reading: a directory holding a glass database,
// or a sharded directory (all its shards as one). Throws
// Xapian::DatabaseNotFoundError when there is none, and
// Xapian::DatabaseOpeningError for a file or a folder that is not one
// (a Xapian stub among them). Takes no lock: reading works while an
// indexer writes, and on a read-only file system.
Xapian::Database open_for_reading(const std::filesystem::path& db);

// Reports indexed in the database at `db` (every shard of a sharded one),
// read as open_for_reading does: id -> source path, sorted by id.
std::vector<std::pair<std::string, std::string>> list_reports(const std::filesystem::path& db);

// Which shard a report source belongs to: stable across runs, so a
// re-indexed report replaces itself in the same shard.
size_t shard_of(const ReportSource& source, size_t shards);

std::filesystem::path shard_path(const std::filesystem::path& db, size_t shard);

// Number of shards of a sharded database directory; 0 if it is not one.
size_t shard_count(const std::filesystem::path& db);

struct ShardedRun {
    std::vector<std::filesystem::path> paths; // reports to add
    std::vector<std::string> removals;        // ids or source paths
    bool prune = false;
};

// Index into `shards` databases under options.db, one writer thread each,
// holding the same lock beside options.db as an unsharded run. A first
// build is made in a marked temporary folder and renamed into place whole,
// so a killed one leaves nothing in the way; an update commits each shard
// as its own transaction. The callbacks in `options` may be called from
// several threads, one at a time.
IndexSummary index_sharded(const IndexOptions& options, size_t shards, const ShardedRun& run);

} // namespace cqc
