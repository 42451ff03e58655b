#include "tokens.hh"

#include "framework.hh"
#include "text.hh"

#include <xapian.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace cqc {
namespace {

namespace U = Xapian::Unicode;
using Xapian::Utf8Iterator;

// Xapian 1.4's termgenerator_internal.cc, rule for rule (see tokens.hh).
bool is_ascii_upper(unsigned ch) {
    return ch >= 'A' && ch <= 'Z';
}

unsigned check_wordchar(unsigned ch) {
    return U::is_wordchar(ch) ? U::tolower(ch) : 0;
}

constexpr unsigned kIgnore = std::numeric_limits<unsigned>::max();

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
    return U::get_category(ch) == U::DECIMAL_DIGIT_NUMBER;
}

unsigned check_suffix(unsigned ch) {
    return ch == '+' || ch == '#' ? ch : 0;
}

} // namespace

namespace detail {

void split_words(std::string_view text, WordSink sink, void* context) {
    const Utf8Iterator end;
    Utf8Iterator itor(text.data(), text.size());
    auto offset = [&](const Utf8Iterator& i) {
        return i == end ? text.size() : static_cast<size_t>(i.raw() - text.data());
    };
    std::string term;
    while (true) {
        unsigned ch;
        while (true) { // to the start of the next word
            if (itor == end) return;
            ch = check_wordchar(*itor);
            if (ch) break;
            ++itor;
        }
        size_t begin = offset(itor);
        term.clear();
        // Initials separated by '.' ("P.T.O.", "U.N"), a trailing '.' or not.
        if (is_ascii_upper(*itor)) {
            Utf8Iterator p = itor;
            do {
                U::append_utf8(term, U::tolower(*p++));
            } while (p != end && *p == '.' && ++p != end && is_ascii_upper(*p));
            // One letter is no acronym (and "M&S" is read below).
            if (term.size() > 1 && (p == end || !U::is_wordchar(*p))) {
                itor = p;
                goto end_of_word;
            }
            term.clear();
        }
        while (true) {
            unsigned previous;
            do {
                U::append_utf8(term, ch);
                previous = ch;
                if (++itor == end) goto end_of_word;
                ch = check_wordchar(*itor);
            } while (ch);
            Utf8Iterator next(itor);
            ++next;
            if (next == end) break;
            unsigned next_ch = check_wordchar(*next);
            if (!next_ch) break;
            unsigned infix = is_digit(previous) && is_digit(*next) ? check_infix_digit(*itor)
                                                                   : check_infix(*itor);
            if (!infix) break;
            if (infix != kIgnore) U::append_utf8(term, infix);
            ch = next_ch;
            itor = next;
        }
        {
            size_t length = term.size();
            unsigned count = 0;
            while ((ch = check_suffix(*itor))) {
                if (++count > 3) {
                    term.resize(length);
                    break;
                }
                U::append_utf8(term, ch);
                if (++itor == end) goto end_of_word;
            }
            // "fish+chips" is not "fish+" and "chips".
            if (U::is_wordchar(*itor)) term.resize(length);
        }
    end_of_word:
        if (term.size() <= kMaxWordBytes) sink(context, term, begin, offset(itor));
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

struct AcronymIndex {
    std::vector<AcronymForm> forms;
    std::unordered_multimap<std::string, size_t> by_first_word; // index into forms

    AcronymIndex() {
        for (const auto& a : acronyms())
            for (auto expansion : a.expansions) {
                AcronymForm form;
                form.acronym = a.acronym;
                auto acronym_words = tokenise(a.acronym);
                form.acronym_word = acronym_words.empty() ? "" : acronym_words.front().word;
                for (auto& t : tokenise(expansion)) {
                    form.phrase += (form.phrase.empty() ? "" : " ") + t.word;
                    form.words.push_back(std::move(t.word));
                }
                if (!form.words.empty()) forms.push_back(std::move(form));
            }
        for (size_t i = 0; i < forms.size(); ++i)
            by_first_word.emplace(forms[i].words.front(), i);
    }
};

const AcronymIndex& acronym_index() {
    static const AcronymIndex index;
    return index;
}

} // namespace

std::span<const AcronymForm> acronym_forms() {
    return acronym_index().forms;
}

std::vector<SpeltAcronym> spelt_out_acronyms(std::span<const std::string_view> words) {
    const AcronymIndex& index = acronym_index();
    std::vector<SpeltAcronym> out;
    for (size_t i = 0; i < words.size(); ++i) {
        auto [begin, end] = index.by_first_word.equal_range(std::string(words[i]));
        size_t first_found = out.size();
        for (auto it = begin; it != end; ++it) {
            const AcronymForm& form = index.forms[it->second];
            const auto& w = form.words;
            if (i + w.size() <= words.size() && std::equal(w.begin(), w.end(), words.begin() + i))
                out.push_back({&form, i});
        }
        std::sort(out.begin() + static_cast<std::ptrdiff_t>(first_found), out.end(),
                  [](const SpeltAcronym& a, const SpeltAcronym& b) {
                      return a.form->words.size() > b.form->words.size();
                  });
    }
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
