#include "database_layout.hh"

#include <fstream>
#include <sstream>
#include <system_error>

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

} // namespace

void write_shard_manifest(const fs::path& dir, size_t shards) {
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

bool holds_legacy_shard_stub(const fs::path& db) {
    return legacy_stub_shards(db) != 0;
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

} // namespace cqc
