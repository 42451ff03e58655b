// Which of cqc-search's options combine: one table, read both by the check
// that refuses a combination that would otherwise be ignored (exit 2) and
// by --help, so that what --help says and what the program does cannot
// drift apart. Every option cqc-search has is a row; an option the table
// does not know is a programming error, not a user's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cqc {

// What a cqc-search run does. --scores, --changes, --export and --serve
// each choose one; without them it searches.
enum SearchMode : unsigned {
    mode_search = 1,
    mode_scores = 2,
    mode_changes = 4,
    mode_export = 8,
    mode_serve = 16, // --serve: the web pages, until interrupted
};

// Where an option works.
struct OptionRule {
    std::string_view option; // its long name, as the parser keeps it ("limit")
    unsigned modes;          // the SearchModes it works in
};

// Two options that each work in a mode but not together.
struct OptionConflict {
    std::string_view first, second;
    std::string_view why; // said when they are refused
};

// The table: a row per option of cqc-search.
const std::vector<OptionRule>& option_rules();

// The mode the given options choose (the first of --scores, --changes,
// --export and --serve given; a second one is refused by check_options).
SearchMode search_mode(const std::vector<std::string>& given);

// The message refusing the first combination among the given options (long
// names, without "--") that the table does not allow, or "" when they all
// combine. Names the table does not hold throw std::logic_error.
std::string check_options(const std::vector<std::string>& given);

// The --help section saying which options combine, written from the table.
std::string option_rules_help();

} // namespace cqc
