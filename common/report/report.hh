// What the parser yields for one report: the model the indexer stores and
// the tests check. Nothing here knows about Xapian.
#pragma once

#include "framework.hh"

#include <optional>
#include <string>
#include <vector>

namespace cqc {

struct Diagnostic {
    std::string file;
    int line = 0; // 1-based; 0 when the problem is not tied to a line
    std::string message;
};

// One paragraph of a section with the key-finding subheading it sits under.
struct Paragraph {
    std::string heading;
    std::string text;
    int line = 0; // in a text or HTML file
    int page = 0; // in a PDF
};

struct Section {
    std::string title;
    const Statement* statement = nullptr; // null for the overall summary
    bool summary = false;
    std::optional<int> score;
    std::string what_people_expect;
    std::string commitment;
    std::vector<Paragraph> paragraphs;
    std::string file;
    int line = 0; // where the section starts: a line of a text or HTML file
    int page = 0; // or a page of a PDF

    const Theme* theme() const { return statement ? find_theme_by_id(statement->theme) : nullptr; }
};

struct ScoreRow {
    const Statement* statement = nullptr;
    int score = 0;
};

struct Report {
    // Stable and content-derived: the council's slug, plus "-YYYY-MM-DD" of
    // the publication date when known (report_id()); never a file name.
    std::string id;
    std::string path; // the report's directory or file
    std::vector<std::string> files;
    std::string authority;
    const Rating* stated_rating = nullptr;
    std::optional<int> stated_percent;
    bool indicative = false;
    std::string published;             // ISO "YYYY-MM-DD" (dates.hh), empty when unknown
    std::string assessed;              // the assessment dates as the report writes them
    std::vector<ScoreRow> score_table; // as printed in the overall summary
    std::vector<Section> sections;
    std::vector<Diagnostic> warnings;
    size_t duplicate_paragraphs = 0;
    // Set when no council name was found (authority is then its file's or
    // folder's name): a hash of its files' bytes, which an undated report's
    // id ends in, so that one content is one report whatever it is called.
    std::string content_hash;

    // Score of each statement: the score table's, else its section's.
    std::optional<int> score_for(const Statement& statement) const;
    // How many of the framework's statements have a score.
    size_t scores_known() const;
    // The overall percentage of the nine scores; nullopt unless all nine
    // are known: CQC computes it from all of them, so a part of a report
    // (one section file, three of nine) has none.
    std::optional<int> computed_percent() const;
    // The percentage the report states, else the computed one.
    std::optional<int> percent() const;
    // Whether percent() is computed rather than stated.
    bool percent_computed() const { return !stated_percent && computed_percent(); }
    // The rating the report states, else the one its percent() falls in;
    // null when neither is known (never from some of the scores).
    const Rating* rating() const;
};

} // namespace cqc
