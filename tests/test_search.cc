// The searches the engine issue names, on the bundled Harrow report.
#include "helpers.hh"
#include "index_writer.hh"
#include "printers.hh"
#include "search.hh"

#include <catch2/catch.hpp>
#include <cstdlib>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace cqc;

namespace {

std::filesystem::path corpus_db() {
    return test::shared_index({test::corpus()});
}

SearchResults search(const std::string& query, bool facets = false, size_t limit = 10) {
    Searcher s({corpus_db()});
    SearchRequest r;
    r.query = query;
    r.facets = facets;
    r.limit = limit;
    return s.search(r);
}

} // namespace

TEST_CASE("respite for unpaid carers ranks Care provision (score 2) first") {
    auto r = search("respite for unpaid carers");
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].section.statement == "care-provision");
    CHECK(r.hits[0].section.score == 2);
    CHECK(r.hits[0].section.authority == "London Borough of Harrow");
    CHECK(r.hits[0].snippet.text.find("respite") != std::string::npos);
    CHECK_FALSE(r.hits[0].heading.empty());
}

TEST_CASE("Caldicott ranks Governance first") {
    auto r = search("Caldicott");
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].section.statement == "governance");
    CHECK(r.hits[0].heading == "Information security");
    CHECK(r.corrected.empty()); // the word is in the index: nothing to correct
}

TEST_CASE("score:3 returns exactly the two score-3 sections") {
    auto r = search("score:3");
    CHECK(r.total == 2);
    std::set<std::string> got;
    for (const auto& h : r.hits)
        got.insert(h.section.statement);
    CHECK(got == std::set<std::string>{"learning", "partnerships"});
    CHECK(search("score:1..2").total == 2);
}

TEST_CASE("conversation cafe finds the summary's Cafe and Care provision's cafes") {
    auto r = search("conversation cafe");
    std::set<std::string> ids;
    for (const auto& h : r.hits)
        ids.insert(h.section.id);
    CHECK(ids.count("london-borough-of-harrow/summary"));
    CHECK(ids.count("london-borough-of-harrow/care-provision"));
    auto accented = search("caf\xC3\xA9");
    CHECK(accented.total ==
          search("conversation OR cafe").total - search("conversation -cafe").total);
}

TEST_CASE("facets count matching sections per statement") {
    auto r = search("carers", true, 100);
    REQUIRE(r.total == r.hits.size());
    std::map<std::string, Xapian::doccount> by_statement;
    for (const auto& h : r.hits)
        if (!h.section.statement.empty()) ++by_statement[h.section.statement];
    std::map<std::string, Xapian::doccount> facet;
    for (const auto& [name, values] : r.facets)
        if (name == "statement")
            for (const auto& v : values)
                facet[v.value] = v.count;
    CHECK(facet == by_statement);
    CHECK(facet.size() >= 3);
}

TEST_CASE("field prefixes filter by statement, theme, council, rating and heading") {
    CHECK(search("statement:governance").total == 1);
    CHECK(search("statement:\"care provision\"").hits.at(0).section.statement == "care-provision");
    CHECK(search("theme:leadership").total == 2);
    CHECK(search("theme:\"providing support\"").total == 2);
    CHECK(search("authority:harrow").total == 5);
    CHECK_THROWS_WITH(search("authority:camden"), Catch::Contains("no council named 'camden'"));
    CHECK(search("rating:\"requires improvement\"").total == 5);
    CHECK(search("rating:good").total == 0);
    auto h = search("heading:\"information security\"");
    REQUIRE(h.total == 1);
    CHECK(h.hits[0].heading == "Information security");
}

TEST_CASE("phrases, boolean operators, NEAR and wildcards work") {
    CHECK(search("\"unpaid carers\"").total == 5);
    CHECK(search("\"carers unpaid\"").total == 0);
    CHECK(search("Caldicott AND respite").total == 0);
    CHECK(search("Caldicott OR respite").total == 2);
    CHECK(search("respite NOT Caldicott").total == search("respite").total);
    CHECK(search("Caldicott NEAR Guardian").total == 1);
    CHECK(search("Caldic*").total == 1);
}

TEST_CASE("an unknown statement or malformed query is a clear error") {
    CHECK_THROWS_WITH(search("statement:nonsense"),
                      Catch::Contains("no statement matches 'nonsense'"));
    CHECK_THROWS_WITH(search("carers AND"), Catch::Contains("cannot parse query 'carers AND'"));
    CHECK_THROWS_AS(search("-"), QueryError);
    CHECK_THROWS_WITH(search(std::string(5000, 'a')), Catch::Contains("the limit is"));
}

