#include "tokens.hh"

#include "text.hh"

#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <limits>

namespace cqc {
namespace {

namespace U = Xapian::Unicode;

// Xapian 1.4's termgenerator_internal.cc, rule for rule (see tokens.hh),
// over code points read here: ASCII, most of any report, is classified
// without Xapian's Unicode tables (the same answers, tested).
constexpr unsigned kEnd = std::numeric_limits<unsigned>::max(); // Utf8Iterator's end
constexpr unsigned kIgnore = std::numeric_limits<unsigned>::max();

bool is_ascii_upper(unsigned ch) {
    return ch >= 'A' && ch <= 'Z';
}

bool is_wordchar(unsigned ch) {
    if (ch < 0x80)
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_'; // letters, digits and the one connector
    return ch != kEnd && U::is_wordchar(ch);
}

unsigned to_lower(unsigned ch) {
    if (ch < 0x80) return is_ascii_upper(ch) ? ch + ('a' - 'A') : ch;
    return U::tolower(ch);
}

// ASCII word characters lower-cased, 0 for the others.
constexpr auto kAsciiWordchars = [] {
    std::array<unsigned char, 128> table{};
    for (unsigned c = 0; c < 128; ++c)
        table[c] = static_cast<unsigned char>(
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c
            : c >= 'A' && c <= 'Z'                                       ? c + ('a' - 'A')
                                                                         : 0);
    return table;
}();

// A byte that is an ASCII word character, lower-cased; 0 for any other.
unsigned ascii_wordchar(char byte) {
    auto c = static_cast<unsigned char>(byte);
    return c < 0x80 ? kAsciiWordchars[c] : 0;
}

unsigned check_wordchar(unsigned ch) {
    if (ch < 0x80) return kAsciiWordchars[ch];
    return is_wordchar(ch) ? to_lower(ch) : 0;
}

unsigned check_infix(unsigned ch) {
    if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) return ch;
    if (ch == 0x2019 || ch == 0x201b) return '\'';
    if (ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff)) return kIgnore;
    return 0;
}

unsigned check_infix_digit(unsigned ch) {
    switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037e:
    case 0x0589:
    case 0x060D:
    case 0x07F8:
    case 0x2044:
    case 0xFE10:
    case 0xFE13:
    case 0xFE14:
        return ch;
    }
    if (ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff)) return kIgnore;
    return 0;
}

bool is_digit(unsigned ch) {
    if (ch < 0x80) return ch >= '0' && ch <= '9';
    return ch != kEnd && U::get_category(ch) == U::DECIMAL_DIGIT_NUMBER;
}

unsigned check_suffix(unsigned ch) {
    return ch == '+' || ch == '#' ? ch : 0;
}

void append(std::string& term, unsigned ch) {
    if (ch < 0x80)
        term.push_back(static_cast<char>(ch));
    else
        U::append_utf8(term, ch);
}

} // namespace

namespace detail {

void split_words(std::string_view text, WordSink sink, void* context) {
    const size_t n = text.size();
    // The code point at byte i (kEnd past the end), and where the next starts;
    // a byte that is not UTF-8 is read as itself, as Xapian's Utf8Iterator does.
    auto at = [&](size_t i) -> unsigned {
        if (i >= n) return kEnd;
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) return c;
        int32_t j = static_cast<int32_t>(i);
        UChar32 cp;
        U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), j, static_cast<int32_t>(n), cp);
        return cp < 0 ? c : static_cast<unsigned>(cp);
    };
    auto after = [&](size_t i) -> size_t {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) return i + 1;
        int32_t j = static_cast<int32_t>(i);
        UChar32 cp;
        U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), j, static_cast<int32_t>(n), cp);
        return cp < 0 ? i + 1 : static_cast<size_t>(j);
    };
    std::string term;
    size_t itor = 0;
    while (true) {
        unsigned ch;
        while (true) { // to the start of the next word
            if (itor >= n) return;
            ch = check_wordchar(at(itor));
            if (ch) break;
            itor = after(itor);
        }
        size_t begin = itor;
        term.clear();
        // Initials separated by '.' ("P.T.O.", "U.N"), a trailing '.' or not.
        if (is_ascii_upper(at(itor))) {
            size_t p = itor;
            do {
                append(term, to_lower(at(p)));
                p = after(p);
            } while (p < n && at(p) == '.' && (p = after(p)) < n && is_ascii_upper(at(p)));
            // One letter is no acronym (and "M&S" is read below).
            if (term.size() > 1 && !is_wordchar(at(p))) {
                itor = p;
                goto end_of_word;
            }
            term.clear();
        }
        while (true) {
            unsigned previous;
            do {
                append(term, ch);
                previous = ch;
                itor = after(itor);
                // A run of ASCII word characters, most of any word: the
                // same steps without decoding a code point per byte.
                while (itor < n) {
                    unsigned ascii = ascii_wordchar(text[itor]);
                    if (!ascii) break;
                    term.push_back(static_cast<char>(ascii));
                    previous = ascii;
                    ++itor;
                }
                if (itor >= n) goto end_of_word;
                ch = check_wordchar(at(itor));
            } while (ch);
            size_t next = after(itor);
            if (next >= n) break;
            unsigned next_ch = check_wordchar(at(next));
            if (!next_ch) break;
            unsigned infix = is_digit(previous) && is_digit(at(next)) ? check_infix_digit(at(itor))
                                                                      : check_infix(at(itor));
            if (!infix) break;
            if (infix != kIgnore) append(term, infix);
            ch = next_ch;
            itor = next;
        }
        {
            size_t length = term.size();
            unsigned count = 0;
            while ((ch = check_suffix(at(itor)))) {
                if (++count > 3) {
                    term.resize(length);
                    break;
                }
                append(term, ch);
                itor = after(itor);
                if (itor >= n) goto end_of_word;
            }
            // "fish+chips" is not "fish+" and "chips".
            if (is_wordchar(at(itor))) term.resize(length);
        }
    end_of_word:
        if (term.size() <= kMaxWordBytes) sink(context, term, begin, itor);
    }
}

} // namespace detail

std::vector<Token> tokenise(std::string_view text) {
    MappedText folded = normalise_mapped(text);
    std::vector<Token> out;
    for_each_word(folded.text, [&](std::string_view word, size_t begin, size_t end) {
        out.push_back({std::string(word), folded.begin_of(begin), folded.end_of(end - 1)});
    });
    return out;
}

namespace {

// Function words, and the words of a question ("what did inspectors say
// about..."). The significant terms of --terms and --similar also leave out
// words every report uses (search.cc), on top of these.
constexpr std::string_view kStopwords[] = {
    "a",    "about", "an",    "and",   "are",   "as",    "at",        "be", "by",  "did",
    "do",   "for",   "from",  "how",   "in",    "is",    "it",        "of", "on",  "or",
    "say",  "said",  "that",  "the",   "their", "there", "this",      "to", "was", "were",
    "what", "when",  "where", "which", "who",   "with",  "inspectors"};

} // namespace

std::span<const std::string_view> stopwords() {
    return kStopwords;
}

} // namespace cqc
