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
    // internal: not for users' queries
    type,
    section_key,
    rating_rank, // 1 (inadequate) .. 4 (outstanding), for sorting
    // Ascending sort keys, "9" when missing so that those sort last; the
    // remote backend sorts only by value, not by a KeyMaker.
    score_ascending,
    rating_ascending,
};

enum class FieldKind {
    free_text, // words, stemmed, searchable with phrases
    boolean,   // exact filter terms; values given by the framework tables
    internal,  // used by the engine, not offered to users
};

struct Field {
    FieldId id;
    std::string_view name;        // query prefix users type, e.g. "statement"
    std::string_view term_prefix; // Xapian term prefix
    int slot;                     // value slot, -1 for none
    FieldKind kind;
    bool range;               // accepts "A..B"
    bool facet;               // counted by --facets
    std::string_view example; // shown in --help
    std::string_view help;
};

std::span<const Field> fields();
const Field& field(FieldId id);

// The term for a boolean field value, e.g. term(FieldId::statement, "equity").
std::string term(FieldId id, std::string_view value);

// Kinds of document in the index.
namespace doctype {
constexpr std::string_view section = "section"; // a section and its paragraphs
constexpr std::string_view report = "report";   // one per report: the score grid
} // namespace doctype

// --help text listing every user-visible field with its example.
std::string fields_help();

} // namespace cqc
