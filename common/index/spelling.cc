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

void count(SpellingCounts& out, std::string_view word) {
    if (auto found = out.find(word); found != out.end())
        ++found->second;
    else
        out.emplace(word, 1);
}

// The words of `text`, and its hyphenated compounds whole: words joined by
// single hyphens ("co-production"; not "2024-25", not "care - and").
void add_words(std::string_view text, SpellingCounts& out) {
    std::string storage;
    std::string_view normalised = normalised_view(text, storage);
    std::string compound;
    size_t compound_parts = 0, last_end = 0;
    auto end_compound = [&] {
        if (compound_parts > 1 && compound.size() <= kMaxWordBytes) count(out, compound);
        compound.clear();
        compound_parts = 0;
    };
    for_each_word(normalised, [&](std::string_view word, size_t begin, size_t end) {
        count(out, word);
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

// A section's words into `words`.
void add_section_words(std::string_view title, std::span<const Paragraph> paragraphs,
                       SpellingCounts& words) {
    add_words(title, words);
    std::string_view heading;
    for (const auto& p : paragraphs) {
        if (p.heading != heading && !p.heading.empty()) add_words(p.heading, words);
        heading = p.heading;
        add_words(p.text, words);
    }
}

} // namespace

SpellingCounts spelling_words(std::string_view title, std::span<const Paragraph> paragraphs) {
    SpellingCounts words;
    add_section_words(title, paragraphs, words);
    return words;
}

void add_spelling(Xapian::WritableDatabase& db, const Report& report) {
    // Xapian adds counts: one call per word gives the same data as one per
    // word and section, for a fraction of the lookups.
    SpellingCounts words;
    for (const auto& section : report.sections)
        add_section_words(section.title, section.paragraphs, words);
    for (const auto& [word, count] : words)
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
