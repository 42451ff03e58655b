// The print layer on its own: linked with cqc_print (and the result model
// beneath it), no search and no database. The results are made by hand.
#include "framework.hh"
#include "printers.hh"
#include "results.hh"
#include "sprinter.hh"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>

using namespace cqc;

namespace {

SearchResults sample_results() {
    SearchResults r;
    r.query = "carers \"respite\"";
    r.total = 2;
    Hit h;
    h.rank = 1;
    h.relevance = 87;
    h.section.id = "greyhaven-city-council-2025-03-12/equity";
    h.section.report = "greyhaven-city-council-2025-03-12";
    h.section.authority = "Greyhaven City Council";
    h.section.rating = "good";
    h.section.published = "2025-03-12";
    h.section.section = "Equity in experiences and outcomes";
    h.section.statement = "equity";
    h.section.theme = "working-with-people";
    h.section.score = 2;
    h.section.path = "/reports/greyhaven/02-equity.txt";
    h.section.line = 4;
    h.heading = "Carers";
    h.snippet = {"Café, \"respite\" for carers\tnow", {{7, 16}}};
    h.line = 9;
    Hit partial = h;
    partial.rank = 2;
    partial.section = {};
    partial.section.id = "x/summary";
    partial.section.authority = "=HYPERLINK(\"evil\")";
    partial.section.page = 3;
    partial.snippet = {"- a dash first", {}};
    partial.passage_matches = false;
    partial.partial = true;
    r.hits = {h, partial};
    r.facets = {{"rating", {{"good", 1}, {"requires-improvement", 1}}}, {"score", {}}};
    r.terms = {{"carers", 1.25}, {"respite", 0.1}};
    r.corrected = "carers";
    return r;
}

ScoreGrid sample_grid() {
    ScoreGrid g;
    g.query = "statement:equity";
    g.total = 1;
    GridRow row;
    row.report.report = "greyhaven-city-council-2025-03-12";
    row.report.authority = "Greyhaven, City of";
    row.report.rating = "requires-improvement";
    row.report.scores = {{"equity", 2}, {"safeguarding", 4}};
    row.report.scores_known = 2;
    g.rows = {row};
    return g;
}

Changes sample_changes() {
    Changes c;
    EditionChange e;
    e.authority = "Greyhaven City Council";
    e.from.report = "greyhaven-2024-01-01";
    e.from.published = "2024-01-01";
    e.from.rating = "good";
    e.from.percent = 63;
    e.to.report = "greyhaven-2025-03-12";
    e.to.published = "2025-03-12";
    e.scores = {{"equity", 3, 2}};
    e.paragraphs = {{"summary", 1, 0}, {"equity", 2, 1}};
    EditionChange same = e;
    same.scores.clear();
    same.paragraphs.clear();
    c.changes = {e, same};
    return c;
}

// Described once, to the streamed and the tree back end.
void describe_sample(Sprinter& p) {
    p.begin_map();
    p.field("text", "tab\there, bidi \u202e, bell \x07, bad \xff byte, quote \" and \\");
    p.field("number", -42);
    p.map_key("real");
    p.real(0.1);
    p.map_key("empty map");
    p.begin_map();
    p.end();
    p.map_key("empty list");
    p.begin_list();
    p.end();
    p.map_key("nested");
    p.begin_list();
    p.begin_map();
    p.string_or_null("none", "");
    p.integer_or_null("some", 3);
    p.flag("no", false);
    p.flag("yes", true);
    p.end();
    p.null();
    p.boolean(false);
    p.end();
    p.end();
}

} // namespace

