#include "printers.hh"

#include "framework.hh"
#include "schema.hh"
#include "text.hh"

#include <algorithm>
#include <functional>

namespace cqc {
namespace {

using json = nlohmann::ordered_json;

// What the offsets of "highlights" count.
constexpr const char* kHighlightUnit = "codepoint";

json null_if_empty(const std::string& s) {
    return s.empty() ? json(nullptr) : json(s);
}

json optional_json(const std::optional<int>& v) {
    return v ? json(*v) : json(nullptr);
}

std::string score_text(const std::optional<int>& score) {
    if (!score) return "";
    return std::to_string(*score) + " - " + std::string(score_label(*score));
}

std::string statement_name(const std::string& id) {
    const Statement* s = find_statement_by_id(id);
    return s ? std::string(s->name) : id;
}

std::string theme_name(const std::string& id) {
    const Theme* t = find_theme_by_id(id);
    return t ? std::string(t->name) : id;
}

// Colour for a terminal. Its argument is text to show, already made
// terminal_safe where it holds data: the only escape sequences written are
// these.
struct Ansi {
    bool on;
    std::string operator()(const char* code, const std::string& s) const {
        return on ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s;
    }
};

// Data shown on a terminal (text.hh).
std::string safe(std::string_view data) {
    return terminal_safe(data);
}

std::string render_highlighted(const Highlighted& h, const Ansi& ansi) {
    if (!ansi.on) return safe(h.text);
    std::string out;
    size_t pos = 0;
    for (auto [b, e] : h.spans) {
        out += safe(h.text.substr(pos, b - pos));
        out += ansi("1;31", safe(h.text.substr(b, e - b)));
        pos = e;
    }
    out += safe(h.text.substr(pos));
    return out;
}

// Width on a terminal, in characters rather than bytes, so that accented
// names line up.
size_t display_width(std::string_view s) {
    size_t chars = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++chars;
    return chars;
}

std::string pad(const std::string& s, size_t width) {
    size_t chars = display_width(s);
    return chars >= width ? s : s + std::string(width - chars, ' ');
}

std::string pad_left(const std::string& s, size_t width) {
    size_t chars = display_width(s);
    return chars >= width ? s : std::string(width - chars, ' ') + s;
}

// Facet values are what the index stores; ratings read better by name.
std::string facet_label(const std::string& name, const std::string& value);

// Every text cell of every CSV goes through here (text.hh: escaped
// controls, formula starts guarded, quoted).
std::string csv_field(const std::string& s) {
    return csv_cell(s);
}

} // namespace

std::string rating_name(const std::string& id) {
    const Rating* r = find_rating_by_id(id);
    return r ? std::string(r->name) : id;
}

namespace {
// A stored rating id as the JSON output shows it: by name, null when unknown.
json rating_json(const std::string& id) {
    return null_if_empty(rating_name(id));
}
} // namespace

namespace {
std::string facet_label(const std::string& name, const std::string& value) {
    return name == field(FieldId::rating).name ? rating_name(value) : value;
}

// A facet value as people read it: statements, themes and ratings by name,
// scores with their label (the index stores ids and digits).
std::string facet_value_name(const std::string& name, const std::string& value) {
    if (name == field(FieldId::statement).name) return statement_name(value);
    if (name == field(FieldId::theme).name) return theme_name(value);
    if (name == field(FieldId::rating).name) return rating_name(value);
    if (name == field(FieldId::score).name && value.size() == 1 && value[0] >= '1' &&
        value[0] <= '4')
        return score_text(value[0] - '0');
    return value;
}

// Facet values shown on a terminal per field: a screen's worth; the rest
// are counted in "and N more" (--json and --facets-csv give them all).
constexpr size_t kFacetValuesShown = 8;

// "showing 11-20" for `count` results after the first `skipped`; "showing
// none" when there are none to show (-n 0, or --offset past the end).
std::string showing(size_t skipped, size_t count) {
    if (count == 0) return "showing none";
    return "showing " + std::to_string(skipped + 1) + "-" + std::to_string(skipped + count);
}

json relevance_json(const SearchResults& results, const Hit& h) {
    return results.ranked ? json(h.relevance) : json(nullptr);
}

} // namespace

json section_json(const StoredSection& s) {
    return {{json_key(FieldId::id), s.id},
            {json_key(FieldId::report), s.report},
            {json_key(FieldId::authority), s.authority},
            {json_key(FieldId::published), null_if_empty(s.published)},
            {json_key(FieldId::assessed), null_if_empty(s.assessed)},
            {json_key(FieldId::rating), rating_json(s.rating)},
            {json_key(FieldId::section), s.section},
            {json_key(FieldId::statement), null_if_empty(s.statement)},
            {json_key(FieldId::theme), null_if_empty(s.theme)},
            {json_key(FieldId::score), optional_json(s.score)},
            {json_key(FieldId::path), s.path}};
}

json exported_section_json(const StoredSection& s) {
    json out = section_json(s);
    out[json_key(FieldId::expectation)] = null_if_empty(s.expectation);
    out[json_key(FieldId::commitment)] = null_if_empty(s.commitment);
    out["text"] = s.text();
    return out;
}

json results_json(const SearchResults& results) {
    json hits = json::array();
    for (const auto& h : results.hits) {
        const auto& s = h.section;
        // Highlights count characters (code points) of the snippet, not
        // bytes: "highlight_unit" says so.
        json spans = json::array();
        for (auto [b, e] : h.snippet.spans)
            spans.push_back(
                {code_point_offset(h.snippet.text, b), code_point_offset(h.snippet.text, e)});
        json hit = {{"rank", h.rank}, {"relevance", relevance_json(results, h)}};
        hit.update(section_json(s));
        hit.erase(json_key(FieldId::path)); // after the snippet, as in the contract
        hit.update(json{{"score_label", s.score ? json(score_label(*s.score)) : json(nullptr)},
                        {json_key(FieldId::heading), h.heading},
                        {"snippet", h.snippet.text},
                        {"highlights", spans},
                        {"passage_matches", h.passage_matches},
                        {json_key(FieldId::path), s.path},
                        {json_key(FieldId::line), h.line ? h.line : s.line},
                        {json_key(FieldId::page), h.page   ? json(h.page)
                                                  : s.page ? json(s.page)
                                                           : json(nullptr)},
                        {json_key(FieldId::indicative), s.indicative}});
        if (results.group_by != GroupBy::none) hit["sections"] = h.group_sections;
        if (h.partial) hit["partial"] = true;
        if (!h.matched_via.empty()) {
            json via = json::object();
            for (const auto& [report_words, user_words] : h.matched_via)
                via[report_words] = user_words;
            hit["matched_via"] = via;
        }
        hits.push_back(std::move(hit));
    }
    json out = {
        {"query", results.query}, {"total", results.total}, {"highlight_unit", kHighlightUnit}};
    if (results.group_by == GroupBy::authority) {
        out["group_by"] = field(FieldId::authority).name;
        out["sections"] = results.sections;
    }
    out["results"] = hits;
    if (!results.total_exact) out["total_exact"] = false;
    if (results.passages) out["mode"] = "passages";
    if (!results.corrected.empty()) out["corrected"] = results.corrected;
    if (results.autocorrected) out["autocorrected"] = true;
    if (!results.terms.empty()) {
        json terms = json::array();
        for (const auto& t : results.terms)
            terms.push_back({{"term", t.term}, {"weight", t.weight}});
        out["terms"] = terms;
    }
    if (!results.facets.empty()) {
        json facets = json::object();
        for (const auto& [name, values] : results.facets) {
            // An ordered_json object looks each key up on insertion, which
            // is quadratic over a thousand councils; the values are distinct
            // already, so they are appended to its underlying vector.
            json counts = json::object();
            auto& pairs =
                static_cast<json::object_t::Container&>(counts.get_ref<json::object_t&>());
            pairs.reserve(values.size());
            for (const auto& v : values)
                pairs.emplace_back(facet_label(name, v.value), v.count);
            facets[name] = std::move(counts);
        }
        out["facets"] = facets;
    }
    return out;
}

void print_json(const SearchResults& results, std::ostream& out) {
    out << json_text(results_json(results), 2) << "\n";
}

namespace {

// Where a hit's passage is: "path:line", or "path (page N)" in a PDF.
std::string hit_location(const Hit& h) {
    const auto& s = h.section;
    int page = h.page ? h.page : s.page;
    return page ? s.path + " (page " + std::to_string(page) + ")"
                : s.path + ":" + std::to_string(h.line ? h.line : s.line);
}

void print_hits(const SearchResults& results, std::ostream& out, const Ansi& ansi) {
    bool partial = false;
    for (const auto& h : results.hits) {
        const auto& s = h.section;
        if (h.partial && !partial)
            out << ansi("2", "-- partial matches: sections holding only some of the words --")
                << "\n\n";
        partial = h.partial;
        out << ansi("1;33", std::to_string(h.rank) + ".") << " " << ansi("1", safe(s.authority));
        if (!s.published.empty()) out << " " << ansi("2", "(" + safe(s.published) + ")");
        out << " - " << ansi("1;36", safe(s.section));
        if (s.score)
            out << "  "
                << ansi(*s.score <= 2 ? "1;31" : "1;32", "[score " + score_text(s.score) + "]");
        out << "\n   ";
        if (!s.statement.empty())
            out << safe(statement_name(s.statement)) << " | " << safe(theme_name(s.theme)) << " | ";
        out << (s.rating.empty() ? "rating unknown" : safe(rating_name(s.rating)))
            << (s.indicative ? " (indicative)" : "");
        if (results.ranked) out << " | " << h.relevance << "%";
        out << "\n";
        if (!h.heading.empty()) out << "   " << ansi("4", safe(h.heading)) << "\n";
        if (!h.matched_via.empty()) {
            out << "   " << ansi("2", "(");
            for (size_t i = 0; i < h.matched_via.size(); ++i)
                out << (i ? ansi("2", "; ") : "")
                    << ansi("2", "matched \"" + safe(h.matched_via[i].first) + "\" for \"" +
                                     safe(h.matched_via[i].second) + "\"");
            out << ansi("2", ")") << "\n";
        }
        if (!h.snippet.text.empty()) out << "   " << render_highlighted(h.snippet, ansi) << "\n";
        if (!h.passage_matches)
            out << "   "
                << ansi("2", "(no single paragraph matches the whole query; the closest is shown)")
                << "\n";
        out << "   " << ansi("2", safe(hit_location(h))) << "\n\n";
    }
}

// --group-by authority: a line per council, in columns.
void print_groups(const SearchResults& results, std::ostream& out, const Ansi& ansi) {
    struct Column {
        std::string header;
        bool number; // right-aligned
        std::function<std::string(const Hit&)> cell;
    };
    std::vector<Column> columns = {
        {"", true, [](const Hit& h) { return std::to_string(h.rank) + "."; }},
        {"Council", false, [](const Hit& h) { return safe(h.section.authority); }},
        {"Published", false,
         [](const Hit& h) {
             return h.section.published.empty() ? "-" : safe(h.section.published);
         }},
        {"Sections", true, [](const Hit& h) { return std::to_string(h.group_sections); }},
        {"Best section", false, [](const Hit& h) { return safe(h.section.section); }},
        {"Score", true,
         [](const Hit& h) { return h.section.score ? std::to_string(*h.section.score) : "-"; }},
    };
    if (results.ranked)
        columns.push_back(
            {"Relevance", true, [](const Hit& h) { return std::to_string(h.relevance) + "%"; }});
    std::vector<std::vector<std::string>> rows(1);
    for (const auto& c : columns)
        rows[0].push_back(c.header);
    for (const auto& h : results.hits) {
        rows.emplace_back();
        for (const auto& c : columns)
            rows.back().push_back(c.cell(h));
    }
    std::vector<size_t> width(columns.size());
    for (const auto& row : rows)
        for (size_t c = 0; c < columns.size(); ++c)
            width[c] = std::max(width[c], display_width(row[c]));
    for (size_t r = 0; r < rows.size(); ++r) {
        std::string text;
        for (size_t c = 0; c < columns.size(); ++c) {
            if (c) text += "  ";
            text += columns[c].number ? pad_left(rows[r][c], width[c]) : pad(rows[r][c], width[c]);
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        out << (r == 0 ? ansi("1", text) : text) << "\n"; // the header in bold
    }
}

void print_facets(const FacetCounts& facets, std::ostream& out, const Ansi& ansi) {
    size_t name_width = 0, label_width = 0, count_width = 0;
    for (const auto& [name, values] : facets) {
        name_width = std::max(name_width, name.size());
        for (size_t i = 0; i < values.size() && i < kFacetValuesShown; ++i) {
            label_width =
                std::max(label_width, display_width(safe(facet_value_name(name, values[i].value))));
            count_width = std::max(count_width, std::to_string(values[i].count).size());
        }
    }
    for (const auto& [name, values] : facets) {
        std::string indent = std::string(name_width + 2, ' ');
        out << ansi("1", pad(name, name_width)) << "  ";
        if (values.empty()) out << "(none)\n";
        for (size_t i = 0; i < values.size() && i < kFacetValuesShown; ++i) {
            if (i) out << indent;
            out << pad(safe(facet_value_name(name, values[i].value)), label_width) << "  "
                << ansi("2", pad_left(std::to_string(values[i].count), count_width)) << "\n";
        }
        if (values.size() > kFacetValuesShown)
            out << indent
                << ansi("2", "and " + std::to_string(values.size() - kFacetValuesShown) + " more")
                << "\n";
    }
}

} // namespace

void print_terminal(const SearchResults& results, std::ostream& out, const TerminalStyle& style) {
    Ansi ansi{style.color};
    if (results.autocorrected)
        out << "Showing results for: " << ansi("1", safe(results.corrected)) << "\n\n";
    else if (!results.corrected.empty())
        out << "Did you mean: " << ansi("1", safe(results.corrected)) << "\n\n";
    if (results.group_by == GroupBy::none) {
        print_hits(results, out, ansi);
    } else if (!results.hits.empty()) {
        print_groups(results, out, ansi);
        out << "\n";
    }
    const char* unit = results.group_by == GroupBy::authority ? "report"
                       : results.passages                     ? "paragraph"
                                                              : "section";
    out << (results.total_exact ? "" : "about ") << results.total << " " << unit
        << (results.total == 1 ? " matches" : "s match");
    if (results.group_by != GroupBy::none)
        out << " (" << results.sections << (results.sections == 1 ? " section" : " sections")
            << ")";
    if (results.total > 0 || !results.hits.empty())
        out << "; "
            << showing(results.hits.empty() ? 0 : results.hits.front().rank - 1,
                       results.hits.size());
    if (!results.hits.empty() && results.hits.back().partial)
        out << " (partial matches from " << results.total + 1 << ")";
    out << "\n";
    if (!results.facets.empty()) {
        out << "\n";
        print_facets(results.facets, out, ansi);
    }
    if (!results.terms.empty()) {
        out << ansi("1", "significant terms:");
        for (const auto& t : results.terms)
            out << "  " << safe(t.term);
        out << "\n";
    }
}

void print_csv(const SearchResults& results, std::ostream& out) {
    // Columns are only ever added at the end, so that scripts reading them
    // by position keep working.
    out << "rank,relevance,authority,rating,section,statement,theme,score,heading,snippet,path,"
           "id,published,report,score_label,line,page,partial";
    if (results.group_by != GroupBy::none) out << ",sections";
    out << "\r\n";
    for (const auto& h : results.hits) {
        const auto& s = h.section;
        int page = h.page ? h.page : s.page;
        out << h.rank << ',' << (results.ranked ? std::to_string(h.relevance) : "") << ','
            << csv_field(s.authority) << ',' << csv_field(rating_name(s.rating)) << ','
            << csv_field(s.section) << ',' << csv_field(s.statement) << ',' << csv_field(s.theme)
            << ',' << (s.score ? std::to_string(*s.score) : "") << ',' << csv_field(h.heading)
            << ',' << csv_field(h.snippet.text) << ',' << csv_field(s.path) << ','
            << csv_field(s.id) << ',' << csv_field(s.published) << ',' << csv_field(s.report) << ','
            << (s.score ? csv_field(std::string(score_label(*s.score))) : "") << ','
            << (h.line ? h.line : s.line) << ',' << (page ? std::to_string(page) : "") << ','
            << (h.partial ? "true" : "false");
        if (results.group_by != GroupBy::none) out << ',' << h.group_sections;
        out << "\r\n";
    }
}

void print_facets_csv(const FacetCounts& facets, std::ostream& out) {
    out << "field,value,name,count\r\n";
    for (const auto& [name, values] : facets)
        for (const auto& v : values)
            out << csv_field(name) << ',' << csv_field(v.value) << ','
                << csv_field(facet_value_name(name, v.value)) << ',' << v.count << "\r\n";
}

} // namespace cqc

namespace cqc {
namespace {

using json = nlohmann::ordered_json;

} // namespace

json grid_json(const ScoreGrid& grid) {
    json reports = json::array();
    for (const auto& row : grid.rows) {
        const auto& r = row.report;
        json scores = json::object();
        for (const auto& st : statements()) {
            auto it = r.scores.find(std::string(st.id));
            scores[std::string(st.id)] = it == r.scores.end() ? json(nullptr) : json(it->second);
        }
        reports.push_back({{json_key(FieldId::report), r.report},
                           {json_key(FieldId::authority), r.authority},
                           {json_key(FieldId::published), null_if_empty(r.published)},
                           {json_key(FieldId::assessed), null_if_empty(r.assessed)},
                           {json_key(FieldId::rating), rating_json(r.rating)},
                           {json_key(FieldId::percent), optional_json(r.percent)},
                           {json_key(FieldId::percent_computed), r.percent_computed},
                           {json_key(FieldId::scores_known), r.scores_known},
                           {json_key(FieldId::indicative), r.indicative},
                           {json_key(FieldId::scores), scores},
                           {json_key(FieldId::path), r.path}});
    }
    json out = json::object();
    if (!grid.query.empty()) out["query"] = grid.query;
    out["total"] = grid.total;
    out["reports"] = reports;
    return out;
}

void print_grid_json(const ScoreGrid& grid, std::ostream& out) {
    out << json_text(grid_json(grid), 2) << "\n";
}

void print_grid_terminal(const ScoreGrid& grid, std::ostream& out, const TerminalStyle& style) {
    Ansi ansi{style.color};
    size_t name_width = 7;
    for (const auto& row : grid.rows)
        name_width = std::max(name_width, display_width(safe(row.report.authority)));
    out << ansi("1", pad("Council", name_width) + "  " + pad("Published", 10) + "  " +
                         pad("Rating", 21) + "   %");
    for (const auto& st : statements())
        out << ansi("1", " " + pad(std::string(st.short_name), 7));
    out << "\n";
    for (const auto& row : grid.rows) {
        const auto& r = row.report;
        // No rating stated or computable from all nine scores: none shown.
        std::string rating = r.rating.empty() ? "-" : safe(rating_name(r.rating));
        if (r.indicative) rating += " (ind.)";
        std::string pct = r.percent ? std::to_string(*r.percent) : "-";
        out << pad(safe(r.authority), name_width) << "  "
            << pad(r.published.empty() ? "-" : safe(r.published), 10) << "  " << pad(rating, 21)
            << " " << std::string(pct.size() < 3 ? 3 - pct.size() : 0, ' ') << pct;
        for (const auto& st : statements()) {
            auto it = r.scores.find(std::string(st.id));
            std::string cell = it == r.scores.end() ? "-" : std::to_string(it->second);
            // Weak scores (1 and 2) are marked with "!" and, on a terminal, red.
            bool weak = it != r.scores.end() && it->second <= 2;
            if (weak) cell += "!";
            out << " " << (weak ? ansi("1;31", pad(cell, 7)) : pad(cell, 7));
        }
        out << "\n";
    }
    out << grid.total << (grid.total == 1 ? " report" : " reports");
    if (grid.rows.size() < grid.total) out << "; " << showing(grid.offset, grid.rows.size());
    out << "; ! marks a score of 1 or 2\n";
}

void print_grid_csv(const ScoreGrid& grid, std::ostream& out) {
    out << "report,authority,published,rating,percent";
    for (const auto& st : statements())
        out << "," << st.id;
    out << "\r\n";
    for (const auto& row : grid.rows) {
        const auto& r = row.report;
        out << csv_field(r.report) << "," << csv_field(r.authority) << "," << csv_field(r.published)
            << "," << csv_field(r.rating.empty() ? "" : rating_name(r.rating)) << ","
            << (r.percent ? std::to_string(*r.percent) : "");
        for (const auto& st : statements()) {
            auto it = r.scores.find(std::string(st.id));
            out << "," << (it == r.scores.end() ? "" : std::to_string(it->second));
        }
        out << "\r\n";
    }
}

namespace {

json edition_json(const StoredReport& r) {
    return {{json_key(FieldId::report), r.report},
            {json_key(FieldId::published), null_if_empty(r.published)},
            {json_key(FieldId::rating), rating_json(r.rating)},
            {json_key(FieldId::percent), optional_json(r.percent)}};
}

std::string optional_text(const std::optional<int>& v) {
    return v ? std::to_string(*v) : "-";
}

// "Good 67%", "? -"
std::string edition_summary(const StoredReport& r) {
    std::string out = r.published.empty() ? "undated" : safe(r.published);
    out += "  " + (r.rating.empty() ? std::string("rating unknown") : safe(rating_name(r.rating)));
    if (r.percent) out += " " + std::to_string(*r.percent) + "%";
    return out;
}

// Every statement or section named in a change, in the order shown: the
// summary, then the framework's statements, then anything else.
std::vector<std::string> changed_places(const EditionChange& c) {
    std::vector<std::string> order = {"summary"};
    for (const auto& st : statements())
        order.emplace_back(st.id);
    for (const auto& p : c.paragraphs)
        if (std::find(order.begin(), order.end(), p.section) == order.end())
            order.push_back(p.section);
    std::vector<std::string> out;
    for (const auto& place : order) {
        bool named = std::any_of(c.scores.begin(), c.scores.end(),
                                 [&](const auto& s) { return s.statement == place; }) ||
                     std::any_of(c.paragraphs.begin(), c.paragraphs.end(),
                                 [&](const auto& p) { return p.section == place; });
        if (named) out.push_back(place);
    }
    return out;
}

const ScoreChange* score_change(const EditionChange& c, const std::string& place) {
    for (const auto& s : c.scores)
        if (s.statement == place) return &s;
    return nullptr;
}

const ParagraphChange* paragraph_change(const EditionChange& c, const std::string& place) {
    for (const auto& p : c.paragraphs)
        if (p.section == place) return &p;
    return nullptr;
}

} // namespace

json changes_json(const Changes& changes) {
    json list = json::array();
    for (const auto& c : changes.changes) {
        json scores = json::object();
        for (const auto& s : c.scores)
            scores[s.statement] = {{"from", optional_json(s.from)}, {"to", optional_json(s.to)}};
        json paragraphs = json::object();
        for (const auto& p : c.paragraphs)
            paragraphs[p.section] = {{"added", p.added}, {"removed", p.removed}};
        list.push_back({{json_key(FieldId::authority), c.authority},
                        {"from", edition_json(c.from)},
                        {"to", edition_json(c.to)},
                        {json_key(FieldId::scores), scores},
                        {json_key(FieldId::paragraphs), paragraphs}});
    }
    json out = json::object();
    if (!changes.query.empty()) out["query"] = changes.query;
    out["changes"] = list;
    return out;
}

void print_changes_json(const Changes& changes, std::ostream& out) {
    out << json_text(changes_json(changes), 2) << "\n";
}

void print_changes_terminal(const Changes& changes, std::ostream& out, const TerminalStyle& style) {
    Ansi ansi{style.color};
    for (const auto& c : changes.changes) {
        out << ansi("1", safe(c.authority)) << "\n   " << edition_summary(c.from) << "  →  "
            << edition_summary(c.to) << "\n   "
            << ansi("2", safe(c.from.report) + " → " + safe(c.to.report)) << "\n";
        auto places = changed_places(c);
        size_t width = 0;
        for (const auto& place : places)
            width = std::max(width, display_width(safe(place)));
        for (const auto& place : places) {
            out << "   " << pad(safe(place), width);
            if (const ScoreChange* s = score_change(c, place)) {
                bool worse = s->from && s->to && *s->to < *s->from;
                out << "  "
                    << ansi(worse ? "1;31" : "1;32",
                            optional_text(s->from) + " → " + optional_text(s->to));
            } else {
                out << "       ";
            }
            if (const ParagraphChange* p = paragraph_change(c, place))
                out << "  paragraphs +" << p->added << " -" << p->removed;
            out << "\n";
        }
        if (places.empty()) out << "   " << ansi("2", "no score or paragraph changed") << "\n";
        out << "\n";
    }
    out << changes.changes.size() << (changes.changes.size() == 1 ? " change" : " changes")
        << " between editions\n";
}

void print_changes_csv(const Changes& changes, std::ostream& out) {
    out << "authority,from_report,from_published,from_rating,from_percent,to_report,to_published,"
           "to_rating,to_percent,statement,score_from,score_to,paragraphs_added,"
           "paragraphs_removed\r\n";
    auto edition = [](const StoredReport& r) {
        return csv_field(r.report) + "," + csv_field(r.published) + "," +
               csv_field(r.rating.empty() ? "" : rating_name(r.rating)) + "," +
               (r.percent ? std::to_string(*r.percent) : "");
    };
    for (const auto& c : changes.changes) {
        std::string pair = csv_field(c.authority) + "," + edition(c.from) + "," + edition(c.to);
        auto places = changed_places(c);
        // A pair with nothing changed still gets its row, with no statement.
        if (places.empty()) out << pair << ",,,,,\r\n";
        for (const auto& place : places) {
            const ScoreChange* s = score_change(c, place);
            const ParagraphChange* p = paragraph_change(c, place);
            auto score = [](const std::optional<int>& v) { return v ? std::to_string(*v) : ""; };
            out << pair << "," << csv_field(place) << "," << (s ? score(s->from) : "") << ","
                << (s ? score(s->to) : "") << "," << (p ? std::to_string(p->added) : "0") << ","
                << (p ? std::to_string(p->removed) : "0") << "\r\n";
        }
    }
}

} // namespace cqc
