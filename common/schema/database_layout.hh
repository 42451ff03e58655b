// A database directory on disk, for the indexer that writes it and the
// searcher that reads it: one glass database, or one corpus split over
// several ("shards"): the directory given to --db holds shard-0, shard-1,
// ... and a file `cqc-shards` naming how many. cqc-search opens each shard
// itself as a glass database; no Xapian stub file is ever opened (a stub's
// "remote" line runs a program), and remote shards come only through
// --remote.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <filesystem>

namespace cqc {

// The database at `db` for reading: a directory holding a glass database,
// or a sharded directory (all its shards as one). Throws
// Xapian::DatabaseNotFoundError when there is none, and
// Xapian::DatabaseOpeningError for a file or a folder that is not one
// (a Xapian stub among them). Takes no lock: reading works while an
// indexer writes, and on a read-only file system.
Xapian::Database open_for_reading(const std::filesystem::path& db);

std::filesystem::path shard_path(const std::filesystem::path& db, size_t shard);

// Number of shards of a sharded database directory; 0 if it is not one.
size_t shard_count(const std::filesystem::path& db);

// Names `shards` shards in `dir` (written whole, then renamed into place),
// and drops an earlier version's stub naming them.
void write_shard_manifest(const std::filesystem::path& dir, size_t shards);

// Whether `db` is sharded as earlier versions wrote it (a Xapian stub of
// "auto shard-K" lines, read but never opened by Xapian).
bool holds_legacy_shard_stub(const std::filesystem::path& db);

} // namespace cqc
