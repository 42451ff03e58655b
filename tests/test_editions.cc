// Editions of a report: the publication date stored, filtered on and sorted
// by; --latest; --changes between consecutive editions. The fixtures are
// written here, as web-page text (FRAMEWORK.md layout 2): Greyhaven City
// Council in two editions (two scores and one equity paragraph changed),
// Norbridge Borough Council in one. The tests assert on councils and dates,
// not on report ids, which come from file names or the publication date.
#include "dates.hh"
#include "framework.hh"
#include "helpers.hh"
#include "index_writer.hh"
#include "printers.hh"
#include "search.hh"
#include "sharding.hh"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

using namespace cqc;
namespace fs = std::filesystem;

namespace {

const char* label(int score) {
    static const char* labels[] = {
        "", "Evidence shows significant shortfalls", "Evidence shows some shortfalls",
        "Evidence shows a good standard", "Evidence shows an exceptional standard"};
    return labels[score];
}

struct FixtureEdition {
    std::string council;
    std::string published;             // as written after "Published:", empty for none
    std::map<std::string, int> scores; // statement id -> score; others 2
    std::map<std::string, std::vector<std::string>> paragraphs; // statement id -> paragraphs
    std::vector<std::string> summary;
};

std::string page_header(const FixtureEdition& e) {
    std::string out = e.council + " assessment\n\nDownloads\n\n";
    if (!e.published.empty())
        out += "Published: " + e.published + " Page last updated: " + e.published + "\n\n";
    return out;
}

int score_of(const FixtureEdition& e, std::string_view statement) {
    auto it = e.scores.find(std::string(statement));
    return it == e.scores.end() ? 2 : it->second;
}

// One folder of web pages: the overall summary and a page per statement
// that has paragraphs.
void write_edition(const fs::path& dir, const FixtureEdition& e) {
    int sum = 0;
    std::string table;
    for (const auto& st : statements()) {
        int s = score_of(e, st.id);
        sum += s;
        table +=
            std::string(st.name) + "\nScore:\n" + std::to_string(s) + " - " + label(s) + "\n\n";
    }
    const Rating* rating = rating_for_percent((sum * 100 + 18) / 36);
    std::string summary = page_header(e) +
                          "Overall summary\n\nLocal authority rating and score\n\n" + e.council +
                          "\n\n" + std::string(rating->name) + "\n\nQuality statement scores\n\n" +
                          table + "Summary of people’s experiences\n\n";
    for (const auto& p : e.summary)
        summary += p + "\n\n";
    summary += "© Care Quality Commission\n";
    test::write_file(dir / "00-overall-summary.txt", summary);
    int n = 1;
    for (const auto& [id, paragraphs] : e.paragraphs) {
        const Statement* st = find_statement_by_id(id);
        REQUIRE(st);
        int s = score_of(e, id);
        std::string page = page_header(e) + std::string(st->name) + "\n\nScore:\n" +
                           std::to_string(s) + " - " + label(s) +
                           "\n\nThe local authority commitment\n\nWe work with people.\n\n"
                           "Key findings for this quality statement\n\nWhat we found\n\n";
        for (const auto& p : paragraphs)
            page += p + "\n\n";
        page += "© Care Quality Commission\n";
        test::write_file(dir / ("0" + std::to_string(n++) + "-" + id + ".txt"), page);
    }
}

FixtureEdition greyhaven_2024() {
    FixtureEdition e;
    e.council = "Greyhaven City Council";
    e.published = "1 June 2024";
    e.scores = {{"equity", 2}, {"safeguarding", 3}};
    e.summary = {"Unpaid carers in Greyhaven waited for assessments."};
    e.paragraphs["equity"] = {
        "Interpreters for unpaid carers were hard to book in Greyhaven.",
        "The council collected little data about carers from minority communities."};
    e.paragraphs["safeguarding"] = {"Safeguarding enquiries about carers were prompt."};
    e.paragraphs["governance"] = {"Leaders knew the pressures on carers and on budgets."};
    return e;
}

FixtureEdition greyhaven_2025() {
    FixtureEdition e = greyhaven_2024();
    e.published = "12 March 2025";
    e.scores = {{"equity", 3}, {"safeguarding", 2}};
    e.paragraphs["equity"] = {
        "Interpreters for unpaid carers were hard to book in Greyhaven.",
        "A new equality dashboard showed carers' outcomes by community and ward."};
    return e;
}

FixtureEdition norbridge() {
    FixtureEdition e;
    e.council = "Norbridge Borough Council";
    e.published = "5 September 2024";
    e.scores = {{"safeguarding", 3}};
    e.summary = {"Carers in Norbridge praised respite at the Willow centre."};
    e.paragraphs["safeguarding"] = {"Norbridge carers knew how to raise a safeguarding concern."};
    e.paragraphs["assessing-needs"] = {"Carers' assessments in Norbridge were timely."};
    return e;
}

void index_into(const fs::path& db, const std::vector<fs::path>& inputs) {
    IndexOptions o;
    o.db = db;
    IndexWriter w(o);
    w.add(inputs);
    w.commit();
}

// One database of all three reports, built once.
struct Fixture {
    test::ScratchDir dir;
    fs::path db = dir / "db";
    Fixture() {
        write_edition(dir / "reports" / "greyhaven-first", greyhaven_2024());
        write_edition(dir / "reports" / "greyhaven-second", greyhaven_2025());
        write_edition(dir / "reports" / "norbridge", norbridge());
        index_into(db, {dir / "reports"});
    }
};

const fs::path& editions_db() {
    static Fixture fixture;
    return fixture.db;
}

SearchResults run(const std::string& query, bool latest = false, Sort sort = {},
                  bool facets = false, bool passages = false) {
    Searcher s({editions_db()});
    SearchRequest r;
    r.query = query;
    r.latest = latest;
    r.sort = sort;
    r.facets = facets;
    r.passages = passages;
    r.limit = 100;
    return s.search(r);
}

std::multiset<std::string> dates(const SearchResults& r) {
    std::multiset<std::string> out;
    for (const auto& h : r.hits)
        out.insert(h.section.published);
    return out;
}

const FacetValue* facet(const SearchResults& r, const std::string& field,
                        const std::string& value) {
    for (const auto& [name, values] : r.facets)
        if (name == field)
            for (const auto& v : values)
                if (v.value == value) return &v;
    return nullptr;
}

} // namespace

