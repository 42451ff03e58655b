#include "text.hh"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <optional>
#include <stdexcept>

namespace cqc {
namespace {

bool is_ascii(std::string_view s) {
    // Eight bytes at a time: every text is asked this before it is folded.
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t chunk;
        std::memcpy(&chunk, s.data() + i, 8);
        if (chunk & 0x8080808080808080ull) return false;
    }
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                       [](char c) { return (unsigned char)c < 0x80; });
}

// How many ASCII bytes start at s[i].
size_t ascii_run(std::string_view s, size_t i) {
    size_t j = i;
    while (j < s.size() && static_cast<unsigned char>(s[j]) < 0x80)
        ++j;
    return j - i;
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t len;
    unsigned min;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, min = 0x80, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, min = 0x800, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, min = 0x10000, cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

bool looks_binary(std::string_view bytes) {
    size_t probe = std::min<size_t>(bytes.size(), 8192);
    size_t control = 0;
    for (size_t i = 0; i < probe; ++i) {
        unsigned char c = bytes[i];
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
    }
    return probe > 0 && control * 10 > probe;
}

std::string convert_windows_1252(std::string_view bytes) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), "windows-1252");
    (void)status;
    std::string out;
    u.toUTF8String(out);
    return out;
}

// Characters NFKC leaves alone that readers still type in ASCII.
UChar32 ascii_equivalent(UChar32 c) {
    switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x00B4:
    case 0x0060:
        return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x00AB:
    case 0x00BB:
        return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
        return '-';
    case 0x00A0:
    case 0x2007:
    case 0x202F:
    case 0x2009:
    case 0x200A:
    case 0x3000:
        return ' ';
    case 0x2022:
    case 0x25AA:
    case 0x25CF:
    case 0x2023:
    case 0x2043:
        return 0x2022; // bullets stay bullets: the parser reads them
    default:
        return c;
    }
}

const char* letter_expansion(UChar32 c) {
    switch (c) {
    case 0x00C6:
        return "AE";
    case 0x00E6:
        return "ae";
    case 0x0152:
        return "OE";
    case 0x0153:
        return "oe";
    case 0x00D8:
        return "O";
    case 0x00F8:
        return "o";
    case 0x0141:
        return "L";
    case 0x0142:
        return "l";
    case 0x0110:
        return "D";
    case 0x0111:
        return "d";
    case 0x00DF:
        return "ss";
    default:
        return nullptr;
    }
}

} // namespace

