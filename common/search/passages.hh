// Choosing and highlighting paragraphs at query time. The index holds one
// document per section; its paragraphs are stored with it (stored.hh).
// Rather than index every paragraph a second time (which doubled the
// postings and made ten times as many documents), the searcher matches the
// paragraphs of the sections it shows against the query itself.
//
// A paragraph matches as Xapian would match it were it a document of its
// own: the parsed Xapian::Query is walked (get_type, get_subquery, its
// terms) over the paragraph's words, made by the one tokeniser (tokens.hh)
// and stemmed as the index stems them, with their positions:
//   - a term matches a word whose stem term it is; a wildcard, a word
//     whose stem term it begins; a heading: term, a word of the paragraph's
//     subheading;
//   - an acronym's term matches the words that spell it out ("Joint
//     Strategic Needs Assessment" for JSNA), which the index gives the
//     acronym's term without a position, so not in a phrase (as in Xapian);
//   - AND, OR, AND_NOT, XOR, AND_MAYBE, FILTER, SYNONYM, MAX and ELITE_SET
//     combine as they do in Xapian; PHRASE (in order) and NEAR (any order)
//     need their words within the query's window of positions. The
//     subheading is positions of its own, as in the index (a phrase never
//     runs from the heading into the paragraph);
//   - what no paragraph can tell (filters such as statement: or published:,
//     authority: and section: words, which are about the section) is asked
//     of the index once per search for the sections shown (learn_sections),
//     and holds for each of a section's paragraphs.
// The words highlighted are exactly those that take part in the match: both
// words of each occurrence of a phrase, not a lone one; nothing of an
// AND_NOT's excluded side. A paragraph that does not match the whole query
// still gets the highlights of what it does match, and a score, so that the
// closest paragraph can be shown (and said to be only close).
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cqc {

struct PassageMatch {
    bool whole = false; // the paragraph matches the whole query on its own
    double score = 0;   // BM25-like over the matched words: 0 when none matched
    // Bytes [begin, end) of the paragraph's text that matched, in order.
    std::vector<std::pair<size_t, size_t>> spans;
};

class PassageMatcher {
public:
    // `query` as parsed by QueryBuilder (stemmed terms carry a "Z" prefix);
    // `db` gives each word's rarity and answers for the filters.
    PassageMatcher(const Xapian::Database& db, const Xapian::Query& query,
                   const Xapian::Stem& stem);
    ~PassageMatcher();
    PassageMatcher(const PassageMatcher&) = delete;
    PassageMatcher& operator=(const PassageMatcher&) = delete;

    // The query has words a paragraph can hold (a pure filter such as
    // statement:equity has none, and every paragraph matches it).
    bool has_words() const;

    // Ask the index which of these sections match each part of the query
    // that is about sections, not paragraphs (none: nothing to ask).
    void learn_sections(const std::vector<Xapian::docid>& sections);

    // How a paragraph of the section `docid` (with its subheading) matches.
    PassageMatch match(Xapian::docid section, std::string_view heading,
                       std::string_view text) const;

    struct Node;

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace cqc
