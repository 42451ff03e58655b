// The index schema: every field described once, as a constexpr table (as
// mu's mu-fields.hh has it): the name users type, its term prefix, value
// slot, how it is indexed and queried, whether it is a facet, its JSON key
// in the stored document data (stored.hh) and in the JSON output, and its
// help. Indexing, the stored data, query parsing, facets, sorting, the
// printers and --help all read this table, so a prefix letter, a value
// slot or a JSON key is spelt here and nowhere else.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
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
    // The framework's words at a statement's head: "The local authority
    // commitment" (the "We" statement) and, searched with it, "What people
    // expect" (the "I" statement, stored as `expectation`).
    commitment,
    // internal: not for users' queries
    type,
    section_key,
    rating_rank, // 1 (inadequate) .. 4 (outstanding), for sorting
    // Ascending sort keys, kSortsLast when missing so that those sort last;
    // the remote backend sorts only by value, not by a KeyMaker.
    score_ascending,
    rating_ascending,
    published_ascending,
    // Report documents only: "<authority key>\x1f<published>\x1f<report id>",
    // one value per report, read by --latest and --changes.
    edition,
    // stored: kept in the document data only (stored.hh)
    assessed,         // the assessment dates as the report writes them
    path,             // the file a section came from, the report's file or folder
    line,             // where a section starts in its file
    page,             // or its page, in a PDF
    indicative,       // the report's rating is indicative
    paragraphs,       // a section's paragraphs with their subheadings and places
    percent,          // the report's percentage score: stated, or of all nine scores
    percent_computed, // the percentage is computed from the nine scores, not stated
    scores_known,     // how many of the nine statements have a score
    scores,           // the report's score of each statement
    expectation,      // a section's "What people expect" (commitment: searches it)
};

enum class FieldKind {
    free_text, // words, stemmed, with positions
    boolean,   // exact terms
    internal,  // used by the engine, not offered to users
    stored,    // in the document data only: no term, no value
};

// How a query reads "field:value". Every user field is a filter (Xapian's
// boolean prefixes, as Omega has them): it narrows the word query and never
// adds results or weight; values of one field are OR-ed, fields AND-ed. The
// kind says how the value is read; a value that cannot mean anything is an
// error, never a silent "no matches".
enum class FilterKind {
    none,      // internal and stored fields: not for queries
    exact,     // the term itself: report ids, section ids
    framework, // an id or words of a name, from framework.hh's tables
    council,   // the council's slug, words of its name or its whole name
    words,     // a word, a "phrase" or a word* of the field's free text
    score,     // 1-4, or a range "1..2" / "1-2" (either end may be open)
    date,      // "2025", "2025-03", "2025-03-12", or a range A..B (dates.hh)
};

// Which kinds of document (doctype below) keep a field in their stored
// data, under the field's JSON key (stored.hh reads and writes it).
enum Stored : unsigned {
    in_none = 0,
    in_section = 1,
    in_report = 2,
    in_score = 4,
};
constexpr Stored operator|(Stored a, Stored b) {
    return static_cast<Stored>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}

struct Field {
    FieldId id;
    std::string_view name = {};           // query prefix users type, e.g. "statement"
    std::string_view aliases = {};        // other prefixes users reach for, space-separated
    std::string_view term_prefix = {};    // Xapian term prefix
    int slot = -1;                        // value slot, -1 for none
    FieldKind kind = FieldKind::internal; // how the indexer writes it
    FilterKind filter = FilterKind::none; // how a query reads it
    bool facet = false;                   // counted by --facets
    std::string_view json_key = {};       // its key in stored data and JSON output
    Stored stored = in_none;              // the documents whose data keep it
    std::string_view example = {};        // shown in --help
    std::string_view help = {};

    // Offered to users' queries (and --help).
    constexpr bool queryable() const { return filter != FilterKind::none; }
};

// A field kept in the stored data only, under its name.
constexpr Field stored_only(FieldId id, std::string_view name, Stored stored) {
    return {.id = id, .name = name, .kind = FieldKind::stored, .json_key = name, .stored = stored};
}

