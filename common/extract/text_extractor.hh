// Reads the text layouts of FRAMEWORK.md (per-section plain or markdown
// files, web-page text, text extracted from a PDF) into the document model.
// It knows text layouts: wrapped lines, hyphenation, form feeds, "Page N of
// M" footers and running headers, markdown headings and pipe tables,
// bullets, web-page chrome. It knows nothing of the framework: which lines
// must stand alone as blocks (a statement's title, a score line) the
// recogniser says through `stands_alone`.
#pragma once

#include "extractor.hh"

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace cqc {

// Joins lines wrapped by a typesetter (lines of the report's own
// characters; `lines` for the constructor normalised). A line-end hyphen
// ('-', U+2010 or U+2011) is the wrap's,
// and dropped ("commis-" + "sioning"), unless the hyphenated word is
// written with its hyphen elsewhere in the same text ("co-production").
class HyphenatedWords {
public:
    explicit HyphenatedWords(const std::vector<std::string_view>& lines);
    void join(std::string& paragraph, std::string_view next) const;

private:
    std::unordered_set<std::string> words_;
};

// A paragraph cut by a page break in mid-sentence: `after` goes on `before`.
bool continues_across_break(const Block& before, const Block& after);

// `text` is UTF-8 in any of the text layouts. It is tidied (tidy_text: the
// report's own characters kept, and each block's text is them; a soft
// hyphen ending a line made a line-end hyphen), its line ends unified (CR LF
// and a lone CR end a line), then laid out; the layout rules read each line
// normalised (normalise_text), and `stands_alone` is given the normalised
// line.
Document text_document(std::string_view text, const std::string& path,
                       const LinePredicate& stands_alone);

// The extractor for text files (extractor.hh): `bytes` decoded as UTF-8
// (decoded_text), then text_document with `options.stands_alone`. Refused:
// binary bytes.
Extraction extract_text(std::string_view bytes, const ExtractOptions& options);

} // namespace cqc
