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

#include "report.hh"

#include <xapian.h>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cqc {

// Words looked up by view, with how often each occurs.
struct SpellingHash {
    using is_transparent = void;
    size_t operator()(std::string_view w) const { return std::hash<std::string_view>{}(w); }
};
using SpellingCounts =
    std::unordered_map<std::string, Xapian::termcount, SpellingHash, std::equal_to<>>;

// A section's spelling words, each with how often it occurs.
SpellingCounts spelling_words(std::string_view title, std::span<const Paragraph> paragraphs);

// Add the spelling words of every section of `report`: each word once,
// with its count over the report's sections.
void add_spelling(Xapian::WritableDatabase& db, const Report& report);

// Take away the spelling words of a document the index holds (a section;
// other documents have none), as add_spelling added them.
void remove_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc);

} // namespace cqc
