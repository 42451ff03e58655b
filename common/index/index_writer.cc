#include "index_writer.hh"

#include "database_files.hh"
#include "documents.hh"
#include "paths.hh"
#include "report_identity.hh"
#include "schema.hh"
#include "source_registry.hh"
#include "spelling.hh"
#include "text.hh"

#include <exception>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

namespace cqc {
namespace fs = std::filesystem;
namespace {

// "greyhaven-2025-03-12" -> {"greyhaven", "2025-03-12"}; nullopt when the id
// does not end in an ISO date. No regex: an id can be very long.
std::optional<std::pair<std::string, std::string>> split_dated_id(const std::string& id) {
    constexpr size_t kDate = 10; // YYYY-MM-DD
    if (id.size() < kDate + 2 || id[id.size() - kDate - 1] != '-') return std::nullopt;
    std::string date = id.substr(id.size() - kDate);
    for (size_t i = 0; i < kDate; ++i) {
        bool dash = i == 4 || i == 7;
        if (dash ? date[i] != '-' : !std::isdigit(static_cast<unsigned char>(date[i])))
            return std::nullopt;
    }
    return std::pair{id.substr(0, id.size() - kDate - 1), date};
}

} // namespace

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
    // A new database's spelling words, added once at the lane's end
    // (add_lane_spelling): Xapian sums the counts, so the data are the same
    // as a report's at a time, without rewriting the spelling table at
    // every commit or looking each word up again after it.
    SpellingCounts spelling;

    explicit Lane(Xapian::WritableDatabase& main) : db(&main) {}
    // `where` is a marked folder (create_marked_folder).
    explicit Lane(fs::path where)
        : db(&own), path(std::move(where)), own(open_writable(path, 0, kFreshFlags)) {}

    // A build's own databases need no fsync: a run killed before commit()
    // throws them away. Not DB_DANGEROUS: no faster (a first build of 300
    // generated councils took 10.4-11.5 s with or without it), and under
    // it Xapian 1.4.22 calls std::terminate from commit() when the disk
    // fills (1 run in 20 on a full 1 MB tmpfs) and reports other failed
    // writes as "cancel() not supported under DB_DANGEROUS".
    static constexpr int kFreshFlags = Xapian::DB_NO_SYNC;
};

namespace {

// What a failed write did, in the words of the line that says so.
std::string write_failure(const fs::path& db, bool fresh, bool full, const std::string& what) {
    std::string outcome =
        fresh ? "; the partial database was removed" : "; the database is unchanged";
    return full ? "disk full: no space left to write " + db.string() + outcome
                : "indexing into " + db.string() + " failed: " + what + outcome;
}

// Xapian 1.4.22, on a full disk, now and then calls std::terminate from
// inside commit(): a second exception thrown while the first unwinds within
// the library, which no catch of ours can reach (2 of 20 first builds on a
// full 1 MB tmpfs, 3 of 15 under ASan). So while a writer is at work, a
// terminate handler ends the run as write_failed() would have: its partial
// copies removed, one line saying what happened ("disk full" when it was),
// exit 3. An update's transaction needs nothing: uncommitted, it is lost.
class TerminateGuard {
public:
    struct Writer {
        const fs::path* db;
        const fs::path* fresh;                    // non-empty: a first build
        const std::vector<fs::path>* temporaries; // removed on the way out
    };

    explicit TerminateGuard(Writer w) : writer_(w) {
        std::lock_guard lock(mutex());
        if (live().empty()) previous() = std::set_terminate(on_terminate);
        live().push_back(this);
    }
    ~TerminateGuard() {
        std::lock_guard lock(mutex());
        std::erase(live(), this);
        if (live().empty()) std::set_terminate(previous());
    }
    TerminateGuard(const TerminateGuard&) = delete;
    TerminateGuard& operator=(const TerminateGuard&) = delete;

    static constexpr int kExit = 3; // cqc-index's "database could not be written"

private:
    Writer writer_;

    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static std::vector<TerminateGuard*>& live() {
        static std::vector<TerminateGuard*> v;
        return v;
    }
    static std::terminate_handler& previous() {
        static std::terminate_handler h = nullptr;
        return h;
    }

