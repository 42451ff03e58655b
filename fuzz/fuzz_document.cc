// libFuzzer target: arbitrary bytes as a downloaded file, read by their
// content's type (PDF through poppler, HTML through gumbo, text), recognised
// as a report and built into Xapian documents, as cqc-index reads a file.
// Seeds are the published fixtures (tests/published: PDFs, saved pages,
// damaged downloads), so the fuzzer starts inside each extractor, and
// fuzz/corpus/document/: pages nested deep (plain, tables, lists, formatting
// elements the parser reopens or moves about) and wide (many paragraphs,
// unclosed items, table rows), and a PDF of objects nested deep (issue 24).
#include "documents.hh"
#include "report_loader.hh"
#include "report_parser.hh"
#include "text.hh"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string reason;
    std::vector<cqc::Diagnostic> warnings;
    auto doc = cqc::read_document("fuzz.bin", bytes, reason, warnings);
    if (!doc) {
        if (reason.empty()) __builtin_trap(); // a refusal always says why
        return 0;
    }
    for (const auto& block : doc->blocks)
        if (!cqc::is_valid_utf8(block.text)) __builtin_trap(); // the model holds UTF-8
    std::vector<cqc::ParsedFile> files;
    files.push_back(cqc::recognise(*doc));
    cqc::Report report = cqc::assemble_report("fuzz", "fuzz.bin", std::move(files));
    (void)report.percent();
    cqc::DocumentBuilder builder;
    for (const auto& xdoc : builder.build(report))
        for (auto t = xdoc.termlist_begin(); t != xdoc.termlist_end(); ++t)
            if ((*t).size() > 245) __builtin_trap(); // Xapian's term limit
    return 0;
}