// The field table: one row per FieldId, in its order (field() looks a row up
// by position).
inline constexpr std::array kFields = {
    Field{.id = FieldId::authority,
          .name = "authority",
          .aliases = "council la",
          .term_prefix = "A",
          .slot = 4,
          .kind = FieldKind::free_text,
          .filter = FilterKind::council,
          .facet = true,
          .json_key = "authority",
          .stored = in_section | in_report,
          .example = "authority:harrow, authority:\"London Borough of Harrow\"",
          .help = "the council: its slug, words of its name or its name as printed"},
    Field{.id = FieldId::statement,
          .name = "statement",
          .term_prefix = "XS",
          .slot = 1,
          .kind = FieldKind::boolean,
          .filter = FilterKind::framework,
          .facet = true,
          .json_key = "statement",
          .stored = in_section | in_score,
          .example = "statement:safeguarding, statement:\"care provision\"",
          .help = "quality statement, by id or words of its name"},
    Field{.id = FieldId::theme,
          .name = "theme",
          .term_prefix = "XT",
          .slot = 2,
          .kind = FieldKind::boolean,
          .filter = FilterKind::framework,
          .facet = true,
          .json_key = "theme",
          .stored = in_section,
          .example = "theme:leadership, theme:\"providing support\"",
          .help = "theme, by id or words of its name"},
    Field{.id = FieldId::score,
          .name = "score",
          .term_prefix = "XN",
          .slot = 3,
          .kind = FieldKind::boolean,
          .filter = FilterKind::score,
          .facet = true,
          .json_key = "score",
          .stored = in_section | in_score,
          .example = "score:2, score:1..2, score:3..",
          .help = "the quality statement's score (1-4), or a range"},
    Field{.id = FieldId::rating,
          .name = "rating",
          .term_prefix = "XR",
          .slot = 5,
          .kind = FieldKind::boolean,
          .filter = FilterKind::framework,
          .facet = true,
          .json_key = "rating",
          .stored = in_section | in_report,
          .example = "rating:good, rating:\"requires improvement\"",
          .help = "the council's overall rating"},
    // Stored within "paragraphs"; the key names the subheading of a result.
    Field{.id = FieldId::heading,
          .name = "heading",
          .term_prefix = "XH",
          .kind = FieldKind::free_text,
          .filter = FilterKind::words,
          .json_key = "heading",
          .example = "heading:\"hospital discharge\"",
          .help = "a word or phrase of a key-finding subheading"},
    Field{.id = FieldId::section,
          .name = "section",
          .term_prefix = "XE",
          .kind = FieldKind::free_text,
          .filter = FilterKind::words,
          .json_key = "section",
          .stored = in_section,
          .example = "section:summary",
          .help = "a word or phrase of the section title"},
    Field{.id = FieldId::report,
          .name = "report",
          .term_prefix = "XP",
          .slot = 6,
          .kind = FieldKind::boolean,
          .filter = FilterKind::exact,
          .json_key = "report",
          .stored = in_section | in_report | in_score,
          .example = "report:london-borough-of-harrow",
          .help = "a report's id"},
    // The unique id term of a section or report document.
    Field{.id = FieldId::id,
          .name = "id",
          .term_prefix = "Q",
          .kind = FieldKind::boolean,
          .filter = FilterKind::exact,
          .json_key = "id",
          .stored = in_section,
          .example = "id:london-borough-of-harrow/governance",
          .help = "a section's id, as printed by --json"},
    Field{.id = FieldId::published,
          .name = "published",
          .slot = 11,
          .kind = FieldKind::boolean,
          .filter = FilterKind::date,
          .json_key = "published",
          .stored = in_section | in_report,
          .example = "published:2025, published:2025-03, published:2024-06-01..2025-05-31, "
                     "published:2025..",
          .help = "the report's publication date: a year, month or day, or a range of them"},
    // Indexed as words too, so that a plain search finds them; commitment:
    // keeps to them, -commitment: leaves them out.
    Field{.id = FieldId::commitment,
          .name = "commitment",
          .aliases = "expect",
          .term_prefix = "XW",
          .kind = FieldKind::free_text,
          .filter = FilterKind::words,
          .json_key = "commitment",
          .stored = in_section,
          .example = "commitment:seamless, expect:\"my carer\"",
          .help = "a word or phrase of \"What people expect\" or the commitment"},
    Field{.id = FieldId::type, .name = "type", .term_prefix = "XY", .slot = 7},
    Field{.id = FieldId::section_key, .name = "section-key", .term_prefix = "XC", .slot = 0},
    Field{.id = FieldId::rating_rank, .name = "rating-rank", .slot = 8},
    Field{.id = FieldId::score_ascending, .name = "score-ascending", .slot = 9},
    Field{.id = FieldId::rating_ascending, .name = "rating-ascending", .slot = 10},
    Field{.id = FieldId::published_ascending, .name = "published-ascending", .slot = 12},
    Field{.id = FieldId::edition, .name = "edition", .slot = 13},
    stored_only(FieldId::assessed, "assessed", in_section | in_report),
    stored_only(FieldId::path, "path", in_section | in_report),
    stored_only(FieldId::line, "line", in_section),
    stored_only(FieldId::page, "page", in_section),
    stored_only(FieldId::indicative, "indicative", in_section | in_report),
    stored_only(FieldId::paragraphs, "paragraphs", in_section),
    stored_only(FieldId::percent, "percent", in_report),
    stored_only(FieldId::percent_computed, "percent_computed", in_report),
    stored_only(FieldId::scores_known, "scores_known", in_report),
    stored_only(FieldId::scores, "scores", in_report),
    stored_only(FieldId::expectation, "expectation", in_section),
};