    [[noreturn]] static void on_terminate() {
        std::string what = "unexpected error";
        if (auto e = std::current_exception()) {
            try {
                std::rethrow_exception(e);
            } catch (const Xapian::Error& x) {
                what = x.get_description();
            } catch (const std::exception& x) {
                what = x.what();
            } catch (...) {
            }
        }
        // Not locked: the thread that holds the lock may be the one ending.
        for (const TerminateGuard* g : live()) {
            const Writer& w = g->writer_;
            bool fresh = !w.fresh->empty();
            bool full = storage_is_full(fresh ? *w.fresh : *w.db, what);
            std::error_code ec;
            for (const auto& dir : *w.temporaries)
                fs::remove_all(dir, ec);
            std::string line = std::string(program_invocation_short_name) + ": " +
                               terminal_safe(write_failure(*w.db, fresh, full, what)) + "\n";
            [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
        }
        ::_exit(kExit);
    }
};

// While Xapian's compaction writes the new database, its pages are sent to
// the disk every few milliseconds, so that the fsyncs the compactor ends
// each table with find little left to write: they waited for every page,
// with the other core idle (strace, 600 councils: 13 fdatasyncs, 28-29 ms
// in all; 9-11 ms with this). Best effort: what it cannot open is left to
// those fsyncs, which still run.
class WriteBehind {
public:
    explicit WriteBehind(fs::path folder)
        : thread_([folder = std::move(folder)](std::stop_token stop) {
              std::mutex m;
              std::condition_variable_any wake; // by stop only
              std::unique_lock lock(m);
              while (!stop.stop_requested()) {
                  wake.wait_for(lock, stop, kPeriod, [] { return false; });
                  if (!stop.stop_requested()) start_writeback(folder);
              }
          }) {}

private:
    static constexpr std::chrono::milliseconds kPeriod{10};
    std::jthread thread_; // stopped and joined by the destructor

    static void start_writeback(const fs::path& folder) {
        std::error_code ec;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
            ::close(fd);
        }
    }
};

} // namespace

struct IndexWriter::Impl {
    // Members are initialised in this order: open_target(), which makes
    // `db`, uses those above it.
    IndexOptions options;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    BuildLock build_lock;
    fs::path fresh_path; // non-empty when building a new database
    // Every folder this run made beside the database (fresh_path, lanes,
    // the compaction's output): removed if the run fails.
    std::vector<fs::path> temporaries;
    bool in_transaction = false;
    bool db_open = false;                     // `db` is constructed (open_target() may fail before)
    std::vector<std::unique_ptr<Lane>> lanes; // [0] writes `db`
    IndexSummary summary;
    std::mutex mutex; // guards summary, callbacks and claims across lanes
    // Report ids claimed in this run, this writer's or shared by the run's writers.
    std::shared_ptr<SharedClaims> claims =
        options.claims ? options.claims : std::make_shared<SharedClaims>();
    Xapian::WritableDatabase db;
    TerminateGuard terminate_guard{{&options.db, &fresh_path, &temporaries}};

    // A database that does not exist yet is built beside its final place
    // and renamed into place by commit(); a run killed before that leaves no
    // database, as before it started. An existing database is updated
    // inside one transaction. A database cqc-index did not create is
    // refused before anything is written, even the lock file beside it.
    explicit Impl(IndexOptions o)
        : options(std::move(o)), build_lock(refuse_unless_ours(options.db), options.wait_seconds),
          db(open_target()) {
        db_open = true;
        // ~Impl does not run when a constructor throws: clean up here.
        try {
            std::string schema = db.get_metadata(kSchemaKey);
            if (!schema.empty() && schema != kSchemaVersion)
                throw DatabaseRefused("database " + options.db.string() + " has schema version " +
                                      schema + ", this indexer writes " + kSchemaVersion +
                                      "; index into a new --db");
            guarded([&] {
                if (fresh_path.empty()) {
                    db.begin_transaction(true);
                    in_transaction = true;
                }
                db.set_metadata(kSchemaKey, kSchemaVersion);
                add_acronym_synonyms(db);
                lanes.push_back(std::make_unique<Lane>(db));
            });
        } catch (...) {
            abandon_fresh();
            throw;
        }
    }

