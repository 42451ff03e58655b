// What one line (or block text) of a report says, by the framework's
// wording: a score, a score label, a score table row, a part heading, a
// date, the council. Internal to the recogniser: included only by
// section_walker.cc and report_text.cc, never by a public header.
// Each function takes the text normalised (normalise_text: typographic
// quotes and dashes folded) unless it says otherwise.
#pragma once

#include "document.hh"
#include "report.hh"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqc::detail {

// A score line: "Score: 2", "Score 3", "## Score 2" (its text), "Indicative
// score:", "Score: 2 - Evidence shows some shortfalls", "Score: 3/4".
struct ScoreLine {
    std::optional<int> score; // nullopt for a bare "Score:" line
    bool indicative = false;
};
std::optional<ScoreLine> match_score_line(std::string_view t);

// A score and its label: "2 - Evidence shows some shortfalls".
std::optional<int> match_score_label(std::string_view t);

// A row of an aligned or markdown score table: "Assessing needs    2",
// "| Safeguarding | 2 |", "Safeguarding   Score: 2 - Evidence shows ...".
std::optional<ScoreRow> match_table_row(std::string_view t);

// A drawn table's row, cell by cell: a statement's name in one cell and its
// score ("2", "Score: 2", "2 - Evidence shows some shortfalls") in a later one.
std::optional<ScoreRow> match_table_cells(const std::vector<std::string>& cells);

// "| Quality statement | Score |", "|---|---|" and the like around a table.
bool is_table_furniture(std::string_view t);

// The footer under a report's sections, by its opening: "© Care Quality
// Commission 2025" (any line opening with "©"), "(c) Care Quality Commission".
bool is_copyright(std::string_view t);

// A line of the site's page after the report: "Is this page useful?",
// "Was this page helpful?", "Send feedback" (the framework table's cues).
bool is_page_after_report(std::string_view t);

// "This theme includes these quality statements:" introduces a theme's list.
bool is_theme_boilerplate(std::string_view t);

// "Overall score: 58%", "58%": the overall percentage stated on its own.
std::optional<int> match_percent_line(std::string_view t);

// "Requires improvement", "Overall rating: Good (72%)", "Indicative rating:
// Good".
struct RatingLine {
    const Rating* rating = nullptr;
    std::optional<int> percent;
    bool indicative = false;
};
std::optional<RatingLine> match_rating_line(std::string_view t);

// Which of the framework table's part headings `t` is (Wording::
// overall_summary to key_findings), in the table's order: folded, one of
// the part's variants; "What people expect" may carry its "I" statement
// after a colon.
std::optional<Wording> match_part_heading(std::string_view t);

// "Published: 12 March 2025 Page last updated: 14 March 2025",
// "Date of publication: 28 November 2024", "Published 12 March 2025": the
// publication date, ISO. A line that opens so and gives a date that cannot
// be read ("Published: 31 February 2025", "Publication date: soon") is
// still the publication line, without a date: `written` says what it
// gave instead, for a warning. "Published data showed..." is no such line.
struct PublishedLine {
    std::optional<std::string> date;
    std::string written; // the text after the opening, trimmed
};
std::optional<PublishedLine> match_published_line(std::string_view t);

// "Assessment activity: 14 October 2024 to 8 November 2024", "Date of
// assessment: ...", "Assessment dates: ...": the dates as written.
std::optional<std::string> match_assessed_line(std::string_view t);

// A cover's "Local authority assessment" under the council's name.
bool is_title_page_line(std::string_view t);

// "Care Quality Commission" on a line of its own: the publisher, above a
// cover's council; no part of the report.
bool is_publisher_line(std::string_view t);

// A web page's first line or title: "<Council> assessment", "<Council>:
// local authority assessment". Gives the council's name.
std::optional<std::string> match_title_line(std::string_view t);

// A plain line that reads as a subheading: short, no sentence punctuation.
// `t`: the block's text normalised.
bool looks_like_heading(const Block& b, std::string_view t);

// Lines of text layouts that are blocks of their own whatever surrounds
// them: framework headings, score lines, table rows, dates.
bool stands_alone(std::string_view t);

// The "I" statement without the quotation marks around it, straight or
// curly (`t` as written; the marks are compared normalised).
std::string unquote(std::string_view t);

} // namespace cqc::detail
