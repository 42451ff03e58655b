#include "spelling.hh"

#include "schema.hh"
#include "stored.hh"
#include "text.hh"
#include "tokens.hh"

#include <cctype>

namespace cqc {
namespace {

// A number is not part of a compound ("2024-25" is two words).
bool is_number(std::string_view word) {
    return word.empty() || std::isdigit(static_cast<unsigned char>(word[0]));
}

// The words of `text`, and its hyphenated compounds whole: words joined by
// single hyphens ("co-production"; not "2024-25", not "care - and").
void add_words(std::string_view text, std::map<std::string, Xapian::termcount>& out) {
    std::string storage;
    std::string_view normalised = normalised_view(text, storage);
    std::string compound;
    size_t compound_parts = 0, last_end = 0;
    auto end_compound = [&] {
        if (compound_parts > 1 && compound.size() <= kMaxWordBytes) ++out[compound];
        compound.clear();
        compound_parts = 0;
    };
    for_each_word(normalised, [&](std::string_view word, size_t begin, size_t end) {
        ++out[std::string(word)];
        bool joined = compound_parts > 0 && begin == last_end + 1 && normalised[last_end] == '-';
        if (!joined) end_compound();
        if (!is_number(word)) {
            if (compound_parts) compound += '-';
            compound += word;
            ++compound_parts;
        } else {
            end_compound();
        }
        last_end = end;
    });
    end_compound();
}

} // namespace

std::map<std::string, Xapian::termcount> spelling_words(std::string_view title,
                                                        std::span<const Paragraph> paragraphs) {
    std::map<std::string, Xapian::termcount> words;
    add_words(title, words);
    std::string_view heading;
    for (const auto& p : paragraphs) {
        if (p.heading != heading && !p.heading.empty()) add_words(p.heading, words);
        heading = p.heading;
        add_words(p.text, words);
    }
    return words;
}

void add_spelling(Xapian::WritableDatabase& db, const Report& report) {
    for (const auto& section : report.sections)
        for (const auto& [word, count] : spelling_words(section.title, section.paragraphs))
            db.add_spelling(word, count);
}

void remove_spelling(Xapian::WritableDatabase& db, const Xapian::Document& doc) {
    auto slot = value_slot(FieldId::type);
    if (doc.get_value(slot) != doctype::section) return;
    StoredSection stored = read_section_data(doc.get_data());
    for (const auto& [word, count] : spelling_words(stored.section, stored.paragraphs))
        db.remove_spelling(word, count);
}

} // namespace cqc
