// What a file is, decided by its content rather than its name: a PDF saved
// as "download" is still a PDF, an HTML error page saved as "report.pdf" is
// still HTML.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace cqc {

enum class FileKind {
    pdf,
    html,
    text,  // plain text or markdown
    other, // images, office documents, archives, binaries
};

std::string_view file_kind_name(FileKind kind); // "PDF", "HTML page", "text", "other"

// From the first few kilobytes of a file.
FileKind sniff_file_kind(std::string_view head);

// Read the start of a file and sniff it; `other` when it cannot be read.
FileKind sniff_file(const std::filesystem::path& path);

// Whether sniff_file would call the file a PDF, from its first kilobyte
// alone (where a PDF's header is): all a file named as text needs asked.
bool sniffs_as_pdf(const std::filesystem::path& path);

// What libmagic calls a file ("PNG image data, 1 x 1, ..."), for messages
// about files that are not reports; "unknown type" when it cannot tell.
std::string describe_file(const std::filesystem::path& path);

} // namespace cqc
