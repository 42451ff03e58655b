#include "stored.hh"

#include "framework.hh"
#include "schema.hh"
#include "text.hh"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
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

namespace {

// A section's data is written for every section indexed, so it is written
// straight to bytes: the bytes nlohmann's dump() gives for the same object
// (keys in order, no spaces; in strings '"', '\\' and control characters
// escaped as dump() escapes them, everything else as it is). A test holds
// the two equal. Text that is not UTF-8 is left to dump(), which refuses
// it (section_json).
struct NotUtf8 {};

void put_string(std::string& out, std::string_view text) {
    if (!is_valid_utf8(text)) throw NotUtf8{};
    out += '"';
    size_t plain = 0; // start of the run of bytes copied as they are
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.substr(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            char escape[7];
            std::snprintf(escape, sizeof escape, "\\u%04x", c);
            out += escape;
        }
        }
    }
    out.append(text.substr(plain));
    out += '"';
}

// A value as section_bytes writes it.
std::string encoded(const std::string& text) {
    std::string out;
    put_string(out, text);
    return out;
}
std::string encoded(const std::optional<int>& n) {
    return n ? std::to_string(*n) : "null";
}
std::string encoded(int n) {
    return std::to_string(n);
}
std::string encoded(bool b) {
    return b ? "true" : "false";
}
std::string encoded(const std::vector<Paragraph>& paragraphs) {
    std::string out = "[";
    for (const auto& p : paragraphs) {
        if (out.size() > 1) out += ',';
        out += '[';
        put_string(out, p.heading);
        out += ',';
        put_string(out, p.text);
        out += ',' + std::to_string(p.line);
        if (p.page) out += ',' + std::to_string(p.page);
        out += ']';
    }
    return out + "]";
}

// A value as section_json holds it.
json as_json(const std::string& text) {
    return text;
}
json as_json(const std::optional<int>& n) {
    return nullable(n);
}
json as_json(int n) {
    return n;
}
json as_json(bool b) {
    return b;
}
json as_json(const std::vector<Paragraph>& paragraphs) {
    json out = json::array();
    for (const auto& p : paragraphs)
        out.push_back(p.page ? json{p.heading, p.text, p.line, p.page}
                             : json{p.heading, p.text, p.line});
    return out;
}

// The members of a section's data, each given to put(field, value): the
// one list both writers below write.
template <typename Put> void section_members(const StoredSection& s, Put&& put) {
    put(FieldId::id, s.id);
    put(FieldId::report, s.report);
    put(FieldId::authority, s.authority);
    put(FieldId::rating, s.rating);
    put(FieldId::published, s.published);
    put(FieldId::assessed, s.assessed);
    put(FieldId::section, s.section);
    put(FieldId::statement, s.statement);
    put(FieldId::theme, s.theme);
    put(FieldId::score, s.score);
    put(FieldId::path, s.path);
    put(FieldId::line, s.line);
    put(FieldId::page, s.page);
    put(FieldId::indicative, s.indicative);
    put(FieldId::paragraphs, s.paragraphs);
    put(FieldId::expectation, s.expectation);
    put(FieldId::commitment, s.commitment);
}

// Through nlohmann: what refuses text that is not UTF-8.
json section_json(const StoredSection& s) {
    json out = json::object();
    section_members(s, [&out](FieldId id, const auto& value) {
        out.emplace(json_key(id), as_json(value)); // the first of a repeated key stays
    });
    return out;
}

std::string section_bytes(const StoredSection& s) {
    std::vector<std::pair<std::string, std::string>> members;
    section_members(s, [&members](FieldId id, const auto& value) {
        members.emplace_back(json_key(id), encoded(value));
    });
    // As a JSON object keeps its keys: in order, the first of a repeated one.
    std::stable_sort(members.begin(), members.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out = "{";
    std::string_view last;
    for (const auto& [key, value] : members) {
        if (out.size() > 1 && key == last) continue;
        if (out.size() > 1) out += ',';
        put_string(out, key);
        out += ':';
        out += value;
        last = key;
    }
    return out + "}";
}

} // namespace

std::string section_data(const StoredSection& s) {
    try {
        return section_bytes(s);
    } catch (const NotUtf8&) {
        return section_json(s).dump(); // throws, as it always has
    }
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
