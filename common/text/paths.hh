#pragma once

#include <filesystem>
#include <string>

namespace cqc {

// The database both tools use when --db is not given: $CQC_DB, else
// $XDG_DATA_HOME/cqc-search/index, else ~/.local/share/cqc-search/index.
std::filesystem::path default_db_path();

constexpr const char* kDefaultDbHelp =
    "$CQC_DB, else $XDG_DATA_HOME/cqc-search/index, else ~/.local/share/cqc-search/index";

// The one canonical form of a path: absolute, "." and ".." resolved, and
// symbolic links followed as far as the path exists (the rest kept as
// given). A file given twice, through a link or as "dir/../dir/f.txt", has
// one canonical path: sources are keyed (source_registry.hh), deduplicated in
// one run (report_loader.cc) and sharded (sharding.cc) by it.
std::string canonical_path(const std::filesystem::path& p);

} // namespace cqc