TEST_CASE("each section and report stores its report's ISO publication date") {
    auto r = run("carers");
    REQUIRE(r.total == 11); // 4 + 4 sections of Greyhaven, 3 of Norbridge
    CHECK(dates(r) == std::multiset<std::string>{"2024-06-01", "2024-06-01", "2024-06-01",
                                                 "2024-06-01", "2025-03-12", "2025-03-12",
                                                 "2025-03-12", "2025-03-12", "2024-09-05",
                                                 "2024-09-05", "2024-09-05"});
    auto j = results_json(r);
    for (const auto& hit : j["results"]) {
        CHECK(hit["published"].is_string());
        CHECK(hit.contains("assessed"));
    }
    Searcher s({editions_db()});
    ScoreGrid grid = s.score_grid("");
    REQUIRE(grid.rows.size() == 3);
    // By council, then oldest edition first.
    CHECK(grid.rows[0].report.published == "2024-06-01");
    CHECK(grid.rows[1].report.published == "2025-03-12");
    CHECK(grid.rows[2].report.authority == "Norbridge Borough Council");
    auto gj = grid_json(grid);
    CHECK(gj["reports"][0]["published"] == "2024-06-01");
    CHECK(gj["reports"][0].contains("assessed"));
}

TEST_CASE("published: filters by year, month, day and range") {
    CHECK(dates(run("published:2025")) ==
          std::multiset<std::string>{"2025-03-12", "2025-03-12", "2025-03-12", "2025-03-12"});
    CHECK(run("published:2025").total == 4);
    CHECK(run("published:2024").total == 7);
    CHECK(run("published:2024-09").total == 3);
    CHECK(run("published:2024-06-01").total == 4);
    CHECK(run("published:2024-06-02").total == 0);
    CHECK(run("published:2024-06-01..2024-12-31").total == 7);
    CHECK(run("published:2024-07..2025").total == 7);
    CHECK(run("published:2025..").total == 4);
    CHECK(run("published:..2024-06-30").total == 4);
    CHECK(run("carers published:2024-09").total == 3);
    CHECK(run("score:3 published:2025").total == 1); // Greyhaven's equity, 2025
    for (const auto& h : run("published:2024-09").hits)
        CHECK(h.section.authority == "Norbridge Borough Council");
}

