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

void add_words(std::string_view text, SpellingCounts& out) {
    std::string storage;
    std::string_view normalised = normalised_view(text, storage);
    SpellingText words(normalised, out);
    for_each_word(normalised, [&words](std::string_view word, size_t begin, size_t end) {
        words.word(word, begin, end);
    });
    words.finish();
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

void SpellingText::end_compound() {
    if (parts_ > 1 && compound_.size() <= kMaxWordBytes) count(out_, compound_);
    compound_.clear();
    parts_ = 0;
}

void SpellingText::word(std::string_view word, size_t begin, size_t end) {
    count(out_, word);
    bool joined = parts_ > 0 && begin == last_end_ + 1 && text_[last_end_] == '-';
    if (!joined) end_compound();
    if (!is_number(word)) {
        if (parts_) compound_ += '-';
        compound_ += word;
        ++parts_;
    } else {
        end_compound();
    }
    last_end_ = end;
}

void SpellingText::finish() {
    end_compound();
}

SpellingCounts spelling_words(std::string_view title, std::span<const Paragraph> paragraphs) {
    SpellingCounts words;
    add_section_words(title, paragraphs, words);
    return words;
}

void add_spelling(Xapian::WritableDatabase& db, const SpellingCounts& words) {
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
