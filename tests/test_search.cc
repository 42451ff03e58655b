// The searches the engine issue names, on the bundled Harrow report.
#include "helpers.hh"
#include "index_writer.hh"
#include "printers.hh"
#include "search.hh"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

using namespace cqc;

namespace {

// One index of the corpus shared by these read-only tests.
const std::filesystem::path& corpus_db() {
    static test::ScratchDir dir;
    static bool built = false;
    if (!built) {
        IndexOptions o;
        o.db = dir / "db";
        IndexWriter w(o);
        w.add({test::corpus()});
        w.commit();
        built = true;
    }
    static std::filesystem::path db = dir / "db";
    return db;
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
    for (const auto& h : r.hits) got.insert(h.section.statement);
    CHECK(got == std::set<std::string>{"learning", "partnerships"});
    CHECK(search("score:1..2").total == 2);
}

TEST_CASE("conversation cafe finds the summary's Cafe and Care provision's cafes") {
    auto r = search("conversation cafe");
    std::set<std::string> ids;
    for (const auto& h : r.hits) ids.insert(h.section.id);
    CHECK(ids.count("london-borough-of-harrow/summary"));
    CHECK(ids.count("london-borough-of-harrow/care-provision"));
    auto accented = search("caf\xC3\xA9");
    CHECK(accented.total == r.total - search("conversation -cafe").total);
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
            for (const auto& v : values) facet[v.value] = v.count;
    CHECK(facet == by_statement);
    CHECK(facet.size() >= 3);
}

TEST_CASE("field prefixes filter by statement, theme, council, rating and heading") {
    CHECK(search("statement:governance").total == 1);
    CHECK(search("statement:\"care provision\"").hits.at(0).section.statement == "care-provision");
    CHECK(search("theme:leadership").total == 2);
    CHECK(search("theme:\"providing support\"").total == 2);
    CHECK(search("authority:harrow").total == 5);
    CHECK(search("authority:camden").total == 0);
    CHECK(search("rating:\"requires improvement\"").total == 5);
    CHECK(search("rating:good").total == 0);
    auto h = search("heading:\"information security\"");
    REQUIRE(h.total == 1);
    CHECK(h.hits[0].heading == "Information security");
}

TEST_CASE("phrases, boolean operators, NEAR and wildcards work") {
    CHECK(search("\"unpaid carers\"").total >= 3);
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

TEST_CASE("JSON follows the contract; the summary has null statement, theme and score") {
    auto r = search("\"Conversation Cafe\"", true);
    auto j = results_json(r);
    CHECK(j["query"] == "\"Conversation Cafe\"");
    CHECK(j["total"] == 1);
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

TEST_CASE("terminal output highlights only when colour is on; CSV quotes fields") {
    auto r = search("Caldicott");
    std::ostringstream plain, colour, csv;
    print_terminal(r, plain, {false, 100});
    print_terminal(r, colour, {true, 100});
    print_csv(r, csv);
    CHECK(plain.str().find("\x1b[") == std::string::npos);
    CHECK(colour.str().find("\x1b[1;31mCaldicott\x1b[0m") != std::string::npos);
    CHECK(csv.str().starts_with("rank,relevance,authority,rating,section"));
    CHECK(csv.str().find("\"Governance, management and sustainability\"") != std::string::npos);
}
