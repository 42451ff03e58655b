#include "report_identity.hh"

#include "framework.hh"
#include "hash.hh"
#include "schema.hh"
#include "text.hh"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <unordered_set>

namespace cqc {
namespace {

// Words by their FNV-1a hash: a set of numbers, not of strings, is quicker
// to fill, to look each word of a report up in (3,600 words a report in the
// generated corpus) and to sort, and two words of one hash would take some
// 2^32 distinct words to be likely.
using WordHashes = std::unordered_set<uint64_t>;

std::string signature(const std::map<std::string, int>& scores, const WordHashes& words) {
    std::vector<uint64_t> keys(words.begin(), words.end());
    std::sort(keys.begin(), keys.end());
    Fnv1a h;
    for (const auto& [statement, score] : scores) {
        h.add(statement);
        h.add("=" + std::to_string(score) + "\n");
    }
    h.add("\x1f");
    for (uint64_t k : keys) {
        char bytes[sizeof k];
        std::memcpy(bytes, &k, sizeof k);
        h.add(std::string_view(bytes, sizeof bytes));
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
static const WordHashes& framework_words() {
    static const WordHashes words = [] {
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
        WordHashes out;
        for (auto text : texts)
            for (const auto& w : split_words(fold_key(text)))
                out.insert(fnv1a(w));
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
static void add_words(WordHashes& words, const std::vector<Paragraph>& paragraphs) {
    std::string text;
    auto add = [&words, &text](std::string_view t) {
        text.assign(t);
        std::erase(text, '-');
        std::string folded = paragraph_key(text);
        std::string_view rest = folded;
        while (!rest.empty()) {
            size_t end = std::min(rest.find(' '), rest.size());
            std::string_view word = rest.substr(0, end);
            rest.remove_prefix(std::min(end + 1, rest.size()));
            if (word.size() < 2) continue;
            uint64_t hash = fnv1a(word);
            if (!framework_words().contains(hash)) words.insert(hash);
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
    WordHashes words;
    for (const auto& section : report.sections)
        add_words(words, section.paragraphs);
    return signature(scores, words);
}

std::string indexed_content_signature(const Xapian::Database& db, const std::string& id) {
    std::string report_term = term(FieldId::report, id);
    std::map<std::string, int> scores;
    bool found = false;
    std::set<std::string> sections_seen;
    WordHashes words;
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
    return found ? signature(scores, words) : std::string();
}

} // namespace cqc
