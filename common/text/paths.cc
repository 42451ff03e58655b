#include "paths.hh"

#include <cstdlib>

namespace cqc {

std::filesystem::path default_db_path() {
    if (const char* db = std::getenv("CQC_DB"); db && *db) return db;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "cqc-search" / "index";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".local" / "share" / "cqc-search" / "index";
    return std::filesystem::path(".cqc-search") / "index";
}

std::string canonical_path(const std::filesystem::path& p) {
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(p, ec);
    if (ec) return p.lexically_normal().string();
    std::filesystem::path canonical = std::filesystem::weakly_canonical(absolute, ec);
    return (ec ? absolute.lexically_normal() : canonical).string();
}

} // namespace cqc
