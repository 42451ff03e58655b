// How a parsed report becomes Xapian documents, and the stored data the
// searcher reads back. Three kinds of document (see schema.hh doctype): a
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

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cqc {

// What a section document stores for printing results.
struct StoredSection {
    std::string id; // section id: "<report>/<statement id | summary>"
    std::string report;
    std::string authority;
    std::string rating;    // rating id, empty when unknown
    std::string published; // the report's ISO publication date, empty when unknown
    std::string assessed;  // the report's assessment dates as written, empty when unknown
    std::string section;   // title
    std::string statement;
    std::string theme;
    std::optional<int> score;
    std::string path;
    int line = 0;
    int page = 0; // a PDF's sections have a page instead of a line
    bool indicative = false;
    std::vector<Paragraph> paragraphs; // with their subheadings and lines

    // Headings and paragraphs as plain text, a line each, for export.
    std::string text() const;
};

struct StoredReport {
    std::string report;
    std::string authority;
    std::string rating;
    std::optional<int> percent;
    bool indicative = false;
    std::string published; // ISO "YYYY-MM-DD", empty when unknown
    std::string assessed;  // as the report writes them, empty when unknown
    std::string path;
    std::map<std::string, int> scores; // statement id -> score
};

StoredSection read_section_data(const std::string& data);
StoredReport read_report_data(const std::string& data);

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
// spelling.hh's, added when the documents are written.
class DocumentBuilder {
public:
    DocumentBuilder();
    // The report's document, then one per section; each carries its id term.
    std::vector<Xapian::Document> build(const Report& report);

private:
    Xapian::Stem stemmer_;            // caching: see stemming.hh
    Xapian::Document* doc_ = nullptr; // the document being built
    Xapian::termpos termpos_ = 0;
    std::vector<std::string> words_; // the document's unprefixed words, for acronyms
    void start(Xapian::Document& doc);
    Xapian::Document section_document(const Report& report, const Section& section,
                                      const std::string& id);
    Xapian::Document report_document(const Report& report);
    Xapian::Document score_document(const Report& report, const Statement& statement, int score);
    void add_metadata(Xapian::Document& doc, const Report& report, const Section& section,
                      const std::string& id);
    void index(std::string_view text, Xapian::termcount weight = 1, std::string_view prefix = {},
               bool positions = true);
    void add_acronyms_for_expansions();
};

} // namespace cqc
