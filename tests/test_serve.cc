// cqc-search --serve without a socket: Site::handle, its pages and API,
// the Host check, the escaping of hostile report text, reopening.
#include "helpers.hh"
#include "pages.hh"
#include "printers.hh"
#include "site.hh"
#include "text.hh"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

using namespace cqc;
namespace fs = std::filesystem;

namespace {

const std::string kHostile = "Zebrafinch reviews said <script>alert(\"x\")</script> and "
                             "\"><img src=x onerror=alert(1)> in the minutes.";

// The corpus's Harrow report with a hostile paragraph added, indexed.
struct HostileFixture {
    test::ScratchDir dir;
    fs::path db = dir / "db";
    HostileFixture() {
        fs::path from = test::corpus() / "london-borough-of-harrow";
        for (const auto& entry : fs::directory_iterator(from)) {
            std::string text = test::read_file(entry.path());
            if (entry.path().filename().string().rfind("003_", 0) == 0)
                text += "\n\n" + kHostile + "\n";
            test::write_file(dir / "in" / entry.path().filename(), text);
        }
        test::index(db, {dir / "in"});
    }
};

fs::path corpus_db() {
    return test::shared_index({test::corpus(), test::fixtures()});
}

HttpResponse get(Site& site, const std::string& target, const std::string& host = "127.0.0.1") {
    return site.handle({"GET", target, host});
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("html_safe escapes markup, quotes and unsafe code points") {
    CHECK(html_safe("<script>alert('x')</script>") ==
          "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK(html_safe("\"><img onerror=x>") == "&quot;&gt;&lt;img onerror=x&gt;");
    CHECK(html_safe("Café & co") == "Café &amp; co");
    CHECK(html_safe("a\x1b[2Jb") == "a\\x1B[2Jb");
    CHECK(html_safe("right\u202Eleft") == "right\\u{202E}left");
    CHECK(html_safe("bad \xff byte") == "bad \\xFF byte");
    CHECK(html_safe("two\nlines", Layout::text) == "two\nlines");
}

TEST_CASE("serve reads query strings and builds the CLI's query from them") {
    Params p = parse_query_string("q=unpaid+carers&statement=safeguarding&statement=care%20"
                                  "provision&score=1..2&latest=1&empty=");
    REQUIRE(p.size() == 6);
    CHECK(p[0] == std::pair<std::string, std::string>{"q", "unpaid carers"});
    CHECK(p[2].second == "care provision");
    CHECK(query_text(p) ==
          "unpaid carers statement:\"safeguarding\" statement:\"care provision\" score:\"1..2\"");
    // An unclosed phrase is closed before the filters, which it would take in.
    CHECK(query_text(parse_query_string("q=%22unpaid+carers&theme=x")) ==
          "\"unpaid carers\" theme:\"x\"");
    CHECK_THROWS_AS(query_text(parse_query_string("authority=a%22b")), QueryError);
    // The filters a page takes are the field table's queryable fields with a
    // value, in its order: a heading or an id in the address is no filter.
    CHECK(query_text(parse_query_string("published=2025&heading=x&id=y&report=r&rating=good&"
                                        "authority=harrow")) ==
          "authority:\"harrow\" rating:\"good\" report:\"r\" published:\"2025\"");
    CHECK(url("/", {{"q", "a b&c"}, {"x", "é"}}) == "/?q=a+b%26c&x=%C3%A9");
    CHECK(percent_decode("%3Cb%3e+x%", false) == "<b>+x%");
}

TEST_CASE("serve answers only to its own Host, and only GET and HEAD") {
    CHECK(host_allowed("127.0.0.1:8080", "127.0.0.1"));
    CHECK(host_allowed("localhost:1234", "127.0.0.1"));
    CHECK(host_allowed("[::1]:80", "127.0.0.1"));
    CHECK(host_allowed("LOCALHOST", "127.0.0.1"));
    CHECK_FALSE(host_allowed("evil.example:8080", "127.0.0.1"));
    CHECK_FALSE(host_allowed("", "127.0.0.1"));
    CHECK_FALSE(host_allowed("127.0.0.1.evil.example", "127.0.0.1"));
    CHECK_FALSE(host_allowed("127.0.0.1:80x", "127.0.0.1"));
    CHECK(host_allowed("192.168.1.5:8080", "192.168.1.5"));
    CHECK_FALSE(host_allowed("192.168.1.6:8080", "192.168.1.5"));
    CHECK(host_allowed("192.168.1.6:8080", "0.0.0.0"));
    CHECK_FALSE(host_allowed("rebind.example", "0.0.0.0"));

    Site site({corpus_db()}, {});
    HttpResponse r = get(site, "/", "evil.example");
    CHECK(r.status == 421);
    CHECK_FALSE(has(r.body, "<"));
    r = site.handle({"POST", "/", "127.0.0.1"});
    CHECK(r.status == 405);
    CHECK(r.headers == std::vector<std::pair<std::string, std::string>>{{"Allow", "GET, HEAD"}});
    CHECK(site.handle({"HEAD", "/", "127.0.0.1"}).status == 200);

    bool csp = false, nosniff = false;
    for (const auto& [name, value] : security_headers()) {
        if (name == "Content-Security-Policy")
            csp = has(value, "default-src 'self'") && has(value, "frame-ancestors 'none'") &&
                  !has(value, "unsafe-inline");
        if (name == "X-Content-Type-Options") nosniff = value == "nosniff";
    }
    CHECK(csp);
    CHECK(nosniff);
}

TEST_CASE("serve api search prints what --json prints for the same query") {
    Site site({corpus_db()}, {});
    HttpResponse r = get(site, "/api/search?q=carers&statement=care-provision&limit=3&facets=1");
    REQUIRE(r.status == 200);
    CHECK(has(r.content_type, "application/json"));

    Searcher searcher({corpus_db()});
    SearchRequest request;
    request.query = "carers statement:\"care-provision\"";
    request.limit = 3;
    request.facets = true;
    std::ostringstream cli;
    print_json(searcher.search(request), cli);
    CHECK(r.body == cli.str());

    HttpResponse csv = get(site, "/api/search?q=carers&format=csv");
    CHECK(has(csv.content_type, "text/csv"));
    CHECK(csv.body.rfind("rank,", 0) == 0);
}

TEST_CASE("serve ORs the values of one field and ANDs the fields") {
    Site site({corpus_db()}, {});
    auto total = [&](const std::string& params) {
        HttpResponse r = get(site, "/api/search?q=people&limit=0&" + params);
        REQUIRE(r.status == 200);
        return nlohmann::json::parse(r.body)["total"].get<size_t>();
    };
    size_t safeguarding = total("statement=safeguarding");
    size_t equity = total("statement=equity");
    size_t either = total("statement=safeguarding&statement=equity");
    CHECK(safeguarding > 0);
    CHECK(either == safeguarding + equity); // a section has one statement
    size_t scored = total("statement=safeguarding&statement=equity&score=2");
    CHECK(scored <= either);
    CHECK(scored == total("score=2&statement=equity") + total("score=2&statement=safeguarding"));
}

TEST_CASE("serve answers a bad query with 400 and the CLI's message") {
    Site site({corpus_db()}, {});
    Searcher searcher({corpus_db()});
    SearchRequest request;
    request.query = "score:7";
    std::string message;
    try {
        searcher.search(request);
    } catch (const QueryError& e) {
        message = e.what();
    }
    REQUIRE_FALSE(message.empty());
    HttpResponse page = get(site, "/?q=score:7");
    CHECK(page.status == 400);
    CHECK(has(page.body, html_safe(message)));
    HttpResponse api = get(site, "/api/search?q=score:7");
    CHECK(api.status == 400);
    CHECK(nlohmann::json::parse(api.body)["error"] == message);
    CHECK(get(site, "/api/search?q=carers&limit=x").status == 400);
    CHECK(get(site, "/api/search").status == 400);
    CHECK(get(site, "/api/grid?sort=nosuch").status == 400);
    // The site goes on.
    CHECK(get(site, "/?q=carers").status == 200);
}

TEST_CASE("serve shows a hostile report's text escaped, on every page") {
    HostileFixture fixture;
    Site site({fixture.db}, {});
    HttpResponse page = get(site, "/?q=zebrafinch");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    CHECK(has(page.body, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    CHECK_FALSE(has(page.body, "<script>alert"));
    CHECK_FALSE(has(page.body, "<img"));
    CHECK(has(page.body, "<mark>Zebrafinch</mark>"));

    nlohmann::json j = nlohmann::json::parse(get(site, "/api/search?q=zebrafinch").body);
    REQUIRE(j["results"].size() == 1);
    std::string report = j["results"][0]["report"];
    HttpResponse whole = get(site, "/report/" + report);
    CHECK(whole.status == 200);
    CHECK(has(whole.body, "&lt;script&gt;"));
    CHECK(has(whole.body,
              "href=\"/api/search?report=" + report + "&amp;limit=1000&amp;format=csv\""));
    HttpResponse csv = get(site, "/api/search?report=" + report + "&limit=1000&format=csv");
    CHECK(csv.status == 200);
    CHECK(has(csv.body, "London Borough of Harrow"));
    CHECK_FALSE(has(whole.body, "<script>alert"));
    // Script only from the server's own file.
    for (const auto& body : {page.body, whole.body})
        CHECK(has(body, "<script src=\"/static/site.js\" defer></script>"));

    HttpResponse echo = get(site, "/?q=%3Cscript%3Ezebrafinch");
    CHECK_FALSE(has(echo.body, "<script>zebrafinch"));
    CHECK(get(site, "/report/%3Cscript%3E").status == 404);
    CHECK_FALSE(has(get(site, "/report/%3Cscript%3E").body, "<script>"));
}

TEST_CASE("serve says when a word stood in for the user's, as the terminal does") {
    Site site({corpus_db()}, {});
    // Harrow writes "respite" where the user types "replacement care" (the
    // thesaurus).
    HttpResponse page = get(site, "/?q=replacement+care");
    REQUIRE(page.status == 200);
    CHECK(has(page.body, "(matched &quot;respite&quot; for &quot;replacement care&quot;)"));
    // --exact's page has no stand-ins to own up to.
    CHECK_FALSE(has(get(site, "/?q=respite").body, "matched &quot;"));
}

TEST_CASE("serve turns the stand-ins off as --exact does, and offers it when a word stood in") {
    Site site({corpus_db()}, {});
    HttpResponse expanded = get(site, "/?q=replacement+care");
    REQUIRE(expanded.status == 200);
    CHECK(has(expanded.body, "matched &quot;respite&quot;"));
    CHECK(has(expanded.body, "href=\"/?q=replacement+care&amp;exact=1\""));
    CHECK(has(expanded.body, "name=\"exact\" value=\"1\">"));

    HttpResponse exact = get(site, "/?q=replacement+care&exact=1");
    REQUIRE(exact.status == 200);
    CHECK_FALSE(has(exact.body, "matched &quot;"));
    CHECK_FALSE(has(exact.body, "Search only the words you typed"));
    CHECK(has(exact.body, "name=\"exact\" value=\"1\" checked>"));
    // The page's links keep it: a sort, the CSV.
    CHECK(has(exact.body, "href=\"/?q=replacement+care&amp;exact=1&amp;sort=-score\""));
    CHECK(has(exact.body, "/api/search?q=replacement+care&amp;exact=1&amp;format=csv"));

    // The API takes it as the page does, and says the same as --exact.
    Json api = Json::parse(get(site, "/api/search?q=replacement+care&exact=1").body);
    Json cli = Json::parse(get(site, "/api/search?q=replacement+care").body);
    REQUIRE_FALSE(api["results"].empty());
    for (const auto& hit : api["results"])
        CHECK_FALSE(hit.contains("matched_via"));
    CHECK(std::any_of(cli["results"].begin(), cli["results"].end(),
                      [](const Json& hit) { return hit.contains("matched_via"); }));
    // "exact=0" is the default, as for every yes/no parameter.
    CHECK(has(get(site, "/?q=replacement+care&exact=0").body, "matched &quot;respite&quot;"));
    // The grid and the changes take it too: reports with a section saying
    // "respite" count for "replacement care" only without it.
    HttpResponse grid = get(site, "/grid?q=replacement+care&exact=1");
    CHECK(has(grid.body, "name=\"exact\" value=\"1\" checked>"));
    CHECK(Json::parse(get(site, "/api/grid?q=replacement+care&exact=1").body)["total"] <
          Json::parse(get(site, "/api/grid?q=replacement+care").body)["total"]);
    CHECK(has(get(site, "/changes?q=replacement+care&exact=1").body,
              "name=\"exact\" value=\"1\" checked>"));
}

TEST_CASE("serve uses the user's own thesaurus (--serve --thesaurus) for every search") {
    auto ours = std::make_shared<const ThesaurusFile>(
        parse_thesaurus("=\tfront door|respite\tours\n", "ours.tsv"), "ours.tsv");
    Site plain({corpus_db()}, {});
    Site site({corpus_db()}, {}, "127.0.0.1", 1, {ours});
    CHECK_FALSE(has(get(plain, "/?q=front+door").body, "matched &quot;respite&quot;"));
    // (A searcher opened again, after the databases change, is made by the
    // same Site::open_searcher.)
    CHECK(has(get(site, "/?q=front+door").body,
              "(matched &quot;respite&quot; for &quot;front door&quot;)"));
    // The grid's reports with a section matching: those saying "respite" too.
    CHECK(Json::parse(get(site, "/api/grid?q=front+door").body)["total"].get<int>() >
          Json::parse(get(plain, "/api/grid?q=front+door").body)["total"].get<int>());
}

TEST_CASE("serve pages: facets add a parameter, chosen values can be removed, pages") {
    Site site({corpus_db()}, {});
    HttpResponse r = get(site, "/?q=carers&limit=2");
    REQUIRE(r.status == 200);
    CHECK(has(r.body, "name=\"q\""));
    CHECK(has(r.body, "name=\"latest\""));
    CHECK(has(r.body, "href=\"/?q=carers&amp;limit=2&amp;statement="));
    CHECK(has(r.body, "rel=\"next\""));
    CHECK(has(r.body, "/api/search?q=carers&amp;limit=2&amp;format=csv"));

    r = get(site, "/?q=carers&statement=safeguarding");
    CHECK(has(r.body, "aria-label=\"Remove statement: safeguarding\""));
    CHECK(has(r.body, "href=\"/?q=carers\""));
    CHECK(has(r.body, "type=\"hidden\" name=\"statement\" value=\"safeguarding\""));

    r = get(site, "/");
    CHECK(r.status == 200);
    CHECK(has(r.body, "<form"));
}

TEST_CASE("serve grid is sortable by its columns and writes every score") {
    Site site({corpus_db()}, {});
    HttpResponse r = get(site, "/grid");
    REQUIRE(r.status == 200);
    CHECK(has(r.body, "<table class=\"grid\">"));
    CHECK(has(r.body, "href=\"/grid?sort=percent\""));
    CHECK(has(r.body, "href=\"/grid?sort=safeguarding\""));
    CHECK(has(r.body, "/api/grid?format=csv"));
    r = get(site, "/grid?sort=percent");
    CHECK(has(r.body, "aria-sort=\"ascending\""));
    CHECK(has(r.body, "href=\"/grid?sort=-percent\""));
    // A coloured cell has its number too.
    CHECK((has(r.body, "class=\"num s2\">2<") || has(r.body, "class=\"num s3\">3<")));

    Searcher searcher({corpus_db()});
    std::ostringstream cli;
    print_grid_json(searcher.score_grid(GridRequest{}), cli);
    CHECK(get(site, "/api/grid").body == cli.str());
    std::ostringstream changes;
    print_changes_json(searcher.changes(""), changes);
    CHECK(get(site, "/api/changes").body == changes.str());
    CHECK(get(site, "/changes").status == 200);
    CHECK(get(site, "/static/style.css").content_type == "text/css; charset=utf-8");
    CHECK(get(site, "/nosuch").status == 404);
}

TEST_CASE("serve finds a report indexed while it runs") {
    test::ScratchDir dir;
    test::index(dir / "db", {test::corpus() / "london-borough-of-harrow"});
    Site site({dir / "db"}, {});
    auto reports = [&] {
        return nlohmann::json::parse(get(site, "/api/grid").body)["total"].get<size_t>();
    };
    CHECK(reports() == 1);
    test::index(dir / "db", {test::fixtures() / "sections" / "northmoor-city-council"});
    CHECK(reports() == 2);
    CHECK(get(site, "/api/search?q=authority:northmoor").status == 200);
}

TEST_CASE("serve changes page links both editions of a council") {
    test::ScratchDir dir;
    fs::path from = test::corpus() / "london-borough-of-harrow";
    for (const auto& [edition, published] :
         {std::pair{"h2024", "5 June 2024"}, std::pair{"h2025", "12 March 2025"}})
        for (const auto& entry : fs::directory_iterator(from)) {
            std::string name = entry.path().filename().string();
            std::string text = test::read_file(entry.path());
            if (name.rfind("000_", 0) == 0)
                text = "Published: " + std::string(published) + "\n\n" + text;
            if (name.rfind("003_", 0) == 0 && std::string(edition) == "h2025")
                text += "\n\nA paragraph about quarterly waiting list reviews.\n";
            test::write_file(dir / "in" / edition / name, text);
        }
    test::index(dir / "db", {dir / "in"});
    Site site({dir / "db"}, {});
    HttpResponse r = get(site, "/changes");
    REQUIRE(r.status == 200);
    CHECK(has(r.body, "<section class=\"change\"><h2>London Borough of Harrow</h2>"));
    CHECK(has(r.body, "href=\"/report/london-borough-of-harrow-2024-06-05\""));
    CHECK(has(r.body, "href=\"/report/london-borough-of-harrow-2025-03-12\""));
    CHECK(has(r.body, "1 paragraphs added"));
    CHECK(get(site, "/changes?latest=1").status == 200);

    // The page's year facet: a link per year, counted by the same search.
    HttpResponse page = get(site, "/?q=carers");
    CHECK(has(page.body, "href=\"/?q=carers&amp;published=2024\""));
    CHECK(has(page.body, "href=\"/?q=carers&amp;published=2025\""));
    auto total = [&](const std::string& params) {
        return nlohmann::json::parse(get(site, "/api/search?" + params).body)["total"]
            .get<size_t>();
    };
    CHECK(total("q=carers&published=2024") + total("q=carers&published=2025") == total("q=carers"));
    CHECK_FALSE(
        nlohmann::json::parse(get(site, "/api/search?q=carers&facets=1").body)["facets"].contains(
            "published"));
    CHECK(get(site, "/report/london-borough-of-harrow-2025-03-12").status == 200);
}

TEST_CASE("serve opens a database rebuilt in its place afresh") {
    test::ScratchDir dir;
    test::index(dir / "db", {test::corpus() / "london-borough-of-harrow"});
    Site site({dir / "db"}, {});
    auto authorities = [&] {
        HttpResponse r = get(site, "/api/grid");
        std::set<std::string> out;
        if (r.status != 200) return out;
        const auto grid = nlohmann::json::parse(r.body);
        for (const auto& report : grid["reports"])
            out.insert(report["authority"].get<std::string>());
        return out;
    };
    CHECK(authorities() == std::set<std::string>{"London Borough of Harrow"});
    fs::remove_all(dir / "db");
    test::index(dir / "db", {test::fixtures() / "sections" / "northmoor-city-council"});
    CHECK(authorities() == std::set<std::string>{"Northmoor City Council"});
}
