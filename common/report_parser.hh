// Turns report text, in any of the layouts of FRAMEWORK.md, into the model of
// report.hh. Parsing a file and assembling a report are separate so that a
// report directory's files can be parsed one by one.
#pragma once

#include "document.hh"
#include "report.hh"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cqc {

// What one file contributes to its report.
struct ParsedFile {
    std::string path;
    std::string authority;
    const Rating* stated_rating = nullptr;
    std::optional<int> stated_percent;
    bool indicative = false;
    std::string published; // ISO date
    std::string assessed;
    std::vector<ScoreRow> score_table;
    std::vector<Section> sections;
    std::vector<Diagnostic> warnings;
    size_t unplaced_paragraphs = 0; // text before any section heading
};

// The framework recogniser: what a document's blocks say as a report.
ParsedFile recognise(const Document& doc);

// Lines of text layouts that are blocks of their own whatever surrounds
// them: framework headings, score lines, table rows, dates.
bool stands_alone(std::string_view line);

// Text in any of the text layouts: extract_text, then recognise.
// `text` must be valid UTF-8 (see decode_bytes).
ParsedFile parse_report_text(std::string_view text, const std::string& path);

// Merge the files of one report: drop repeated paragraphs, fill in section
// scores from the score table, and cross-check scores and rating.
Report assemble_report(std::string id, std::string path, std::vector<ParsedFile> files);

// A file of whole-report shape (several quality statement sections) rather
// than a single section of a report directory.
bool is_whole_report(const ParsedFile& file);

} // namespace cqc
