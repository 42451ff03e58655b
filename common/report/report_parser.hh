// The framework recogniser: a document's blocks (document.hh) into the model
// of report.hh. Parsing a file and assembling a report are separate so that
// a report directory's files can be parsed one by one. Its files, one job
// each: line_recognisers.cc (what one line says: a score, a label, a score
// table row, a part heading, a date, by the framework table's wording),
// section_walker.cc (which blocks make which section), report_assembly.cc
// (one report from its files, with the cross-checks). It reads documents,
// never files: text into documents is extract/'s, and the two meet in
// index/ (report_loader.hh: parse_report_text).
#pragma once

#include "document.hh"
#include "report.hh"

#include <optional>
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

// Merge the files of one report: drop repeated paragraphs, fill in section
// scores from the score table, and cross-check scores and rating.
Report assemble_report(std::string id, std::string path, std::vector<ParsedFile> files);

// A file of whole-report shape (several quality statement sections) rather
// than a single section of a report directory.
bool is_whole_report(const ParsedFile& file);

} // namespace cqc
