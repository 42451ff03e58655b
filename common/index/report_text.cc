// Text files (any of the text layouts) into the document model, with the
// recogniser's say on which lines stand alone, and on to a parsed file.
#include "line_recognisers.hh"
#include "report_loader.hh"

#include "text_extractor.hh"

namespace cqc {

Document extract_report_text(std::string_view text, const std::string& path) {
    return text_document(text, path, detail::stands_alone);
}

ParsedFile parse_report_text(std::string_view text, const std::string& path) {
    return recognise(extract_report_text(text, path));
}

} // namespace cqc
