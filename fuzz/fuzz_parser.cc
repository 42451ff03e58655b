// libFuzzer target: arbitrary bytes through decoding, normalisation and the
// report parser, as cqc-index would read a file.
#include "report_loader.hh"
#include "text.hh"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    cqc::DecodedText decoded = cqc::decode_bytes(bytes);
    if (decoded.binary) return 0;
    cqc::Report report = cqc::parse_single_report(decoded.text, "fuzz.txt");
    for (const auto& s : report.sections)
        for (const auto& p : s.paragraphs)
            if (!cqc::is_valid_utf8(p.text)) __builtin_trap(); // the index needs UTF-8
    (void)report.percent();
    return 0;
}