TEST_CASE("a misspelt word gets a suggestion") {
    auto r = search("safegaurding");
    CHECK(r.corrected == "safeguarding");
}

TEST_CASE("JSON follows the contract: the summary has null statement, theme and score") {
    auto r = search("\"Conversation Cafe\"", true);
    auto j = results_json(r);
    CHECK(j["query"] == "\"Conversation Cafe\"");
    // The summary's "Conversation Café", and Care provision's "conversation
    // cafes" (the same stems, adjacent): the summary first.
    CHECK(j["total"] == 2);
    const auto& hit = j["results"][0];
    for (const char* key : {"rank", "relevance", "id", "report", "authority", "rating", "section",
                            "statement", "theme", "score", "heading", "snippet", "path"})
        CHECK(hit.contains(key));
    CHECK(hit["statement"].is_null());
    CHECK(hit["theme"].is_null());
    CHECK(hit["score"].is_null());
    CHECK(hit["rating"] == "Requires improvement");
    for (const char* facet : {"statement", "theme", "score", "authority", "rating"})
        CHECK(j["facets"].contains(facet));
}

TEST_CASE("terminal output highlights only when colour is on: CSV quotes fields") {
    auto r = search("Caldicott");
    std::ostringstream plain, colour, csv;
    print_terminal(r, plain, {false});
    print_terminal(r, colour, {true});
    print_csv(r, csv);
    CHECK(plain.str().find("\x1b[") == std::string::npos);
    CHECK(colour.str().find("\x1b[1;31mCaldicott\x1b[0m") != std::string::npos);
    CHECK(csv.str().starts_with("rank,relevance,authority,rating,section"));
    CHECK(csv.str().find("\"Governance, management and sustainability\"") != std::string::npos);
}

// ------------------------------------------------------------ issue 3 ---

namespace {

// The corpus and every fixture report, for searches across councils.
std::filesystem::path all_db() {
    return test::shared_index({test::corpus(), test::fixtures()});
}

SearchResults search_all(SearchRequest r) {
    Searcher s({all_db()});
    return s.search(r);
}

SearchRequest req(const std::string& q) {
    SearchRequest r;
    r.query = q;
    r.limit = 50;
    return r;
}

} // namespace

TEST_CASE("option --autocorrect runs the corrected query") {
    SearchRequest r = req("safegaurding");
    r.autocorrect = true;
    auto res = search_all(r);
    CHECK(res.autocorrected);
    CHECK(res.corrected == "safeguarding");
    CHECK(res.total > 0);
}

TEST_CASE("acronyms and their spellings-out find each other") {
    auto ids = [](const std::string& q) {
        std::set<std::string> out;
        for (const auto& h : search_all(req(q)).hits)
            out.insert(h.section.id);
        return out;
    };
    // Harrow's Learning section says "Local Government and Social Care
    // Ombudsmen's (LGSCO)"; Governance says "Director of Adult Social Services (DASS)".
    CHECK(ids("LGSCO").count("london-borough-of-harrow/learning"));
    CHECK(ids("local government and social care ombudsman")
              .count("london-borough-of-harrow/learning"));
    CHECK(search_all(req("local government and social care ombudsman")).hits.at(0).section.id ==
          search_all(req("LGSCO")).hits.at(0).section.id);
    auto dass = ids("DASS");
    auto spelt = ids("directors of adult social services");
    CHECK(dass.count("london-borough-of-harrow/governance"));
    CHECK(dass == spelt);
    // A section with only the spelt-out form is found by the acronym.
    for (const auto& id : ids("\"Joint Strategic Needs Assessment\""))
        CHECK(ids("JSNA").count(id));
}

TEST_CASE("option --sort orders by score, council or rating, sections without a score last") {
    SearchRequest r = req("carers");
    r.sort = parse_sort("-score");
    auto res = search_all(r);
    REQUIRE(res.hits.size() > 3);
    std::optional<int> previous = 5;
    bool seen_missing = false;
    for (const auto& h : res.hits) {
        if (!h.section.score) {
            seen_missing = true;
            continue;
        }
        CHECK_FALSE(seen_missing);
        CHECK(*h.section.score <= *previous);
        previous = h.section.score;
    }
    r.sort = parse_sort("score");
    res = search_all(r);
    CHECK((res.hits.front().section.score == 1 || res.hits.front().section.score == 2));
    CHECK_FALSE(res.hits.back().section.score.has_value());
    r.sort = parse_sort("authority");
    res = search_all(r);
    for (size_t i = 1; i < res.hits.size(); ++i)
        CHECK(res.hits[i - 1].section.authority <= res.hits[i].section.authority);
    r.sort = parse_sort("-rating");
    res = search_all(r);
    CHECK(res.hits.front().section.rating == "good");
    CHECK_THROWS_AS(parse_sort("colour"), QueryError);
}