TEST_CASE("a bad published: value is refused with a message") {
    for (std::string q : {"published:2025-13", "published:abc", "published:2025-02-30",
                          "published:2025..abc", "carers published:12-03-2025"}) {
        INFO(q);
        try {
            run(q);
            FAIL("no error for " + q);
        } catch (const QueryError& e) {
            CHECK(std::string(e.what()).find("not a date") != std::string::npos);
            CHECK(std::string(e.what()).find("published") != std::string::npos);
        }
    }
    CHECK_THROWS_AS(run("published:2025..2024"), QueryError);
}

TEST_CASE("the score range and the date range stay apart") {
    CHECK(run("score:3..4").total == run("score:3").total + run("score:4").total);
    CHECK(run("score:2..3 published:2025").total == 3); // the summary has no score
}

TEST_CASE("sorting by published orders by date both ways, undated last") {
    test::ScratchDir dir;
    write_edition(dir / "r" / "greyhaven-first", greyhaven_2024());
    write_edition(dir / "r" / "norbridge", norbridge());
    FixtureEdition undated = norbridge();
    undated.council = "Ashcombe Council";
    undated.published = "";
    write_edition(dir / "r" / "ashcombe", undated);
    index_into(dir / "db", {dir / "r"});
    Searcher s({dir / "db"});
    for (bool desc : {false, true}) {
        SearchRequest r;
        r.query = "carers";
        r.limit = 100;
        r.sort = parse_sort(desc ? "-published" : "published");
        auto res = s.search(r);
        REQUIRE(res.hits.size() == 10);
        std::vector<std::string> got;
        for (const auto& h : res.hits)
            got.push_back(h.section.published);
        INFO((desc ? "descending" : "ascending"));
        std::vector<std::string> dated(got.begin(), got.begin() + 7);
        CHECK(std::is_sorted(dated.begin(), dated.end(),
                             [&](auto& a, auto& b) { return desc ? a > b : a < b; }));
        CHECK(got[0] == (desc ? "2024-09-05" : "2024-06-01"));
        for (size_t i = 7; i < got.size(); ++i)
            CHECK(got[i].empty()); // Ashcombe, undated, last either way
    }
    CHECK_THROWS_AS(parse_sort("published-"), QueryError);
}

TEST_CASE("latest keeps each council's newest report in every mode") {
    auto all = run("carers"), latest = run("carers", true);
    CHECK(latest.total == 7);
    CHECK(dates(latest).count("2024-06-01") == 0);
    CHECK(dates(latest).count("2025-03-12") == 4);
    CHECK(dates(latest).count("2024-09-05") == 3);

    auto facets = run("carers", true, {}, true);
    const FacetValue* grey = facet(facets, "authority", "Greyhaven City Council");
    REQUIRE(grey);
    CHECK(grey->count == 4);
    CHECK(facet(run("carers", false, {}, true), "authority", "Greyhaven City Council")->count == 8);

    auto passages = run("interpreters", true, {}, false, true);
    REQUIRE(passages.total == 1);
    CHECK(passages.hits[0].section.published == "2025-03-12");
    CHECK(run("interpreters", false, {}, false, true).total == 2);

    Searcher s({editions_db()});
    ScoreGrid grid = s.score_grid("", true);
    REQUIRE(grid.rows.size() == 2);
    CHECK(grid.rows[0].report.authority == "Greyhaven City Council");
    CHECK(grid.rows[0].report.published == "2025-03-12");
    CHECK(grid.rows[0].report.scores.at("equity") == 3);
    CHECK(s.score_grid("minority", true).rows.empty()); // only the old edition says it
    CHECK(s.score_grid("minority").rows.size() == 1);

    size_t exported = 0;
    s.export_sections(
        [&](const StoredSection& section) {
            CHECK(section.published != "2024-06-01");
            ++exported;
        },
        true);
    CHECK(exported == 7);
    CHECK(s.superseded().size() == 1);
}

