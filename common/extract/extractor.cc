#include "extractor.hh"

#include "html_extractor.hh"
#include "pdf_extractor.hh"
#include "text.hh"
#include "text_extractor.hh"

#include <array>
#include <utility>

namespace cqc {
namespace {

struct Handler {
    FileKind kind;
    Extractor extract;
};

// Every kind of file cqc-index reads, and its extractor.
constexpr std::array kHandlers = {
    Handler{FileKind::pdf, extract_pdf},
    Handler{FileKind::html, extract_html},
    Handler{FileKind::text, extract_text},
};

constexpr std::string_view kBinary = "binary file, not report text; skipped";

} // namespace

Extraction Extraction::refused(std::string reason) {
    Extraction out;
    out.reason = std::move(reason);
    return out;
}

Extractor extractor_for(FileKind kind) {
    for (const auto& handler : kHandlers)
        if (handler.kind == kind) return handler.extract;
    return nullptr;
}

Extraction extract_file(std::string_view bytes, const ExtractOptions& options) {
    Extractor extract = extractor_for(sniff_file_kind(bytes.substr(0, 4096)));
    if (!extract) return Extraction::refused(std::string(kBinary));
    return extract(bytes, options);
}

std::optional<std::string> decoded_text(std::string_view bytes, Extraction& out) {
    DecodedText decoded = decode_bytes(bytes);
    if (decoded.binary) {
        out.reason = kBinary;
        return std::nullopt;
    }
    if (decoded.encoding != "utf-8")
        out.warnings.push_back("not UTF-8; read as " + decoded.encoding);
    if (decoded.replaced)
        out.warnings.push_back(std::to_string(decoded.replaced) +
                               " invalid UTF-8 sequence(s) replaced");
    if (decoded.nul_bytes)
        out.warnings.push_back(std::to_string(decoded.nul_bytes) +
                               " NUL byte(s) replaced (not text)");
    return std::move(decoded.text);
}

} // namespace cqc
