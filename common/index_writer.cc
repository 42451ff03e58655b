#include "index_writer.hh"

#include "documents.hh"
#include "schema.hh"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <exception>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

namespace cqc {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSchemaKey = "cqc:schema";
constexpr const char* kSchemaVersion = "3";
constexpr const char* kSourcePrefix = "src:"; // source path -> fingerprint, report ids
constexpr const char* kReportPrefix = "rid:"; // report id -> source path

// FNV-1a over names and contents: stable across builds and machines.
class Fingerprint {
public:
    void add(std::string_view bytes) {
        for (unsigned char c : bytes) {
            hash_ ^= c;
            hash_ *= 1099511628211ull;
        }
        hash_ ^= 0xff;
        hash_ *= 1099511628211ull;
    }
    std::string hex() const {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_));
        return buf;
    }

private:
    unsigned long long hash_ = 1469598103934665603ull;
};

std::string fingerprint(const ReportSource& source) {
    Fingerprint fp;
    for (const auto& file : source.files) {
        fp.add(file.filename().string());
        std::ifstream in(file, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        fp.add(bytes);
        if (!in && !in.eof()) fp.add("\x01unreadable");
    }
    return fp.hex();
}

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

Xapian::WritableDatabase open_writable(const fs::path& db, double wait_seconds) {
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(wait_seconds));
    std::error_code ec;
    fs::create_directories(db.parent_path().empty() ? fs::path(".") : db.parent_path(), ec);
    for (;;) {
        try {
            return Xapian::WritableDatabase(db.string(), Xapian::DB_CREATE_OR_OPEN);
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

struct IndexWriter::Impl {
    IndexOptions options;
    BuildLock build_lock;
    fs::path fresh_path; // non-empty when building a new database
    Xapian::WritableDatabase db;
    DocumentBuilder builder;
    IndexSummary summary;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    bool in_transaction = false;

    // A database that does not exist yet is built beside its final place
    // with Xapian's ordinary flushing (bounded memory, whatever the corpus
    // size) and renamed into place by commit(); a run killed before that
    // leaves no database, as before it started. An existing database is
    // updated inside one transaction.
    explicit Impl(IndexOptions o)
        : options(std::move(o)), build_lock(options.db, options.wait_seconds), db(open_target()),
          builder(&db) {
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
        // Flush every few thousand documents (Xapian's default is 10,000):
        // measured, this keeps a bulk build near 200 MB whatever its size.
        ::setenv("XAPIAN_FLUSH_THRESHOLD", "3000", 0);
        return open_writable(fresh_path, 0);
    }

    void abandon_fresh() {
        if (fresh_path.empty()) return;
        std::error_code ec;
        db.close();
        fs::remove_all(fresh_path, ec);
        fresh_path.clear();
    }

    double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }

    void error(const FileError& e) {
        ++summary.errors;
        if (options.on_error) options.on_error(e);
    }

    void delete_report(const std::string& id) {
        db.delete_document(term(FieldId::report, id));
        db.set_metadata(kReportPrefix + id, "");
    }

    // A report id is its directory or file name; a second source with the
    // same name (elsewhere on disk) gets a suffix instead of replacing it.
    std::string unique_id(const std::string& id, const std::string& source_key) {
        std::string candidate = id;
        for (int n = 2;; ++n) {
            std::string owner = db.get_metadata(kReportPrefix + candidate);
            if (owner.empty() || owner == source_key) return candidate;
            candidate = id + "-" + std::to_string(n);
        }
    }

    // What a worker thread makes of one source, for the writer to apply.
    struct Prepared {
        std::string key;
        std::string fingerprint;
        std::optional<SourceRecord> previous;
        LoadedReport loaded;
        // Per report: its documents, built under the report's own id.
        std::vector<std::vector<std::pair<std::string, Xapian::Document>>> documents;
        std::exception_ptr failure;
    };

    // Runs in worker threads: touches no database.
    static void prepare(const ReportSource& source, Prepared& out) {
        try {
            thread_local DocumentBuilder builder(nullptr);
            out.loaded = load_report(source);
            if (out.previous && !out.loaded.errors.empty()) return; // kept as it is
            for (const auto& report : out.loaded.reports)
                out.documents.push_back(builder.build(report));
        } catch (...) {
            out.failure = std::current_exception();
        }
    }

    // Spelling data comes from section documents, as the term generator
    // would add it, but here in the writer thread that owns the database.
    void add_spelling(const Xapian::Document& doc) {
        if (doc.termlist_begin() == doc.termlist_end()) return;
        std::string section_type = term(FieldId::type, doctype::section);
        bool section = false;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end() && !section; ++t)
            section = *t == section_type;
        if (!section) return;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string& word = *t;
            unsigned char c = static_cast<unsigned char>(word[0]);
            if ((c >= 'a' && c <= 'z') || c >= 0x80) db.add_spelling(word, t.get_wdf());
        }
    }

    // Runs in the writer thread.
    void apply(Prepared& p) {
        if (p.failure) std::rethrow_exception(p.failure);
        summary.bytes += p.loaded.bytes;
        for (const auto& e : p.loaded.errors)
            error(e);
        if (p.previous && !p.loaded.errors.empty()) {
            // Keep what is indexed rather than replace it with a partial
            // report; the fingerprint stays old so the next run retries.
            return;
        }
        if (p.previous)
            for (const auto& id : p.previous->reports)
                delete_report(id);
        SourceRecord record;
        record.fingerprint = p.loaded.errors.empty() ? p.fingerprint : "";
        for (size_t i = 0; i < p.loaded.reports.size(); ++i) {
            Report& report = p.loaded.reports[i];
            std::string id = unique_id(report.id, p.key);
            if (id != report.id) {
                // Rare: another source owns the name; rebuild under the new id.
                report.id = id;
                p.documents[i] = builder.build(report);
            }
            for (const auto& w : report.warnings) {
                ++summary.warnings;
                if (options.on_warning) options.on_warning(w);
            }
            // Documents of the report's previous version were deleted above,
            // so adding is enough; replace_document(term) would look each
            // id term up in the pending changes, which is slow in a big run.
            for (auto& [idterm, doc] : p.documents[i]) {
                add_spelling(doc);
                db.add_document(doc);
            }
            ++summary.reports;
            summary.sections += report.sections.size();
            for (const auto& s : report.sections)
                summary.paragraphs += s.paragraphs.size();
            db.set_metadata(kReportPrefix + report.id, p.key);
            record.reports.push_back(report.id);
        }
        nlohmann::json j = {{"fingerprint", record.fingerprint}, {"reports", record.reports}};
        db.set_metadata(kSourcePrefix + p.key, record.reports.empty() ? "" : j.dump());
    }

    // Unchanged sources are skipped here; the rest are parsed and turned
    // into documents by worker threads, a bounded window ahead of the
    // writer, and applied in their original order.
    void index_sources(const std::vector<ReportSource>& sources) {
        std::vector<const ReportSource*> todo;
        std::vector<Prepared> prepared;
        for (const auto& source : sources) {
            Prepared p;
            p.key = canonical_string(source.path);
            p.fingerprint = fingerprint(source);
            p.previous = read_source(db, p.key);
            if (p.previous && p.previous->fingerprint == p.fingerprint && !options.force) {
                ++summary.unchanged;
                report_progress(sources.size());
                continue;
            }
            todo.push_back(&source);
            prepared.push_back(std::move(p));
        }
        constexpr size_t kWindow = 8; // sources prepared ahead: bounds memory
        std::mutex mutex;
        std::condition_variable changed;
        std::vector<bool> ready(todo.size(), false);
        size_t next = 0, applied = 0;
        auto work = [&] {
            for (;;) {
                size_t i;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock,
                                 [&] { return next >= todo.size() || next < applied + kWindow; });
                    if (next >= todo.size()) return;
                    i = next++;
                }
                prepare(*todo[i], prepared[i]);
                {
                    std::lock_guard lock(mutex);
                    ready[i] = true;
                }
                changed.notify_all();
            }
        };
        unsigned workers = std::max(1u, std::thread::hardware_concurrency() - 1);
        std::vector<std::thread> threads;
        for (unsigned w = 0; w < std::min<size_t>(workers, todo.size()); ++w)
            threads.emplace_back(work);
        struct Join { // also when apply() throws
            std::vector<std::thread>& threads;
            std::mutex& mutex;
            size_t& next;
            size_t end;
            std::condition_variable& changed;
            ~Join() {
                {
                    std::lock_guard lock(mutex);
                    next = end;
                }
                changed.notify_all();
                for (auto& t : threads)
                    t.join();
            }
        } join{threads, mutex, next, todo.size(), changed};
        for (size_t i = 0; i < todo.size(); ++i) {
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return ready[i]; });
            }
            apply(prepared[i]);
            prepared[i] = Prepared{}; // free the documents
            {
                std::lock_guard lock(mutex);
                applied = i + 1;
            }
            changed.notify_all();
            report_progress(sources.size());
        }
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
    if (impl_->in_transaction) impl_->db.commit_transaction();
    impl_->in_transaction = false;
    impl_->summary.documents = impl_->db.get_doccount();
    if (!impl_->fresh_path.empty()) {
        // A bulk build leaves B-tree blocks half full: compacting it (well
        // under a second per thousand councils) makes it about a quarter
        // smaller and faster to search. Written beside the final place and
        // renamed in, so a kill still leaves no database.
        impl_->db.commit();
        fs::path compacted = impl_->fresh_path.string() + ".compact";
        impl_->db.compact(compacted.string(), Xapian::DBCOMPACT_NO_RENUMBER);
        impl_->db.close();
        fs::rename(compacted, impl_->options.db);
        std::error_code ec;
        fs::remove_all(impl_->fresh_path, ec);
        impl_->fresh_path.clear();
        impl_->db = Xapian::WritableDatabase(impl_->options.db.string(), Xapian::DB_OPEN);
    }
    impl_->summary.seconds = impl_->elapsed();
    return impl_->summary;
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
