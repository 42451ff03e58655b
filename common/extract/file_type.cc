#include "file_type.hh"

#include <magic.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>
#include <optional>

namespace cqc {
namespace {

bool contains_ci(std::string_view haystack, std::string_view needle) {
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [](char a, char b) {
                              return std::tolower(static_cast<unsigned char>(a)) ==
                                     std::tolower(static_cast<unsigned char>(b));
                          });
    return it != haystack.end();
}

// PDF readers accept the header anywhere in the first kilobyte.
constexpr size_t kPdfHeaderSpan = 1024;

bool has_pdf_header(std::string_view head) {
    return head.substr(0, kPdfHeaderSpan).find("%PDF-") != std::string_view::npos;
}

// The first `n` bytes of a file (fewer when it is shorter), read straight
// into the string: no stream buffer, as discovery reads the head of every
// file; nullopt when it cannot be opened.
std::optional<std::string> file_head(const std::filesystem::path& path, size_t n) {
    std::ifstream in;
    in.rdbuf()->pubsetbuf(nullptr, 0);
    in.open(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string head(n, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    return head;
}

} // namespace

std::string_view file_kind_name(FileKind kind) {
    switch (kind) {
    case FileKind::pdf:
        return "PDF";
    case FileKind::html:
        return "HTML page";
    case FileKind::text:
        return "text";
    case FileKind::other:
        break;
    }
    return "other";
}

FileKind sniff_file_kind(std::string_view head) {
    if (has_pdf_header(head)) return FileKind::pdf;
    if (head.find('\0') != std::string_view::npos) return FileKind::other;
    std::string_view rest = head;
    if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())))
        rest.remove_prefix(1);
    if (contains_ci(rest.substr(0, 15), "<!doctype html") ||
        contains_ci(rest.substr(0, 6), "<html") ||
        (rest.starts_with("<") &&
         (contains_ci(rest, "<html") || contains_ci(rest, "<head") || contains_ci(rest, "<body"))))
        return FileKind::html;
    // Text: few control characters besides white space (UTF-8 or Latin-1
    // bytes above 0x7F are fine; decode_bytes sorts them out).
    size_t control = 0;
    for (unsigned char c : head)
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
    return control * 100 > head.size() ? FileKind::other : FileKind::text;
}

FileKind sniff_file(const std::filesystem::path& path) {
    auto head = file_head(path, 4096);
    return head ? sniff_file_kind(*head) : FileKind::other;
}

bool sniffs_as_pdf(const std::filesystem::path& path) {
    auto head = file_head(path, kPdfHeaderSpan);
    return head && has_pdf_header(*head);
}

std::string describe_file(const std::filesystem::path& path) {
    // libmagic's handle is not thread-safe; descriptions are rare.
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    magic_t cookie = magic_open(MAGIC_NONE);
    if (!cookie) return "unknown type";
    std::string out = "unknown type";
    if (magic_load(cookie, nullptr) == 0)
        if (const char* d = magic_file(cookie, path.c_str())) out = d;
    magic_close(cookie);
    return out;
}

} // namespace cqc
