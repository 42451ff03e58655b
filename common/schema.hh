// The index schema: every searchable field described once. Indexing, query
// parsing, facets, JSON and --help all read this table, so a prefix letter
// or value slot is spelt here and nowhere else.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace cqc {

enum class FieldId {
    authority,
    statement,
    theme,
    score,
    rating,
    heading,
    section,
    report,
    id,
    published, // ISO publication date of the report, "" when unknown
    // internal: not for users' queries
    type,
    section_key,
    rating_rank, // 1 (inadequate) .. 4 (outstanding), for sorting
    // Ascending sort keys, "9" when missing so that those sort last; the
    // remote backend sorts only by value, not by a KeyMaker.
    score_ascending,
    rating_ascending,
    published_ascending,
    // Report documents only: "<authority key>\x1f<published>\x1f<report id>",
    // one value per report, read by --latest and --changes.
    edition,
};

enum class FieldKind {
    free_text, // words, stemmed, with positions
    boolean,   // exact terms
    internal,  // used by the engine, not offered to users
};

// How a query reads "field:value". Every user field is a filter (Xapian's
// boolean prefixes, as Omega has them): it narrows the word query and never
// adds results or weight; values of one field are OR-ed, fields AND-ed. The
// kind says how the value is read; a value that cannot mean anything is an
// error, never a silent "no matches".
enum class FilterKind {
    none,      // internal fields
    exact,     // the term itself: report ids, section ids
    framework, // an id or words of a name, from framework.hh's tables
    council,   // the council's slug, words of its name or its whole name
    words,     // a word, a "phrase" or a word* of the field's free text
    score,     // 1-4, or a range "1..2" / "1-2" (either end may be open)
    date,      // "2025", "2025-03", "2025-03-12", or a range A..B (dates.hh)
};

struct Field {
    FieldId id;
    std::string_view name;        // query prefix users type, e.g. "statement"
    std::string_view aliases;     // other prefixes users reach for, space-separated
    std::string_view term_prefix; // Xapian term prefix
    int slot;                     // value slot, -1 for none
    FieldKind kind;               // how the indexer writes it
    FilterKind filter;            // how a query reads it
    bool facet;                   // counted by --facets
    std::string_view example;     // shown in --help
    std::string_view help;
};

std::span<const Field> fields();
const Field& field(FieldId id);

// The user field a query prefix names, by name or alias, ignoring case;
// null for none (and for internal fields).
const Field* find_field(std::string_view prefix);

// "authority, statement, ... (council: and la: mean authority:)", for messages.
std::string field_names();

// The term for a boolean field value, e.g. term(FieldId::statement, "equity");
// a value too long for a Xapian term (a long path or report id) is hashed
// (fit_key), the same way when indexing and when searching.
std::string term(FieldId id, std::string_view value);

// Kinds of document in the index.
namespace doctype {
constexpr std::string_view section = "section"; // a section and its paragraphs
constexpr std::string_view report = "report";   // one per report: the score grid
// A statement the report's score table scores but no section of it covers:
// its filter terms and values only, so that the score grid's filters
// (statement:safeguarding score:2) see every score the report gives.
constexpr std::string_view score = "score";
} // namespace doctype

// The authority key that groups a council's editions: its name folded.
std::string authority_key(std::string_view authority);

// The edition value of a report document and its parts.
struct Edition {
    std::string key;       // authority_key()
    std::string published; // ISO, "" when unknown
    std::string report;    // report id
};
std::string edition_value(const Edition& edition);
Edition parse_edition_value(std::string_view value);

// --help text listing every user-visible field with its example.
std::string fields_help();

} // namespace cqc
