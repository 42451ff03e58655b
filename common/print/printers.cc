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

std::string stood_in_list(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string text;
    for (const auto& [report_words, user_words] : pairs)
        text += (text.empty() ? "matched \"" : "; matched \"") + report_words + "\" for \"" +
                user_words + "\"";
    return text;
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

// Every statement or section named in a change (`scored`: the statements
// whose score changed; `rewritten`: the sections whose paragraphs did), in
// the order shown: the summary, then the framework's statements, then
// anything else.
std::vector<std::string> changed_places(const std::vector<std::string>& scored,
                                        const std::vector<std::string>& rewritten) {
    auto holds = [](const std::vector<std::string>& names, const std::string& name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    std::vector<std::string> order = {"summary"};
    for (const auto& st : statements())
        order.emplace_back(st.id);
    for (const auto& section : rewritten)
        if (!holds(order, section)) order.push_back(section);
    std::vector<std::string> out;
    for (const auto& place : order)
        if (holds(scored, place) || holds(rewritten, place)) out.push_back(place);
    return out;
}

std::vector<std::string> changed_places(const EditionChange& c) {
    std::vector<std::string> scored, rewritten;
    for (const auto& s : c.scores)
        scored.push_back(s.statement);
    for (const auto& p : c.paragraphs)
        rewritten.push_back(p.section);
    return changed_places(scored, rewritten);
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
// others, for the web server), CSV, whose columns pick the keys they show,
// and the terminal, whose layouts (below) read them.

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
    // Why it matched when words stood in for the user's: {"report's words":
    // "user's words"} (a terminal shows every pair).
    if (!h.matched_via.empty()) p.string_pairs("matched_via", h.matched_via);
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
    // A snippet quoted without it would hide that a word stood in for the user's.
    columns.push_back({"matched_via", "matched_via", stood_in_list});
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

// The terminal's layouts: each lays out a value as its record description
// above gives it (a TerminalPrinter hands it over whole), reading it by its
// keys. Text from the value is shown only through safe().

using Json = nlohmann::ordered_json;

// A key's value in a described map; null when the key is not given.
const Json& value_of(const Json& record, std::string_view key) {
    static const Json none;
    auto it = record.find(std::string(key));
    return it == record.end() ? none : *it;
}

bool given(const Json& record, std::string_view key) {
    return !value_of(record, key).is_null();
}

// A string value as described, "" when null or not given: data, to be
// shown through safe().
std::string data(const Json& record, std::string_view key) {
    const Json& v = value_of(record, key);
    return v.is_string() ? v.get<std::string>() : "";
}

long long number(const Json& record, std::string_view key) {
    const Json& v = value_of(record, key);
    return v.is_number() ? v.get<long long>() : 0;
}

bool yes(const Json& record, std::string_view key) {
    const Json& v = value_of(record, key);
    return v.is_boolean() && v.get<bool>();
}

std::string data(const Json& record, FieldId id) {
    return data(record, json_key(id));
}

bool given(const Json& record, FieldId id) {
    return given(record, json_key(id));
}

// A number that may be unknown: "-" when it is.
std::string optional_text(const Json& record, std::string_view key) {
    return given(record, key) ? std::to_string(number(record, key)) : "-";
}

// A hit's snippet, its matched words in bold red when in colour: the
// highlights, which count code points, read back in bytes.
std::string shown_snippet(const Json& hit, const Ansi& ansi) {
    std::string text = data(hit, "snippet");
    if (!ansi.on) return safe(text);
    std::vector<size_t> at = code_point_bytes(text);
    auto byte = [&](const Json& code_point) {
        return at[std::min(code_point.get<size_t>(), at.size() - 1)];
    };
    std::string out;
    size_t pos = 0;
    for (const auto& span : value_of(hit, "highlights")) {
        size_t b = byte(span[0]), e = byte(span[1]);
        out += safe(text.substr(pos, b - pos));
        out += ansi("1;31", safe(text.substr(b, e - b)));
        pos = e;
    }
    out += safe(text.substr(pos));
    return out;
}

// Where a hit's passage is: "path:line", or "path (page N)" in a PDF.
std::string hit_location(const Json& h) {
    std::string path = data(h, FieldId::path);
    return given(h, FieldId::page)
               ? path + " (page " + std::to_string(number(h, json_key(FieldId::page))) + ")"
               : path + ":" + std::to_string(number(h, json_key(FieldId::line)));
}

// "(matched "respite" for "short breaks"; ...)": every pair, as the
// terminal keeps them (TerminalPrinter::string_pairs).
void lay_out_matched_via(const Json& via, std::ostream& out, const Ansi& ansi) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& pair : via)
        pairs.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    out << "   " << ansi("2", "(" + safe(stood_in_list(pairs)) + ")") << "\n";
}

void lay_out_hit(const Json& h, std::ostream& out, const Ansi& ansi) {
    out << ansi("1;33", std::to_string(number(h, "rank")) + ".") << " "
        << ansi("1", safe(data(h, FieldId::authority)));
    if (given(h, FieldId::published))
        out << " " << ansi("2", "(" + safe(data(h, FieldId::published)) + ")");
    out << " - " << ansi("1;36", safe(data(h, FieldId::section)));
    if (given(h, FieldId::score)) {
        int score = static_cast<int>(number(h, json_key(FieldId::score)));
        out << "  " << ansi(score <= 2 ? "1;31" : "1;32", "[score " + score_text(score) + "]");
    }
    out << "\n   ";
    if (given(h, FieldId::statement))
        out << safe(statement_name(data(h, FieldId::statement))) << " | "
            << safe(theme_name(data(h, FieldId::theme))) << " | ";
    out << (given(h, FieldId::rating) ? safe(data(h, FieldId::rating)) : "rating unknown")
        << (yes(h, json_key(FieldId::indicative)) ? " (indicative)" : "");
    if (given(h, "relevance")) out << " | " << number(h, "relevance") << "%";
    out << "\n";
    std::string heading = data(h, FieldId::heading);
    if (!heading.empty()) out << "   " << ansi("4", safe(heading)) << "\n";
    if (given(h, "matched_via")) lay_out_matched_via(value_of(h, "matched_via"), out, ansi);
    if (!data(h, "snippet").empty()) out << "   " << shown_snippet(h, ansi) << "\n";
    if (!yes(h, "passage_matches"))
        out << "   "
            << ansi("2", "(no single paragraph matches the whole query; the closest is shown)")
            << "\n";
    out << "   " << ansi("2", safe(hit_location(h))) << "\n\n";
}

void lay_out_hits(const Json& hits, std::ostream& out, const Ansi& ansi) {
    bool partial = false;
    for (const auto& h : hits) {
        if (yes(h, "partial") && !partial)
            out << ansi("2", "-- partial matches: sections holding only some of the words --")
                << "\n\n";
        partial = yes(h, "partial");
        lay_out_hit(h, out, ansi);
    }
}

// --group-by authority: a line per council, in columns.
void lay_out_groups(const Json& hits, std::ostream& out, const Ansi& ansi) {
    struct Column {
        std::string header;
        bool right; // aligned right
        std::function<std::string(const Json&)> cell;
    };
    std::vector<Column> columns = {
        {"", true, [](const Json& h) { return std::to_string(number(h, "rank")) + "."; }},
        {"Council", false, [](const Json& h) { return safe(data(h, FieldId::authority)); }},
        {"Published", false,
         [](const Json& h) {
             return given(h, FieldId::published) ? safe(data(h, FieldId::published)) : "-";
         }},
        {"Sections", true, [](const Json& h) { return std::to_string(number(h, "sections")); }},
        {"Best section", false, [](const Json& h) { return safe(data(h, FieldId::section)); }},
        {"Score", true, [](const Json& h) { return optional_text(h, json_key(FieldId::score)); }},
    };
    // Relevance means something when the query weighs (it is null otherwise).
    if (given(hits.front(), "relevance"))
        columns.push_back({"Relevance", true, [](const Json& h) {
                               return std::to_string(number(h, "relevance")) + "%";
                           }});
    std::vector<std::vector<std::string>> rows(1);
    for (const auto& c : columns)
        rows[0].push_back(c.header);
    for (const auto& h : hits) {
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
            text += columns[c].right ? pad_left(rows[r][c], width[c]) : pad(rows[r][c], width[c]);
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        out << (r == 0 ? ansi("1", text) : text) << "\n"; // the header in bold
    }
}

// A facet value as the JSON's facets name it (a rating by its name, which
// facet_value_name reads as itself), shown as people read it.
std::string facet_shown(const std::string& field_name, const std::string& value) {
    return safe(facet_value_name(field_name, value));
}

// Facets: field name -> {value: count}, commonest first.
void lay_out_facets(const Json& facets, std::ostream& out, const Ansi& ansi) {
    size_t name_width = 0, label_width = 0, count_width = 0;
    for (const auto& [name, values] : facets.items()) {
        name_width = std::max(name_width, name.size());
        size_t i = 0;
        for (const auto& [value, count] : values.items()) {
            if (i++ == kFacetValuesShown) break;
            label_width = std::max(label_width, display_width(facet_shown(name, value)));
            count_width = std::max(count_width, std::to_string(count.get<long long>()).size());
        }
    }
    for (const auto& [name, values] : facets.items()) {
        std::string indent = std::string(name_width + 2, ' ');
        out << ansi("1", pad(name, name_width)) << "  ";
        if (values.empty()) out << "(none)\n";
        size_t i = 0;
        for (const auto& [value, count] : values.items()) {
            if (i == kFacetValuesShown) break;
            if (i++) out << indent;
            out << pad(facet_shown(name, value), label_width) << "  "
                << ansi("2", pad_left(std::to_string(count.get<long long>()), count_width)) << "\n";
        }
        if (values.size() > kFacetValuesShown)
            out << indent
                << ansi("2", "and " + std::to_string(values.size() - kFacetValuesShown) + " more")
                << "\n";
    }
}

// "12 sections match; showing 1-10", and what the results are for.
void lay_out_total(const Json& r, std::ostream& out) {
    const Json& hits = value_of(r, "results");
    bool grouped = given(r, "group_by");
    const char* unit = grouped ? "report" : data(r, "mode") == "passages" ? "paragraph" : "section";
    long long total = number(r, "total");
    bool exact = !given(r, "total_exact") || yes(r, "total_exact");
    out << (exact ? "" : "about ") << total << " " << unit << (total == 1 ? " matches" : "s match");
    if (grouped) {
        long long sections = number(r, "sections");
        out << " (" << sections << (sections == 1 ? " section" : " sections") << ")";
    }
    if (total > 0 || !hits.empty())
        out << "; "
            << showing(hits.empty() ? 0 : static_cast<size_t>(number(hits.front(), "rank")) - 1,
                       hits.size());
    if (!hits.empty() && yes(hits.back(), "partial"))
        out << " (partial matches from " << total + 1 << ")";
    out << "\n";
}

void lay_out_results(const Json& r, std::ostream& out, const Ansi& ansi) {
    if (yes(r, "autocorrected"))
        out << "Showing results for: " << ansi("1", safe(data(r, "corrected"))) << "\n\n";
    else if (given(r, "corrected"))
        out << "Did you mean: " << ansi("1", safe(data(r, "corrected"))) << "\n\n";
    const Json& hits = value_of(r, "results");
    if (!given(r, "group_by")) {
        lay_out_hits(hits, out, ansi);
    } else if (!hits.empty()) {
        lay_out_groups(hits, out, ansi);
        out << "\n";
    }
    lay_out_total(r, out);
    if (given(r, "facets")) {
        out << "\n";
        lay_out_facets(value_of(r, "facets"), out, ansi);
    }
    if (given(r, "terms")) {
        out << ansi("1", "significant terms:");
        for (const auto& t : value_of(r, "terms"))
            out << "  " << safe(data(t, "term"));
        out << "\n";
    }
}

// A grid row: the council, publication date, rating, percentage and the
// nine scores, a weak one (1 or 2) marked with "!" and, in colour, red.
void lay_out_grid_row(const Json& r, size_t name_width, std::ostream& out, const Ansi& ansi) {
    // No rating stated or computable from all nine scores: none shown.
    std::string rating = given(r, FieldId::rating) ? safe(data(r, FieldId::rating)) : "-";
    if (yes(r, json_key(FieldId::indicative))) rating += " (ind.)";
    std::string pct = optional_text(r, json_key(FieldId::percent));
    out << pad(safe(data(r, FieldId::authority)), name_width) << "  "
        << pad(given(r, FieldId::published) ? safe(data(r, FieldId::published)) : "-", 10) << "  "
        << pad(rating, 21) << " " << std::string(pct.size() < 3 ? 3 - pct.size() : 0, ' ') << pct;
    const Json& scores = value_of(r, json_key(FieldId::scores));
    for (const auto& st : statements()) {
        std::string cell = optional_text(scores, st.id);
        bool weak = given(scores, st.id) && number(scores, st.id) <= 2;
        if (weak) cell += "!";
        out << " " << (weak ? ansi("1;31", pad(cell, 7)) : pad(cell, 7));
    }
    out << "\n";
}

// The score grid; `offset`: the rows skipped before the first shown.
void lay_out_grid(const Json& grid, size_t offset, std::ostream& out, const Ansi& ansi) {
    const Json& rows = value_of(grid, "reports");
    size_t name_width = 7;
    for (const auto& row : rows)
        name_width = std::max(name_width, display_width(safe(data(row, FieldId::authority))));
    out << ansi("1", pad("Council", name_width) + "  " + pad("Published", 10) + "  " +
                         pad("Rating", 21) + "   %");
    for (const auto& st : statements())
        out << ansi("1", " " + pad(std::string(st.short_name), 7));
    out << "\n";
    for (const auto& row : rows)
        lay_out_grid_row(row, name_width, out, ansi);
    auto total = static_cast<size_t>(number(grid, "total"));
    out << total << (total == 1 ? " report" : " reports");
    if (rows.size() < total) out << "; " << showing(offset, rows.size());
    out << "; ! marks a score of 1 or 2\n";
}

// "2025-03-12  Good 67%", "undated  rating unknown"
std::string edition_summary(const Json& e) {
    std::string out = given(e, FieldId::published) ? safe(data(e, FieldId::published)) : "undated";
    out += "  " + (given(e, FieldId::rating) ? safe(data(e, FieldId::rating))
                                             : std::string("rating unknown"));
    if (given(e, FieldId::percent))
        out += " " + std::to_string(number(e, json_key(FieldId::percent))) + "%";
    return out;
}

std::vector<std::string> keys(const Json& map) {
    std::vector<std::string> out;
    for (const auto& [key, value] : map.items())
        out.push_back(key);
    return out;
}

// A change: the council, its two editions, and per statement or section
// changed its score "from → to" (red when worse) and paragraphs.
void lay_out_change(const Json& c, std::ostream& out, const Ansi& ansi) {
    const Json &from = value_of(c, "from"), &to = value_of(c, "to");
    out << ansi("1", safe(data(c, FieldId::authority))) << "\n   " << edition_summary(from)
        << "  →  " << edition_summary(to) << "\n   "
        << ansi("2", safe(data(from, FieldId::report)) + " → " + safe(data(to, FieldId::report)))
        << "\n";
    const Json& scores = value_of(c, json_key(FieldId::scores));
    const Json& paragraphs = value_of(c, json_key(FieldId::paragraphs));
    auto places = changed_places(keys(scores), keys(paragraphs));
    size_t width = 0;
    for (const auto& place : places)
        width = std::max(width, display_width(safe(place)));
    for (const auto& place : places) {
        out << "   " << pad(safe(place), width);
        if (given(scores, place)) {
            const Json& s = value_of(scores, place);
            bool worse = given(s, "from") && given(s, "to") && number(s, "to") < number(s, "from");
            out << "  "
                << ansi(worse ? "1;31" : "1;32",
                        optional_text(s, "from") + " → " + optional_text(s, "to"));
        } else {
            out << "       ";
        }
        if (given(paragraphs, place)) {
            const Json& p = value_of(paragraphs, place);
            out << "  paragraphs +" << number(p, "added") << " -" << number(p, "removed");
        }
        out << "\n";
    }
    if (places.empty()) out << "   " << ansi("2", "no score or paragraph changed") << "\n";
    out << "\n";
}

void lay_out_changes(const Json& changes, std::ostream& out, const Ansi& ansi) {
    const Json& list = value_of(changes, "changes");
    for (const auto& c : list)
        lay_out_change(c, out, ansi);
    out << list.size() << (list.size() == 1 ? " change" : " changes") << " between editions\n";
}

} // namespace

void print_terminal(const SearchResults& results, std::ostream& out, const TerminalStyle& style) {
    TerminalPrinter p([&](const Json& r) { lay_out_results(r, out, Ansi{style.color}); });
    describe_results(p, results);
}

void print_grid_terminal(const ScoreGrid& grid, std::ostream& out, const TerminalStyle& style) {
    // The offset is the terminal's alone ("showing 11-20"): JSON gives none.
    TerminalPrinter p([&](const Json& g) { lay_out_grid(g, grid.offset, out, Ansi{style.color}); });
    describe_grid(p, grid);
}

void print_changes_terminal(const Changes& changes, std::ostream& out, const TerminalStyle& style) {
    TerminalPrinter p([&](const Json& c) { lay_out_changes(c, out, Ansi{style.color}); });
    describe_changes(p, changes);
}

} // namespace cqc
