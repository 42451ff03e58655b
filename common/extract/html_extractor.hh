// Reads a saved web page (.html, "Save page as", complete or HTML only) into
// the document model with gumbo, a real HTML5 parser. Only the report is
// read: the page's main content (<main>, role="main", else <article>, else
// <body>), without the site furniture around and inside it (cookie banner,
// header, navigation, breadcrumbs, "On this page" links, feedback forms,
// footer, scripts, styles). Headings come from h1-h6, paragraphs from p and
// other block elements, list items from li, table rows from tr; inline
// markup (<strong>, <a>, <em>) never splits text; entities and no-break
// spaces are decoded. A <time datetime> gives the publication date.
#pragma once

#include "extractor.hh"

#include <string_view>

namespace cqc {

// The extractor for saved web pages (extractor.hh): `bytes` decoded as
// UTF-8 (decoded_text), then parsed. Malformed markup is read, not refused:
// HTML5 parsing recovers from anything, as browsers do. Refused: binary
// bytes, or a page past a limit (extract_limits.hh): over kMaxHtmlBytes,
// elements nested deeper than kMaxHtmlDepth, more than kMaxHtmlBlocks blocks.
Extraction extract_html(std::string_view bytes, const ExtractOptions& options);

} // namespace cqc
