#include "schema.hh"

#include "framework.hh"
#include "hashing.hh"

#include <stdexcept>

namespace cqc {
namespace {

const Field kFields[] = {
    {FieldId::authority, "authority", "A", 4, FieldKind::free_text, RangeKind::none, true,
     "authority:harrow", "words of the council's name"},
    {FieldId::statement, "statement", "XS", 1, FieldKind::boolean, RangeKind::none, true,
     "statement:safeguarding, statement:\"care provision\"",
     "quality statement, by id or words of its name"},
    {FieldId::theme, "theme", "XT", 2, FieldKind::boolean, RangeKind::none, true,
     "theme:leadership, theme:\"providing support\"", "theme, by id or words of its name"},
    {FieldId::score, "score", "XN", 3, FieldKind::boolean, RangeKind::score, true,
     "score:2, score:1..2", "the quality statement's score (1-4), or a range"},
    {FieldId::rating, "rating", "XR", 5, FieldKind::boolean, RangeKind::none, true,
     "rating:good, rating:\"requires improvement\"", "the council's overall rating"},
    {FieldId::heading, "heading", "XH", -1, FieldKind::free_text, RangeKind::none, false,
     "heading:\"hospital discharge\"", "words of a key-finding subheading"},
    {FieldId::section, "section", "XE", -1, FieldKind::free_text, RangeKind::none, false,
     "section:summary", "words of the section title"},
    {FieldId::report, "report", "XP", 6, FieldKind::boolean, RangeKind::none, false,
     "report:london-borough-of-harrow", "a report's id"},
    {FieldId::id, "id", "Q", -1, FieldKind::boolean, RangeKind::none, false,
     "id:london-borough-of-harrow/governance", "a section's id, as printed by --json"},
    {FieldId::published, "published", "", 11, FieldKind::boolean, RangeKind::date, false,
     "published:2025, published:2025-03, published:2024-06-01..2025-05-31, published:2025..",
     "the report's publication date: a year, month or day, or a range of them"},
    {FieldId::type, "type", "XY", 7, FieldKind::internal, RangeKind::none, false, "", ""},
    {FieldId::section_key, "section-key", "XC", 0, FieldKind::internal, RangeKind::none, false, "",
     ""},
    {FieldId::rating_rank, "rating-rank", "", 8, FieldKind::internal, RangeKind::none, false, "",
     ""},
    {FieldId::score_ascending, "score-ascending", "", 9, FieldKind::internal, RangeKind::none,
     false, "", ""},
    {FieldId::rating_ascending, "rating-ascending", "", 10, FieldKind::internal, RangeKind::none,
     false, "", ""},
    {FieldId::published_ascending, "published-ascending", "", 12, FieldKind::internal,
     RangeKind::none, false, "", ""},
    {FieldId::edition, "edition", "", 13, FieldKind::internal, RangeKind::none, false, "", ""},
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
    }
    return out;
}

} // namespace cqc
