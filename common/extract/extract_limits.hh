// The limits on what one file may make the readers do, in one place. A file
// past a limit is refused with one line naming it and the limit (exit 1,
// like any unreadable file); the rest of the run goes on. A real report is
// about 100 KB of text: a saved report page is about 100 KB of markup with
// some 1,000 blocks and nests 20 to 30 elements deep, a report PDF has 30 to
// 80 pages. Every limit is far above that and far below what would crash
// the run or take minutes. README.md ("Indexing") lists them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace cqc {

// A file that cannot be read, with the reason a user can act on: thrown
// inside the PDF and HTML extractors, which return it as
// Extraction::reason (extractor.hh).
struct ExtractError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Text files, and the text extracted from a PDF: 160 times a real report.
constexpr uintmax_t kMaxFileBytes = 16ull << 20;

// A PDF file itself may be much larger than its text (fonts and images).
constexpr uintmax_t kMaxPdfBytes = 512ull << 20;

// A saved web page: 80 times a real one, and room for a page saved with its
// styles and scripts inline. Indexing a page at the limit takes about 140 MB
// at its peak and 2.4 s of CPU, growing in step with the page (bench/run
// --pages); a 14.6 MB page once took 496 MB.
constexpr uintmax_t kMaxHtmlBytes = 8ull << 20;

// How deeply a page's elements may nest: Chromium's HTML parser stops
// nesting at 512 levels (kMaximumHTMLParserDOMTreeDepth); gumbo has no
// such limit, frees its tree recursively (a 50,000-level page overflows the
// stack) and takes time growing with the square of the depth.
constexpr size_t kMaxHtmlDepth = 512;

// Paragraphs, headings, list items and table rows in one page: 50 times a
// real report page; a page of more is not one report.
constexpr size_t kMaxHtmlBlocks = 50'000;

// Pages in one PDF: 25 times a long report. Poppler reads each page in
// turn; a file of 100,000 empty pages has no text to trip the text limit.
constexpr int kMaxPdfPages = 2'000;

// How deeply a PDF's dictionaries and arrays may nest, as PDFium's
// parser (kParserMaxRecursionDepth, 64); a real PDF nests under 10.
// Poppler's own parser stops at 500 (its recursionLimit), which also
// covers objects inside compressed object streams, which this cannot see.
constexpr size_t kMaxPdfNesting = 64;

// The limits as --help lists them.
inline std::string limits_help() {
    return "Limits on one file (past one, the file is named with the limit and skipped, exit 1):\n"
           "  text file, or the text of a PDF   " +
           std::to_string(kMaxFileBytes >> 20) +
           " MB\n"
           "  PDF file                          " +
           std::to_string(kMaxPdfBytes >> 20) + " MB, " + std::to_string(kMaxPdfPages) +
           " pages, objects nested " + std::to_string(kMaxPdfNesting) +
           " deep\n"
           "  saved web page                    " +
           std::to_string(kMaxHtmlBytes >> 20) + " MB, elements nested " +
           std::to_string(kMaxHtmlDepth) + " deep, " + std::to_string(kMaxHtmlBlocks) + " blocks\n";
}

} // namespace cqc
