#include "schema.hh"

#include <stdexcept>

namespace cqc {
namespace {

const Field kFields[] = {
    {FieldId::authority, "authority", "A", 4, FieldKind::free_text, false, true, "authority:harrow",
     "words of the council's name"},
    {FieldId::statement, "statement", "XS", 1, FieldKind::boolean, false, true,
     "statement:safeguarding, statement:\"care provision\"",
     "quality statement, by id or words of its name"},
    {FieldId::theme, "theme", "XT", 2, FieldKind::boolean, false, true,
     "theme:leadership, theme:\"providing support\"", "theme, by id or words of its name"},
    {FieldId::score, "score", "XN", 3, FieldKind::boolean, true, true, "score:2, score:1..2",
     "the quality statement's score (1-4), or a range"},
    {FieldId::rating, "rating", "XR", 5, FieldKind::boolean, false, true,
     "rating:good, rating:\"requires improvement\"", "the council's overall rating"},
    {FieldId::heading, "heading", "XH", -1, FieldKind::free_text, false, false,
     "heading:\"hospital discharge\"", "words of a key-finding subheading"},
    {FieldId::section, "section", "XE", -1, FieldKind::free_text, false, false, "section:summary",
     "words of the section title"},
    {FieldId::report, "report", "XP", 6, FieldKind::boolean, false, false,
     "report:london-borough-of-harrow", "a report's id"},
    {FieldId::id, "id", "Q", -1, FieldKind::boolean, false, false,
     "id:london-borough-of-harrow/governance", "a section's id, as printed by --json"},
    {FieldId::type, "type", "XY", 7, FieldKind::internal, false, false, "", ""},
    {FieldId::section_key, "section-key", "XC", 0, FieldKind::internal, false, false, "", ""},
    {FieldId::rating_rank, "rating-rank", "", 8, FieldKind::internal, false, false, "", ""},
    {FieldId::score_ascending, "score-ascending", "", 9, FieldKind::internal, false, false, "", ""},
    {FieldId::rating_ascending, "rating-ascending", "", 10, FieldKind::internal, false, false, "",
     ""},
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
    return t;
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