TEST_CASE("the score grid lists every report with its percentage and nine scores") {
    Searcher s({all_db()});
    ScoreGrid grid = s.score_grid("");
    // One row a report: Harrow and each fixture report.
    auto fixtures = nlohmann::json::parse(test::read_file(test::fixtures() / "expected.json"));
    REQUIRE(grid.rows.size() == fixtures["reports"].size() + 1);
    bool harrow = false;
    for (const auto& row : grid.rows) {
        if (row.report.report != "london-borough-of-harrow") continue;
        harrow = true;
        CHECK(row.report.percent == 58);
        CHECK(row.report.rating == "requires-improvement");
        CHECK(row.report.scores.size() == 9);
        CHECK(row.report.scores.at("equity") == 3);
    }
    CHECK(harrow);
    ScoreGrid matching = s.score_grid("Caldicott");
    // Caldicott is written in Harrow's report alone.
    REQUIRE(matching.rows.size() == 1);
    CHECK(matching.rows[0].report.report == "london-borough-of-harrow");
    auto j = grid_json(grid);
    CHECK(j["reports"][0].contains("scores"));
    std::ostringstream table;
    print_grid_terminal(grid, table, {false});
    CHECK(table.str().find("2!") != std::string::npos); // weak scores marked
}

TEST_CASE("option --passages gives one result per paragraph with its section and heading") {
    SearchRequest r = req("respite");
    r.passages = true;
    r.words.exact = true; // the word as typed: each paragraph's first highlight is it
    auto res = search_all(r);
    REQUIRE(res.hits.size() >= 2);
    std::map<std::string, std::vector<Paragraph>> stored; // section id -> its paragraphs
    Searcher({all_db()}).export_sections([&](const StoredSection& s) {
        stored[s.id] = s.paragraphs;
    });
    std::set<std::string> sections;
    for (const auto& h : res.hits) {
        sections.insert(h.section.id);
        // the whole paragraph, as stored under its heading
        bool whole = false;
        for (const auto& p : stored.at(h.section.id))
            whole = whole || (p.text == h.snippet.text && p.heading == h.heading);
        CHECK(whole);
        REQUIRE_FALSE(h.snippet.spans.empty());
        auto [b, e] = h.snippet.spans[0];
        std::string matched = h.snippet.text.substr(b, e - b);
        CHECK((matched == "respite" || matched == "Respite"));
    }
    CHECK(res.total > sections.size()); // several paragraphs of one section
}

TEST_CASE("option --similar finds sections of other reports about the same thing") {
    SearchRequest r;
    r.similar_to = "london-borough-of-harrow/care-provision";
    auto res = search_all(r);
    REQUIRE_FALSE(res.hits.empty());
    for (const auto& h : res.hits)
        CHECK(h.section.report != "london-borough-of-harrow");
    CHECK(res.hits.front().section.statement == "care-provision");
    r.similar_to = "no-such-report/governance";
    CHECK_THROWS_AS(search_all(r), QueryError);
}

TEST_CASE("option --similar puts the same quality statement of other councils first") {
    // Issue 11: over a generated corpus with the fixtures, for every
    // section, at least 3 of the five most similar sections are that
    // statement in other reports.
    test::ScratchDir dir;
    std::string make = "'" + (test::source_dir() / "scripts" / "make-corpus").string() + "' 8 '" +
                       (dir / "generated").string() + "' >/dev/null";
    REQUIRE(std::system(make.c_str()) == 0);
    test::index(dir / "db", {dir / "generated", test::fixtures()});
    Searcher s({dir / "db"});
    std::vector<StoredSection> sections;
    s.export_sections([&](const StoredSection& sec) {
        if (!sec.statement.empty()) sections.push_back(sec);
    });
    REQUIRE(sections.size() >= 80);
    for (const auto& sec : sections) {
        SearchRequest r;
        r.similar_to = sec.id;
        r.limit = 5;
        int same = 0;
        for (const auto& h : s.search(r).hits)
            same += h.section.statement == sec.statement && h.section.report != sec.report;
        INFO(sec.id);
        CHECK(same >= 3);
    }
}

