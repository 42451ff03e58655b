#include "schema.hh"

#include "framework.hh"
#include "hashing.hh"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace cqc {
namespace {

const Field kFields[] = {
    {FieldId::authority, "authority", "council la", "A", 4, FieldKind::free_text,
     FilterKind::council, true, "authority:harrow, authority:\"London Borough of Harrow\"",
     "the council: its slug, words of its name or its name as printed"},
    {FieldId::statement, "statement", "", "XS", 1, FieldKind::boolean, FilterKind::framework, true,
     "statement:safeguarding, statement:\"care provision\"",
     "quality statement, by id or words of its name"},
    {FieldId::theme, "theme", "", "XT", 2, FieldKind::boolean, FilterKind::framework, true,
     "theme:leadership, theme:\"providing support\"", "theme, by id or words of its name"},
    {FieldId::score, "score", "", "XN", 3, FieldKind::boolean, FilterKind::score, true,
     "score:2, score:1..2, score:3..", "the quality statement's score (1-4), or a range"},
    {FieldId::rating, "rating", "", "XR", 5, FieldKind::boolean, FilterKind::framework, true,
     "rating:good, rating:\"requires improvement\"", "the council's overall rating"},
    {FieldId::heading, "heading", "", "XH", -1, FieldKind::free_text, FilterKind::words, false,
     "heading:\"hospital discharge\"", "a word or phrase of a key-finding subheading"},
    {FieldId::section, "section", "", "XE", -1, FieldKind::free_text, FilterKind::words, false,
     "section:summary", "a word or phrase of the section title"},
    {FieldId::report, "report", "", "XP", 6, FieldKind::boolean, FilterKind::exact, false,
     "report:london-borough-of-harrow", "a report's id"},
    {FieldId::id, "id", "", "Q", -1, FieldKind::boolean, FilterKind::exact, false,
     "id:london-borough-of-harrow/governance", "a section's id, as printed by --json"},
    {FieldId::published, "published", "", "", 11, FieldKind::boolean, FilterKind::date, false,
     "published:2025, published:2025-03, published:2024-06-01..2025-05-31, published:2025..",
     "the report's publication date: a year, month or day, or a range of them"},
    {FieldId::type, "type", "", "XY", 7, FieldKind::internal, FilterKind::none, false, "", ""},
    {FieldId::section_key, "section-key", "", "XC", 0, FieldKind::internal, FilterKind::none, false,
     "", ""},
    {FieldId::rating_rank, "rating-rank", "", "", 8, FieldKind::internal, FilterKind::none, false,
     "", ""},
    {FieldId::score_ascending, "score-ascending", "", "", 9, FieldKind::internal, FilterKind::none,
     false, "", ""},
    {FieldId::rating_ascending, "rating-ascending", "", "", 10, FieldKind::internal,
     FilterKind::none, false, "", ""},
    {FieldId::published_ascending, "published-ascending", "", "", 12, FieldKind::internal,
     FilterKind::none, false, "", ""},
    {FieldId::edition, "edition", "", "", 13, FieldKind::internal, FilterKind::none, false, "", ""},
};
} // namespace

std::span<const Field> fields() {
    return kFields;
}

const Field& field(FieldId id) {
    for (const auto& f : kFields)
        if (f.id == id) return f;
    throw std::logic_error("field missing from the schema table");
}

namespace {
bool equal_ci(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The space-separated aliases of a field.
std::vector<std::string_view> aliases_of(const Field& f) {
    std::vector<std::string_view> out;
    for (size_t i = 0; i < f.aliases.size();) {
        size_t j = f.aliases.find(' ', i);
        if (j == std::string_view::npos) j = f.aliases.size();
        if (j > i) out.push_back(f.aliases.substr(i, j - i));
        i = j + 1;
    }
    return out;
}
} // namespace

const Field* find_field(std::string_view prefix) {
    for (const auto& f : kFields) {
        if (f.kind == FieldKind::internal) continue;
        if (equal_ci(f.name, prefix)) return &f;
        for (auto alias : aliases_of(f))
            if (equal_ci(alias, prefix)) return &f;
    }
    return nullptr;
}

std::string field_names() {
    std::string names, aliases;
    for (const auto& f : kFields) {
        if (f.kind == FieldKind::internal) continue;
        names += (names.empty() ? "" : ", ") + std::string(f.name) + ":";
        std::string these;
        for (auto alias : aliases_of(f))
            these += (these.empty() ? "" : " and ") + std::string(alias) + ":";
        if (!these.empty())
            aliases += (aliases.empty() ? "" : "; ") + these + " mean " + std::string(f.name) + ":";
    }
    return aliases.empty() ? names : names + " (" + aliases + ")";
}

std::string term(FieldId id, std::string_view value) {
    std::string t(field(id).term_prefix);
    t += value;
    return fit_key(std::move(t));
}

std::string authority_key(std::string_view authority) {
    return fold_key(authority);
}

namespace {
constexpr char kEditionSeparator = '\x1f';
}

std::string edition_value(const Edition& e) {
    std::string out = e.key;
    out += kEditionSeparator;
    out += e.published;
    out += kEditionSeparator;
    out += e.report;
    return out;
}

Edition parse_edition_value(std::string_view value) {
    Edition e;
    size_t a = value.find(kEditionSeparator);
    if (a == std::string_view::npos) return e;
    size_t b = value.find(kEditionSeparator, a + 1);
    if (b == std::string_view::npos) return e;
    e.key = value.substr(0, a);
    e.published = value.substr(a + 1, b - a - 1);
    e.report = value.substr(b + 1);
    return e;
}

std::string fields_help() {
    std::string out = "Field prefixes:\n";
    for (const auto& f : kFields) {
        if (f.kind == FieldKind::internal) continue;
        std::string name = std::string(f.name) + ":";
        out += "  " + name + std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') +
               std::string(f.help) + "\n" + std::string(16, ' ') + "e.g. " +
               std::string(f.example) + "\n";
        for (auto alias : aliases_of(f))
            out += std::string(16, ' ') + std::string(alias) + ": is the same as " +
                   std::string(f.name) + ":\n";
    }
    out += "Every prefix is a filter: it narrows the words' matches and adds none. Values of\n"
           "one field are OR-ed (statement:equity statement:safeguarding), different fields\n"
           "AND-ed; statement:(equity OR safeguarding) is the same. Prefixes ignore case.\n";
    return out;
}

} // namespace cqc
