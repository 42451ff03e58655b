#include "stored.hh"

#include "framework.hh"
#include "schema.hh"

#include <nlohmann/json.hpp>

#include <utility>

namespace cqc {
namespace {

using nlohmann::json;

template <typename T> json nullable(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

template <typename T> std::optional<T> optional_from(const json& j, FieldId id) {
    auto it = j.find(json_key(id));
    if (it == j.end() || it->is_null()) return std::nullopt;
    return it->get<T>();
}

std::string string_from(const json& j, FieldId id) {
    auto it = j.find(json_key(id));
    return it == j.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

template <typename T> T value_from(const json& j, FieldId id, T missing) {
    return j.value(json_key(id), missing);
}

// The stored data as a JSON object, {} when it is not one.
json parsed(const std::string& data) {
    json j = json::parse(data, nullptr, false);
    return j.is_discarded() || !j.is_object() ? json::object() : j;
}

} // namespace

std::string section_data(const StoredSection& s) {
    json paragraphs = json::array();
    for (const auto& p : s.paragraphs)
        paragraphs.push_back(p.page ? json{p.heading, p.text, p.line, p.page}
                                    : json{p.heading, p.text, p.line});
    return json{{json_key(FieldId::id), s.id},
                {json_key(FieldId::report), s.report},
                {json_key(FieldId::authority), s.authority},
                {json_key(FieldId::rating), s.rating},
                {json_key(FieldId::published), s.published},
                {json_key(FieldId::assessed), s.assessed},
                {json_key(FieldId::section), s.section},
                {json_key(FieldId::statement), s.statement},
                {json_key(FieldId::theme), s.theme},
                {json_key(FieldId::score), nullable(s.score)},
                {json_key(FieldId::path), s.path},
                {json_key(FieldId::line), s.line},
                {json_key(FieldId::page), s.page},
                {json_key(FieldId::indicative), s.indicative},
                {json_key(FieldId::paragraphs), std::move(paragraphs)},
                {json_key(FieldId::expectation), s.expectation},
                {json_key(FieldId::commitment), s.commitment}}
        .dump();
}

StoredSection read_section_data(const std::string& data) {
    StoredSection s;
    json j = parsed(data);
    s.id = string_from(j, FieldId::id);
    s.report = string_from(j, FieldId::report);
    s.authority = string_from(j, FieldId::authority);
    s.rating = string_from(j, FieldId::rating);
    s.published = string_from(j, FieldId::published);
    s.assessed = string_from(j, FieldId::assessed);
    s.section = string_from(j, FieldId::section);
    s.statement = string_from(j, FieldId::statement);
    s.theme = string_from(j, FieldId::theme);
    s.score = optional_from<int>(j, FieldId::score);
    s.path = string_from(j, FieldId::path);
    s.line = value_from(j, FieldId::line, 0);
    s.indicative = value_from(j, FieldId::indicative, false);
    s.page = value_from(j, FieldId::page, 0);
    s.expectation = string_from(j, FieldId::expectation);
    s.commitment = string_from(j, FieldId::commitment);
    if (auto it = j.find(json_key(FieldId::paragraphs)); it != j.end() && it->is_array())
        for (const auto& p : *it)
            if (p.is_array() && (p.size() == 3 || p.size() == 4) && p[0].is_string() &&
                p[1].is_string() && p[2].is_number_integer())
                s.paragraphs.push_back(
                    {p[0].get<std::string>(), p[1].get<std::string>(), p[2].get<int>(),
                     p.size() == 4 && p[3].is_number_integer() ? p[3].get<int>() : 0});
    return s;
}

std::string StoredSection::text() const {
    std::string out, heading;
    for (const auto& p : paragraphs) {
        if (!p.heading.empty() && p.heading != heading) out += p.heading + "\n";
        heading = p.heading;
        out += p.text + "\n";
    }
    return out;
}

std::vector<Paragraph> StoredSection::passages(size_t* framework_parts) const {
    std::vector<Paragraph> out = paragraphs;
    size_t parts = 0;
    for (auto [part, text] : {std::pair{Wording::what_people_expect, &expectation},
                              std::pair{Wording::commitment, &commitment}}) {
        if (text->empty()) continue;
        out.push_back({std::string(wording(part).front()), *text, page ? 0 : line, page});
        ++parts;
    }
    if (framework_parts) *framework_parts = parts;
    return out;
}

std::string report_data(const StoredReport& r) {
    json scores = json::object();
    for (const auto& [statement, score] : r.scores)
        scores[statement] = score;
    return json{{json_key(FieldId::report), r.report},
                {json_key(FieldId::authority), r.authority},
                {json_key(FieldId::rating), r.rating},
                {json_key(FieldId::percent), nullable(r.percent)},
                {json_key(FieldId::percent_computed), r.percent_computed},
                {json_key(FieldId::scores_known), r.scores_known},
                {json_key(FieldId::indicative), r.indicative},
                {json_key(FieldId::published), r.published},
                {json_key(FieldId::assessed), r.assessed},
                {json_key(FieldId::path), r.path},
                {json_key(FieldId::scores), std::move(scores)}}
        .dump();
}

StoredReport read_report_data(const std::string& data) {
    StoredReport r;
    json j = parsed(data);
    r.report = string_from(j, FieldId::report);
    r.authority = string_from(j, FieldId::authority);
    r.rating = string_from(j, FieldId::rating);
    r.percent = optional_from<int>(j, FieldId::percent);
    r.percent_computed = value_from(j, FieldId::percent_computed, false);
    r.scores_known = value_from(j, FieldId::scores_known, 0);
    r.indicative = value_from(j, FieldId::indicative, false);
    r.published = string_from(j, FieldId::published);
    r.assessed = string_from(j, FieldId::assessed);
    r.path = string_from(j, FieldId::path);
    if (auto it = j.find(json_key(FieldId::scores)); it != j.end() && it->is_object())
        for (auto& [k, v] : it->items())
            if (v.is_number_integer()) r.scores[k] = v.get<int>();
    return r;
}

std::string score_data(const StoredScore& s) {
    return json{{json_key(FieldId::report), s.report},
                {json_key(FieldId::statement), s.statement},
                {json_key(FieldId::score), s.score}}
        .dump();
}

} // namespace cqc
