#include "sharding.hh"

#include "database_layout.hh"
#include "hash.hh"
#include "paths.hh"

#include <algorithm>
#include <exception>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace cqc {
namespace fs = std::filesystem;

// By the source's canonical path (paths.hh), the key its record has in
// the shard's database.
size_t shard_of(const ReportSource& source, size_t shards) {
    return static_cast<size_t>(fnv1a(canonical_path(source.path)) % shards);
}

std::vector<std::pair<std::string, std::string>> list_reports(const fs::path& db) {
    Xapian::Database all = open_for_reading(db); // refuses what is not a database
    // Metadata of a combined database is its first shard's: read each.
    size_t shards = shard_count(db);
    if (!shards) return indexed_reports(all);
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t k = 0; k < shards; ++k) {
        auto part =
            indexed_reports(Xapian::Database(shard_path(db, k).string(), Xapian::DB_BACKEND_GLASS));
        out.insert(out.end(), part.begin(), part.end());
    }
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

// The number of shards the database has (0 for a new one); throws for a
// database of another kind or another number of shards.
size_t existing_shards(const fs::path& db, size_t shards) {
    std::error_code ec;
    size_t existing = shard_count(db);
    if (!existing) {
        if (fs::exists(db / "iamglass", ec))
            throw DatabaseRefused(db.string() +
                                  " is an unsharded database; index into a new --db to shard");
        if (!is_new_database(db))
            throw DatabaseRefused(db.string() +
                                  " is a folder holding other files, not a sharded database; "
                                  "cqc-index writes only to databases it created (use a new --db)");
    }
    if (existing && existing != shards)
        throw std::runtime_error(db.string() + " has " + std::to_string(existing) +
                                 " shards, not " + std::to_string(shards) +
                                 "; re-index into a new --db to change the number");
    return existing;
}

// The sources found, told of their errors and warnings, each in its shard.
std::vector<std::vector<ReportSource>> split_sources(Discovery& found, const IndexOptions& options,
                                                     size_t shards) {
    for (const auto& e : found.errors)
        if (options.on_error) options.on_error(e);
    for (const auto& w : found.warnings)
        if (options.on_warning) options.on_warning(w);
    std::vector<std::vector<ReportSource>> parts(shards);
    for (auto& source : found.reports)
        parts[shard_of(source, shards)].push_back(std::move(source));
    return parts;
}

// A report is claimed once across the shards: a copy whose file lands in
// another shard than the first is still a copy. An update also knows what
// every shard held before it.
std::shared_ptr<SharedClaims> held_claims(const fs::path& db, size_t existing) {
    auto claims = std::make_shared<SharedClaims>();
    for (size_t k = 0; k < existing; ++k) {
        fs::path shard = shard_path(db, k);
        Xapian::Database held(shard.string(), Xapian::DB_BACKEND_GLASS);
        for (auto& [id, source] : indexed_reports(held))
            claims->held.emplace(id, std::pair{source, shard});
    }
    return claims;
}