TEST_CASE("print: streamed JSON is written as the JSON tree dumps, indented and on one line") {
    for (int indent : {-1, 2}) {
        std::ostringstream streamed;
        JsonPrinter json(streamed, indent);
        describe_sample(json);
        JsonTreePrinter tree;
        describe_sample(tree);
        CHECK(streamed.str() == json_text(tree.tree(), indent));
    }
    JsonTreePrinter tree;
    describe_sample(tree);
    const auto& t = tree.tree();
    CHECK(t["nested"][0].contains("yes"));
    CHECK_FALSE(t["nested"][0].contains("no")); // a false flag goes without saying
    CHECK(t["nested"][0]["none"].is_null());
    CHECK(json_text(tree.tree()).find("\\u202e") != std::string::npos); // made json_safe
}

TEST_CASE("print: --json of results, the grid and changes equals their JSON tree") {
    std::ostringstream a, b, c;
    print_json(sample_results(), a);
    CHECK(a.str() == json_text(results_json(sample_results()), 2) + "\n");
    print_grid_json(sample_grid(), b);
    CHECK(b.str() == json_text(grid_json(sample_grid()), 2) + "\n");
    print_changes_json(sample_changes(), c);
    CHECK(c.str() == json_text(changes_json(sample_changes()), 2) + "\n");
}

TEST_CASE("print: a hit in JSON has the contract's keys, in order, with nulls for unknowns") {
    auto j = results_json(sample_results());
    std::string keys;
    for (const auto& [key, value] : j["results"][0].items())
        keys += key + " ";
    CHECK(keys == "rank relevance id report authority published assessed rating section "
                  "statement theme score score_label heading snippet highlights "
                  "passage_matches path line page indicative ");
    CHECK(j["results"][0]["rating"] == "Good");
    CHECK(j["results"][0]["assessed"].is_null());
    CHECK(j["results"][0]["highlights"].dump() == "[[6,15]]"); // code points, not bytes
    CHECK(j["results"][0]["line"] == 9);
    CHECK(j["results"][0]["page"].is_null());
    CHECK_FALSE(j["results"][0].contains("partial"));
    CHECK(j["results"][1]["partial"] == true);
    CHECK(j["results"][1]["page"] == 3);
    CHECK(j["facets"]["rating"].dump() == R"({"Good":1,"Requires improvement":1})");
    CHECK(j["terms"][0]["weight"] == 1.25);
    CHECK(j["corrected"] == "carers");
    CHECK_FALSE(j.contains("autocorrected"));
}

TEST_CASE("print: CSV of hits, the same record, in the CSV columns") {
    std::ostringstream out;
    print_csv(sample_results(), out);
    CHECK(out.str() ==
          "rank,relevance,authority,rating,section,statement,theme,score,heading,snippet,path,id,"
          "published,report,score_label,line,page,partial,matched_via\r\n"
          "1,87,Greyhaven City Council,Good,Equity in experiences and outcomes,equity,"
          "working-with-people,2,Carers,\"Café, \"\"respite\"\" for carers\tnow\","
          "/reports/greyhaven/02-equity.txt,greyhaven-city-council-2025-03-12/equity,2025-03-12,"
          "greyhaven-city-council-2025-03-12,Evidence shows some shortfalls,9,,false,\r\n"
          "2,87,\"'=HYPERLINK(\"\"evil\"\")\",,,,,,Carers,'- a dash first,,x/summary,,,,9,3,"
          "true,\r\n");
    SearchResults grouped = sample_results();
    grouped.group_by = GroupBy::authority;
    grouped.ranked = false;
    grouped.hits.resize(1);
    grouped.hits[0].group_sections = 5;
    std::ostringstream g;
    print_csv(grouped, g);
    // Columns are added at the end: "sections" keeps its place.
    CHECK(g.str().find(",partial,sections,matched_via\r\n1,,") != std::string::npos);
    CHECK(g.str().substr(g.str().size() - 11) == ",false,5,\r\n");
}