bool is_valid_utf8(std::string_view bytes) {
    for (size_t i = 0; i < bytes.size();) {
        if (size_t ascii = ascii_run(bytes, i)) {
            i += ascii;
            continue;
        }
        size_t n = utf8_sequence_length(bytes, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

namespace {

DecodedText decode_text_bytes(std::string_view bytes) {
    DecodedText out;
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (looks_binary(bytes)) {
        out.binary = true;
        return out;
    }
    size_t valid_multibyte = 0, invalid = 0;
    for (size_t i = 0; i < bytes.size();) {
        if (size_t ascii = ascii_run(bytes, i)) {
            i += ascii;
            continue;
        }
        size_t n = utf8_sequence_length(bytes, i);
        if (n == 0) {
            ++invalid;
            ++i;
        } else {
            if (n > 1) ++valid_multibyte;
            i += n;
        }
    }
    if (invalid == 0) {
        out.text.assign(bytes);
        out.encoding = "utf-8";
        return out;
    }
    if (valid_multibyte == 0) {
        out.text = convert_windows_1252(bytes);
        out.encoding = "windows-1252";
        return out;
    }
    out.encoding = "utf-8";
    out.text.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size();) {
        size_t n = utf8_sequence_length(bytes, i);
        if (n == 0) {
            out.text += "\xEF\xBF\xBD";
            ++out.replaced;
            ++i;
        } else {
            out.text.append(bytes.substr(i, n));
            i += n;
        }
    }
    return out;
}

} // namespace

DecodedText decode_bytes(std::string_view bytes) {
    DecodedText out = decode_text_bytes(bytes);
    // A NUL past the part looks_binary probes is not text: it would reach
    // the index and every printer raw.
    if (out.text.find('\0') == std::string::npos) return out;
    std::string text;
    text.reserve(out.text.size() + 16);
    for (char c : out.text) {
        if (c == '\0') {
            text += "\xEF\xBF\xBD";
            ++out.nul_bytes;
        } else {
            text += c;
        }
    }
    out.text = std::move(text);
    return out;
}

// Latin-1 letters that fold to one ASCII letter (0 for the others: Æ, Ø,
// ß and the like go through ICU and letter_expansion).
char latin1_base(UChar32 cp) {
    static const char kBase[] = "AAAAAA\0CEEEEIIII\0NOOOOO\0\0UUUUY\0\0"
                                "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y";
    return cp >= 0xC0 && cp <= 0xFF ? kBase[cp - 0xC0] : 0;
}

// Typographic characters that NFKC leaves alone (or, for the no-break
// space, makes a plain space), so ascii_equivalent alone folds them.
bool is_nfkc_stable_typography(UChar32 cp) {
    return (cp >= 0x2010 && cp <= 0x2015) || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x00A0 ||
           cp == 0x00A3 || cp == 0x00A9 || cp == 0x2022 || cp == 0x20AC;
}

// The characters reports use beyond ASCII, in the form normalise_text
// gives them, so that most text needs no ICU: typographic quotes, dashes
// and no-break spaces become ASCII, accented Latin-1 letters lose their
// accents; pound and euro signs, the copyright sign and bullets stay.
// Returns nothing when the text holds anything else. (Tested against ICU.)
std::optional<std::string> normalise_common(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (size_t i = 0; i < utf8.size();) {
        if (size_t ascii = ascii_run(utf8, i)) {
            out.append(utf8.substr(i, ascii));
            i += ascii;
            continue;
        }
        size_t len = utf8_sequence_length(utf8, i);
        if (len < 2) return std::nullopt;
        UChar32 cp;
        U8_GET_UNSAFE(reinterpret_cast<const uint8_t*>(utf8.data()), i, cp);
        if (is_nfkc_stable_typography(cp)) {
            UChar32 ascii = ascii_equivalent(cp);
            if (ascii < 0x80)
                out.push_back(static_cast<char>(ascii));
            else
                out.append(utf8.substr(i, len)); // kept as it is
        } else if (char base = latin1_base(cp)) {
            out.push_back(base);
        } else {
            return std::nullopt;
        }
        i += len;
    }
    return out;
}

std::string normalise_text(std::string_view utf8) {
    if (is_ascii(utf8)) return std::string(utf8);
    if (auto common = normalise_common(utf8)) return std::move(*common);
    return normalise_with_icu(utf8);
}

std::string normalise_with_icu(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    static const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    static const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    static const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || !nfkc || !nfd || !nfc)
        throw std::runtime_error("ICU normalisation data is not available");

    icu::UnicodeString input = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString composed = nfkc->normalize(input, status);
    icu::UnicodeString decomposed = nfd->normalize(composed, status);
    if (U_FAILURE(status)) return std::string(utf8);

    icu::UnicodeString folded;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK || c == 0x00AD || c == 0x200B || c == 0xFEFF)
            continue; // accents, soft hyphens, zero-width characters
        if (const char* expansion = letter_expansion(c)) {
            folded.append(icu::UnicodeString(expansion));
            continue;
        }
        folded.append(ascii_equivalent(c));
    }
    icu::UnicodeString result = nfc->normalize(folded, status);
    std::string out;
    (U_FAILURE(status) ? folded : result).toUTF8String(out);
    return out;
}

std::string_view normalised_view(std::string_view text, std::string& storage) {
    if (is_ascii(text)) return text;
    storage = normalise_text(text);
    return storage;
}

namespace {
// The piece at or before folded byte i, if any.
const MappedText::Piece* piece_before(const std::vector<MappedText::Piece>& pieces, size_t i) {
    auto it =
        std::upper_bound(pieces.begin(), pieces.end(), i,
                         [](size_t at, const MappedText::Piece& p) { return at < p.folded_begin; });
    return it == pieces.begin() ? nullptr : &*std::prev(it);
}
} // namespace

size_t MappedText::begin_of(size_t i) const {
    const Piece* p = piece_before(pieces, i);
    if (!p) return i;
    return i < p->folded_end ? p->source_begin : p->source_end + (i - p->folded_end);
}

size_t MappedText::end_of(size_t i) const {
    const Piece* p = piece_before(pieces, i);
    if (p && i < p->folded_end) return p->source_end;
    return begin_of(i) + 1;
}

