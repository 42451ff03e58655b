// libFuzzer target: arbitrary bytes through decoding, normalisation, the
// report parser and the building of the report's Xapian documents, as
// cqc-index would read and index a file.
#include "documents.hh"
#include "report_loader.hh"
#include "text.hh"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    cqc::DecodedText decoded = cqc::decode_bytes(bytes);
    if (decoded.binary) return 0;
    if (decoded.text.find('\0') != std::string::npos) __builtin_trap(); // NULs are replaced
    cqc::Report report = cqc::parse_single_report(decoded.text, "fuzz.txt");
    for (const auto& s : report.sections)
        for (const auto& p : s.paragraphs)
            if (!cqc::is_valid_utf8(p.text)) __builtin_trap(); // the index needs UTF-8
    (void)report.percent();
    // Xapian refuses terms over 245 bytes ("Term too long"), whatever the
    // council's name or the words: long ones must have been hashed.
    cqc::DocumentBuilder builder;
    for (const auto& doc : builder.build(report))
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            if ((*t).size() > 245) __builtin_trap();
    return 0;
}
