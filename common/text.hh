// Text handling shared by indexing and querying: decoding files of unknown
// encoding, and the one normalisation applied to both documents and queries.
#pragma once

#include <string>
#include <string_view>

namespace cqc {

struct DecodedText {
    std::string text;     // valid UTF-8
    std::string encoding; // "utf-8", "windows-1252"
    size_t replaced = 0;  // invalid UTF-8 sequences replaced with U+FFFD
    size_t nul_bytes = 0; // NUL bytes (past the binary probe) replaced with U+FFFD
    bool binary = false;  // looks like a binary file; text is empty
};

// Decode file bytes: UTF-8 (a BOM is dropped); text with no valid multi-byte
// UTF-8 but high bytes is taken as Windows-1252 (a superset of Latin-1 for
// printable text); otherwise invalid sequences are replaced. A NUL in the
// first 8 KB makes the file binary; one further on is replaced.
DecodedText decode_bytes(std::string_view bytes);

// NFKC; typographic quotes, apostrophes and dashes to ASCII; no-break and
// other spaces to a plain space; accents folded ("café" -> "cafe"). Case is
// kept so that query operators (AND, OR, NEAR) survive.
std::string normalise_text(std::string_view utf8);
// The same, always through ICU (normalise_text takes shortcuts for ASCII and
// the commonest typographic characters); for tests.
std::string normalise_with_icu(std::string_view utf8);

// "London Borough of Harrow" -> "london-borough-of-harrow"
std::string slugify(std::string_view text);

// Without the white space at either end.
std::string trim(std::string_view s);

// Whether `text` starts with `prefix`, ignoring ASCII case.
bool starts_with_ci(std::string_view text, std::string_view prefix);

// Collapse runs of white space into one space and trim both ends.
std::string collapse_spaces(std::string_view text);

bool is_valid_utf8(std::string_view bytes);

// Data (report text, names, paths) made safe for a terminal or stderr: C0
// and C1 control characters, DEL, and bidirectional overrides and isolates
// are shown as \xNN or \u{NNNN}, invalid UTF-8 bytes as \xNN, so that a
// file can neither forge lines nor send escape sequences.
std::string terminal_safe(std::string_view data);

// A byte of a word: an ASCII letter or digit, or any byte of a non-ASCII
// character (normalised text keeps few, and they are letters).
inline bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Where the word starting at `begin` ends.
inline size_t word_end(std::string_view text, size_t begin) {
    while (begin < text.size() && is_word_byte(static_cast<unsigned char>(text[begin])))
        ++begin;
    return begin;
}

} // namespace cqc
