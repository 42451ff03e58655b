// The files cqc-index keeps beside a database (database_files.hh).
#include "database_files.hh"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <thread>

namespace cqc {
namespace fs = std::filesystem;
namespace {

// A folder cqc-index builds in carries this file, whose text names the
// folder; only such folders are ever removed as leftovers.
constexpr const char* kMarkFile = "cqc-index-temporary";
constexpr const char* kTemporaryInfix = ".partial-";

std::string mark_text(const fs::path& dir) {
    return "cqc-index builds a database here and removes this folder when its run ends: " +
           dir.filename().string() + "\n";
}

fs::path parent_of(const fs::path& db) {
    return db.parent_path().empty() ? fs::path(".") : db.parent_path();
}

} // namespace

namespace {
std::string locked_message(const fs::path& db, double wait_seconds) {
    return "another indexer is writing to the database " + db.string() +
           (wait_seconds > 0 ? " (waited " + std::to_string(static_cast<int>(wait_seconds)) + " s)"
                             : "; use --wait SECONDS to wait for it");
}

// The one lock wait: tries `take` (which returns whether it got the lock)
// every 100 ms until it succeeds or `wait_seconds` have passed, then throws
// DatabaseLocked naming `db`. Polling is the only way for both locks:
// Xapian offers no blocking lock wait, and flock's blocking form cannot
// time out.
template <typename Take> void wait_for_lock(const fs::path& db, double wait_seconds, Take take) {
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(wait_seconds));
    while (!take()) {
        if (std::chrono::steady_clock::now() >= deadline)
            throw DatabaseLocked(locked_message(db, wait_seconds));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}
} // namespace

Xapian::WritableDatabase open_writable(const fs::path& db, double wait_seconds, int flags) {
    std::error_code ec;
    fs::create_directories(parent_of(db), ec);
    std::optional<Xapian::WritableDatabase> opened;
    wait_for_lock(db, wait_seconds, [&] {
        try {
            opened.emplace(db.string(),
                           Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS | flags);
            return true;
        } catch (const Xapian::DatabaseLockError&) {
            return false;
        }
    });
    return std::move(*opened);
}

BuildLock::BuildLock(const fs::path& db, double wait_seconds) {
    std::error_code ec;
    fs::path parent = parent_of(db);
    fs::create_directories(parent, ec);
    fs::path path = parent / (db.filename().string() + ".lock");
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw std::runtime_error("cannot create lock file " + path.string() + ": " +
                                 std::strerror(errno));
    try {
        wait_for_lock(db, wait_seconds, [&] { return ::flock(fd_, LOCK_EX | LOCK_NB) == 0; });
    } catch (...) {
        ::close(fd_);
        throw;
    }
}

BuildLock::~BuildLock() {
    ::close(fd_);
}

bool is_new_database(const fs::path& db) {
    std::error_code ec;
    auto status = fs::status(db, ec);
    if (!fs::exists(status)) return true;
    return fs::is_directory(status) && fs::is_empty(db, ec) && !ec;
}

void check_writable_by_us(const fs::path& db) {
    if (is_new_database(db)) return;
    std::error_code ec;
    auto refuse = [&](const std::string& why) {
        throw DatabaseRefused(db.string() + " " + why +
                              "; cqc-index writes only to databases it created (use a new --db)");
    };
    if (!fs::is_directory(db, ec)) refuse("is not a database directory (a file)");
    if (!fs::exists(db / "iamglass", ec)) refuse("is a folder holding other files, not a database");
    std::string schema;
    try {
        schema = Xapian::Database(db.string(), Xapian::DB_BACKEND_GLASS).get_metadata(kSchemaKey);
    } catch (const Xapian::DatabaseError& e) {
        refuse("cannot be read as a database (" + e.get_msg() + ")");
    }
    if (schema.empty()) refuse("is a Xapian database another program made");
}

void create_marked_folder(const fs::path& dir) {
    if (!fs::create_directory(dir))
        throw fs::filesystem_error("folder exists already", dir,
                                   std::make_error_code(std::errc::file_exists));
    std::ofstream mark(dir / kMarkFile);
    mark << mark_text(dir);
    mark.close();
    if (!mark)
        throw fs::filesystem_error("cannot write", dir / kMarkFile,
                                   std::error_code(errno ? errno : EIO, std::generic_category()));
}

void unmark_folder(const fs::path& dir) {
    std::error_code ec;
    fs::remove(dir / kMarkFile, ec);
}

fs::path create_temporary_folder(const fs::path& db) {
    fs::path parent = parent_of(db);
    fs::create_directories(parent);
    std::string stem = db.filename().string() + kTemporaryInfix + std::to_string(::getpid());
    for (int n = 0;; ++n) {
        fs::path dir = parent / (stem + (n ? "-" + std::to_string(n) : ""));
        std::error_code ec;
        if (fs::exists(fs::symlink_status(dir, ec))) continue; // not ours to reuse
        create_marked_folder(dir);
        return dir;
    }
}

namespace {

// What follows "DB.partial-" in the names create_temporary_folder and the
// build give: "PID", "PID-N", then ".lane-K" or ".compact". Not another
// database's temporaries ("DB.partial-1.partial-PID" belongs to a database
// named "DB.partial-1").
bool is_temporary_suffix(std::string_view rest) {
    auto digits = [&] {
        size_t n = 0;
        while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n])))
            ++n;
        rest.remove_prefix(n);
        return n > 0;
    };
    if (!digits()) return false;
    if (rest.starts_with("-")) {
        rest.remove_prefix(1);
        if (!digits()) return false;
    }
    if (rest.starts_with(".lane-")) {
        rest.remove_prefix(6);
        if (!digits()) return false;
    } else if (rest == ".compact") {
        rest = {};
    }
    return rest.empty();
}

} // namespace

void remove_stale_temporaries(const fs::path& db) {
    std::string stem = db.filename().string() + kTemporaryInfix;
    std::error_code ec;
    for (auto it = fs::directory_iterator(parent_of(db), ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const fs::path& dir = it->path();
        std::string name = dir.filename().string();
        std::error_code sec;
        if (!name.starts_with(stem) || !is_temporary_suffix(name.substr(stem.size())) ||
            !it->is_directory(sec) || it->is_symlink(sec))
            continue;
        fs::path mark = dir / kMarkFile;
        if (fs::is_symlink(mark, sec) || !fs::is_regular_file(mark, sec)) continue;
        std::ifstream in(mark);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (text == mark_text(dir)) fs::remove_all(dir, sec);
    }
}

bool storage_is_full(const fs::path& where, const std::string& error) {
    if (error.find(std::strerror(ENOSPC)) != std::string::npos ||
        error.find(std::strerror(EDQUOT)) != std::string::npos)
        return true;
    struct statvfs s {};
    fs::path dir = where;
    std::error_code ec;
    while (!dir.empty() && !fs::exists(dir, ec) && dir != dir.parent_path())
        dir = dir.parent_path();
    if (::statvfs(dir.empty() ? "." : dir.c_str(), &s) != 0) return false;
    // Xapian writes blocks of 8 KB and more; with less than a megabyte left
    // the failure was the space running out.
    constexpr unsigned long long kNearlyFull = 1u << 20;
    bool no_blocks = static_cast<unsigned long long>(s.f_bavail) * s.f_frsize < kNearlyFull;
    bool no_inodes = s.f_files > 0 && s.f_favail == 0;
    return no_blocks || no_inodes;
}

} // namespace cqc
