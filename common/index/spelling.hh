// Spelling data ("did you mean"): the words people typed into reports,
// added when a report is indexed and removed, word for word, when it is
// deleted or replaced, so that suggestions follow the index.
//
// A section's spelling words are those of its title, subheadings and
// paragraphs, folded and lower-cased by the one tokeniser (tokens.hh) as
// the index folds them, never stemmed; and each hyphenated compound whole
// ("co-production", "long-term"), so that "coproduction" is offered the
// word reports write rather than a part of it. They are read from the text
// a section document stores (the report's own characters), so that a
// deleted section's words can be read back from the index and taken away
// again: adding and removing go through the one spelling_words(). The
// framework's wording in each section ("What people expect", the
// commitment) is stored (stored.hh) but is the same in every report and is
// not spelling data.
#pragma once

#include "hash.hh"
#include "report.hh"

#include <xapian.h>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cqc {

// Words looked up by view, with how often each occurs.
using SpellingCounts =
    std::unordered_map<std::string, Xapian::termcount, ViewHash, std::equal_to<>>;

// One text's spelling words, counted into `out` as the tokeniser gives its
// words (for_each_word over `normalised`, in order): each word, and each
// hyphenated compound whole: words joined by single hyphens
// ("co-production"; not "2024-25", not "care - and"). The one rule, fed by
// spelling_words() and by the indexer as it makes the same text's terms
// (DocumentBuilder), so that the text is split once.
class SpellingText {
public:
    SpellingText(std::string_view normalised, SpellingCounts& out) : text_(normalised), out_(out) {}
    void word(std::string_view word, size_t begin, size_t end);
    void finish(); // at the end of the text

private:
    void end_compound();
    std::string_view text_;
    SpellingCounts& out_;
    std::string compound_;
    size_t parts_ = 0, last_end_ = 0;
};

// A section's spelling words, each with how often it occurs: those of its
// title, of each subheading where it changes, and of its paragraphs.
SpellingCounts spelling_words(std::string_view title, std::span<const Paragraph> paragraphs);

// Add spelling words (a report's, as DocumentBuilder collects them while
// building its documents): each word once, with its count. Xapian adds
// counts, so this is the same data as a call per word and section.
void add_spelling(Xapian::WritableDatabase& db, const SpellingCounts& words);

// Take away the spelling words of a document the index holds (a section;
// other documents have none), as add_spelling added them.
void remove_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc);

} // namespace cqc
