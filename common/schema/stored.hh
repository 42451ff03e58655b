// What the index holds for each document, and the one reader and writer of
// its stored data. Every name here is a row of the field table (schema.hh),
// which is where a term prefix, value slot and JSON key is spelt; this
// comment shows them (tests/test_stored.cc checks it against the table).
//
// Three kinds of document (schema.hh doctype), each with a type term and
// value: a section (ranked search, facets, passages), a report (the score
// grid, --latest, --changes) and a score (a statement the report's score
// table scores but no section covers, so that the grid's filters see it).
//
//   field                term  slot  data key     in the data of
//   authority            A     4     authority    section report
//   statement            XS    1     statement    section score
//   theme                XT    2     theme        section
//   score                XN    3     score        section score
//   rating               XR    5     rating       section report
//   heading              XH    -     heading      -
//   section              XE    -     section      section
//   report               XP    6     report       section report score
//   id                   Q     -     id           section
//   published            -     11    published    section report
//   commitment           XW    -     commitment   section
//   type                 XY    7     -            -
//   section-key          XC    0     -            -
//   rating-rank          -     8     -            -
//   score-ascending      -     9     -            -
//   rating-ascending     -     10    -            -
//   published-ascending  -     12    -            -
//   edition              -     13    -            -
//   assessed             -     -     assessed     section report
//   path                 -     -     path         section report
//   line                 -     -     line         section
//   page                 -     -     page         section
//   indicative           -     -     indicative   section report
//   paragraphs           -     -     paragraphs   section
//   percent              -     -     percent      report
//   percent_computed     -     -     percent_computed report
//   scores_known         -     -     scores_known report
//   scores               -     -     scores       report
//   expectation          -     -     expectation  section
//
// Terms. Exact terms are the prefix and the value (schema.hh term(): a
// value too long for a term is hashed): Q<id> is a section's or report's
// unique id (a score document has none); XY<type>; XP<report id>; XC<id>
// on a section; XS<statement id>, XT<theme id>, XN<score> on sections and
// score documents; XR<rating id> on all three. Words become Z-marked stems
// (stemming.hh): Z<stem> with positions for a section's title (weight 3),
// subheadings (2), expectations, commitment and paragraphs, plus an
// acronym's stem where its words are spelt out; ZXE<stem> for the title's
// words, ZXH<stem> for subheadings', ZXW<stem> for the expectation's and
// commitment's (commitment:), ZA<stem> (no positions) for the council's
// name on sections and reports.
//
// Values. A section has every slot but edition; a report has authority,
// rating, rating-rank, report, type, published, published-ascending and
// edition ("<authority key>\x1f<published>\x1f<report id>", schema.hh); a
// score document has every slot but section-key and edition. Values are
// ids, digits and ISO dates; a missing one is absent, or kSortsLast in the
// ascending slots.
//
// Data: a JSON object with the keys above. Strings are "" when unknown
// (rating is the rating's id), score and percent null; line and page are 0
// when not known; expectation and commitment are "" when the section has
// none (the summary). Paragraphs are stored compactly as [heading, text, line]
// arrays, with a fourth element, the page, for a PDF's. Scores map each
// statement id to its score. Stored text is the report's own characters
// (tidy_text, text.hh); paths are absolute. Changing the key set means a
// new schema version (database_files.hh's kSchemaVersion).
//
// Besides the documents: spelling data (the words of sections, for "did you
// mean"; added and taken away with them by spelling.hh), synonyms (an
// acronym's spelt-out phrase -> its stem: documents.cc add_acronym_synonyms)
// and metadata (the schema version: database_files.hh; the registry of
// indexed sources: source_registry.hh).
#pragma once

#include "records.hh"
#include "report.hh"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cqc {

// A section document's data: the section's metadata (what a result names:
// records.hh) and paragraphs.
struct StoredSection : SectionRecord {
    std::vector<Paragraph> paragraphs; // with their subheadings and lines
    std::string expectation;           // "What people expect", "" when none
    std::string commitment;            // "The local authority commitment", "" when none

    // Headings and paragraphs as plain text, a line each, for export.
    std::string text() const;

    // What a search may show of the section: its paragraphs, then what
    // people expect and the commitment, each under the framework's heading
    // for it (framework.hh) at the section's line. `framework_parts` (when
    // given) is set to how many of the last ones are those two.
    std::vector<Paragraph> passages(size_t* framework_parts = nullptr) const;
};

// A report document's data: what the score grid and --changes show.
using StoredReport = ReportRecord;

// A score document's data.
struct StoredScore {
    std::string report;
    std::string statement; // statement id
    int score = 0;
};

// The data of each kind of document, and back. Reading is lenient: data
// that is not a JSON object, or lacks a key, gives the empty value.
std::string section_data(const StoredSection& section);
StoredSection read_section_data(const std::string& data);
std::string report_data(const StoredReport& report);
StoredReport read_report_data(const std::string& data);
std::string score_data(const StoredScore& score);

} // namespace cqc
