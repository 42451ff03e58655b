// How a parsed report becomes Xapian documents: their terms, values and
// stored data (stored.hh describes them all). Three kinds of document: a
// section (ranked search, facets), which stores its paragraphs so that the
// searcher picks the best passage at query time (passages.hh), the report
// itself (the score grid), and, for a statement the score table scores but no
// section covers, a text-less score document that the grid's filters see.
// One document per section keeps the index small and fast to build: each
// word is indexed once. Stored text (paragraphs, subheadings, titles,
// council names) is the report's own characters (tidy_text, text.hh); terms
// are made from it folded.
#pragma once

#include "report.hh"
#include "spelling.hh"
#include "stemming.hh"

#include <xapian.h>

#include <string>
#include <vector>

namespace cqc {

// Multi-word synonyms from the acronym table: a query spelling an acronym
// out also finds the acronym.
void add_acronym_synonyms(Xapian::WritableDatabase& db);

// The report's publication date as the index stores it: ISO "YYYY-MM-DD"
// whether the parser gave ISO or the date as written; empty when unknown.
std::string published_date(const Report& report);

std::string section_id(const Report& report, const Section& section, size_t index);

// Makes a report's documents. Free text becomes terms through the one
// tokeniser (tokens.hh), as Xapian's TermGenerator with STEM_ALL_Z would
// make them (stemming.hh): each word's stem with its position, a gap of 100
// positions between texts (a phrase never spans two). Spelling data is
// spelling.hh's, collected from the words as they are indexed and added
// when the documents are written.
class DocumentBuilder {
public:
    DocumentBuilder();
    // The report's document, then one per section; each carries its id term.
    std::vector<Xapian::Document> build(const Report& report);
    // The spelling words (spelling.hh) of the report last built: those of
    // every section's title, subheadings and paragraphs.
    SpellingCounts take_spelling();

private:
    StemCache stems_;                 // see stemming.hh
    std::string term_;                // the term being made, reused
    Xapian::Document* doc_ = nullptr; // the document being built
    Xapian::termpos termpos_ = 0;
    std::vector<std::string> words_; // the document's unprefixed words, for acronyms
    SpellingCounts spelling_;
    void start(Xapian::Document& doc);
    Xapian::Document section_document(const Report& report, const Section& section,
                                      const std::string& id);
    Xapian::Document report_document(const Report& report);
    Xapian::Document score_document(const Report& report, const Statement& statement, int score);
    void add_metadata(Xapian::Document& doc, const Report& report, const Section& section,
                      const std::string& id);
    // `spelling`: the text's words are spelling words too.
    void index(std::string_view text, Xapian::termcount weight = 1, std::string_view prefix = {},
               bool positions = true, bool spelling = false);
    // A section's own text (title, subheadings, paragraphs): unprefixed
    // words with positions, which are its spelling words too.
    void index_section_text(std::string_view text, Xapian::termcount weight) {
        index(text, weight, {}, true, true);
    }
    void add_acronyms_for_expansions();
};

} // namespace cqc