    ~Impl() {
        try {
            if (in_transaction) db.cancel_transaction();
        } catch (const Xapian::Error&) {
        }
        abandon_fresh();
    }

    static const fs::path& refuse_unless_ours(const fs::path& db) {
        check_writable_by_us(db);
        return db;
    }

    Xapian::WritableDatabase open_target() {
        // Leftovers of killed first builds: safe to remove, the lock is ours.
        remove_stale_temporaries(options.db);
        if (!is_new_database(options.db)) {
            check_writable_by_us(options.db); // again, now that the lock is held
            return open_writable(options.db, options.wait_seconds);
        }
        try {
            fresh_path = create_temporary_folder(options.db);
            temporaries.push_back(fresh_path);
            // Lanes commit every kFlushBytes of text (about 150 sections),
            // well before Xapian's own flush after 10,000 documents.
            return open_writable(fresh_path, 0, Lane::kFreshFlags);
        } catch (const Xapian::Error& e) {
            write_failed(e.get_description());
        } catch (const std::system_error& e) {
            write_failed(e.what());
        }
    }

    // Close and remove everything a new database's build made; never throws.
    void abandon_fresh() noexcept {
        for (size_t k = 1; k < lanes.size(); ++k) {
            try {
                lanes[k]->own.close();
            } catch (const Xapian::Error&) {
            }
        }
        if (!fresh_path.empty() && db_open) {
            try {
                db.close();
            } catch (const Xapian::Error&) {
            }
        }
        std::error_code ec;
        for (const auto& dir : temporaries)
            fs::remove_all(dir, ec);
        temporaries.clear();
        fresh_path.clear();
    }

    // The database failed us: undo what this run wrote and throw what
    // happened, naming the database, saying "disk full" when that is why.
    [[noreturn]] void write_failed(const std::string& what) {
        bool fresh = !fresh_path.empty();
        fs::path where = fresh ? fresh_path : options.db;
        bool full = storage_is_full(where, what);
        if (in_transaction) {
            try {
                db.cancel_transaction();
            } catch (const Xapian::Error&) {
            }
            in_transaction = false;
        }
        abandon_fresh();
        std::string message = write_failure(options.db, fresh, full, what);
        if (full) throw StorageFull(message);
        throw std::runtime_error(message);
    }

    // Runs `f`, turning a failed write into write_failed()'s cleanup and
    // message.
    template <typename F> void guarded(F f) {
        try {
            f();
        } catch (const Xapian::DatabaseLockError&) {
            throw;
        } catch (const Xapian::Error& e) {
            write_failed(e.get_description());
        } catch (const std::system_error& e) {
            write_failed(e.what());
        }
    }