TEST_CASE("latest: undated reports are older than dated ones, and several undated all stay") {
    test::ScratchDir dir;
    FixtureEdition dated = norbridge(), undated = norbridge();
    undated.published = "";
    undated.summary = {"Carers in Norbridge had no respite centre yet."};
    write_edition(dir / "r" / "norbridge-old", undated);
    write_edition(dir / "r" / "norbridge-new", dated);
    FixtureEdition a = greyhaven_2024(), b = greyhaven_2025();
    a.published = b.published = "";
    write_edition(dir / "r" / "grey-a", a);
    write_edition(dir / "r" / "grey-b", b);
    index_into(dir / "db", {dir / "r"});
    Searcher s({dir / "db"});
    SearchRequest r;
    r.query = "carers";
    r.limit = 100;
    r.latest = true;
    auto res = s.search(r);
    std::map<std::string, int> by_date;
    for (const auto& h : res.hits)
        ++by_date[h.section.authority + " " + h.section.published];
    CHECK(by_date == std::map<std::string, int>{{"Greyhaven City Council ", 8},
                                                {"Norbridge Borough Council 2024-09-05", 3}});
}

TEST_CASE("latest works across several databases searched as one") {
    test::ScratchDir dir;
    write_edition(dir / "a" / "greyhaven-second", greyhaven_2025());
    write_edition(dir / "b" / "greyhaven-first", greyhaven_2024());
    write_edition(dir / "b" / "norbridge", norbridge());
    index_into(dir / "dba", {dir / "a"});
    index_into(dir / "dbb", {dir / "b"});
    Searcher s({dir / "dba", dir / "dbb"});
    SearchRequest r;
    r.query = "carers";
    r.limit = 100;
    r.latest = true;
    auto res = s.search(r);
    CHECK(res.total == 7);
    CHECK(dates(res).count("2024-06-01") == 0);
    auto changes = s.changes("");
    REQUIRE(changes.changes.size() == 1);
    CHECK(changes.changes[0].from.published == "2024-06-01");
    CHECK(changes.changes[0].to.published == "2025-03-12");
}

TEST_CASE("changes lists changed scores and paragraphs between editions") {
    Searcher s({editions_db()});
    Changes c = s.changes("");
    REQUIRE(c.changes.size() == 1);
    const EditionChange& g = c.changes[0];
    CHECK(g.authority == "Greyhaven City Council");
    CHECK(g.from.published == "2024-06-01");
    CHECK(g.to.published == "2025-03-12");

    auto j = changes_json(c);
    REQUIRE(j["changes"].size() == 1);
    const auto& change = j["changes"][0];
    CHECK(change["authority"] == "Greyhaven City Council");
    for (const char* side : {"from", "to"}) {
        std::set<std::string> keys;
        for (const auto& [k, v] : change[side].items())
            keys.insert(k);
        CHECK(keys == std::set<std::string>{"report", "published", "rating", "percent"});
        CHECK(change[side]["rating"] == "Requires improvement");
        CHECK(change[side]["percent"] == 53); // 19 of 36 both times
    }
    CHECK(change["from"]["published"] == "2024-06-01");
    CHECK(change["to"]["published"] == "2025-03-12");
    CHECK(change["from"]["report"] != change["to"]["report"]);
    CHECK(change["scores"] == nlohmann::ordered_json::parse(
                                  R"({"equity": {"from": 2, "to": 3},
                                      "safeguarding": {"from": 3, "to": 2}})"));
    CHECK(change["paragraphs"] ==
          nlohmann::ordered_json::parse(R"({"equity": {"added": 1, "removed": 1}})"));

    std::ostringstream term, csv;
    print_changes_terminal(c, term, {});
    CHECK(term.str().find("equity") != std::string::npos);
    CHECK(term.str().find("2 → 3") != std::string::npos);
    CHECK(term.str().find("3 → 2") != std::string::npos);
    print_changes_csv(c, csv);
    size_t rows = 0;
    for (char ch : csv.str())
        rows += ch == '\n';
    CHECK(rows == 3); // header, equity, safeguarding

    // With a query: councils with a matching section in either edition.
    CHECK(s.changes("minority").changes.size() == 1);  // the 2024 edition only
    CHECK(s.changes("dashboard").changes.size() == 1); // the 2025 edition only
    CHECK(s.changes("Willow").changes.empty());        // Norbridge has one edition
    CHECK(s.changes("published:2025").changes.size() == 1);
    CHECK(s.changes("", true).changes.size() == 1);

    // Words standing in for the query's count, unless --exact: here a
    // made-up word a user's thesaurus gives for "dashboard".
    s.use_thesauri({std::make_shared<const ThesaurusFile>(
        parse_thesaurus("=\tzorblat|dashboard\tours\n", "ours.tsv"), "ours.tsv")});
    CHECK(s.changes("zorblat").changes.size() == 1);
    CHECK(s.changes("zorblat", false, {QueryBuilder::DefaultOp::all, true}).changes.empty());
}

