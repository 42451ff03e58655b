// How words become terms, shared by the indexer and the query parser.
// Free text is indexed only as stems with positions: "Z", the field's
// prefix, then the English stem ("Zcarer" for "carers", "ZXHdischarg" for a
// heading's "discharge"). That is Xapian's STEM_ALL_Z: one term per word
// instead of STEM_SOME's two, which halves the postings and the time to
// write them. Queries are stemmed the same way; exact-form matching is not
// offered (English stems rarely merge words a reader would keep apart).
#pragma once

#include <xapian.h>

#include <string>

namespace cqc {

constexpr char kStemMarker = 'Z';
constexpr auto kIndexStemming = Xapian::TermGenerator::STEM_ALL_Z;
constexpr auto kQueryStemming = Xapian::QueryParser::STEM_ALL_Z;

// The English stemmer; with `caching`, it remembers the words it has
// stemmed (a report's vocabulary repeats, and Snowball is the costly part
// of term generation). One per thread: the cache is not locked.
Xapian::Stem english_stemmer(bool caching = false);

// The term a word of free text becomes, e.g. stem_term("XH", "discharge").
std::string stem_term(const Xapian::Stem& stemmer, std::string_view prefix,
                      const std::string& word);

} // namespace cqc