    double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }

    // Callers hold `mutex` when lanes run in parallel.
    void error(const FileError& e) {
        ++summary.errors;
        if (options.on_error) options.on_error(e);
    }

    // Its documents and their spelling data (spelling.hh).
    void delete_report(const std::string& id) {
        std::string report_term = term(FieldId::report, id);
        std::vector<Xapian::docid> docs(db.postlist_begin(report_term),
                                        db.postlist_end(report_term));
        for (Xapian::docid doc : docs)
            remove_spelling(db, db.get_document(doc));
        db.delete_document(report_term);
        db.set_metadata(report_meta_key(id), "");
    }

    // One source to index, with what is known of it beforehand.
    struct Pending {
        const ReportSource* source;
        std::string key;
        std::string fingerprint;
        std::optional<SourceRecord> previous;
    };

    // A report id is the council's slug and publication date (report_id).
    // When another source already holds the id, the contents decide
    // (report_identity.hh): the same content is a copy (a file copied to
    // another folder, the PDF of a saved page), dated or not, and nullopt
    // says to skip it, naming the owner in `copy_of`; another content is
    // another report, kept under a suffixed id ("-2") and named in
    // `conflict_with`, never dropped. Ids claimed in this run are checked
    // first (by every writer of the run when claims are shared: shards):
    // lanes building a new database in parallel must not read each other's
    // databases.
    struct Claimed {
        std::optional<std::string> id;
        std::string copy_of;       // the source holding the same content
        std::string conflict_with; // the source holding another content under report.id
    };
    Claimed claim_id(const Report& report, size_t index, const Pending& p) {
        SharedClaims& shared = *claims;
        std::optional<std::string> ours; // made only when another claims the id
        Claimed out;
        std::string candidate = report.id;
        for (int n = 2;; ++n) {
            std::optional<IdClaim> owner;
            {
                std::lock_guard lock(shared.mutex);
                owner = owner_of(candidate);
                if (!owner || owner->source == p.key) {
                    shared.claimed[candidate] = {
                        p.key,
                        std::make_shared<LazyContent>([source = *p.source, index, id = report.id] {
                            return reread_content(source, index, id);
                        })};
                    out.id = candidate;
                    return out;
                }
            }
            // Outside the lock: reading a source again takes time the other
            // lanes need not wait for. An id, once claimed, keeps its owner.
            const std::string& theirs = owner->content->get();
            if (!ours) ours = content_signature(report);
            // An index written before contents were compared gives none:
            // the same id was then taken as the same report.
            if (theirs.empty() || theirs == *ours) {
                out.copy_of = owner->source;
                return out;
            }
            if (out.conflict_with.empty()) out.conflict_with = owner->source;
            candidate = report.id + "-" + std::to_string(n);
        }
    }

    // Who holds `candidate`: a source of this run, else of the database
    // before it, else of another shard's; nullopt for none. The caller holds
    // the claims' mutex.
    std::optional<IdClaim> owner_of(const std::string& candidate) {
        SharedClaims& shared = *claims;
        if (auto c = shared.claimed.find(candidate); c != shared.claimed.end()) return c->second;
        // A source gone from disk is forgotten here and owns nothing: the
        // next place may claim the id. (Only an update has such sources: one
        // lane, so the database is this thread's.)
        if (std::string source =
                fresh_path.empty() ? db.get_metadata(report_meta_key(candidate)) : std::string();
            !source.empty() && !forget_if_gone(source))
            return IdClaim{source, std::make_shared<LazyContent>([this, candidate] {
                               return indexed_content_signature(db, candidate);
                           })};
        if (auto h = shared.held.find(candidate); h != shared.held.end())
            return IdClaim{h->second.first,
                           std::make_shared<LazyContent>([held = h->second.second, candidate] {
                               return held_content(held, candidate);
                           })};
        return std::nullopt;
    }

    // The content of report `id`, the `index`th of a source this run has
    // indexed, read again (by its id: a file of the source that was read
    // then and is not now moves the others). A source that can no longer be
    // read, or no longer holds the report, gives a content no report has:
    // the report that asked is kept as another, never dropped as a copy.
    static std::string reread_content(const ReportSource& source, size_t index,
                                      const std::string& id) {
        try {
            LoadedReport again = load_report(source);
            const auto& reports = again.reports;
            if (index < reports.size() && reports[index].id == id)
                return content_signature(reports[index]);
            for (const auto& r : reports)
                if (r.id == id) return content_signature(r);
        } catch (const std::exception&) {
        }
        return "(unreadable)";
    }

    // Whether a recorded path is there, surely gone, or cannot be looked at
    // (a permission, a failing disk, a link loop: `why`), which is not gone.
    enum class Found { there, gone, unknown };
    static Found look(const std::string& path, std::string* why = nullptr) {
        std::error_code ec;
        bool there = fs::exists(path, ec);
        if (ec && why) *why = ec.message();
        return ec ? Found::unknown : there ? Found::there : Found::gone;
    }
    static bool is_gone(const std::string& path) { return look(path) == Found::gone; }

    // A source the database holds whose file or folder is no longer there
    // (a folder moved, a clone deleted) is removed, as --prune would, when
    // another source claims its report: the report now lives at the new
    // path. Else the new copy was passed over and results kept naming files
    // that are gone. Only an update has such sources (one lane).
    bool forget_if_gone(const std::string& source) {
        if (!is_gone(source)) return false;
        auto record = read_source(db, source);
        if (!record) return false;
        remove_source(*record);
        if (options.on_warning)
            options.on_warning({source, 0,
                                "no longer there; its reports are indexed from where they are "
                                "now"});
        ++summary.warnings;
        return true;
    }

    // The content of a report another writer's database held before the run.
    static std::string held_content(const fs::path& database, const std::string& id) {
        try {
            return indexed_content_signature(
                Xapian::Database(database.string(), Xapian::DB_BACKEND_GLASS), id);
        } catch (const Xapian::Error&) {
            return "";
        }
    }

    // Whether `id`, indexed from a source before, is a dated edition the
    // source no longer holds while it now holds another of the same council.
    static bool is_other_edition(const std::string& id, const std::vector<Report>& now) {
        auto dated = split_dated_id(id);
        if (!dated) return false;
        bool other = false;
        for (const auto& r : now) {
            if (r.id == id) return false;
            if (!r.published.empty() && r.id == dated->first + "-" + r.published) other = true;
        }
        return other;
    }

    // A failure of one source (reading, parsing, building its documents)
    // is that source's error; the run goes on.
    void source_failed(const Pending& p, const std::string& why) {
        std::lock_guard lock(mutex);
        error({p.source->path.string(), "cannot index: " + why});
    }

    // Read, parse and index one source into a lane's database.
    void index_source(Lane& lane, Pending& p) {
        LoadedReport loaded;
        try {
            loaded = load_report(*p.source);
        } catch (const std::exception& e) {
            source_failed(p, e.what());
            return;
        }
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
        // Every document is built before anything is written, so that a
        // source that fails here leaves the database as it was.
        std::vector<Built> built;
        std::vector<std::string> copy_of; // the sources holding reports this one copies
        try {
            copy_of = build_documents(lane, p, loaded, built);
        } catch (const std::exception& e) {
            source_failed(p, e.what());
            return;
        } catch (const Xapian::Error& e) {
            source_failed(p, e.get_description());
            return;
        }
        write_source(lane, p, loaded, built, std::move(copy_of));
    }

    // A report's documents, built, with the file it was split off from
    // (LoadedReport::split_files).
    struct Built {
        Report* report;
        std::vector<Xapian::Document> documents;
        SpellingCounts spelling;
        fs::path split_file;
    };

    // The documents of each report of `loaded` that is not a copy of one
    // another source holds, with its id claimed; the sources holding the
    // copies.
    std::vector<std::string> build_documents(Lane& lane, const Pending& p, LoadedReport& loaded,
                                             std::vector<Built>& built) {
        std::vector<std::string> copy_of;
        for (size_t i = 0; i < loaded.reports.size(); ++i) {
            Report& report = loaded.reports[i];
            Claimed claimed = claim_id(report, i, p);
            if (!claimed.id) {
                std::lock_guard lock(mutex);
                ++summary.duplicates;
                ++summary.warnings; // its line below is a warning like any other
                if (std::find(copy_of.begin(), copy_of.end(), claimed.copy_of) == copy_of.end())
                    copy_of.push_back(claimed.copy_of);
                if (options.on_warning)
                    options.on_warning({report.path, 0,
                                        "the same report as " + claimed.copy_of + " (" + report.id +
                                            "); indexed once"});
                continue;
            }
            if (!claimed.conflict_with.empty()) {
                // Same council, same date, other content: two reports.
                std::lock_guard lock(mutex);
                ++summary.warnings;
                if (options.on_warning)
                    options.on_warning({report.path, 0,
                                        "a different report from " + claimed.conflict_with +
                                            " claims the same id " + report.id +
                                            " (same council and date, other content); both "
                                            "are kept, this one as " +
                                            *claimed.id});
            }
            report.id = *claimed.id;
            auto documents = lane.builder.build(report);
            built.push_back({&report, std::move(documents), lane.builder.take_spelling(),
                             i < loaded.split_files.size() ? loaded.split_files[i] : fs::path()});
        }
        return copy_of;
    }

    // The reports the source held before, deleted, into `record` those kept
    // (a file replaced by the council's next edition: downloads keep their
    // name, and the earlier edition stays beside it).
    void drop_previous(Lane& lane, const Pending& p, const LoadedReport& loaded,
                       SourceRecord& record) {
        if (!p.previous) return;
        for (const auto& id : p.previous->reports) {
            if (is_other_edition(id, loaded.reports)) {
                record.reports.push_back(id);
                if (auto f = p.previous->files.find(id); f != p.previous->files.end())
                    record.files.insert(*f);
                continue;
            }
            delete_report(id);
            // Replaced when the source still holds the report, else
            // removed (a whole-report file deleted from its folder).
            bool replaced = std::any_of(loaded.reports.begin(), loaded.reports.end(),
                                        [&](const Report& r) { return r.id == id; });
            if (!replaced) ++lane.summary.removed;
        }
    }

    // The source's reports and its record into the lane's database.
    void write_source(Lane& lane, const Pending& p, const LoadedReport& loaded,
                      std::vector<Built>& built, std::vector<std::string> copy_of) {
        Xapian::WritableDatabase& out = *lane.db;
        SourceRecord record;
        record.path = p.key;
        record.fingerprint = loaded.errors.empty() ? p.fingerprint : "";
        drop_previous(lane, p, loaded, record);
        for (auto& [report, documents, spelling, split_file] : built) {
            {
                std::lock_guard lock(mutex);
                for (const auto& w : report->warnings) {
                    ++summary.warnings;
                    if (options.on_warning) options.on_warning(w);
                }
            }
            // Documents of the report's previous version were deleted above,
            // so adding is enough; replace_document(term) would look each
            // id term up in the pending changes, which is slow in a big run.
            for (const auto& doc : documents)
                out.add_document(doc);
            if (fresh_path.empty())
                add_spelling(out, spelling); // an update: as its deletions go
            else
                for (const auto& [word, count] : spelling)
                    lane.spelling[word] += count;
            ++lane.summary.reports;
            lane.summary.sections += report->sections.size();
            for (const auto& s : report->sections)
                lane.summary.paragraphs += s.paragraphs.size();
            out.set_metadata(report_meta_key(report->id), p.key);
            record.reports.push_back(report->id);
            if (!split_file.empty()) record.files[report->id] = canonical_path(split_file);
        }
        // A source holding only copies is recorded too, so that the next run
        // skips it while it is unchanged and the sources it copies are there.
        const bool copies = !copy_of.empty();
        record.copy_of = std::move(copy_of);
        out.set_metadata(source_meta_key(p.key),
                         record.reports.empty() && !copies ? "" : source_json(record));
        // A new database commits every half megabyte of text: Xapian holds
        // the changes in memory until then, so this bounds memory whatever
        // the corpus size, and keeps the pending changes small (faster).
        lane.unflushed += loaded.bytes;
        if (!fresh_path.empty() && lane.unflushed >= kFlushBytes) {
            out.commit();
            lane.unflushed = 0;
        }
    }

    // A new database's lane's spelling words into its database.
    static void add_lane_spelling(Lane& lane) {
        add_spelling(*lane.db, lane.spelling);
        lane.spelling.clear();
    }

    // Smaller commits are faster, down to a point: Xapian's pending changes
    // are maps that get slower to add to and to write out as they grow (the
    // run's hottest instruction was in commit's walk of them), while each
    // commit has a fixed cost in system time. First build of 600 generated
    // councils (22 MB, two lanes), mean CPU (user + system) of 6 runs:
    // 4 MB 4.71 s (4.48 + 0.24), 512 KB 3.97 s (3.73 + 0.24), 256 KB
    // 3.97 s (3.64 + 0.32), 128 KB 3.95 s (3.55 + 0.41), 64 KB 4.11 s
    // (3.52 + 0.59). Peak RSS at 1,500 councils (54 MB): 4 MB 87 MB, 1 MB
    // 38 MB, 512 KB 29 MB, 256 KB 26 MB. The database is the same, to the
    // byte, whatever the setting: compaction rewrites it.
    static constexpr uintmax_t kFlushBytes = 512u << 10;

    // Whether the sources a source was a copy of are all still there. A
    // record of copies only written before records named them says
    // nothing: such a source is read again once, and its record then names
    // them.
    static bool copies_still_owned(const SourceRecord& record) {
        if (record.reports.empty() && record.copy_of.empty()) return false;
        return std::none_of(record.copy_of.begin(), record.copy_of.end(), is_gone);
    }

    // Unchanged sources are skipped here. An update indexes the rest in one
    // lane; a new database spreads them over a lane per core, a source's
    // lane chosen by its id so that sources of the same name meet in one.
    void index_sources(const std::vector<ReportSource>& sources) {
        std::vector<Pending> todo;
        for (const auto& source : sources) {
            Pending p{&source, canonical_path(source.path), "", std::nullopt};
            if (fresh_path.empty()) {
                p.fingerprint = source_fingerprint(source);
                p.previous = read_source(db, p.key);
                if (p.previous && p.previous->fingerprint == p.fingerprint && !options.force &&
                    copies_still_owned(*p.previous)) {
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
        while (lanes.size() < wanted) {
            fs::path where(fresh_path.string() + ".lane-" + std::to_string(lanes.size()));
            temporaries.push_back(where);
            create_marked_folder(where);
            lanes.push_back(std::make_unique<Lane>(where));
        }
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

        // A lane's failure (a write the database refused) is kept and
        // rethrown here, after every lane has stopped: no exception leaves
        // a thread, and jthreads join even if starting one throws.
        std::vector<std::exception_ptr> failures(lanes.size());
        auto run = [&](size_t k) {
            try {
                for (Pending* p : work[k]) {
                    index_source(*lanes[k], *p);
                    std::lock_guard lock(mutex);
                    report_progress(sources.size());
                }
                if (!fresh_path.empty()) { // in parallel
                    add_lane_spelling(*lanes[k]);
                    lanes[k]->db->commit();
                }
            } catch (...) {
                failures[k] = std::current_exception();
            }
        };
        {
            std::vector<std::jthread> threads;
            for (size_t k = 1; k < lanes.size(); ++k)
                threads.emplace_back(run, k);
            run(0);
        }
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

    void remove_source(const SourceRecord& record) {
        for (const auto& id : record.reports) {
            delete_report(id);
            ++summary.removed;
        }
        db.set_metadata(source_meta_key(record.path), "");
    }

    // One report of a source, leaving its others (a folder's whole-report
    // files); the source's record goes with its last report. `id` is a
    // copy: `record` loses it.
    void remove_report_of(SourceRecord& record, std::string id) {
        if (record.reports.size() <= 1 &&
            std::find(record.reports.begin(), record.reports.end(), id) != record.reports.end()) {
            remove_source(record);
            return;
        }
        delete_report(id);
        ++summary.removed;
        record.drop(id);
        db.set_metadata(source_meta_key(record.path), source_json(record));
    }

    // Lanes' counts into the run's summary.
    void gather_lane_summaries() {
        for (auto& lane : lanes) {
            summary.reports += lane->summary.reports;
            summary.sections += lane->summary.sections;
            summary.paragraphs += lane->summary.paragraphs;
            summary.removed += lane->summary.removed;
            lane->summary = IndexSummary{};
        }
    }

    // The lanes are merged, and the B-tree blocks a bulk build leaves half
    // full packed, by one compaction (a quarter smaller, faster to search).
    // It is written beside the final place and renamed in, so a kill still
    // leaves no database.
    void publish_fresh() {
        Xapian::Database merged;
        for (auto& lane : lanes) {
            lane->db->commit();
            merged.add_database(Xapian::Database(
                (lane->path.empty() ? fresh_path : lane->path).string(), Xapian::DB_BACKEND_GLASS));
        }
        fs::path compacted = fresh_path.string() + ".compact";
        temporaries.push_back(compacted);
        create_marked_folder(compacted);
        {
            WriteBehind early(compacted);
            merged.compact(compacted.string(),
                           lanes.size() == 1 ? Xapian::DBCOMPACT_NO_RENUMBER : 0);
        }
        merged.close();
        std::erase(temporaries, compacted);
        abandon_fresh(); // the lanes, merged
        try {
            fs::rename(compacted, options.db); // over nothing, or an empty folder
        } catch (...) {
            std::error_code ec;
            fs::remove_all(compacted, ec);
            throw;
        }
        unmark_folder(options.db);
        lanes.clear();
        db = Xapian::WritableDatabase(options.db.string(),
                                      Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        lanes.push_back(std::make_unique<Lane>(db));
    }
};

IndexWriter::IndexWriter(IndexOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

IndexWriter::~IndexWriter() = default;

void IndexWriter::add(const std::vector<fs::path>& paths) {
    Discovery found = discover_reports(paths);
    for (const auto& e : found.errors)
        impl_->error(e);
    for (const auto& w : found.warnings) {
        ++impl_->summary.warnings;
        if (impl_->options.on_warning) impl_->options.on_warning(w);
    }
    impl_->summary.skipped_files += found.skipped_files;
    impl_->summary.page_assets += found.page_assets;
    add_sources(found.reports);
}

void IndexWriter::add_sources(const std::vector<ReportSource>& sources) {
    impl_->sources_done = 0;
    impl_->guarded([&] { impl_->index_sources(sources); });
}

void IndexWriter::prune() {
    impl_->guarded([&] {
        // Only what is surely gone: a path that cannot be looked at (a
        // permission, a failing disk, a link loop) may still be there, and
        // pruning it would lose what was indexed from it.
        using Found = Impl::Found;
        auto look = [&](const std::string& path) {
            std::string why;
            Found found = Impl::look(path, &why);
            if (found == Found::unknown) {
                if (impl_->options.on_warning)
                    impl_->options.on_warning(
                        {path, 0, "cannot be looked at (" + why + "); its reports are kept"});
                ++impl_->summary.warnings;
            }
            return found;
        };
        auto gone = [&](const std::string& path) { return look(path) == Found::gone; };
        for (auto& record : all_sources(impl_->db)) {
            Found found = look(record.path);
            if (found == Found::unknown) continue;
            if (found == Found::gone) {
                impl_->remove_source(record);
                continue;
            }
            // A folder still there may have lost some of its whole-report files.
            std::vector<std::string> lost;
            for (const auto& [id, file] : record.files)
                if (gone(file)) lost.push_back(id);
            for (const auto& id : lost)
                impl_->remove_report_of(record, id);
        }
    });
}

bool IndexWriter::remove(const std::string& id_or_path) {
    bool removed = false;
    impl_->guarded([&] {
        Xapian::WritableDatabase& db = impl_->db;
        bool is_id = !db.get_metadata(report_meta_key(id_or_path)).empty();
        std::string key =
            is_id ? db.get_metadata(report_meta_key(id_or_path)) : canonical_path(id_or_path);
        auto record = read_source(db, key);
        if (record && !record->reports.empty()) {
            removed = true;
            if (record->reports.size() > 1 && is_id) // only that one, not its siblings
                impl_->remove_report_of(*record, id_or_path);
            else
                impl_->remove_source(*record);
            return;
        }
        // A whole-report file of a folder: every report that came from it
        // (the file may have held two editions: a download replaced by the
        // next keeps the earlier indexed beside it), and only those.
        for (auto& folder : all_sources(db)) {
            std::vector<std::string> from_file;
            for (const auto& [id, file] : folder.files)
                if (file == key) from_file.push_back(id);
            for (const auto& id : from_file)
                impl_->remove_report_of(folder, id);
            if (!from_file.empty()) removed = true;
        }
        if (removed) return;
        if (record) db.set_metadata(source_meta_key(key), ""); // a record of copies only
    });
    if (!removed) impl_->summary.unmatched_removals.push_back(id_or_path);
    return removed;
}

IndexSummary IndexWriter::commit() {
    Impl& impl = *impl_;
    impl.guarded([&] {
        if (impl.in_transaction) impl.db.commit_transaction();
        impl.in_transaction = false;
        impl.gather_lane_summaries();
        if (!impl.fresh_path.empty()) impl.publish_fresh();
        impl.summary.documents = impl.db.get_doccount();
    });
    impl.summary.seconds = impl.elapsed();
    return impl.summary;
}

std::vector<std::pair<std::string, std::string>> IndexWriter::indexed_reports() const {
    return cqc::indexed_reports(impl_->db);
}

} // namespace cqc
