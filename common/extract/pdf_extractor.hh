// Reads a typeset PDF into the document model with poppler's text layer, in
// process. It uses what the PDF knows: words with their position, font size
// and weight, page by page. Lines repeated at the top or bottom of most pages
// (running headers and footers, "Page N of M") are page furniture and
// dropped; the cover page becomes front matter; a contents page (dotted
// leaders, page numbers) is skipped; text set larger or bold than the body
// is a heading; words spread in columns are a table row; lines wrapped or
// hyphenated by the typesetter are joined, across page breaks too.
#pragma once

#include "extractor.hh"

#include <string_view>

namespace cqc {

// The extractor for PDFs (extractor.hh). Refused: encrypted, no text layer,
// damaged, more than `options.max_text_bytes` of text, more than
// kMaxPdfPages pages, or objects nested more than kMaxPdfNesting deep
// (extract_limits.hh).
Extraction extract_pdf(std::string_view bytes, const ExtractOptions& options);

} // namespace cqc
