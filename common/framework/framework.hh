// The CQC local authority assessment framework as data: themes, quality
// statements (with every name variant met in published reports), score labels
// and rating thresholds. Everything else (parser, indexer, query parser,
// --help, tests) reads these tables; nothing else spells a statement name.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cqc {

struct Theme {
    std::string_view id;   // stable id used in the index and JSON
    std::string_view name; // canonical name
    // Heading variants; "<council>" stands for any council name.
    std::vector<std::string_view> variants;
};

struct Statement {
    std::string_view id;         // stable id used in the index and JSON
    std::string_view name;       // canonical name
    std::string_view theme;      // Theme::id
    std::string_view short_name; // column heading in the score grid
    std::vector<std::string_view> variants;
};

struct Rating {
    std::string_view id;   // stable id, e.g. "requires-improvement"
    std::string_view name; // as printed in reports
    int min_percent;       // inclusive lower bound of the whole-number percentage
};

// An acronym readers search by, with the spellings-out seen in reports
// (plural forms listed too: Xapian matches multi-word synonyms unstemmed).
struct Acronym {
    std::string_view acronym;
    std::vector<std::string_view> expansions;
};

constexpr int kMinScore = 1;
constexpr int kMaxScore = 4;
static_assert(kMinScore >= 0 && kMaxScore <= 9, "the recogniser reads a score as one digit");

// The fixed wording of a report besides the names of its themes and
// statements: the headings of its parts and the lines the recogniser reads
// or drops. Each has every variant met in published reports; the first is
// the canonical one. How each is laid out (a heading on its own line, an
// opening followed by more) is the recogniser's; the words are only here.
enum class Wording {
    overall_summary,     // heading: the summary section
    rating_heading,      // heading: the rating, the council and the percentage follow
    score_table_heading, // heading: the table of the statements' scores follows
    what_people_expect,  // heading: the "I" statement follows (or follows a colon)
    commitment,          // heading: the local authority's "We" statement follows
    key_findings,        // heading: key-finding subheadings and paragraphs follow
    score_table_header,  // a score table's header row (folded: "Quality statement | Score")
    theme_list_intro,    // opening of the line introducing a theme's statements
    copyright_footer,    // opening of the footer under the sections
    page_after_report,   // opening of a line of the site's page after the report (feedback)
    cover_title,         // a cover's line under the council's name
    publisher,           // the publisher's name on a line of its own (a cover's first line)
    published_opening,   // opening of a line giving the publication date
    assessed_opening,    // opening of a line giving the assessment dates (longest first)
};
constexpr size_t kWordingParts = static_cast<size_t>(Wording::assessed_opening) + 1;
std::span<const std::string_view> wording(Wording part);

std::span<const Theme> themes();
std::span<const Statement> statements();
std::span<const Rating> ratings(); // ordered worst to best
std::span<const Acronym> acronyms();

const Theme* find_theme_by_id(std::string_view id);
const Statement* find_statement_by_id(std::string_view id);
const Rating* find_rating_by_id(std::string_view id);

// A statement's or theme's id as people read it (its name); an id the
// framework does not know is shown as it is.
std::string statement_name(std::string_view id);
std::string theme_name(std::string_view id);

// Exact heading match (case, punctuation and spacing insensitive) against the
// canonical name and every variant.
const Statement* match_statement_heading(std::string_view heading);
const Theme* match_theme_heading(std::string_view heading);
const Rating* match_rating_name(std::string_view text);

// Query-side lookup: an id, or words that all occur in a name or variant.
std::vector<const Statement*> statements_matching(std::string_view words);
std::vector<const Theme*> themes_matching(std::string_view words);
std::vector<const Rating*> ratings_matching(std::string_view words);

// "Evidence shows some shortfalls" for 2; empty for a score out of range.
std::string_view score_label(int score);

// Overall percentage (sum of scores over 4 per scored statement) rounded
// half up to a whole number; nullopt when nothing is scored.
std::optional<int> overall_percent(std::span<const int> scores);
const Rating* rating_for_percent(int percent);

} // namespace cqc
