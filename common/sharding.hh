// One corpus split over several Xapian databases ("shards"), written in
// parallel, and read back as one through a Xapian stub database: the
// directory given to --db holds shard-0, shard-1, ... and a file XAPIANDB
// listing them, which Xapian::Database opens as a single database.
#pragma once

#include "index_writer.hh"

#include <filesystem>
#include <string>
#include <vector>

namespace cqc {

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
// and (re)write the stub. Each shard commits as its own transaction. The
// callbacks in `options` may be called from several threads, one at a time.
IndexSummary index_sharded(const IndexOptions& options, size_t shards, const ShardedRun& run);

} // namespace cqc
