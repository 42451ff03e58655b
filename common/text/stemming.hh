// How words become terms, shared by the indexer and the query parser.
// Free text is indexed only as stems with positions: "Z", the field's
// prefix, then the English stem ("Zcarer" for "carers", "ZXHdischarg" for a
// heading's "discharge"). That is Xapian's STEM_ALL_Z: one term per word
// instead of STEM_SOME's two, which halves the postings and the time to
// write them. Queries are stemmed the same way; exact-form matching is not
// offered (English stems rarely merge words a reader would keep apart).
#pragma once

#include "hash.hh"

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cqc {

constexpr char kStemMarker = 'Z';
constexpr auto kIndexStemming = Xapian::TermGenerator::STEM_ALL_Z;
constexpr auto kQueryStemming = Xapian::QueryParser::STEM_ALL_Z;

// The English stemmer, remembering the words it has stemmed (a report's
// vocabulary repeats, and Snowball is the costly part of term generation):
// a word already seen is looked up by view and its stem given by reference,
// with no string made. One per thread: the cache is not locked.
class StemCache {
public:
    const std::string& operator()(std::string_view word);

private:
    static constexpr size_t kMaxWords =
        200000; // a corpus of invented words must not grow it forever
    Xapian::Stem stemmer_{"english"};
    std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> cache_;
};

// The English stemmer; with `caching`, a StemCache behind Xapian's interface.
Xapian::Stem english_stemmer(bool caching = false);

// The term a word of free text becomes, e.g. stem_term("XH", "discharge").
std::string stem_term(const Xapian::Stem& stemmer, std::string_view prefix,
                      const std::string& word);
// The same, made in `term` (reused by the indexer: no allocation per word);
// false, and `term` untouched, when the word has no stem (and so no term).
bool stem_term(StemCache& stems, std::string_view prefix, std::string_view word, std::string& term);

} // namespace cqc
