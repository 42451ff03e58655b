// One signature for every extractor, and the table from a file's kind
// (file_type.hh) to the extractor that reads it, as Omega's handler.h maps
// MIME types to handlers. An extractor takes a file's bytes as they are on
// disk and returns an Extraction: the document, or the reason it could not
// be read (one line a user can act on), and warnings either way. None
// throws for a file it cannot read; a file past a limit (extract_limits.hh)
// is refused the same way.
#pragma once

#include "document.hh"
#include "extract_limits.hh"
#include "file_type.hh"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqc {

using LinePredicate = std::function<bool(std::string_view line)>;

struct ExtractOptions {
    std::string path; // for the document and messages
    // The text a file may hold, for a PDF whose file is larger than its text.
    uintmax_t max_text_bytes = kMaxFileBytes;
    // Text layouts: which lines stand alone as blocks (a statement's title,
    // a score line), given the normalised line. The recogniser (report/)
    // says; none stand alone when empty.
    LinePredicate stands_alone;
};

struct Extraction {
    std::optional<Document> document; // nullopt: not read, and `reason` says why
    std::string reason;
    std::vector<std::string> warnings; // about the whole file ("not UTF-8; read as ...")

    static Extraction refused(std::string reason);
};

using Extractor = Extraction (*)(std::string_view bytes, const ExtractOptions& options);

// The extractor for a kind of file; nullptr for `other` (no report is read
// from images, office documents, archives, binaries).
Extractor extractor_for(FileKind kind);

// A file's bytes read by their content's kind (sniff_file_kind), through
// extractor_for; a file of no readable kind is refused as binary.
Extraction extract_file(std::string_view bytes, const ExtractOptions& options);

// For the text-based extractors (HTML, text layouts): `bytes` as UTF-8
// (decode_bytes), with warnings for a guessed encoding, replaced sequences
// and NUL bytes; nullopt, with `out` refused, for binary bytes.
std::optional<std::string> decoded_text(std::string_view bytes, Extraction& out);

} // namespace cqc