MappedText normalise_mapped(std::string_view utf8) {
    MappedText out;
    if (is_ascii(utf8)) {
        out.text.assign(utf8);
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    static const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || !nfkc)
        throw std::runtime_error("ICU normalisation data is not available");
    out.text.reserve(utf8.size());
    auto emit = [&](size_t begin, size_t end) {
        if (end - begin == 1 && static_cast<unsigned char>(utf8[begin]) < 0x80) {
            out.text.push_back(utf8[begin]); // ASCII is its own normal form
            return;
        }
        auto folded_begin = static_cast<uint32_t>(out.text.size());
        out.text += normalise_text(utf8.substr(begin, end - begin));
        out.pieces.push_back({folded_begin, static_cast<uint32_t>(out.text.size()),
                              static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
    };
    size_t start = 0;
    for (size_t i = 0; i < utf8.size();) {
        size_t len = utf8_sequence_length(utf8, i);
        bool boundary = true;
        if (len >= 2) {
            UChar32 cp;
            U8_GET_UNSAFE(reinterpret_cast<const uint8_t*>(utf8.data()), i, cp);
            boundary = nfkc->hasBoundaryBefore(cp);
        }
        if (len == 0) len = 1; // an invalid byte stands alone
        if (boundary && i > start) {
            emit(start, i);
            start = i;
        }
        i += len;
    }
    if (start < utf8.size()) emit(start, utf8.size());
    return out;
}

namespace {

// The typesetting ligatures of Unicode's Alphabetic Presentation Forms, as
// NFKC spells them out.
const char* ligature_letters(UChar32 cp) {
    switch (cp) {
    case 0xFB00:
        return "ff";
    case 0xFB01:
        return "fi";
    case 0xFB02:
        return "fl";
    case 0xFB03:
        return "ffi";
    case 0xFB04:
        return "ffl";
    case 0xFB05:
    case 0xFB06:
        return "st";
    default:
        return nullptr;
    }
}

} // namespace

std::string tidy_text(std::string_view utf8) {
    if (is_ascii(utf8)) return std::string(utf8);
    std::string out;
    out.reserve(utf8.size());
    bool marks = false; // combining marks: composed by NFC at the end
    for (size_t i = 0; i < utf8.size();) {
        size_t ascii = ascii_run(utf8, i);
        if (ascii) { // appended whole: most of any text
            out.append(utf8.substr(i, ascii));
            i += ascii;
            continue;
        }
        size_t len = utf8_sequence_length(utf8, i);
        if (len < 2) { // a byte decode_bytes would have replaced
            out.push_back(utf8[i++]);
            continue;
        }
        UChar32 cp;
        U8_GET_UNSAFE(reinterpret_cast<const uint8_t*>(utf8.data()), i, cp);
        if (cp == 0x00AD || cp == 0x200B || cp == 0xFEFF) {
            // invisible: dropped
        } else if (u_charType(cp) == U_SPACE_SEPARATOR) {
            out.push_back(' ');
        } else if (const char* letters = ligature_letters(cp)) {
            out += letters;
        } else {
            int8_t type = u_charType(cp);
            marks = marks || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
                    type == U_ENCLOSING_MARK;
            out.append(utf8.substr(i, len));
        }
        i += len;
    }
    if (!marks) return out;
    UErrorCode status = U_ZERO_ERROR;
    static const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || !nfc) return out;
    icu::UnicodeString composed = nfc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                                     out.data(), static_cast<int32_t>(out.size()))),
                                                 status);
    if (U_FAILURE(status)) return out;
    std::string result;
    composed.toUTF8String(result);
    return result;
}

std::string_view first_char(std::string_view text) {
    if (text.empty()) return text;
    size_t len = utf8_sequence_length(text, 0);
    return text.substr(0, len ? len : 1);
}