// Each shard written by a writer in a thread of its own, into `target`;
// callbacks are called one at a time, progress summed over the shards.
// Throws the first shard's failure, after every thread has ended.
std::vector<IndexSummary> write_shards(const IndexOptions& options, const fs::path& target,
                                       std::vector<std::vector<ReportSource>>& parts,
                                       size_t sources_total,
                                       const std::shared_ptr<SharedClaims>& claims,
                                       const ShardedRun& run) {
    const size_t shards = parts.size();
    std::mutex report_mutex;
    auto locked = [&](auto callback) {
        return [&report_mutex, callback](const auto& item) {
            if (!callback) return;
            std::lock_guard lock(report_mutex);
            callback(item);
        };
    };
    std::vector<IndexProgress> progress(shards);
    auto progressed = [&](size_t k, const IndexProgress& p) {
        std::lock_guard lock(report_mutex);
        progress[k] = p;
        IndexProgress total;
        for (const auto& q : progress) {
            total.sources_done += q.sources_done;
            total.bytes += q.bytes;
            total.seconds = std::max(total.seconds, q.seconds);
        }
        total.sources_total = sources_total;
        if (options.on_progress) options.on_progress(total);
    };
    std::vector<IndexSummary> summaries(shards);
    std::vector<std::exception_ptr> failures(shards);
    {
        // Each thread keeps its exception for after the join: none leaves a
        // thread, and jthreads join even if starting one throws.
        std::vector<std::jthread> threads;
        for (size_t k = 0; k < shards; ++k) {
            threads.emplace_back([&, k] {
                try {
                    IndexOptions o = options;
                    o.db = shard_path(target, k);
                    o.claims = claims;
                    // The shards' writers share the cores between them.
                    if (!o.lanes)
                        o.lanes = std::max<size_t>(1, std::thread::hardware_concurrency() / shards);
                    o.on_error = locked(options.on_error);
                    o.on_warning = locked(options.on_warning);
                    o.on_progress = [&, k](const IndexProgress& p) { progressed(k, p); };
                    IndexWriter writer(o);
                    for (const auto& r : run.removals)
                        writer.remove(r);
                    if (run.prune) writer.prune();
                    writer.add_sources(parts[k]);
                    summaries[k] = writer.commit();
                } catch (...) {
                    failures[k] = std::current_exception();
                }
            });
        }
    }
    for (auto& f : failures)
        if (f) std::rethrow_exception(f);
    return summaries;
}

// The shards' summaries as one, with what discovery found.
IndexSummary sum_shards(const std::vector<IndexSummary>& summaries, const ShardedRun& run,
                        const Discovery& found) {
    IndexSummary total;
    for (const auto& s : summaries) {
        total.reports += s.reports;
        total.sections += s.sections;
        total.paragraphs += s.paragraphs;
        total.unchanged += s.unchanged;
        total.duplicates += s.duplicates;
        total.removed += s.removed;
        total.warnings += s.warnings;
        total.errors += s.errors;
        total.bytes += s.bytes;
        total.seconds = std::max(total.seconds, s.seconds);
        total.documents += s.documents;
    }
    // A removal named nothing when no shard held it.
    for (const auto& r : run.removals)
        if (std::all_of(summaries.begin(), summaries.end(), [&](const IndexSummary& s) {
                return std::find(s.unmatched_removals.begin(), s.unmatched_removals.end(), r) !=
                       s.unmatched_removals.end();
            }))
            total.unmatched_removals.push_back(r);
    total.errors += found.errors.size();
    total.warnings += found.warnings.size();
    total.skipped_files += found.skipped_files;
    total.page_assets += found.page_assets;
    return total;
}

} // namespace

IndexSummary index_sharded(const IndexOptions& options, size_t shards, const ShardedRun& run) {
    BuildLock lock(options.db, options.wait_seconds);
    size_t existing = existing_shards(options.db, shards);
    // A first build goes into a marked folder beside the database, renamed
    // into place once every shard has committed.
    remove_stale_temporaries(options.db); // of killed first builds; the lock is ours
    fs::path target = options.db;
    if (!existing) target = create_temporary_folder(options.db);
    auto abandon = [&] {
        std::error_code ec;
        if (target != options.db) fs::remove_all(target, ec);
    };

    Discovery found = discover_reports(run.paths);
    auto parts = split_sources(found, options, shards);
    auto claims = held_claims(options.db, existing ? shards : 0);
    std::vector<IndexSummary> summaries;
    try {
        summaries = write_shards(options, target, parts, found.reports.size(), claims, run);
    } catch (const StorageFull&) {
        abandon();
        if (target == options.db) throw; // an update: its shard is named
        // A first build: the shard's path was inside the folder just removed.
        throw StorageFull("disk full: no space left to write " + options.db.string() +
                          "; the partial database was removed");
    } catch (...) {
        abandon();
        throw;
    }

    try {
        if (target != options.db) {
            write_shard_manifest(target, shards);
            fs::rename(target, options.db); // over nothing, or an empty folder
            unmark_folder(options.db);
        } else if (holds_legacy_shard_stub(options.db)) {
            write_shard_manifest(options.db, shards);
        }
    } catch (...) {
        abandon();
        throw;
    }
    return sum_shards(summaries, run, found);
}

} // namespace cqc
