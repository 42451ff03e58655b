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

std::string content_signature(const Report& report) {
    std::map<std::string, int> scores;
    for (const auto& st : statements())
        if (auto s = report.score_for(st)) scores[std::string(st.id)] = *s;
    std::vector<std::string> keys;
    for (const auto& section : report.sections)
        for (const auto& p : section.paragraphs)
            keys.push_back(paragraph_key(p.text));
    return signature(scores, std::move(keys));
}

std::string indexed_content_signature(const Xapian::Database& db, const std::string& id) {
    std::string report_term = term(FieldId::report, id);
    std::map<std::string, int> scores;
    bool found = false;
    std::set<std::string> sections_seen;
    std::vector<std::string> keys;
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
            for (const auto& p : s.paragraphs)
                keys.push_back(paragraph_key(p.text));
        }
    }
    return found ? signature(scores, std::move(keys)) : std::string();
}

} // namespace cqc