namespace detail {
constexpr bool in_field_id_order() {
    for (size_t i = 0; i < kFields.size(); ++i)
        if (kFields[i].id != static_cast<FieldId>(i)) return false;
    return kFields.back().id == FieldId::expectation;
}
} // namespace detail
static_assert(detail::in_field_id_order(), "kFields has one row per FieldId, in its order");

// The table checks itself (as mu's mu-fields.cc does): a slot or a prefix
// given twice would mix two fields in the index without any other error.
namespace detail {
constexpr bool slots_unique() {
    for (size_t i = 0; i < kFields.size(); ++i)
        for (size_t j = i + 1; j < kFields.size(); ++j)
            if (kFields[i].slot >= 0 && kFields[i].slot == kFields[j].slot) return false;
    return true;
}
constexpr bool slots_valid() {
    for (const Field& f : kFields)
        if (f.slot < -1 || (f.kind == FieldKind::stored && f.slot != -1)) return false;
    return true;
}
// Xapian's convention: a prefix is capital letters, so it never runs into a
// word (words are lower-cased); and no prefix is the start of another, so a
// term says which field it is.
constexpr bool prefixes_valid_and_unambiguous() {
    for (const Field& f : kFields)
        for (char c : f.term_prefix)
            if (c < 'A' || c > 'Z') return false;
    for (size_t i = 0; i < kFields.size(); ++i)
        for (size_t j = 0; j < kFields.size(); ++j) {
            std::string_view a = kFields[i].term_prefix, b = kFields[j].term_prefix;
            if (i != j && !a.empty() && b.starts_with(a)) return false;
        }
    return true;
}
constexpr bool names_unique() {
    for (size_t i = 0; i < kFields.size(); ++i)
        for (size_t j = i + 1; j < kFields.size(); ++j)
            if (kFields[i].name == kFields[j].name) return false;
    return true;
}
} // namespace detail
static_assert(detail::slots_unique(), "kFields: a value slot is given to two fields");
static_assert(detail::slots_valid(), "kFields: a slot is -1 (none) or a slot number, none stored");
static_assert(detail::prefixes_valid_and_unambiguous(),
              "kFields: term prefixes are capitals, none the start of another");
static_assert(detail::names_unique(), "kFields: a field name is given twice");

constexpr std::span<const Field> fields() {
    return kFields;
}
constexpr const Field& field(FieldId id) {
    return kFields[static_cast<size_t>(id)];
}

// A value slot (Xapian::valueno; schema.cc checks the two agree), the one
// conversion from the table's int. A field without a slot is a logic error:
// at compile time where the field is a constant, else an exception.
using ValueSlot = unsigned;
constexpr ValueSlot value_slot(const Field& f) {
    if (f.slot < 0) throw std::logic_error("a field without a value slot");
    return static_cast<ValueSlot>(f.slot);
}
constexpr ValueSlot value_slot(FieldId id) {
    return value_slot(field(id));
}

// A field's JSON key, for building and reading JSON (nlohmann keys are
// std::string).
inline std::string json_key(FieldId id) {
    return std::string(field(id).json_key);
}

// A missing key in the ascending sort slots (score_ascending and the
// others): after any value, so that sections without it sort last. The one
// place it is spelt.
inline constexpr char kSortsLast[] = "9";

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
