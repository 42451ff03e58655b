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

} // namespace cqc
