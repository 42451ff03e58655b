#include "printers.hh"

#include "framework.hh"
#include "schema.hh"
#include "sprinter.hh"
#include "text.hh"

#include <algorithm>
#include <functional>

namespace cqc {
namespace {

// What the offsets of "highlights" count.
constexpr const char* kHighlightUnit = "codepoint";

std::string score_text(const std::optional<int>& score) {
    if (!score) return "";
    return std::to_string(*score) + " - " + std::string(score_label(*score));
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

} // namespace

std::string facet_value_name(const std::string& name, const std::string& value) {
    if (name == field(FieldId::statement).name) return statement_name(value);
    if (name == field(FieldId::theme).name) return theme_name(value);
    if (name == field(FieldId::rating).name) return rating_name(value);
    if (name == field(FieldId::score).name && value.size() == 1 && value[0] - '0' >= kMinScore &&
        value[0] - '0' <= kMaxScore)
        return score_text(value[0] - '0');
    return value;
}

std::string rating_name(const std::string& id) {
    const Rating* r = find_rating_by_id(id);
    return r ? std::string(r->name) : id;
}

namespace {
std::string facet_label(const std::string& name, const std::string& value) {
    return name == field(FieldId::rating).name ? rating_name(value) : value;
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

// Each printed record, described once (sprinter.hh) and rendered by every
// back end: JSON as it goes (--json), a JSON tree (results_json and the
// others, for the web server) and CSV, whose columns pick the keys they
// show.

// The section's metadata, without its path (a hit shows the path after the
// snippet).
void describe_section_fields(Sprinter& p, const SectionRecord& s) {
    p.field(json_key(FieldId::id), s.id);
    p.field(json_key(FieldId::report), s.report);
    p.field(json_key(FieldId::authority), s.authority);
    p.string_or_null(json_key(FieldId::published), s.published);
    p.string_or_null(json_key(FieldId::assessed), s.assessed);
    // A stored rating id as people read it: by name, null when unknown.
    p.string_or_null(json_key(FieldId::rating), rating_name(s.rating));
    p.field(json_key(FieldId::section), s.section);
    p.string_or_null(json_key(FieldId::statement), s.statement);
    p.string_or_null(json_key(FieldId::theme), s.theme);
    p.integer_or_null(json_key(FieldId::score), s.score);
}

void describe_section(Sprinter& p, const StoredSection& s, bool with_text) {
    p.begin_map();
    describe_section_fields(p, s);
    p.field(json_key(FieldId::path), s.path);
    if (with_text) {
        p.string_or_null(json_key(FieldId::expectation), s.expectation);
        p.string_or_null(json_key(FieldId::commitment), s.commitment);
        p.field("text", s.text());
    }
    p.end();
}

// Why a hit matched when words stood in for the user's: {"report's words":
// "user's words"}, a report's words said once (the last pair naming them
// wins, as an object keeps one value per key).
void describe_matched_via(Sprinter& p,
                          const std::vector<std::pair<std::string, std::string>>& via) {
    std::vector<std::pair<std::string, std::string>> once;
    for (const auto& pair : via) {
        auto same = std::find_if(once.begin(), once.end(),
                                 [&](const auto& kv) { return kv.first == pair.first; });
        if (same == once.end())
            once.push_back(pair);
        else
            same->second = pair.second;
    }
    p.map_key("matched_via");
    p.begin_map();
    for (const auto& [report_words, user_words] : once)
        p.field(report_words, user_words);
    p.end();
}

// A hit: in JSON with its highlights, in CSV a row.
void describe_hit(Sprinter& p, const SearchResults& results, const Hit& h) {
    const auto& s = h.section;
    p.begin_map();
    p.field("rank", static_cast<long long>(h.rank));
    p.map_key("relevance");
    if (results.ranked)
        p.integer(h.relevance);
    else
        p.null();
    describe_section_fields(p, s);
    p.string_or_null("score_label", s.score ? score_label(*s.score) : "");
    p.field(json_key(FieldId::heading), h.heading);
    p.field("snippet", h.snippet.text);
    // Highlights count characters (code points) of the snippet, not bytes:
    // "highlight_unit" says so.
    p.map_key("highlights");
    p.begin_list();
    for (auto [b, e] : h.snippet.spans) {
        p.begin_list();
        p.integer(static_cast<long long>(code_point_offset(h.snippet.text, b)));
        p.integer(static_cast<long long>(code_point_offset(h.snippet.text, e)));
        p.end();
    }
    p.end();
    p.map_key("passage_matches");
    p.boolean(h.passage_matches);
    p.field(json_key(FieldId::path), s.path);
    p.field(json_key(FieldId::line), h.shown_line());
    p.map_key(json_key(FieldId::page));
    if (h.shown_page())
        p.integer(h.shown_page());
    else
        p.null();
    p.map_key(json_key(FieldId::indicative));
    p.boolean(s.indicative);
    if (results.group_by != GroupBy::none)
        p.field("sections", static_cast<long long>(h.group_sections));
    p.flag("partial", h.partial);
    if (!h.matched_via.empty()) describe_matched_via(p, h.matched_via);
    p.end();
}

void describe_results(Sprinter& p, const SearchResults& results) {
    p.begin_map();
    p.field("query", results.query);
    p.field("total", static_cast<long long>(results.total));
    p.field("highlight_unit", kHighlightUnit);
    if (results.group_by == GroupBy::authority) {
        p.field("group_by", field(FieldId::authority).name);
        p.field("sections", static_cast<long long>(results.sections));
    }
    p.map_key("results");
    p.begin_list();
    for (const auto& h : results.hits)
        describe_hit(p, results, h);
    p.end();
    if (!results.total_exact) {
        p.map_key("total_exact");
        p.boolean(false);
    }
    if (results.passages) p.field("mode", "passages");
    if (!results.corrected.empty()) p.field("corrected", results.corrected);
    p.flag("autocorrected", results.autocorrected);
    if (!results.terms.empty()) {
        p.map_key("terms");
        p.begin_list();
        for (const auto& t : results.terms) {
            p.begin_map();
            p.field("term", t.term);
            p.map_key("weight");
            p.real(t.weight);
            p.end();
        }
        p.end();
    }
    if (!results.facets.empty()) {
        p.map_key("facets");
        p.begin_map();
        for (const auto& [name, values] : results.facets) {
            p.map_key(name);
            p.begin_map();
            for (const auto& v : values)
                p.field(facet_label(name, v.value), static_cast<long long>(v.count));
            p.end();
        }
        p.end();
    }
    p.end();
}

std::vector<CsvPrinter::Column> hit_columns(const SearchResults& results) {
    // Columns are only ever added at the end, so that scripts reading them
    // by position keep working.
    std::vector<CsvPrinter::Column> columns;
    for (const char* name : {"rank", "relevance", "authority", "rating", "section", "statement",
                             "theme", "score", "heading", "snippet", "path", "id", "published",
                             "report", "score_label", "line", "page", "partial"})
        columns.push_back({name, name});
    if (results.group_by != GroupBy::none) columns.push_back({"sections", "sections"});
    return columns;
}

// A facet value, for --facets-csv (CSV only: JSON's facets map each value
// to its count).
void describe_facet_value(Sprinter& p, const std::string& name, const FacetValue& v) {
    p.begin_map();
    p.field("field", name);
    p.field("value", v.value);
    p.field("name", facet_value_name(name, v.value));
    p.field("count", static_cast<long long>(v.count));
    p.end();
}

// A score grid row: a report with its nine scores.
void describe_grid_row(Sprinter& p, const ReportRecord& r) {
    p.begin_map();
    p.field(json_key(FieldId::report), r.report);
    p.field(json_key(FieldId::authority), r.authority);
    p.string_or_null(json_key(FieldId::published), r.published);
    p.string_or_null(json_key(FieldId::assessed), r.assessed);
    p.string_or_null(json_key(FieldId::rating), rating_name(r.rating));
    p.integer_or_null(json_key(FieldId::percent), r.percent);
    p.map_key(json_key(FieldId::percent_computed));
    p.boolean(r.percent_computed);
    p.field(json_key(FieldId::scores_known), r.scores_known);
    p.map_key(json_key(FieldId::indicative));
    p.boolean(r.indicative);
    p.map_key(json_key(FieldId::scores));
    p.begin_map();
    for (const auto& st : statements()) {
        auto it = r.scores.find(std::string(st.id));
        p.integer_or_null(st.id, it == r.scores.end() ? std::nullopt : std::optional(it->second));
    }
    p.end();
    p.field(json_key(FieldId::path), r.path);
    p.end();
}

void describe_grid(Sprinter& p, const ScoreGrid& grid) {
    p.begin_map();
    if (!grid.query.empty()) p.field("query", grid.query);
    p.field("total", static_cast<long long>(grid.total));
    p.map_key("reports");
    p.begin_list();
    for (const auto& row : grid.rows)
        describe_grid_row(p, row.report);
    p.end();
    p.end();
}

std::vector<CsvPrinter::Column> grid_columns() {
    std::vector<CsvPrinter::Column> columns;
    for (const char* name : {"report", "authority", "published", "rating", "percent"})
        columns.push_back({name, name});
    for (const auto& st : statements())
        columns.push_back(
            {std::string(st.id), json_key(FieldId::scores) + "/" + std::string(st.id)});
    return columns;
}

// One edition of a change.
void describe_edition(Sprinter& p, const ReportRecord& r) {
    p.begin_map();
    p.field(json_key(FieldId::report), r.report);
    p.string_or_null(json_key(FieldId::published), r.published);
    p.string_or_null(json_key(FieldId::rating), rating_name(r.rating));
    p.integer_or_null(json_key(FieldId::percent), r.percent);
    p.end();
}

// The council and its two editions, as every form of a change starts.
void describe_editions(Sprinter& p, const EditionChange& c) {
    p.field(json_key(FieldId::authority), c.authority);
    p.map_key("from");
    describe_edition(p, c.from);
    p.map_key("to");
    describe_edition(p, c.to);
}

// A change between editions, with what changed per statement and section.
void describe_change(Sprinter& p, const EditionChange& c) {
    p.begin_map();
    describe_editions(p, c);
    p.map_key(json_key(FieldId::scores));
    p.begin_map();
    for (const auto& s : c.scores) {
        p.map_key(s.statement);
        p.begin_map();
        p.integer_or_null("from", s.from);
        p.integer_or_null("to", s.to);
        p.end();
    }
    p.end();
    p.map_key(json_key(FieldId::paragraphs));
    p.begin_map();
    for (const auto& pc : c.paragraphs) {
        p.map_key(pc.section);
        p.begin_map();
        p.field("added", static_cast<long long>(pc.added));
        p.field("removed", static_cast<long long>(pc.removed));
        p.end();
    }
    p.end();
    p.end();
}

void describe_changes(Sprinter& p, const Changes& changes) {
    p.begin_map();
    if (!changes.query.empty()) p.field("query", changes.query);
    p.map_key("changes");
    p.begin_list();
    for (const auto& c : changes.changes)
        describe_change(p, c);
    p.end();
    p.end();
}

// CSV's form of a change: a row per statement or section changed (`place`;
// none: the editions alone, for a pair with nothing changed).
void describe_change_row(Sprinter& p, const EditionChange& c, const std::string* place) {
    p.begin_map();
    describe_editions(p, c);
    if (place) {
        const ScoreChange* s = score_change(c, *place);
        const ParagraphChange* pc = paragraph_change(c, *place);
        p.field("statement", *place);
        p.integer_or_null("score_from", s ? s->from : std::nullopt);
        p.integer_or_null("score_to", s ? s->to : std::nullopt);
        p.field("paragraphs_added", static_cast<long long>(pc ? pc->added : 0));
        p.field("paragraphs_removed", static_cast<long long>(pc ? pc->removed : 0));
    }
    p.end();
}

std::vector<CsvPrinter::Column> change_columns() {
    std::vector<CsvPrinter::Column> columns = {{"authority", "authority"}};
    for (const char* edition : {"from", "to"})
        for (const char* name : {"report", "published", "rating", "percent"})
            columns.push_back(
                {std::string(edition) + "_" + name, std::string(edition) + "/" + name});
    for (const char* name :
         {"statement", "score_from", "score_to", "paragraphs_added", "paragraphs_removed"})
        columns.push_back({name, name});
    return columns;
}

template <class Describe> nlohmann::ordered_json tree(Describe describe) {
    JsonTreePrinter p;
    describe(p);
    return std::move(p.tree());
}

// JSON with two-space indents, ended by a newline, as --json prints it.
template <class Describe> void print_indented(std::ostream& out, Describe describe) {
    JsonPrinter p(out, 2);
    describe(p);
    out << "\n";
}

} // namespace

nlohmann::ordered_json section_json(const StoredSection& section) {
    return tree([&](Sprinter& p) { describe_section(p, section, false); });
}

nlohmann::ordered_json exported_section_json(const StoredSection& section) {
    return tree([&](Sprinter& p) { describe_section(p, section, true); });
}

void print_exported_section(const StoredSection& section, std::ostream& out) {
    JsonPrinter p(out);
    describe_section(p, section, true);
    out << "\n";
}

nlohmann::ordered_json results_json(const SearchResults& results) {
    return tree([&](Sprinter& p) { describe_results(p, results); });
}

void print_json(const SearchResults& results, std::ostream& out) {
    print_indented(out, [&](Sprinter& p) { describe_results(p, results); });
}

void print_csv(const SearchResults& results, std::ostream& out) {
    CsvPrinter csv(out, hit_columns(results));
    csv.header();
    for (const auto& h : results.hits)
        describe_hit(csv, results, h);
}

void print_facets_csv(const FacetCounts& facets, std::ostream& out) {
    CsvPrinter csv(out,
                   {{"field", "field"}, {"value", "value"}, {"name", "name"}, {"count", "count"}});
    csv.header();
    for (const auto& [name, values] : facets)
        for (const auto& v : values)
            describe_facet_value(csv, name, v);
}

nlohmann::ordered_json grid_json(const ScoreGrid& grid) {
    return tree([&](Sprinter& p) { describe_grid(p, grid); });
}

void print_grid_json(const ScoreGrid& grid, std::ostream& out) {
    print_indented(out, [&](Sprinter& p) { describe_grid(p, grid); });
}

void print_grid_csv(const ScoreGrid& grid, std::ostream& out) {
    CsvPrinter csv(out, grid_columns());
    csv.header();
    for (const auto& row : grid.rows)
        describe_grid_row(csv, row.report);
}

nlohmann::ordered_json changes_json(const Changes& changes) {
    return tree([&](Sprinter& p) { describe_changes(p, changes); });
}

void print_changes_json(const Changes& changes, std::ostream& out) {
    print_indented(out, [&](Sprinter& p) { describe_changes(p, changes); });
}

void print_changes_csv(const Changes& changes, std::ostream& out) {
    CsvPrinter csv(out, change_columns());
    csv.header();
    for (const auto& c : changes.changes) {
        auto places = changed_places(c);
        if (places.empty()) describe_change_row(csv, c, nullptr);
        for (const auto& place : places)
            describe_change_row(csv, c, &place);
    }
}

namespace {

// Where a hit's passage is: "path:line", or "path (page N)" in a PDF.
std::string hit_location(const Hit& h) {
    int page = h.shown_page();
    return page ? h.section.path + " (page " + std::to_string(page) + ")"
                : h.section.path + ":" + std::to_string(h.shown_line());
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

} // namespace cqc