TEST_CASE("print: CSV of the grid names the nine statements, a missing score empty") {
    std::ostringstream out;
    print_grid_csv(sample_grid(), out);
    std::string text = out.str();
    std::string header = text.substr(0, text.find("\r\n"));
    CHECK(header.rfind("report,authority,published,rating,percent,", 0) == 0);
    CHECK(std::count(header.begin(), header.end(), ',') == 4 + 9);
    std::string row = "greyhaven-city-council-2025-03-12,\"Greyhaven, City of\",,Requires "
                      "improvement,";
    for (const auto& st : statements())
        row += st.id == "equity" ? ",2" : st.id == "safeguarding" ? ",4" : ",";
    CHECK(text == header + "\r\n" + row + "\r\n");
}

TEST_CASE("print: CSV of changes, a row per changed place and one for a pair with none") {
    std::ostringstream out;
    print_changes_csv(sample_changes(), out);
    CHECK(out.str() ==
          "authority,from_report,from_published,from_rating,from_percent,to_report,to_published,"
          "to_rating,to_percent,statement,score_from,score_to,paragraphs_added,"
          "paragraphs_removed\r\n"
          "Greyhaven City Council,greyhaven-2024-01-01,2024-01-01,Good,63,greyhaven-2025-03-12,"
          "2025-03-12,,,summary,,,1,0\r\n"
          "Greyhaven City Council,greyhaven-2024-01-01,2024-01-01,Good,63,greyhaven-2025-03-12,"
          "2025-03-12,,,equity,3,2,2,1\r\n"
          "Greyhaven City Council,greyhaven-2024-01-01,2024-01-01,Good,63,greyhaven-2025-03-12,"
          "2025-03-12,,,,,,,\r\n");
}

TEST_CASE("print: a CsvPrinter row takes nested keys by path and leaves lists out") {
    std::ostringstream out;
    CsvPrinter csv(out, {{"b", "outer/b"}, {"a", "a"}, {"missing", "nowhere"}});
    csv.header();
    csv.begin_map();
    csv.field("a", "=1+1");
    csv.map_key("list");
    csv.begin_list();
    csv.begin_map();
    csv.field("a", "not this");
    csv.end();
    csv.end();
    csv.map_key("outer");
    csv.begin_map();
    csv.field("b", 7);
    csv.end();
    csv.field("after", "ignored");
    csv.end();
    CHECK(out.str() == "b,a,missing\r\n7,'=1+1,\r\n");
}

TEST_CASE("print: section JSON, and an exported section with its text") {
    StoredSection s;
    s.id = "r/summary";
    s.path = "/p";
    s.paragraphs = {{"Heading", "First.", 1, 0}, {"Heading", "Second.", 2, 0}};
    auto j = section_json(s);
    CHECK(j.back() == "/p");
    CHECK(j["statement"].is_null());
    auto e = exported_section_json(s);
    CHECK(e["text"] == "Heading\nFirst.\nSecond.\n");
    CHECK(e["expectation"].is_null());
    std::ostringstream line;
    print_exported_section(s, line);
    CHECK(line.str() == json_text(e) + "\n");
}

TEST_CASE("print: a hit's place is its passage's line or page, else its section's") {
    Hit h;
    h.section.line = 4;
    h.section.page = 0;
    CHECK(h.shown_line() == 4);
    h.line = 9;
    CHECK(h.shown_line() == 9);
    CHECK(h.shown_page() == 0);
    h.section.page = 2;
    CHECK(h.shown_page() == 2);
    h.page = 5;
    CHECK(h.shown_page() == 5);
}

