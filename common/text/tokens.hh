// The one tokeniser: how text becomes words, for everything that must agree
// with the index about what a word is. The indexer (documents.cc) makes its
// terms from these words, the passage matcher (passages.cc) matches and
// highlights them, the query rewriting (query.cc: spelt-out acronyms,
// wildcards, spelling) reads the query's words with them, and acronyms are
// recognised in them, so what is highlighted is what matched.
//
// Words are split and lower-cased by Xapian's own rules (TermGenerator's
// parse_terms in Xapian 1.4, over its Unicode tables), so that the query
// parser, which follows the same rules, meets the same words: letters,
// digits, marks and connectors make words; "'", "&" and a few others join
// two word characters ("people's", "AT&T"), "." and "," join digits
// ("1,000", "2.5"); initials are one word ("U.N." is "un"); up to three
// "+" or "#" end one ("C++"); words over 64 bytes are not indexed. Text is
// folded first (normalise_text): accents, typographic quotes and dashes, so
// "Café" and "cafe" are one word. The test "the tokeniser splits words as
// Xapian's TermGenerator does" holds the two together.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace cqc {

struct Token {
    std::string word; // folded and lower-cased: what a term is made of (before stemming)
    size_t begin = 0; // bytes [begin, end) of the text tokenised
    size_t end = 0;
};

// Words longer than this (in bytes) are not indexed, as TermGenerator's default.
constexpr size_t kMaxWordBytes = 64;

namespace detail {
using WordSink = void (*)(void* context, std::string_view word, size_t begin, size_t end);
void split_words(std::string_view normalised, WordSink sink, void* context);
} // namespace detail

// Each word of `normalised` (text already through normalise_text), in
// order, with its byte range there: f(word, begin, end).
template <typename F> void for_each_word(std::string_view normalised, F&& f) {
    detail::split_words(
        normalised,
        [](void* context, std::string_view word, size_t begin, size_t end) {
            (*static_cast<std::remove_reference_t<F>*>(context))(word, begin, end);
        },
        &f);
}

// The words of any text (a report's own characters, a query), folded as
// the index folds them, with their byte ranges in `text` itself.
std::vector<Token> tokenise(std::string_view text);

// The one stopword list: words too common to search for, left out of
// queries (outside phrases) and never offered as significant terms.
std::span<const std::string_view> stopwords();

} // namespace cqc
