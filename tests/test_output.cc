// What the printers write, with data as hostile as a downloaded report can
// make it, and the output people read and sort: facets by name, one line per
// council, relevance only where it means something.
#include "helpers.hh"
#include "printers.hh"
#include "search.hh"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace cqc;

namespace {

// A result whose every field carries something a terminal would obey.
SearchResults hostile_results() {
    SearchResults r;
    r.query = "carers \xFF\xFE"; // not UTF-8
    r.total = 1;
    Hit h;
    h.rank = 1;
    h.relevance = 87;
    h.section.id = "evil/summary";
    h.section.report = "evil";
    h.section.authority = "\x1b]0;pwned\x07"
                          "Evil Council\xE2\x80\xAE";
    h.section.published = "2025-01-01\x1b[2J";
    h.section.section = "Summary\b\b\b\b\b\b\bHidden";
    h.section.rating = "good";
    h.section.path = "reports/evil\nfake.txt:1: all is well";
    h.section.line = 3;
    h.heading = "=HYPERLINK(\"http://example.com\",\"click\")";
    h.snippet.text = "respite \xC2\x9B"
                     "31m for carers";
    h.snippet.spans = {{0, 7}};
    r.hits.push_back(h);
    r.facets = {{"authority",
                 {{"\xE2\x80\xAE"
                   "lionuoC liveE",
                   1}}}};
    r.terms = {{"@cmd\x1b[1m", 1.0}};
    r.corrected = "carer\x1b[5m";
    return r;
}

bool has_raw_controls(const std::string& out, bool newlines_allowed) {
    for (size_t i = 0; i < out.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(out[i]);
        if (c == '\n' && newlines_allowed) continue;
        if (c < 0x20 && c != '\r' && c != '\t') return true;
        if (c == 0x7F) return true;
        if (out.compare(i, 2, "\xC2\x9B") == 0 || out.compare(i, 3, "\xE2\x80\xAE") == 0)
            return true;
    }
    return false;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

std::filesystem::path councils_db() {
    return test::shared_index(
        {test::corpus(), test::fixtures() / "sections", test::fixtures() / "web"});
}

} // namespace

TEST_CASE("the terminal printer escapes every piece of data") {
    std::ostringstream out;
    print_terminal(hostile_results(), out, TerminalStyle{});
    std::string text = out.str();
    CHECK_FALSE(has_raw_controls(text, true));
    CHECK(text.find("\\x1B]0;pwned\\x07Evil Council\\u{202E}") != std::string::npos);
    CHECK(text.find("Summary\\x08") != std::string::npos);
    CHECK(text.find("\\u{009B}31m") != std::string::npos);
    CHECK(text.find("Did you mean: carer\\x1B[5m") != std::string::npos);
    // The newline in the path does not start a line of its own.
    for (const auto& line : lines_of(text))
        CHECK_FALSE(line.starts_with("fake.txt"));
    CHECK(text.find("reports/evil\\x0Afake.txt:1: all is well:3") != std::string::npos);
}

TEST_CASE("with colour, the only escape sequences are the printer's own") {
    std::ostringstream out;
    print_terminal(hostile_results(), out, TerminalStyle{true});
    std::string text = out.str();
    // Every ESC starts one of the printer's SGR sequences, ESC [ digits ; m.
    for (size_t at = text.find('\x1b'); at != std::string::npos; at = text.find('\x1b', at + 1)) {
        size_t end = text.find_first_not_of("0123456789;", at + 2);
        CHECK(text.compare(at, 2, "\x1b[") == 0);
        REQUIRE(end != std::string::npos);
        CHECK(text[end] == 'm');
    }
    CHECK(text.find("\x1b[1;31mrespite\x1b[0m") != std::string::npos);
}

TEST_CASE("JSON escapes controls and replaces bytes that are not UTF-8") {
    std::ostringstream out;
    REQUIRE_NOTHROW(print_json(hostile_results(), out)); // threw type_error 316: SIGABRT
    std::string text = out.str();
    CHECK_FALSE(has_raw_controls(text, true));
    auto parsed = nlohmann::json::parse(text);
    CHECK(parsed["query"] == "carers \xEF\xBF\xBD\xEF\xBF\xBD");
    // The data itself survives the escaping: a reader gets the characters.
    CHECK(parsed["results"][0]["authority"] == hostile_results().hits[0].section.authority);
    CHECK(parsed["results"][0]["snippet"] == hostile_results().hits[0].snippet.text);
    CHECK(text.find("\\u202e") != std::string::npos);
    CHECK(text.find("\\u009b") != std::string::npos);
}

TEST_CASE("CSV guards formula starts and escapes controls") {
    std::ostringstream out;
    print_csv(hostile_results(), out);
    std::string text = out.str();
    CHECK(text.find("\"'=HYPERLINK(\"\"http://example.com\"\",\"\"click\"\")\"") !=
          std::string::npos);
    // A CSV cell keeps its newlines (in quotes, as data) and nothing else.
    CHECK_FALSE(has_raw_controls(text, true));
    CHECK(text.find("\"reports/evil\nfake.txt:1: all is well\"") != std::string::npos);
    CHECK(text.find("\\x1B]0;pwned\\x07Evil Council\\u{202E}") != std::string::npos);
    // Two records, the header and the row, each ended by CR LF.
    size_t records = 0;
    for (size_t at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n", at + 2))
        ++records;
    CHECK(records == 2);

    std::ostringstream facets;
    print_facets_csv(hostile_results().facets, facets);
    CHECK(facets.str() == "field,value,name,count\r\n"
                          "authority,\\u{202E}lionuoC liveE,\\u{202E}lionuoC liveE,1\r\n");
}

TEST_CASE("the CSV has the columns people sort by") {
    Searcher s({councils_db()});
    SearchRequest request;
    request.query = "carers";
    auto results = s.search(request);
    REQUIRE_FALSE(results.hits.empty());
    std::ostringstream out;
    print_csv(results, out);
    auto lines = lines_of(out.str());
    CHECK(lines[0] ==
          "rank,relevance,authority,rating,section,statement,theme,score,heading,"
          "snippet,path,id,published,report,score_label,line,page,partial,matched_via\r");
}

TEST_CASE("a query of filters only has no relevance to show") {
    Searcher s({councils_db()});
    SearchRequest request;
    request.query = "statement:safeguarding";
    auto filters = s.search(request);
    REQUIRE(filters.total > 0);
    CHECK_FALSE(filters.ranked);
    std::ostringstream terminal, csv;
    print_terminal(filters, terminal, TerminalStyle{});
    CHECK(terminal.str().find('%') == std::string::npos);
    CHECK(results_json(filters)["results"][0]["relevance"].is_null());
    print_csv(filters, csv);
    CHECK(lines_of(csv.str())[1].starts_with("1,,"));

    request.passages = true;
    CHECK_FALSE(s.search(request).ranked);

    request = {};
    request.query = "concerns statement:safeguarding";
    auto words = s.search(request);
    REQUIRE(words.total > 0);
    CHECK(words.ranked);
    CHECK(results_json(words)["results"][0]["relevance"].is_number());
}

TEST_CASE("grouped by authority: a council's best section and how many match") {
    Searcher s({councils_db()});
    SearchRequest request;
    request.query = "council OR people";
    request.facets = true;
    request.limit = 100;
    auto sections = s.search(request);
    request.group_by = GroupBy::authority;
    request.facets = false;
    auto grouped = s.search(request);
    request.limit = 2; // the counts do not depend on how many are shown
    auto first_two = s.search(request);
    CHECK(first_two.total == grouped.total);
    CHECK(first_two.sections == grouped.sections);

    // Facets count sections per council: the groups must agree.
    std::map<std::string, Xapian::doccount> per_council;
    for (const auto& [name, values] : sections.facets)
        if (name == "authority")
            for (const auto& v : values)
                per_council[v.value] = v.count;
    REQUIRE(per_council.size() > 1);
    CHECK(grouped.total == per_council.size());
    CHECK(grouped.sections == sections.total);
    REQUIRE(grouped.hits.size() == per_council.size());
    std::set<std::string> seen;
    for (const auto& h : grouped.hits) {
        CHECK(seen.insert(h.section.authority).second);
        CHECK(h.group_sections == per_council[h.section.authority]);
        // The best section of a council is its first in the ungrouped list.
        auto first = std::find_if(sections.hits.begin(), sections.hits.end(), [&](const Hit& x) {
            return x.section.authority == h.section.authority;
        });
        REQUIRE(first != sections.hits.end());
        CHECK(first->section.id == h.section.id);
    }

    std::ostringstream terminal;
    print_terminal(grouped, terminal, TerminalStyle{});
    auto lines = lines_of(terminal.str());
    CHECK(lines[0].find("Council") != std::string::npos);
    CHECK(lines[0].find("Best section") != std::string::npos);
    // A line per council, its columns aligned: the council names start at
    // the same column as the header's.
    size_t column = lines[0].find("Council");
    for (size_t i = 1; i <= grouped.hits.size(); ++i)
        CHECK(lines[i].substr(column).starts_with(grouped.hits[i - 1].section.authority));
    CHECK(terminal.str().find(std::to_string(grouped.total) + " reports match (" +
                              std::to_string(grouped.sections) + " sections)") !=
          std::string::npos);

    auto json = results_json(grouped);
    CHECK(json["group_by"] == "authority");
    CHECK(json["sections"] == grouped.sections);
    CHECK(json["results"][0]["sections"] == grouped.hits[0].group_sections);
}

TEST_CASE("terminal facets: names in aligned columns, top first, long lists cut") {
    SearchResults r;
    r.total = 30;
    std::vector<FacetValue> councils;
    for (int i = 0; i < 12; ++i)
        councils.push_back({"Council " + std::string(1, static_cast<char>('A' + i)),
                            static_cast<Xapian::doccount>(20 - i)});
    r.facets = {{"statement", {{"safeguarding", 9}, {"care-provision", 3}}},
                {"score", {{"2", 5}}},
                {"authority", councils},
                {"rating", {{"requires-improvement", 2}}}};
    std::ostringstream out;
    print_terminal(r, out, TerminalStyle{});
    auto lines = lines_of(out.str());
    auto line_with = [&](const std::string& text) {
        for (const auto& l : lines)
            if (l.find(text) != std::string::npos) return l;
        return std::string();
    };
    // Names, not ids.
    std::string safeguarding = line_with("Safeguarding");
    REQUIRE_FALSE(safeguarding.empty());
    CHECK(out.str().find("safeguarding") == std::string::npos);
    CHECK_FALSE(line_with("Care provision, integration and continuity").empty());
    CHECK_FALSE(line_with("2 - Evidence shows some shortfalls").empty());
    CHECK_FALSE(line_with("Requires improvement").empty());
    // One value a line, the counts in one column, right-aligned.
    size_t count_end = safeguarding.size();
    CHECK(safeguarding.ends_with(" 9"));
    CHECK(line_with("Council A").ends_with("20"));
    CHECK(line_with("Council A").size() == count_end);
    CHECK(line_with("Care provision").size() == count_end);
    // Top values first; beyond the first eight, a count of the rest.
    CHECK(out.str().find("Council A") < out.str().find("Council B"));
    CHECK(line_with("Council H").size() == count_end);
    CHECK(line_with("Council I").empty());
    CHECK_FALSE(line_with("and 4 more").empty());
}

TEST_CASE("a request beyond Xapian's counts is refused, not wrapped") {
    Searcher s({councils_db()});
    SearchRequest request;
    request.query = "carers";
    request.offset = 4294967296; // was 0 once cast to Xapian::doccount
    CHECK_THROWS_AS(s.search(request), QueryError);
    request.offset = 0;
    request.limit = kMaxResults + 1;
    CHECK_THROWS_AS(s.search(request), QueryError);
    request.limit = kMaxResults;
    CHECK(s.search(request).total > 0);
}