TEST_CASE("print: a hit on a terminal shows control characters of report text escaped") {
    SearchResults r;
    r.total = 1;
    Hit h;
    h.rank = 1;
    h.section.authority = "Evil\x1b[2J Council\u202e";
    h.section.section = "Summary";
    h.section.path = "/r/\x1b]0;title\x07.txt";
    h.section.line = 3;
    // The matched word comes after a two-byte character: highlights count
    // code points, and the colour still falls on the word's bytes.
    h.snippet = {"Café \x07 respite", {{8, 15}}};
    r.hits = {h};
    std::ostringstream plain, colour;
    print_terminal(r, plain, TerminalStyle{});
    print_terminal(r, colour, TerminalStyle{true});
    CHECK(plain.str() == "1. Evil\\x1B[2J Council\\u{202E} - Summary\n"
                         "   rating unknown | 0%\n"
                         "   Café \\x07 respite\n"
                         "   /r/\\x1B]0;title\\x07.txt:3\n\n"
                         "1 section matches; showing 1-1\n");
    CHECK(colour.str().find("Café \\x07 \x1b[1;31mrespite\x1b[0m\n") != std::string::npos);
    // The only escape sequences written are the colours.
    std::string rest = colour.str();
    for (const char* code :
         {"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m"})
        for (size_t at; (at = rest.find(code)) != std::string::npos;)
            rest.erase(at, std::string(code).size());
    CHECK(rest.find('\x1b') == std::string::npos);
}

TEST_CASE("print: every word that stood in is named on a terminal and in CSV, one per report "
          "word in JSON") {
    SearchResults r = sample_results();
    r.hits.resize(1);
    r.hits[0].matched_via = {{"short breaks", "respite"}, {"short breaks", "replacement care"}};
    std::ostringstream terminal;
    print_terminal(r, terminal, TerminalStyle{});
    CHECK(terminal.str().find("   (matched \"short breaks\" for \"respite\"; matched \"short "
                              "breaks\" for \"replacement care\")\n") != std::string::npos);
    CHECK(results_json(r)["results"][0]["matched_via"].dump() ==
          R"({"short breaks":"replacement care"})");
    // A spreadsheet's cell says it as the terminal does, the report's text
    // made safe (a quote doubled), every pair.
    r.hits[0].matched_via.push_back({"=\"carer's break\"", "respite"});
    std::ostringstream csv;
    print_csv(r, csv);
    CHECK(csv.str().ends_with(
        ",false,\"matched \"\"short breaks\"\" for \"\"respite\"\"; matched \"\"short breaks\"\" "
        "for \"\"replacement care\"\"; matched \"\"=\"\"carer's break\"\"\"\" for "
        "\"\"respite\"\"\"\r\n"));
}

TEST_CASE("print: a grid row on a terminal puts each score under its statement, weak ones red") {
    std::ostringstream plain, colour;
    print_grid_terminal(sample_grid(), plain, TerminalStyle{});
    print_grid_terminal(sample_grid(), colour, TerminalStyle{true});
    std::istringstream lines(plain.str());
    std::string header, row, footer;
    std::getline(lines, header);
    std::getline(lines, row);
    std::getline(lines, footer);
    CHECK(row.rfind("Greyhaven, City of  -           Requires improvement    -", 0) == 0);
    for (const auto& st : statements()) {
        size_t column = header.find(" " + std::string(st.short_name)) + 1;
        std::string cell = row.substr(column, row.find(' ', column) - column);
        CHECK(cell == (st.id == "equity" ? "2!" : st.id == "safeguarding" ? "4" : "-"));
    }
    CHECK(footer == "1 report; ! marks a score of 1 or 2");
    CHECK(colour.str().find("\x1b[1;31m2!     \x1b[0m") != std::string::npos);
    CHECK(colour.str().find("\x1b[1;31m4") == std::string::npos);
}

TEST_CASE("print: the terminal back end lays out the value described once it is whole") {
    std::vector<std::string> laid_out;
    TerminalPrinter p(
        [&](const nlohmann::ordered_json& value) { laid_out.push_back(value.dump()); });
    p.begin_map();
    p.field("a", 1);
    p.map_key("inner");
    p.begin_map();
    p.end();
    CHECK(laid_out.empty()); // not yet whole
    p.string_pairs("via", {{"x", "1"}, {"x", "2"}});
    p.end();
    CHECK(laid_out ==
          std::vector<std::string>{R"({"a":1,"inner":{},"via":[["x","1"],["x","2"]]})"});
}