std::string_view last_char(std::string_view text) {
    if (text.empty()) return text;
    size_t begin = text.size() - 1;
    while (begin > 0 && text.size() - begin < 4 &&
           (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80)
        --begin;
    if (utf8_sequence_length(text, begin) != text.size() - begin) begin = text.size() - 1;
    return text.substr(begin);
}

size_t code_point_offset(std::string_view text, size_t byte) {
    size_t n = 0;
    for (size_t i = 0; i < byte && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
    return n;
}

std::vector<size_t> code_point_bytes(std::string_view text) {
    std::vector<size_t> at;
    for (size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) at.push_back(i);
    at.push_back(text.size());
    return at;
}

bool is_unsafe_code_point(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
           cp == 0x2028 || cp == 0x2029;
}

std::string terminal_safe(std::string_view data, Layout layout) {
    std::string out;
    out.reserve(data.size());
    char buf[16];
    for (size_t i = 0; i < data.size();) {
        unsigned char c = static_cast<unsigned char>(data[i]);
        if (c < 0x80) {
            bool kept = layout == Layout::text && (c == '\t' || c == '\n');
            if (is_unsafe_code_point(c) && !kept) {
                std::snprintf(buf, sizeof buf, "\\x%02X", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        size_t len = utf8_sequence_length(data, i);
        if (len < 2) {
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
            ++i;
            continue;
        }
        UChar32 cp;
        U8_GET_UNSAFE(reinterpret_cast<const uint8_t*>(data.data()), i, cp);
        if (is_unsafe_code_point(static_cast<char32_t>(cp))) {
            std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
            out += buf;
        } else {
            out.append(data.substr(i, len));
        }
        i += len;
    }
    return out;
}

std::string json_safe(std::string_view json_text) {
    std::string out;
    out.reserve(json_text.size());
    char buf[16];
    for (size_t i = 0; i < json_text.size();) {
        unsigned char c = static_cast<unsigned char>(json_text[i]);
        size_t len = c < 0x80 ? 1 : utf8_sequence_length(json_text, i);
        if (len == 0) { // not from nlohmann's dump; kept visible all the same
            out += "\\ufffd";
            ++i;
            continue;
        }
        UChar32 cp = c;
        if (len > 1) U8_GET_UNSAFE(reinterpret_cast<const uint8_t*>(json_text.data()), i, cp);
        // Below U+0020 only a dump's own layout (newlines, indentation) is
        // left: nlohmann escapes those inside strings.
        if (cp >= 0x20 && is_unsafe_code_point(static_cast<char32_t>(cp))) {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
            out += buf;
        } else {
            out.append(json_text.substr(i, len));
        }
        i += len;
    }
    return out;
}

std::string csv_cell(std::string_view data) {
    std::string cell = terminal_safe(data, Layout::text);
    if (!cell.empty() && std::string_view("=+-@\t").find(cell.front()) != std::string_view::npos)
        cell.insert(cell.begin(), '\'');
    if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string html_safe(std::string_view data, Layout layout) {
    std::string shown = terminal_safe(data, layout);
    std::string out;
    out.reserve(shown.size());
    for (char c : shown) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

std::string slugify(std::string_view text) {
    std::string folded = normalise_text(text);
    std::string out;
    for (unsigned char c : folded) {
        if (std::isalnum(c)) {
            out.push_back(static_cast<char>(std::tolower(c)));
        } else if (c == '\'') {
            continue;
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out;
}

std::string collapse_spaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
        } else {
            if (space && !out.empty()) out.push_back(' ');
            space = false;
            out.push_back(c);
        }
    }
    return out;
}

namespace {
// What fold_key makes of each byte: letters and digits kept, lower-cased
// (normalised text keeps few non-ASCII characters, and they are letters);
// "'" dropped ("people's" and "peoples" are the same heading); anything
// else a space between words.
constexpr unsigned char kFoldSpace = 0, kFoldSkip = 1;
constexpr auto kFoldKeyBytes = [] {
    std::array<unsigned char, 256> table{};
    for (unsigned c = 0; c < 256; ++c)
        table[c] = static_cast<unsigned char>(
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ? c
            : c >= 'A' && c <= 'Z'                                        ? c - 'A' + 'a'
            : c == '\''                                                   ? kFoldSkip
                                                                          : kFoldSpace);
    return table;
}();
} // namespace

std::string fold_key(std::string_view text) {
    // Typographic quotes and dashes, accents: the report's own characters
    // are kept in the text, and folded here for comparing.
    std::string storage;
    std::string_view normalised = normalised_view(text, storage);
    // Written through a pointer into room for the longest result (each
    // byte kept or dropped, a space only before a kept byte): no check of
    // capacity per byte on a path every line takes.
    std::string out(normalised.size(), '\0');
    char* w = out.data();
    char* const start = w;
    bool pending_space = false;
    for (unsigned char c : normalised) {
        unsigned char kept = kFoldKeyBytes[c];
        if (kept > kFoldSkip) {
            if (pending_space && w != start) *w++ = ' ';
            pending_space = false;
            *w++ = static_cast<char>(kept);
        } else if (kept == kFoldSpace) {
            pending_space = true;
        }
    }
    out.resize(static_cast<size_t>(w - start));
    return out;
}

std::vector<std::string> split_words(std::string_view folded) {
    std::vector<std::string> words;
    size_t i = 0;
    while (i < folded.size()) {
        size_t j = folded.find(' ', i);
        if (j == std::string_view::npos) j = folded.size();
        if (j > i) words.emplace_back(folded.substr(i, j - i));
        i = j + 1;
    }
    return words;
}

} // namespace cqc
