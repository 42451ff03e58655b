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
    free_text, // words, stemmed, searchable with phrases
    boolean,   // exact filter terms; values given by the framework tables
    internal,  // used by the engine, not offered to users
};

// How a field reads "A..B" (and, for dates, a single value): each kind has
// its own range processor, so a field never gets another kind's.
enum class RangeKind {
    none,
    score, // "1..2": the value slot compared as text, one digit
    date,  // "2024-06-01..2025-05", "2025..", "..2025-05-31": ISO dates (dates.hh)
};

struct Field {
    FieldId id;
    std::string_view name;        // query prefix users type, e.g. "statement"
    std::string_view term_prefix; // Xapian term prefix
    int slot;                     // value slot, -1 for none
    FieldKind kind;
    RangeKind range;          // accepts "A..B", and how it reads it
    bool facet;               // counted by --facets
    std::string_view example; // shown in --help
    std::string_view help;
};

std::span<const Field> fields();
const Field& field(FieldId id);

// The term for a boolean field value, e.g. term(FieldId::statement, "equity");
// a value too long for a Xapian term (a long path or report id) is hashed
// (fit_key), the same way when indexing and when searching.
std::string term(FieldId id, std::string_view value);

// Kinds of document in the index.
namespace doctype {
constexpr std::string_view section = "section"; // a section and its paragraphs
constexpr std::string_view report = "report";   // one per report: the score grid
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
