#include "file_type.hh"

#include <magic.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>

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
    // PDF readers accept the header anywhere in the first kilobyte.
    if (head.substr(0, 1024).find("%PDF-") != std::string_view::npos) return FileKind::pdf;
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
    std::ifstream in(path, std::ios::binary);
    if (!in) return FileKind::other;
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    return sniff_file_kind(head);
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
