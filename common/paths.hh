#pragma once

#include <filesystem>

namespace cqc {

// The database both tools use when --db is not given: $CQC_DB, else
// $XDG_DATA_HOME/cqc-search/index, else ~/.local/share/cqc-search/index.
std::filesystem::path default_db_path();

constexpr const char* kDefaultDbHelp =
    "$CQC_DB, else $XDG_DATA_HOME/cqc-search/index, else ~/.local/share/cqc-search/index";

} // namespace cqc
