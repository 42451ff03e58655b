// Text files (any of the text layouts) into the document model, with the
// recogniser's say on which lines stand alone, and on to a parsed file.
#include "line_recognisers.hh"
#include "report_loader.hh"

#include "text.hh"
#include "text_extractor.hh"

namespace cqc {

Document extract_report_text(std::string_view text, const std::string& path) {
    // A soft hyphen ending a line (pdftotext writes "reable\u00AD" /
    // "ment") breaks a word there: a line-end hyphen, which the line joiner
    // joins; tidy_text would drop it and leave two words.
    std::string hyphens(text);
    static constexpr std::string_view kSoftHyphen = "\xC2\xAD";
    for (size_t at = hyphens.find(kSoftHyphen); at != std::string::npos;
         at = hyphens.find(kSoftHyphen, at + 1)) {
        size_t after = at + kSoftHyphen.size();
        if (after < hyphens.size() && (hyphens[after] == '\n' || hyphens[after] == '\r'))
            hyphens.replace(at, kSoftHyphen.size(), "-");
    }
    // The report's characters, kept; the rules fold them where they compare.
    std::string tidy = tidy_text(hyphens);
    // CR LF and lone CR (as some exports write) both end a line.
    size_t w = 0;
    for (size_t r = 0; r < tidy.size(); ++r) {
        char c = tidy[r];
        if (c == '\r') {
            if (r + 1 < tidy.size() && tidy[r + 1] == '\n') continue;
            c = '\n';
        }
        tidy[w++] = c;
    }
    tidy.resize(w);
    return extract_text(tidy, path, detail::stands_alone);
}

ParsedFile parse_report_text(std::string_view text, const std::string& path) {
    return recognise(extract_report_text(text, path));
}

} // namespace cqc
