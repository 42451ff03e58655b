// Text handling shared by indexing and querying: decoding files of unknown
// encoding, and the one normalisation applied to both documents and queries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

// Two forms of the same text. A report's words are stored and shown as
// the report has them (tidy_text: "Café", dashes and curly quotes as
// published), and folded only to be matched (normalise_text, which the
// index, the query parser and the recognisers apply): folding belongs in
// the index, never in what people read and quote.

// NFKC; typographic quotes, apostrophes and dashes to ASCII; no-break and
// other spaces to a plain space; accents folded ("café" -> "cafe"). Case is
// kept so that query operators (AND, OR, NEAR) survive.
std::string normalise_text(std::string_view utf8);
// The same, always through ICU (normalise_text takes shortcuts for ASCII and
// the commonest typographic characters); for tests.
std::string normalise_with_icu(std::string_view utf8);
// normalise_text(text), without a copy when the text is ASCII (it is then
// its own normal form): `storage` holds the normalised text otherwise.
std::string_view normalised_view(std::string_view text, std::string& storage);

// normalise_text with, for each byte of the normalised text, the bytes of
// the original it came from, so that what matched in the folded text can be
// shown in the report's own. The text is cut where ICU says NFKC may start
// afresh (hasBoundaryBefore) and each piece folded alone, which gives
// normalise_text's result (tested).
struct MappedText {
    std::string text; // normalise_text(original)
    // Where folding changed something: folded bytes [folded_begin,
    // folded_end) came from original bytes [source_begin, source_end).
    // Between pieces, folded and original bytes are the same (ASCII).
    struct Piece {
        uint32_t folded_begin, folded_end, source_begin, source_end;
    };
    std::vector<Piece> pieces;
    // The original bytes that folded byte i came from: [begin_of, end_of).
    size_t begin_of(size_t i) const;
    size_t end_of(size_t i) const;
};
MappedText normalise_mapped(std::string_view utf8);

// Text as it is stored and shown: the report's characters (accents,
// dashes, curly quotes, symbols) as published, with only what no reader
// sees or types made plain: canonical composition (NFC: "e" + combining
// acute is "é"), typesetting ligatures spelled out ("ﬁ" -> "fi"), every
// space character a plain space, and soft hyphens, zero-width spaces and
// byte order marks dropped (normalise_text drops them too).
std::string tidy_text(std::string_view utf8);

// The bytes of the first and of the last character (code point) of
// `text`, empty when it is empty: recognisers fold one character
// (normalise_text(last_char(t)) is "\"" for a closing curly quote).
std::string_view first_char(std::string_view text);
std::string_view last_char(std::string_view text);

// Offset `byte` of `text` in Unicode code points (JSON highlights count
// characters, not bytes).
size_t code_point_offset(std::string_view text, size_t byte);
// The other way: the byte offset of each code point of `text` (as
// code_point_offset counts them), then text.size(); code point n starts at
// byte [n] (a JSON highlight read back, on a terminal or a page).
std::vector<size_t> code_point_bytes(std::string_view text);

// "London Borough of Harrow" -> "london-borough-of-harrow"
std::string slugify(std::string_view text);

// Without the white space at either end.
std::string trim(std::string_view s);

// Whether `text` starts with `prefix`, ignoring ASCII case.
bool starts_with_ci(std::string_view text, std::string_view prefix);

// Collapse runs of white space into one space and trim both ends.
std::string collapse_spaces(std::string_view text);

bool is_valid_utf8(std::string_view bytes);

// The one output sanitiser. Data (report text, council names, headings,
// paths, queries) is untrusted: shown raw it could send escape sequences
// (clear the screen, set the window title, hide text), forge lines of
// stderr, or reorder what is read. These code points are never written as
// they are, wherever the output goes:
//   - C0 controls U+0000..U+001F (tab and newline are kept where the format
//     has room for them: Layout::text), DEL U+007F, C1 controls
//     U+0080..U+009F (CSI, OSC and the like, as UTF-8);
//   - bidirectional embeddings and overrides U+202A..U+202E, isolates
//     U+2066..U+2069, and the invisible marks U+200E, U+200F and U+061C
//     (they reorder the neutral characters around them, such as a path's
//     slashes; English reports have no use for them);
//   - the line and paragraph separators U+2028 and U+2029 (some viewers
//     start a new line there);
//   - bytes that are not UTF-8.
// Everything else, accents and typographic quotes included, is shown as the
// report has it. Four renderings of the one rule: terminal_safe (terminal
// and stderr), json_safe (JSON text), csv_cell (CSV) and html_safe (HTML).
bool is_unsafe_code_point(char32_t cp);

enum class Layout {
    line, // one line: tab and newline escaped too
    text, // tab and newline kept (a CSV cell, multi-line text)
};

// For a terminal or stderr: an unsafe byte below 0x80 (and a byte that is
// not UTF-8) as \xNN, an unsafe code point above as \u{NNNN}; ESC [ 2 J
// becomes "\x1B[2J", a newline in a file name "\x0A".
std::string terminal_safe(std::string_view data, Layout layout = Layout::line);

// JSON text as dumped by nlohmann (valid UTF-8, control characters below
// U+0020 already escaped) with the other unsafe code points (DEL, C1, bidi
// controls, separators) escaped as \uNNNN too: outside strings JSON holds
// only ASCII punctuation, so this changes no structure.
std::string json_safe(std::string_view json_text);

// A CSV cell (RFC 4180): terminal_safe keeping tab and newline; a cell
// starting with = + - @ or tab is prefixed with ' so that a spreadsheet
// reads it as text, not a formula (as OWASP advises; OWASP's carriage
// return is escaped already); quoted when it holds a comma, quote or
// newline.
std::string csv_cell(std::string_view data);

// For HTML text and attribute values (quoted with either quote): what
// terminal_safe writes, with & < > " ' as character references, so that
// report text such as "<script>" or "\"><img onerror=...>" is shown and never
// read as markup. The one way data reaches the pages of cqc-search --serve.
std::string html_safe(std::string_view data, Layout layout = Layout::line);

// For comparing headings and names, not for matching words (that is
// tokens.hh): normalised (text.hh), lower-case, letters and digits kept,
// apostrophes dropped, everything else one space.
std::string fold_key(std::string_view text);
// The words of a folded key (fold_key's output), split at its spaces.
std::vector<std::string> split_words(std::string_view folded);

} // namespace cqc
