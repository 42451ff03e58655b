#include "report_identity.hh"

#include "framework.hh"
#include "hash.hh"
#include "schema.hh"
#include "text.hh"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace cqc {
namespace {

std::string signature(const std::map<std::string, int>& scores, std::vector<std::string> keys) {
    std::sort(keys.begin(), keys.end());
    Fnv1a h;
    for (const auto& [statement, score] : scores) {
        h.add(statement);
        h.add("=" + std::to_string(score) + "\n");
    }
    h.add("\x1f");
    for (const auto& k : keys) {
        h.add(k);
        h.add("\n");
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h.value()));
    // The count too: a cheap second check against a collision.
    return std::string(hex) + "/" + std::to_string(keys.size());
}

} // namespace

std::string paragraph_key(std::string_view text) {
    return fold_key(text);
}

// The framework's own words (statement, theme and rating names, score
// labels, the report's fixed wording): forms of one report repeat them in
// different places (a score's label under each heading in one, only in the
// table in another), so they say nothing of whose content it is.
static const std::set<std::string>& framework_words() {
    static const std::set<std::string> words = [] {
        std::vector<std::string_view> texts;
        for (const auto& t : themes()) {
            texts.push_back(t.name);
            texts.insert(texts.end(), t.variants.begin(), t.variants.end());
        }
        for (const auto& st : statements()) {
            texts.insert(texts.end(), {st.name, st.short_name});
            texts.insert(texts.end(), st.variants.begin(), st.variants.end());
        }
        for (const auto& r : ratings())
            texts.push_back(r.name);
        for (int score = kMinScore; score <= kMaxScore; ++score)
            texts.push_back(score_label(score));
        for (size_t part = 0; part < kWordingParts; ++part)
            for (auto w : wording(static_cast<Wording>(part)))
                texts.push_back(w);
        std::set<std::string> out;
        for (auto text : texts)
            for (const auto& w : split_words(fold_key(text)))
                out.insert(w);
        return out;
    }();
    return words;
}

// The distinct words of a report's sections, folded for matching, with a
// compound's hyphen dropped ("co-production" and pdftotext's
// "coproduction" are one word). The forms of one report (its PDF, its saved
// page, their text dumps) break paragraphs, run subheadings into text and
// repeat a score's label differently, but use the same words; a report
// with a sentence of its own does not.
static void add_words(std::set<std::string>& words, const std::vector<Paragraph>& paragraphs) {
    auto add = [&words](std::string text) {
        std::erase(text, '-');
        std::string folded = paragraph_key(text);
        size_t start = 0;
        while (start < folded.size()) {
            size_t end = folded.find(' ', start);
            if (end == std::string::npos) end = folded.size();
            std::string word = folded.substr(start, end - start);
            if (word.size() > 1 && !framework_words().contains(word)) words.insert(word);
            start = end + 1;
        }
    };
    for (const auto& p : paragraphs) {
        add(p.heading);
        add(p.text);
    }
}

std::string content_signature(const Report& report) {
    std::map<std::string, int> scores;
    for (const auto& st : statements())
        if (auto s = report.score_for(st)) scores[std::string(st.id)] = *s;
    std::set<std::string> words;
    for (const auto& section : report.sections)
        add_words(words, section.paragraphs);
    return signature(scores, {words.begin(), words.end()});
}

std::string indexed_content_signature(const Xapian::Database& db, const std::string& id) {
    std::string report_term = term(FieldId::report, id);
    std::map<std::string, int> scores;
    bool found = false;
    std::set<std::string> sections_seen;
    std::set<std::string> words;
    const auto type_slot = static_cast<Xapian::valueno>(field(FieldId::type).slot);
    for (auto it = db.postlist_begin(report_term); it != db.postlist_end(report_term); ++it) {
        Xapian::Document doc = db.get_document(*it);
        std::string type = doc.get_value(type_slot);
        if (type == doctype::report) {
            if (found) continue; // a copy in another database
            found = true;
            scores = read_report_data(doc.get_data()).scores;
        } else if (type == doctype::section) {
            StoredSection s = read_section_data(doc.get_data());
            if (!sections_seen.insert(s.id).second) continue;
            add_words(words, s.paragraphs);
        }
    }
    return found ? signature(scores, {words.begin(), words.end()}) : std::string();
}

} // namespace cqc