TEST_CASE("option --terms lists what characterises the matching sections") {
    SearchRequest r = req("statement:safeguarding");
    r.terms = 10;
    auto res = search_all(r);
    REQUIRE(res.terms.size() == 10);
    bool safeguarding_word = false;
    for (const auto& t : res.terms) {
        CHECK(t.weight > 0);
        // shown as words people write, not as the index's stems
        CHECK(std::all_of(t.term.begin(), t.term.end(), [](char c) { return std::islower(c); }));
        safeguarding_word = safeguarding_word || t.term.starts_with("safeguard") ||
                            t.term == "enquiries" || t.term == "sab" || t.term == "abuse" ||
                            t.term == "neglect";
    }
    CHECK(safeguarding_word);
}

// Passages follow the query (issue 11, point 4) and show the report's own
// characters (point 5), on the bundled Harrow report.
namespace {

SearchResults passages(const std::string& query, bool exact = false) {
    Searcher s({corpus_db()});
    SearchRequest r;
    r.query = query;
    r.words.exact = exact;
    r.passages = true;
    r.limit = 100;
    return s.search(r);
}

std::vector<std::string> highlighted(const Hit& h) {
    std::vector<std::string> out;
    for (auto [b, e] : h.snippet.spans)
        out.push_back(h.snippet.text.substr(b, e - b));
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

TEST_CASE("passages of a phrase hold the phrase, and highlight both its words") {
    auto r = passages("\"hospital discharge\"");
    REQUIRE(r.hits.size() >= 2);
    for (const auto& h : r.hits) {
        INFO(h.snippet.text);
        CHECK(h.passage_matches);
        // "discharge for homeless people who presented at hospital" holds
        // both words, not the phrase
        CHECK(h.snippet.text.find("presented at hospital") == std::string::npos);
        auto words = highlighted(h);
        REQUIRE(words.size() % 2 == 0);
        REQUIRE_FALSE(words.empty());
        for (size_t i = 0; i < words.size(); i += 2) {
            CHECK(lower(words[i]) == "hospital");
            CHECK(lower(words[i + 1]).starts_with("discharge"));
            CHECK(h.snippet.spans[i + 1].first == h.snippet.spans[i].second + 1);
        }
    }
    // the section-level match agrees: a phrase is a phrase there too
    CHECK(search("\"hospital discharge\"").total > 0);
}

// Words from the end of one highlight to the start of another: the
// difference of their positions in the paragraph, as the tokeniser counts.
static size_t words_apart(const std::string& text, std::pair<size_t, size_t> a,
                          std::pair<size_t, size_t> b) {
    if (b.first < a.first) std::swap(a, b);
    static const std::regex word("[[:alnum:]']+");
    std::string between = text.substr(a.second, b.first - a.second);
    auto n = std::distance(std::sregex_iterator(between.begin(), between.end(), word),
                           std::sregex_iterator());
    return static_cast<size_t>(n) + 1;
}

TEST_CASE("passages of NEAR keep to the window: AND needs every word in the paragraph") {
    // NEAR/n: each highlighted word has one of the other word's highlights
    // within n positions (hi - lo + 1 <= n), in either order.
    for (size_t window : {3u, 8u}) {
        auto near = passages("discharge NEAR/" + std::to_string(window) + " hospital");
        REQUIRE_FALSE(near.hits.empty());
        for (const auto& h : near.hits) {
            INFO(window << ": " << h.snippet.text);
            auto words = highlighted(h);
            REQUIRE(words.size() >= 2);
            for (size_t i = 0; i < words.size(); ++i) {
                bool is_discharge = lower(words[i]).starts_with("discharg");
                CHECK((is_discharge || lower(words[i]) == "hospital"));
                bool partner = false;
                for (size_t j = 0; j < words.size(); ++j)
                    if (lower(words[j]).starts_with("discharg") != is_discharge &&
                        words_apart(h.snippet.text, h.snippet.spans[i], h.snippet.spans[j]) + 1 <=
                            window)
                        partner = true;
                CHECK(partner);
            }
        }
    }
    for (const auto& h : passages("discharge NEAR/3 hospital").hits)
        CHECK(h.snippet.text.find("presented at hospital") == std::string::npos);
    auto both = passages("occupational AND equipment");
    REQUIRE_FALSE(both.hits.empty());
    for (const auto& h : both.hits) {
        CHECK(lower(h.snippet.text).find("occupational") != std::string::npos);
        CHECK(lower(h.snippet.text).find("equipment") != std::string::npos);
    }
}

TEST_CASE("acronym queries find and highlight the words that spell them out") {
    for (auto [acronym, spelt] :
         {std::pair{"JSNA", "Joint Strategic Needs Assessment"},
          std::pair{"ICB", "integrated care boards"}, std::pair{"OT", "occupational therapy"}}) {
        INFO(acronym);
        // The acronym alone (--exact): the index's acronym term, not the
        // thesaurus's other words for it ("NHS commissioners" for ICB).
        auto r = passages(acronym, true);
        REQUIRE_FALSE(r.hits.empty());
        for (const auto& h : r.hits) {
            auto words = highlighted(h);
            size_t n = static_cast<size_t>(std::count(spelt, spelt + std::strlen(spelt), ' ')) + 1;
            REQUIRE(words.size() >= n);
            std::string joined;
            for (size_t i = 0; i < n; ++i)
                joined += (joined.empty() ? "" : " ") + words[i];
            CHECK(joined == spelt);
            CHECK(h.passage_matches);
        }
        auto best = search(acronym);
        REQUIRE_FALSE(best.hits.empty());
        CHECK_FALSE(best.hits[0].snippet.spans.empty());
    }
}

TEST_CASE("when no single paragraph matches an AND, the closest is shown and flagged") {
    // Governance says "Caldicott" and "workloads", in different paragraphs.
    auto r = search("Caldicott AND workloads");
    REQUIRE(r.hits.size() == 1);
    CHECK_FALSE(r.hits[0].passage_matches);
    CHECK_FALSE(r.hits[0].snippet.spans.empty());
    auto p = passages("Caldicott AND workloads");
    REQUIRE_FALSE(p.hits.empty());
    for (const auto& h : p.hits)
        CHECK_FALSE(h.passage_matches);
    CHECK(search("Caldicott").hits.at(0).passage_matches);
    CHECK(passages("Caldicott").hits.at(0).passage_matches);
}

TEST_CASE("filters are about the section: excluding a statement keeps its paragraphs' matches") {
    auto r = passages("carers -statement:care-provision");
    REQUIRE_FALSE(r.hits.empty());
    for (const auto& h : r.hits) {
        CHECK(h.passage_matches);
        CHECK(h.section.statement != "care-provision");
        CHECK_FALSE(h.snippet.spans.empty());
    }
    auto only = passages("carers statement:care-provision");
    REQUIRE_FALSE(only.hits.empty());
    for (const auto& h : only.hits)
        CHECK(h.section.statement == "care-provision");
}

TEST_CASE("wildcards highlight the words they complete, as stemmed in the index") {
    auto r = passages("discharg*");
    REQUIRE_FALSE(r.hits.empty());
    for (const auto& h : r.hits)
        for (const auto& w : highlighted(h))
            CHECK(lower(w).starts_with("discharg"));
}

TEST_CASE("snippets and passages show the report's own characters") {
    auto r = search("conversation cafe");
    bool seen = false;
    for (const auto& h : r.hits)
        if (h.snippet.text.find("Conversation Caf\xC3\xA9") != std::string::npos) {
            seen = true;
            auto words = highlighted(h);
            CHECK(std::find(words.begin(), words.end(), "Caf\xC3\xA9") != words.end());
            auto j = results_json(r);
            CHECK(j["highlight_unit"] == "codepoint");
        }
    CHECK(seen);
    std::string exported;
    Searcher s({corpus_db()});
    s.export_sections([&](const StoredSection& section) { exported += section.text(); });
    CHECK(exported.find("Conversation Caf\xC3\xA9") != std::string::npos);
}

TEST_CASE("JSON highlights count code points of the snippet") {
    SearchResults r;
    Hit h;
    h.snippet.text = "Caf\xC3\xA9 \xE2\x80\x93 caf\xC3\xA9s";
    h.snippet.spans = {{0, 5}, {10, 16}};
    r.hits.push_back(h);
    auto j = results_json(r);
    CHECK(j["highlight_unit"] == "codepoint");
    CHECK(j["results"][0]["highlights"] == nlohmann::ordered_json::parse("[[0, 4], [7, 12]]"));
}

TEST_CASE("a snippet is a window around the matched words, cut at spaces") {
    std::string text = "First sentence here. " + std::string(400, 'x') +
                       ". Second sentence has the word respite in it. Tail words follow.";
    size_t at = text.find("respite");
    auto s = snippet_window(text, {{at, at + 7}}, 100);
    CHECK(s.text.starts_with("...Second sentence"));
    CHECK(s.text.size() <= 106);
    REQUIRE(s.spans.size() == 1);
    CHECK(s.text.substr(s.spans[0].first, 7) == "respite");
    auto whole = snippet_window("short text", {{0, 5}}, 100);
    CHECK(whole.text == "short text");
    CHECK(whole.spans.size() == 1);
}
