#include "sharding.hh"

#include "hash.hh"

#include <algorithm>
#include <exception>
#include <fstream>
#include <mutex>
#include <thread>

namespace cqc {
namespace fs = std::filesystem;

namespace {
constexpr const char* kStubName = "XAPIANDB";
} // namespace

size_t shard_of(const ReportSource& source, size_t shards) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(fs::absolute(source.path), ec);
    return static_cast<size_t>(fnv1a((ec ? source.path : canonical).string()) % shards);
}

fs::path shard_path(const fs::path& db, size_t shard) {
    return db / ("shard-" + std::to_string(shard));
}

size_t shard_count(const fs::path& db) {
    std::ifstream stub(db / kStubName);
    if (!stub) return 0;
    size_t n = 0;
    for (std::string line; std::getline(stub, line);)
        if (line.starts_with("auto ")) ++n;
    return n;
}

IndexSummary index_sharded(const IndexOptions& options, size_t shards, const ShardedRun& run) {
    std::error_code ec;
    if (fs::exists(options.db / "iamglass", ec))
        throw std::runtime_error(options.db.string() +
                                 " is an unsharded database; index into a new --db to shard");
    size_t existing = shard_count(options.db);
    if (existing && existing != shards)
        throw std::runtime_error(options.db.string() + " has " + std::to_string(existing) +
                                 " shards, not " + std::to_string(shards) +
                                 "; re-index into a new --db to change the number");
    fs::create_directories(options.db);

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
    std::vector<std::vector<ReportSource>> parts(shards);
    for (auto& source : found.reports)
        parts[shard_of(source, shards)].push_back(std::move(source));

    std::vector<IndexProgress> progress(shards);
    std::vector<IndexSummary> summaries(shards);
    std::vector<std::exception_ptr> failures(shards);
    std::vector<std::thread> threads;
    for (size_t k = 0; k < shards; ++k) {
        threads.emplace_back([&, k] {
            try {
                IndexOptions o = options;
                o.db = shard_path(options.db, k);
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
    for (auto& t : threads)
        t.join();
    for (auto& f : failures)
        if (f) std::rethrow_exception(f);

    // The stub makes the directory one database for readers.
    fs::path stub = options.db / kStubName;
    fs::path tmp = options.db / (std::string(kStubName) + ".tmp");
    {
        std::ofstream out(tmp);
        for (size_t k = 0; k < shards; ++k)
            out << "auto shard-" << k << "\n";
    }
    fs::rename(tmp, stub);

    IndexSummary total;
    for (const auto& s : summaries) {
        total.reports += s.reports;
        total.sections += s.sections;
        total.paragraphs += s.paragraphs;
        total.unchanged += s.unchanged;
        total.removed += s.removed;
        total.warnings += s.warnings;
        total.errors += s.errors;
        total.bytes += s.bytes;
        total.seconds = std::max(total.seconds, s.seconds);
        total.documents += s.documents;
    }
    total.errors += found.errors.size();
    total.skipped_files += found.skipped_files;
    total.page_assets += found.page_assets;
    return total;
}

} // namespace cqc
