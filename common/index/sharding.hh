// One corpus split over several Xapian databases ("shards"), written in
// parallel and read back as one (database_layout.hh: where the shards are
// and how a database is opened for reading).
#pragma once

#include "database_layout.hh"
#include "index_writer.hh"

#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

namespace cqc {

// Reports indexed in the database at `db` (every shard of a sharded one),
// read as open_for_reading does: id -> source path, sorted by id.
std::vector<std::pair<std::string, std::string>> list_reports(const std::filesystem::path& db);

// Which shard a report source belongs to: stable across runs, so a
// re-indexed report replaces itself in the same shard.
size_t shard_of(const ReportSource& source, size_t shards);

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
