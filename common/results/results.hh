// The result model: what a search, the score grid and --changes return, and
// what the printers (print/) and the web server show. Plain data with
// size_t counts: no Xapian type, so that it links no Xapian.
#pragma once

#include "records.hh"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqc {

// A text with the byte ranges that matched the query (JSON gives them in
// code points: printers.cc).
struct Highlighted {
    std::string text;                             // the report's own characters
    std::vector<std::pair<size_t, size_t>> spans; // [begin, end) byte offsets
};

struct Hit {
    size_t rank = 0;
    int relevance = 0;     // percent, as Xapian computes it
    SectionRecord section; // metadata of the section
    std::string heading;   // key-finding subheading of the best passage
    Highlighted snippet;
    // The paragraph shown matches the whole query on its own; false when no
    // single paragraph does (an AND whose words are in different
    // paragraphs, words only in the title): the closest one is shown.
    bool passage_matches = true;
    int line = 0; // line of the best passage in `section.path`
    int page = 0; // or its page, in a PDF
    // Holds only some of the query's words: shown after the sections that
    // hold them all, when those are fewer than asked for (not in `total`).
    bool partial = false;
    // With --group-by: the matching sections of this hit's group (this one,
    // the best, included).
    size_t group_sections = 0;
    // Words of the report that stood in for the user's (meaning.hh):
    // (report's words, user's words), e.g. ("respite", "short breaks").
    std::vector<std::pair<std::string, std::string>> matched_via;

    // Where the passage shown is: its line or page, else the section's.
    int shown_line() const;
    int shown_page() const;
};

// --group-by authority: one result per council's report (its best section;
// a council's editions are separate results, never mixed) instead of one
// per section.
enum class GroupBy { none, authority };

struct WeightedTerm {
    std::string term;
    double weight = 0;
};

struct FacetValue {
    std::string value;
    size_t count = 0;
};

// field name -> its values, commonest first, fields in schema order
using FacetCounts = std::vector<std::pair<std::string, std::vector<FacetValue>>>;

struct SearchResults {
    std::string query;
    size_t total = 0;
    bool total_exact = true; // false: --passages read only the best sections
    bool passages = false;
    // Whether relevance means something: false when nothing in the query
    // weighs (filters only), where every match would read "100%".
    bool ranked = true;
    GroupBy group_by = GroupBy::none;
    size_t sections = 0; // with group_by: matching sections in all groups
    std::vector<Hit> hits;
    FacetCounts facets;         // field name -> counts, in the order of the schema table
    std::string corrected;      // spelling suggestion, if any
    bool autocorrected = false; // the results are for `corrected`
    std::vector<WeightedTerm> terms;
    // Where the time went, in milliseconds (for --timings).
    struct Timings {
        double parse = 0, match = 0, passages = 0, terms = 0;
    } timings;
};

// One row of the score grid: a report's council, rating and nine scores.
struct GridRow {
    ReportRecord report;
};

struct ScoreGrid {
    std::string query; // empty: every report
    size_t total = 0;  // reports matching, before --offset and --limit
    size_t offset = 0; // rows skipped before the first shown
    std::vector<GridRow> rows;
};

// --changes: what changed between two consecutive editions of a council's
// report (by publication date).
struct ScoreChange {
    std::string statement; // statement id
    std::optional<int> from, to;
};
struct ParagraphChange {
    std::string section; // statement id, or "summary"
    size_t added = 0;    // paragraphs of `to` not in `from`
    size_t removed = 0;  // paragraphs of `from` not in `to`
};
struct EditionChange {
    std::string authority;
    ReportRecord from, to;
    std::vector<ScoreChange> scores;         // statements whose score changed, framework order
    std::vector<ParagraphChange> paragraphs; // sections whose paragraphs changed
};
struct Changes {
    std::string query; // empty: every council
    std::vector<EditionChange> changes;
};

} // namespace cqc
