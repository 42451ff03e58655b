#include "sharding.hh"

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

namespace {
// Names the shard count; its first line says what it is.
constexpr const char* kManifestName = "cqc-shards";
constexpr const char* kManifestHeader = "cqc-index sharded database; shards:";
// What earlier versions wrote instead: a Xapian stub of "auto shard-K"
// lines. Still read, only when it holds nothing else, and never by Xapian.
constexpr const char* kLegacyStubName = "XAPIANDB";

size_t legacy_stub_shards(const fs::path& db) {
    std::ifstream stub(db / kLegacyStubName);
    if (!stub) return 0;
    size_t n = 0;
    for (std::string line; std::getline(stub, line);) {
        if (line.empty()) continue;
        if (line != "auto shard-" + std::to_string(n)) return 0; // not ours
        ++n;
    }
    return n;
}

void write_manifest(const fs::path& dir, size_t shards) {
    fs::path tmp = dir / (std::string(kManifestName) + ".tmp");
    {
        std::ofstream out(tmp);
        out << kManifestHeader << " " << shards << "\n";
        out.close();
        if (!out)
            throw fs::filesystem_error("cannot write", tmp,
                                       std::make_error_code(std::errc::io_error));
    }
    fs::rename(tmp, dir / kManifestName);
    std::error_code ec;
    if (legacy_stub_shards(dir)) fs::remove(dir / kLegacyStubName, ec);
}

} // namespace

// By the source's canonical path (paths.hh), the key its record has in
// the shard's database.
size_t shard_of(const ReportSource& source, size_t shards) {
    return static_cast<size_t>(fnv1a(canonical_path(source.path)) % shards);
}

fs::path shard_path(const fs::path& db, size_t shard) {
    return db / ("shard-" + std::to_string(shard));
}

size_t shard_count(const fs::path& db) {
    std::ifstream manifest(db / kManifestName);
    if (!manifest) return legacy_stub_shards(db);
    std::string line;
    std::getline(manifest, line);
    std::string_view header = kManifestHeader;
    if (!line.starts_with(header)) return 0;
    std::istringstream count(line.substr(header.size()));
    size_t n = 0;
    count >> n;
    return n;
}

Xapian::Database open_for_reading(const fs::path& db) {
    std::error_code ec;
    auto status = fs::status(db, ec);
    if (!fs::exists(status)) throw Xapian::DatabaseNotFoundError("no database at " + db.string());
    if (!fs::is_directory(status))
        throw Xapian::DatabaseOpeningError(
            "it is a file, not a database directory (no Xapian stub file is opened; "
            "remote shards are searched with --remote HOST:PORT)");
    if (size_t shards = shard_count(db)) {
        Xapian::Database all;
        for (size_t k = 0; k < shards; ++k)
            all.add_database(
                Xapian::Database(shard_path(db, k).string(), Xapian::DB_BACKEND_GLASS));
        return all;
    }
    if (!fs::exists(db / "iamglass", ec) && fs::exists(db / kLegacyStubName, ec))
        throw Xapian::DatabaseOpeningError(
            "it holds a Xapian stub file (XAPIANDB), which is not opened: a stub can run "
            "programs; remote shards are searched with --remote HOST:PORT");
    return Xapian::Database(db.string(), Xapian::DB_BACKEND_GLASS);
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

IndexSummary index_sharded(const IndexOptions& options, size_t shards, const ShardedRun& run) {
    BuildLock lock(options.db, options.wait_seconds);
    std::error_code ec;
    size_t existing = shard_count(options.db);
    if (!existing) {
        if (fs::exists(options.db / "iamglass", ec))
            throw DatabaseRefused(options.db.string() +
                                  " is an unsharded database; index into a new --db to shard");
        if (!is_new_database(options.db))
            throw DatabaseRefused(options.db.string() +
                                  " is a folder holding other files, not a sharded database; "
                                  "cqc-index writes only to databases it created (use a new --db)");
    }
    if (existing && existing != shards)
        throw std::runtime_error(options.db.string() + " has " + std::to_string(existing) +
                                 " shards, not " + std::to_string(shards) +
                                 "; re-index into a new --db to change the number");

    // A first build goes into a marked folder beside the database, renamed
    // into place once every shard has committed.
    remove_stale_temporaries(options.db); // of killed first builds; the lock is ours
    fs::path target = options.db;
    if (!existing) target = create_temporary_folder(options.db);
    auto abandon = [&] {
        if (target != options.db) fs::remove_all(target, ec);
    };

    std::mutex report_mutex;
    auto locked = [&](auto callback) {
        return [&report_mutex, callback](const auto& item) {
            if (!callback) return;
            std::lock_guard lock(report_mutex);
            callback(item);
        };
    };
    Discovery found = discover_reports(run.paths);
    for (const auto& e : found.errors)
        if (options.on_error) options.on_error(e);
    for (const auto& w : found.warnings)
        if (options.on_warning) options.on_warning(w);
    std::vector<std::vector<ReportSource>> parts(shards);
    for (auto& source : found.reports)
        parts[shard_of(source, shards)].push_back(std::move(source));

    // A report is claimed once across the shards: a copy whose file lands
    // in another shard than the first is still a copy. An update also
    // knows what every shard held before it.
    auto claims = std::make_shared<SharedClaims>();
    if (existing)
        for (size_t k = 0; k < shards; ++k) {
            fs::path shard = shard_path(options.db, k);
            Xapian::Database held(shard.string(), Xapian::DB_BACKEND_GLASS);
            for (auto& [id, source] : indexed_reports(held))
                claims->held.emplace(id, std::pair{source, shard});
        }

    std::vector<IndexProgress> progress(shards);
    std::vector<IndexSummary> summaries(shards);
    std::vector<std::exception_ptr> failures(shards);
    try {
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
                    o.on_progress = [&, k](const IndexProgress& p) {
                        std::lock_guard lock(report_mutex);
                        progress[k] = p;
                        IndexProgress total;
                        for (const auto& q : progress) {
                            total.sources_done += q.sources_done;
                            total.bytes += q.bytes;
                            total.seconds = std::max(total.seconds, q.seconds);
                        }
                        total.sources_total = found.reports.size();
                        if (options.on_progress) options.on_progress(total);
                    };
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
    } catch (...) {
        abandon();
        throw;
    }
    for (auto& f : failures)
        if (f) {
            abandon();
            try {
                std::rethrow_exception(f);
            } catch (const StorageFull&) {
                if (target == options.db) throw; // an update: its shard is named
                // A first build: the shard's path was inside the folder just removed.
                throw StorageFull("disk full: no space left to write " + options.db.string() +
                                  "; the partial database was removed");
            }
        }

    try {
        if (target != options.db) {
            write_manifest(target, shards);
            fs::rename(target, options.db); // over nothing, or an empty folder
            unmark_folder(options.db);
        } else if (legacy_stub_shards(options.db)) {
            write_manifest(options.db, shards);
        }
    } catch (...) {
        abandon();
        throw;
    }

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

} // namespace cqc
