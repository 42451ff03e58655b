// The document model between reading a file and understanding it. Each
// extractor (text layouts, PDF, HTML) turns a file's bytes into blocks; one
// recogniser (report_parser.hh) turns blocks into a report. Extractors know
// their format and nothing of the CQC framework; the recogniser knows the
// framework and nothing of any format.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cqc {

enum class BlockKind {
    heading,   // a heading the format marks as one (markdown #, <h2>, a larger or bold font)
    paragraph, // running text; in plain text, a one-line paragraph may still be a subheading
    list_item, // a bullet or numbered item
    table_row, // one row of a table, its cells in `cells`
};

struct Block {
    BlockKind kind = BlockKind::paragraph;
    int level = 0; // headings: 1 (largest) to 6
    // The report's own characters (tidy_text in text.hh: accents, dashes and
    // curly quotes as published); recognisers fold them to compare. A table
    // row's cells joined by two spaces.
    std::string text;
    std::vector<std::string> cells; // table rows only
    int line = 0;                   // 1-based line in the file (text, HTML), else 0
    int page = 0;                   // 1-based page (PDF), else 0
    int line_count = 1;             // source lines the block spans (text layouts)
    bool page_break_before = false; // a page ended just before it
    bool emphasised = false;        // set in bold or a larger font than the body
};

struct Document {
    std::string path;
    // Text the format sets apart from the body: a PDF's cover page, a web
    // page's title. The recogniser reads it for the council and dates only.
    std::vector<Block> front_matter;
    std::vector<Block> blocks;
    // A machine-readable publication date the format carries (an HTML
    // <time datetime>), ISO "YYYY-MM-DD" or empty.
    std::string published;
};

// Where a block is, for messages and results: "line 12" or "page 3".
inline int block_position(const Block& b) {
    return b.line ? b.line : b.page;
}

// The document as JSON, for `cqc-index --show-blocks`: what was read from a
// file before any framework rule applied.
nlohmann::json document_json(const Document& doc);

} // namespace cqc
