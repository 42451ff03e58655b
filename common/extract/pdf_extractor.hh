// Reads a typeset PDF into the document model with poppler's text layer, in
// process. It uses what the PDF knows: words with their position, font size
// and weight, page by page. Lines repeated at the top or bottom of most pages
// (running headers and footers, "Page N of M") are page furniture and
// dropped; the cover page becomes front matter; a contents page (dotted
// leaders, page numbers) is skipped; text set larger or bold than the body
// is a heading; words spread in columns are a table row; lines wrapped or
// hyphenated by the typesetter are joined, across page breaks too.
#pragma once

#include "document.hh"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cqc {

// A PDF that cannot be read, with the reason a user can act on.
struct ExtractError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws ExtractError: encrypted, no text layer, damaged, or more than
// `max_text_bytes` of text.
Document extract_pdf(std::string_view bytes, const std::string& path, uintmax_t max_text_bytes);

} // namespace cqc
