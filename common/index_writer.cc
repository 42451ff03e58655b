#include "index_writer.hh"

#include "documents.hh"
#include "schema.hh"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <exception>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <regex>
#include <thread>

namespace cqc {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSchemaKey = "cqc:schema";
// 5: stored text is the report's own characters (tidy_text), no longer
// folded; terms come from the one tokeniser (tokens.hh), as before.
constexpr const char* kSchemaVersion = "5";
constexpr const char* kSourcePrefix = "src:"; // source path -> fingerprint, report ids
constexpr const char* kReportPrefix = "rid:"; // report id -> source path

std::string canonical_string(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(fs::absolute(p), ec);
    return (ec ? fs::absolute(p) : c).string();
}

struct SourceRecord {
    std::string fingerprint;
    std::vector<std::string> reports;
};

std::optional<SourceRecord> read_source(const Xapian::Database& db, const std::string& key) {
    std::string raw = db.get_metadata(kSourcePrefix + key);
    if (raw.empty()) return std::nullopt;
    auto j = nlohmann::json::parse(raw, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    SourceRecord r;
    r.fingerprint = j.value("fingerprint", "");
    r.reports = j.value("reports", std::vector<std::string>{});
    return r;
}

} // namespace

std::string locked_message(const fs::path& db, double wait_seconds) {
    return "another indexer is writing to the database " + db.string() +
           (wait_seconds > 0 ? " (waited " + std::to_string(static_cast<int>(wait_seconds)) + " s)"
                             : "; use --wait SECONDS to wait for it");
}

Xapian::WritableDatabase open_writable(const fs::path& db, double wait_seconds, int flags) {
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(wait_seconds));
    std::error_code ec;
    fs::create_directories(db.parent_path().empty() ? fs::path(".") : db.parent_path(), ec);
    for (;;) {
        try {
            return Xapian::WritableDatabase(db.string(), Xapian::DB_CREATE_OR_OPEN | flags);
        } catch (const Xapian::DatabaseLockError&) {
            if (std::chrono::steady_clock::now() >= deadline)
                throw DatabaseLocked(
                    "another indexer is writing to the database " + db.string() +
                    (wait_seconds > 0
                         ? " (waited " + std::to_string(static_cast<int>(wait_seconds)) + " s)"
                         : "; use --wait SECONDS to wait for it"));
            // Polling is the only way: Xapian offers no blocking lock wait.
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

// A lock beside the database (DB.lock) held for the whole run, so that two
// indexers never build or update the same database at once, even before the
// database exists and Xapian's own lock inside it can serve. flock() is
// released by the kernel if the process dies.
class BuildLock {
public:
    BuildLock(const fs::path& db, double wait_seconds) {
        std::error_code ec;
        fs::path parent = db.parent_path().empty() ? fs::path(".") : db.parent_path();
        fs::create_directories(parent, ec);
        fs::path path = parent / (db.filename().string() + ".lock");
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0)
            throw std::runtime_error("cannot create lock file " + path.string() + ": " +
                                     std::strerror(errno));
        auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(wait_seconds));
        while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            if (std::chrono::steady_clock::now() >= deadline) {
                ::close(fd_);
                throw DatabaseLocked(locked_message(db, wait_seconds));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    ~BuildLock() { ::close(fd_); }
    BuildLock(const BuildLock&) = delete;
    BuildLock& operator=(const BuildLock&) = delete;

private:
    int fd_ = -1;
};

// One writer thread's database and term generator. An update has one lane
// (the database itself); a new database is built in one lane per core, each
// in its own database, merged by compaction at commit().
struct Lane {
    Xapian::WritableDatabase* db;
    fs::path path; // extra lanes only: removed once merged
    Xapian::WritableDatabase own;
    DocumentBuilder builder;
    IndexSummary summary;
    uintmax_t unflushed = 0; // bytes indexed since the last commit

    explicit Lane(Xapian::WritableDatabase& main) : db(&main), builder(db) {}
    explicit Lane(fs::path where)
        : db(&own), path(std::move(where)), own(open_writable(path, 0, kFreshFlags)), builder(db) {}

    // A build's own databases need no fsync or copy-on-write: a run killed
    // before commit() throws them away.
    static constexpr int kFreshFlags = Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;
};

struct IndexWriter::Impl {
    IndexOptions options;
    BuildLock build_lock;
    fs::path fresh_path; // non-empty when building a new database
    Xapian::WritableDatabase db;
    IndexSummary summary;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    bool in_transaction = false;
    std::vector<std::unique_ptr<Lane>> lanes; // [0] writes `db`
    std::mutex mutex; // guards summary, callbacks and claimed_ids across lanes
    std::map<std::string, std::string> claimed_ids; // report id -> source key, this run

    // A database that does not exist yet is built beside its final place
    // and renamed into place by commit(); a run killed before that leaves no
    // database, as before it started. An existing database is updated
    // inside one transaction.
    explicit Impl(IndexOptions o)
        : options(std::move(o)), build_lock(options.db, options.wait_seconds), db(open_target()) {
        std::string schema = db.get_metadata(kSchemaKey);
        if (!schema.empty() && schema != kSchemaVersion)
            throw std::runtime_error("database " + options.db.string() + " has schema version " +
                                     schema + ", this indexer writes " + kSchemaVersion +
                                     "; index into a new --db");
        if (fresh_path.empty()) {
            db.begin_transaction(true);
            in_transaction = true;
        }
        db.set_metadata(kSchemaKey, kSchemaVersion);
        add_acronym_synonyms(db);
        lanes.push_back(std::make_unique<Lane>(db));
    }

    Xapian::WritableDatabase open_target() {
        std::error_code ec;
        if (fs::exists(options.db, ec)) return open_writable(options.db, options.wait_seconds);
        // Leftovers of killed runs: safe to remove, the build lock is ours.
        fs::path parent =
            options.db.parent_path().empty() ? fs::path(".") : options.db.parent_path();
        std::string stem = options.db.filename().string() + ".partial-";
        for (auto it = fs::directory_iterator(parent, ec); !ec && it != fs::directory_iterator();
             it.increment(ec))
            if (it->path().filename().string().starts_with(stem)) fs::remove_all(it->path(), ec);
        fresh_path = parent / (stem + std::to_string(::getpid()));
        // Lanes commit every kFlushBytes of text (about 1,200 sections),
        // well before Xapian's own flush after 10,000 documents.
        return open_writable(fresh_path, 0, Lane::kFreshFlags);
    }

    void abandon_fresh() {
        if (fresh_path.empty()) return;
        std::error_code ec;
        for (size_t k = 1; k < lanes.size(); ++k) {
            lanes[k]->own.close();
            fs::remove_all(lanes[k]->path, ec);
        }
        db.close();
        fs::remove_all(fresh_path, ec);
        fresh_path.clear();
    }

    double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }

    // Callers hold `mutex` when lanes run in parallel.
    void error(const FileError& e) {
        ++summary.errors;
        if (options.on_error) options.on_error(e);
    }

    void delete_report(const std::string& id) {
        db.delete_document(term(FieldId::report, id));
        db.set_metadata(kReportPrefix + id, "");
    }

    // A report id is the council's slug and publication date (report_id).
    // When another source already holds the id: with a date, it is the same
    // edition of the same report (a copy, or the PDF of a saved page), and
    // nullopt says to skip this one; without a date the two cannot be told
    // apart, so this one gets a suffix ("-2") rather than replacing it. Ids
    // claimed in this run are checked first: lanes building a new database
    // in parallel must not read each other's databases.
    std::optional<std::string> claim_id(const Report& report, const std::string& source_key,
                                        std::string& owner_out) {
        std::lock_guard lock(mutex);
        std::string candidate = report.id;
        for (int n = 2;; ++n) {
            auto claimed = claimed_ids.find(candidate);
            std::string owner = claimed != claimed_ids.end() ? claimed->second
                                : fresh_path.empty() ? db.get_metadata(kReportPrefix + candidate)
                                                     : std::string();
            if (owner.empty() || owner == source_key) {
                claimed_ids[candidate] = source_key;
                return candidate;
            }
            if (!report.published.empty()) {
                owner_out = owner;
                return std::nullopt;
            }
            candidate = report.id + "-" + std::to_string(n);
        }
    }

    // One source to index, with what is known of it beforehand.
    struct Pending {
        const ReportSource* source;
        std::string key;
        std::string fingerprint;
        std::optional<SourceRecord> previous;
    };

    // Whether `id`, indexed from a source before, is a dated edition the
    // source no longer holds while it now holds another of the same council.
    static bool is_other_edition(const std::string& id, const std::vector<Report>& now) {
        static const std::regex dated(R"(^(.*)-(\d{4}-\d{2}-\d{2})$)");
        std::smatch m;
        if (!std::regex_match(id, m, dated)) return false;
        bool other = false;
        for (const auto& r : now) {
            if (r.id == id) return false;
            if (!r.published.empty() && r.id == m[1].str() + "-" + r.published) other = true;
        }
        return other;
    }

    // Read, parse and index one source into a lane's database.
    void index_source(Lane& lane, Pending& p) {
        LoadedReport loaded = load_report(*p.source);
        if (p.fingerprint.empty()) p.fingerprint = loaded.fingerprint; // a new database
        {
            std::lock_guard lock(mutex);
            summary.bytes += loaded.bytes;
            for (const auto& e : loaded.errors)
                error(e);
        }
        if (p.previous && !loaded.errors.empty()) {
            // Keep what is indexed rather than replace it with a partial
            // report; the fingerprint stays old so the next run retries.
            return;
        }
        Xapian::WritableDatabase& out = *lane.db;
        SourceRecord record;
        record.fingerprint = loaded.errors.empty() ? p.fingerprint : "";
        if (p.previous)
            for (const auto& id : p.previous->reports) {
                // A file replaced by the council's next edition (downloads
                // keep their name) keeps the earlier edition beside it.
                if (is_other_edition(id, loaded.reports)) {
                    record.reports.push_back(id);
                    continue;
                }
                delete_report(id);
            }
        bool copies = false; // of reports other sources hold
        for (Report& report : loaded.reports) {
            std::string owner;
            auto id = claim_id(report, p.key, owner);
            if (!id) {
                std::lock_guard lock(mutex);
                ++summary.duplicates;
                copies = true;
                if (options.on_warning)
                    options.on_warning(
                        {report.path, 0,
                         "the same report as " + owner + " (" + report.id + "); indexed once"});
                continue;
            }
            report.id = *id;
            {
                std::lock_guard lock(mutex);
                for (const auto& w : report.warnings) {
                    ++summary.warnings;
                    if (options.on_warning) options.on_warning(w);
                }
            }
            // Documents of the report's previous version were deleted above,
            // so adding is enough; replace_document(term) would look each
            // id term up in the pending changes, which is slow in a big run.
            for (const auto& doc : lane.builder.build(report))
                out.add_document(doc);
            ++lane.summary.reports;
            lane.summary.sections += report.sections.size();
            for (const auto& s : report.sections)
                lane.summary.paragraphs += s.paragraphs.size();
            out.set_metadata(kReportPrefix + report.id, p.key);
            record.reports.push_back(report.id);
        }
        nlohmann::json j = {{"fingerprint", record.fingerprint}, {"reports", record.reports}};
        // A source holding only copies is recorded too, so that the next run
        // skips it while it is unchanged.
        out.set_metadata(kSourcePrefix + p.key, record.reports.empty() && !copies ? "" : j.dump());
        // A new database commits every few megabytes of text: Xapian holds
        // the changes in memory until then, so this bounds memory whatever
        // the corpus size.
        lane.unflushed += loaded.bytes;
        if (!fresh_path.empty() && lane.unflushed >= kFlushBytes) {
            out.commit();
            lane.unflushed = 0;
        }
    }

    // Measured at 1,500 generated councils (54 MB): 4 MB per lane peaks at
    // 127 MB, 8 MB at 158 MB, 16 MB at 259 MB, with no gain in speed.
    static constexpr uintmax_t kFlushBytes = 4u << 20;

    // Unchanged sources are skipped here. An update indexes the rest in one
    // lane; a new database spreads them over a lane per core, a source's
    // lane chosen by its id so that sources of the same name meet in one.
    void index_sources(const std::vector<ReportSource>& sources) {
        std::vector<Pending> todo;
        for (const auto& source : sources) {
            Pending p{&source, canonical_string(source.path), "", std::nullopt};
            if (fresh_path.empty()) {
                p.fingerprint = source_fingerprint(source);
                p.previous = read_source(db, p.key);
                if (p.previous && p.previous->fingerprint == p.fingerprint && !options.force) {
                    ++summary.unchanged;
                    report_progress(sources.size());
                    continue;
                }
            }
            todo.push_back(std::move(p));
        }
        size_t cores = std::max(1u, std::thread::hardware_concurrency());
        size_t wanted = fresh_path.empty() ? 1
                        : options.lanes    ? options.lanes
                                           : std::min(cores, std::max<size_t>(1, todo.size() / 8));
        while (lanes.size() < wanted)
            lanes.push_back(std::make_unique<Lane>(
                fs::path(fresh_path.string() + ".lane-" + std::to_string(lanes.size()))));
        // Consecutive runs of sources with equal shares of the bytes: the
        // lanes finish together, and the merged database keeps the order a
        // single lane would give. Ids are claimed in that order first, so
        // which of two same-named sources gets the suffix does not depend
        // on which lane gets there first.
        std::vector<uintmax_t> bytes(todo.size());
        uintmax_t total = 0;
        for (size_t i = 0; i < todo.size(); ++i) {
            for (const auto& file : todo[i].source->files) {
                std::error_code ec;
                auto n = fs::file_size(file, ec);
                bytes[i] += ec ? 0 : n;
            }
            total += bytes[i];
        }
        std::vector<std::vector<Pending*>> work(lanes.size());
        uintmax_t so_far = 0;
        for (size_t i = 0; i < todo.size(); ++i) {
            size_t k = total ? std::min(lanes.size() - 1,
                                        static_cast<size_t>(so_far * lanes.size() / total))
                             : 0;
            work[k].push_back(&todo[i]);
            so_far += bytes[i];
        }

        std::vector<std::exception_ptr> failures(lanes.size());
        auto run = [&](size_t k) {
            try {
                for (Pending* p : work[k]) {
                    index_source(*lanes[k], *p);
                    std::lock_guard lock(mutex);
                    report_progress(sources.size());
                }
                if (!fresh_path.empty()) lanes[k]->db->commit(); // in parallel
            } catch (...) {
                failures[k] = std::current_exception();
            }
        };
        std::vector<std::thread> threads;
        for (size_t k = 1; k < lanes.size(); ++k)
            threads.emplace_back(run, k);
        run(0);
        for (auto& t : threads)
            t.join();
        for (auto& f : failures)
            if (f) std::rethrow_exception(f);
    }

    size_t sources_done = 0;
    void report_progress(size_t total) {
        ++sources_done;
        IndexProgress progress;
        progress.sources_done = sources_done;
        progress.sources_total = total;
        progress.bytes = summary.bytes;
        progress.seconds = elapsed();
        if (options.on_progress) options.on_progress(progress);
    }

    void remove_source(const std::string& key, const SourceRecord& record) {
        for (const auto& id : record.reports) {
            delete_report(id);
            ++summary.removed;
        }
        db.set_metadata(kSourcePrefix + key, "");
    }

    // Lanes' counts into the run's summary.
    void gather_lane_summaries() {
        for (auto& lane : lanes) {
            summary.reports += lane->summary.reports;
            summary.sections += lane->summary.sections;
            summary.paragraphs += lane->summary.paragraphs;
            lane->summary = IndexSummary{};
        }
    }
};

IndexWriter::IndexWriter(IndexOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

IndexWriter::~IndexWriter() {
    if (!impl_) return;
    try {
        if (impl_->in_transaction) impl_->db.cancel_transaction();
        impl_->abandon_fresh();
    } catch (const Xapian::Error&) {
    }
}

void IndexWriter::add(const std::vector<fs::path>& paths) {
    Discovery found = discover_reports(paths);
    for (const auto& e : found.errors)
        impl_->error(e);
    impl_->summary.skipped_files += found.skipped_files;
    impl_->summary.page_assets += found.page_assets;
    add_sources(found.reports);
}

void IndexWriter::add_sources(const std::vector<ReportSource>& sources) {
    impl_->sources_done = 0;
    impl_->index_sources(sources);
}

void IndexWriter::prune() {
    std::vector<std::pair<std::string, SourceRecord>> gone;
    for (auto it = impl_->db.metadata_keys_begin(kSourcePrefix);
         it != impl_->db.metadata_keys_end(kSourcePrefix); ++it) {
        std::string key = (*it).substr(std::string_view(kSourcePrefix).size());
        std::error_code ec;
        if (fs::exists(key, ec)) continue;
        if (auto record = read_source(impl_->db, key)) gone.emplace_back(key, *record);
    }
    for (const auto& [key, record] : gone)
        impl_->remove_source(key, record);
}

bool IndexWriter::remove(const std::string& id_or_path) {
    std::string key = impl_->db.get_metadata(kReportPrefix + id_or_path);
    if (key.empty()) key = canonical_string(id_or_path);
    auto record = read_source(impl_->db, key);
    if (!record) return false;
    if (record->reports.size() > 1 && !impl_->db.get_metadata(kReportPrefix + id_or_path).empty()) {
        // Only the one report asked for, leaving its siblings from the same folder.
        impl_->delete_report(id_or_path);
        ++impl_->summary.removed;
        std::erase(record->reports, id_or_path);
        nlohmann::json j = {{"fingerprint", ""}, {"reports", record->reports}};
        impl_->db.set_metadata(kSourcePrefix + key, j.dump());
        return true;
    }
    impl_->remove_source(key, *record);
    return true;
}

IndexSummary IndexWriter::commit() {
    Impl& impl = *impl_;
    if (impl.in_transaction) impl.db.commit_transaction();
    impl.in_transaction = false;
    impl.gather_lane_summaries();
    if (!impl.fresh_path.empty()) {
        // The lanes are merged, and the B-tree blocks a bulk build leaves
        // half full packed, by one compaction (a quarter smaller, faster to
        // search). It is written beside the final place and renamed in, so
        // a kill still leaves no database.
        Xapian::Database merged;
        for (auto& lane : impl.lanes) {
            lane->db->commit();
            merged.add_database(
                Xapian::Database((lane->path.empty() ? impl.fresh_path : lane->path).string()));
        }
        fs::path compacted = impl.fresh_path.string() + ".compact";
        merged.compact(compacted.string(),
                       impl.lanes.size() == 1 ? Xapian::DBCOMPACT_NO_RENUMBER : 0);
        merged.close();
        impl.abandon_fresh(); // the lanes, merged
        fs::rename(compacted, impl.options.db);
        impl.lanes.clear();
        impl.db = Xapian::WritableDatabase(impl.options.db.string(), Xapian::DB_OPEN);
        impl.lanes.push_back(std::make_unique<Lane>(impl.db));
    }
    impl.summary.documents = impl.db.get_doccount();
    impl.summary.seconds = impl.elapsed();
    return impl.summary;
}

std::vector<std::pair<std::string, std::string>> IndexWriter::indexed_reports() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto it = impl_->db.metadata_keys_begin(kReportPrefix);
         it != impl_->db.metadata_keys_end(kReportPrefix); ++it) {
        std::string value = impl_->db.get_metadata(*it);
        if (!value.empty())
            out.emplace_back((*it).substr(std::string_view(kReportPrefix).size()), value);
    }
    return out;
}

} // namespace cqc