// --- Issue 22, items 1-7: copies, editions and dates never give a quiet
// wrong answer.

namespace {

test::Run index_run(const fs::path& db, const std::vector<fs::path>& inputs) {
    return test::index(db, inputs);
}

Xapian::doccount total_in(const std::vector<fs::path>& dbs, const std::string& query,
                          bool group = false) {
    Searcher s(dbs);
    SearchRequest r;
    r.query = query;
    r.limit = 100;
    if (group) r.group_by = GroupBy::authority;
    return s.search(r).total;
}

std::vector<std::string> report_ids(const fs::path& db) {
    std::vector<std::string> out;
    for (const auto& [id, source] : list_reports(db))
        out.push_back(id);
    return out;
}

bool mentions(const std::vector<Diagnostic>& warnings, const std::string& a, const std::string& b) {
    for (const auto& w : warnings)
        if ((w.file + " " + w.message).find(a) != std::string::npos &&
            (w.file + " " + w.message).find(b) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST_CASE("a copy is a copy whatever the shard, the folder or the date") {
    test::ScratchDir dir;
    FixtureEdition undated = norbridge();
    undated.published = "";
    // Each report copied into four folders.
    std::vector<fs::path> inputs;
    for (const char* folder : {"a", "b", "c", "d"}) {
        write_edition(dir / folder / "greyhaven", greyhaven_2025());
        write_edition(dir / folder / "norbridge", undated);
        inputs.push_back(dir / folder);
    }
    index_into(dir / "one", {dir / "a"});
    const Xapian::doccount carers = total_in({dir / "one"}, "carers");
    REQUIRE(carers == 7); // 4 of Greyhaven, 3 of Norbridge

    auto check = [&](const fs::path& db) {
        CHECK(report_ids(db).size() == 2);
        CHECK(total_in({db}, "carers") == carers);
        Searcher s({db});
        CHECK(s.score_grid("").rows.size() == 2);
        CHECK(s.changes("").changes.empty()); // no "undated -> undated", no "2025 -> 2025"
    };
    SECTION("unsharded") {
        auto run = index_run(dir / "db", inputs);
        CHECK(run.summary.reports == 2);
        CHECK(run.summary.duplicates == 6);
        check(dir / "db");
    }
    for (size_t shards = 1; shards <= 5; ++shards) {
        DYNAMIC_SECTION("shards " << shards) {
            IndexOptions o;
            o.db = dir / ("sharded-" + std::to_string(shards));
            ShardedRun r;
            r.paths = inputs;
            IndexSummary summary = index_sharded(o, shards, r);
            CHECK(summary.reports == 2);
            check(o.db);
            // An update that adds one more copy keeps one report.
            write_edition(dir / "e" / "greyhaven", greyhaven_2025());
            r.paths = {dir / "e"};
            index_sharded(o, shards, r);
            check(o.db);
        }
    }
}

TEST_CASE("two databases holding the same report treat it as one report") {
    test::ScratchDir dir;
    write_edition(dir / "old" / "greyhaven-first", greyhaven_2024());
    write_edition(dir / "new" / "greyhaven-first", greyhaven_2024());
    write_edition(dir / "new" / "greyhaven-second", greyhaven_2025());
    index_into(dir / "dbold", {dir / "old"});
    index_into(dir / "dbnew", {dir / "new"});
    std::vector<fs::path> both = {dir / "dbold", dir / "dbnew"};

    Searcher s(both);
    Changes c = s.changes("");
    REQUIRE(c.changes.size() == 1); // no made-up "2024-06-01 -> 2024-06-01"
    CHECK(c.changes[0].from.published == "2024-06-01");
    CHECK(c.changes[0].to.published == "2025-03-12");
    REQUIRE(c.changes[0].paragraphs.size() == 1);
    CHECK(c.changes[0].paragraphs[0].added == 1);
    CHECK(c.changes[0].paragraphs[0].removed == 1); // not 1 + the copy's

    CHECK(total_in(both, "carers") == total_in({dir / "dbnew"}, "carers"));
    CHECK(total_in(both, "interpreters") == 2);
    CHECK(s.score_grid("").rows.size() == 2);
    SearchRequest r;
    r.query = "interpreters";
    r.passages = true;
    CHECK(s.search(r).total == 2);
    size_t exported = 0;
    s.export_sections([&](const StoredSection&) { ++exported; });
    CHECK(exported == 8);
}

TEST_CASE("every written date form is read, and an unreadable or impossible one is named") {
    CHECK(find_date("Published: 20/01/2026") == "2026-01-20");
    CHECK(find_date("Published: 20.01.2026") == "2026-01-20");
    CHECK(find_date("Published: 2026-01-20") == "2026-01-20");
    CHECK(find_date("Published: 2 June 25") == "2025-06-02");
    CHECK(find_date("Published: January 2026") == "2026-01-01");
    CHECK(find_date("Published: March 2025") == "2025-03-01");
    CHECK(find_date("Published: 12 March 2025") == "2025-03-12");
    CHECK_FALSE(find_date("Published: 31 February 2025"));
    CHECK_FALSE(find_date("Published: 31/02/2025"));

    test::ScratchDir dir;
    FixtureEdition first = greyhaven_2025(), second = greyhaven_2025();
    second.published = "20/01/2026";
    second.scores = {{"equity", 4}, {"safeguarding", 2}};
    second.summary = {"Unpaid carers in Greyhaven had assessments on time in 2026."};
    write_edition(dir / "r" / "grey-2025", first);
    write_edition(dir / "r" / "grey-2026", second);
    FixtureEdition impossible = norbridge(), unreadable = norbridge();
    impossible.published = "31 February 2025";
    unreadable.council = "Ashcombe Council";
    unreadable.published = "sometime in spring";
    write_edition(dir / "r" / "norbridge", impossible);
    write_edition(dir / "r" / "ashcombe", unreadable);
    auto run = index_run(dir / "db", {dir / "r"});
    CHECK(mentions(run.warnings, "norbridge", "31 February 2025"));
    CHECK(mentions(run.warnings, "ashcombe", "sometime in spring"));

    Searcher s({dir / "db"});
    SearchRequest r;
    r.query = "authority:greyhaven";
    r.latest = true;
    r.limit = 100;
    auto latest = s.search(r);
    REQUIRE(!latest.hits.empty());
    for (const auto& h : latest.hits)
        CHECK(h.section.published == "2026-01-20");
    Changes c = s.changes("authority:greyhaven");
    REQUIRE(c.changes.size() == 1);
    CHECK(c.changes[0].from.published == "2025-03-12");
    CHECK(c.changes[0].to.published == "2026-01-20");
    REQUIRE(!c.changes[0].scores.empty());
    CHECK(c.changes[0].scores[0].from == 3);
    CHECK(c.changes[0].scores[0].to == 4);
}

TEST_CASE("two different reports claiming one council and date are both kept, and said so") {
    test::ScratchDir dir;
    FixtureEdition other = greyhaven_2025();
    other.summary = {"Unpaid carers in Greyhaven praised the new Kestrel hub."};
    write_edition(dir / "r" / "a-greyhaven", greyhaven_2025());
    write_edition(dir / "r" / "b-greyhaven", other);
    auto run = index_run(dir / "db", {dir / "r"});
    CHECK(run.summary.reports == 2);
    CHECK(run.summary.duplicates == 0);
    CHECK(mentions(run.warnings, "b-greyhaven", "greyhaven-city-council-2025-03-12"));
    CHECK(total_in({dir / "db"}, "Kestrel") == 1);
    CHECK(total_in({dir / "db"}, "waited") == 1);
    // A true copy is still a copy.
    write_edition(dir / "c" / "greyhaven", other);
    auto again = index_run(dir / "db", {dir / "c"});
    CHECK(again.summary.reports == 0);
    CHECK(again.summary.duplicates == 1);
}

TEST_CASE("changes compares paragraphs as folded and shows them as written") {
    test::ScratchDir dir;
    FixtureEdition curly = greyhaven_2025();
    curly.published = "1 May 2025";
    // Only typography differs: ' against ’, and a double space.
    curly.paragraphs["equity"][1] =
        "A new equality dashboard showed carers’ outcomes by community and  ward.";
    write_edition(dir / "r" / "grey-a", greyhaven_2025());
    write_edition(dir / "r" / "grey-b", curly);
    index_into(dir / "db", {dir / "r"});
    Searcher s({dir / "db"});
    Changes c = s.changes("");
    REQUIRE(c.changes.size() == 1);
    CHECK(c.changes[0].paragraphs.empty());
}

TEST_CASE("group-by authority never mixes editions: a line per report") {
    Searcher s({editions_db()});
    SearchRequest r;
    r.query = "carers";
    r.limit = 100;
    r.group_by = GroupBy::authority;
    auto res = s.search(r);
    REQUIRE(res.hits.size() == 3); // Greyhaven 2024, Greyhaven 2025, Norbridge
    for (const auto& h : res.hits) {
        INFO(h.section.report);
        CHECK(h.group_sections == total_in({editions_db()}, "carers report:" + h.section.report));
    }
    CHECK(res.sections == 11);
}

TEST_CASE("removing a whole-report file of a folder removes both editions it gave") {
    test::ScratchDir dir;
    fs::create_directories(dir / "in");
    auto whole_report = [&](const std::string& council) {
        std::string text;
        std::vector<fs::path> pages;
        for (const auto& f : fs::directory_iterator(test::fixtures() / "web" / council))
            pages.push_back(f.path());
        std::sort(pages.begin(), pages.end());
        for (const auto& p : pages)
            text += test::read_file(p) + "\n";
        return text;
    };
    std::string ashby = whole_report("ashby-vale-county-council");
    test::write_file(dir / "in" / "ashby.txt", ashby);
    test::write_file(dir / "in" / "darrowfield.txt", whole_report("darrowfield-council"));
    index_into(dir / "db", {dir / "in"});
    // The download replaced by the next edition, under the same name.
    size_t at;
    while ((at = ashby.find("12 March 2025")) != std::string::npos)
        ashby.replace(at, 13, "2 February 2026");
    test::write_file(dir / "in" / "ashby.txt", ashby);
    index_into(dir / "db", {dir / "in"});
    REQUIRE(report_ids(dir / "db").size() == 3);

    IndexOptions o;
    o.db = dir / "db";
    IndexWriter w(o);
    CHECK(w.remove((dir / "in" / "ashby.txt").string()));
    CHECK(w.commit().removed == 2);
    CHECK(report_ids(dir / "db") == std::vector<std::string>{"darrowfield-council-2023-12-01"});
}
