// Indexing behaviour a user relies on: re-runs are idempotent, changes are
// picked up, vanished reports can be pruned, a run is one transaction.
#include "helpers.hh"
#include "index_writer.hh"
#include "search.hh"

#include <catch2/catch.hpp>

using namespace cqc;
namespace fs = std::filesystem;

namespace {

using test::index;
using test::Run;
using test::total;

void copy_corpus(const fs::path& to) {
    fs::copy(test::corpus(), to, fs::copy_options::recursive);
}

} // namespace

TEST_CASE("indexing twice leaves the same documents and skips unchanged reports") {
    test::ScratchDir dir;
    Run first = index(dir / "db", {test::corpus()});
    CHECK(first.summary.reports == 1);
    CHECK(first.summary.sections == 5);
    CHECK(first.errors.empty());
    Run second = index(dir / "db", {test::corpus()});
    CHECK(second.summary.documents == first.summary.documents);
    CHECK(second.summary.unchanged == 1);
    CHECK(second.summary.reports == 0);
}

TEST_CASE("a new database built by parallel writers answers as one built by updates") {
    test::ScratchDir dir;
    std::vector<fs::path> inputs = {test::corpus(), test::fixtures()};
    {
        IndexOptions o;
        o.db = dir / "parallel";
        o.lanes = 3; // merged by compaction at commit
        IndexWriter w(o);
        w.add(inputs);
        w.commit();
    }
    {
        IndexOptions o;
        o.db = dir / "updated";
        IndexWriter(o).commit(); // an empty database first
        IndexWriter w(o);        // so this run updates it in one writer
        w.add(inputs);
        w.commit();
    }
    Searcher parallel({dir / "parallel"}), updated({dir / "updated"});
    for (std::string q : {"respite", "unpaid carers", "LGSCO", "carer*", "statement:safeguarding",
                          "respitte", "\"direct payments\""}) {
        SearchRequest r;
        r.query = q;
        r.facets = true;
        SearchResults a = parallel.search(r), b = updated.search(r);
        INFO(q);
        CHECK(a.total == b.total);
        CHECK(a.corrected == b.corrected); // spelling data merged
        REQUIRE(a.hits.size() == b.hits.size());
        for (size_t i = 0; i < a.hits.size(); ++i) {
            CHECK(a.hits[i].section.id == b.hits[i].section.id);
            CHECK(a.hits[i].snippet.text == b.hits[i].snippet.text);
        }
        CHECK(a.facets.size() == b.facets.size());
    }
    CHECK(parallel.score_grid("").rows.size() == updated.score_grid("").rows.size());
    SearchRequest misspelt;
    misspelt.query = "respitte";
    CHECK(parallel.search(misspelt).corrected == "respite");
    // Reports are known to the parallel build's database too: a rerun skips them all.
    IndexOptions o;
    o.db = dir / "parallel";
    IndexWriter again(o);
    again.add(inputs);
    CHECK(again.commit().reports == 0);
}

TEST_CASE("a changed file is re-indexed in place") {
    test::ScratchDir dir;
    copy_corpus(dir / "corpus");
    Run first = index(dir / "db", {dir / "corpus"});
    REQUIRE(total(dir / "db", "Caldicott") == 1);

    fs::path file = dir / "corpus" / "london-borough-of-harrow" / "001_81e8b9870373ca68.txt";
    std::string text = test::read_file(file);
    for (size_t at; (at = text.find("Caldicot")) != std::string::npos;)
        text.replace(at, 9, "Zanzibar ");
    test::write_file(file, text);

    Run second = index(dir / "db", {dir / "corpus"});
    CHECK(second.summary.reports == 1);
    CHECK(second.summary.documents == first.summary.documents);
    CHECK(total(dir / "db", "Caldicott") == 0);
    CHECK(total(dir / "db", "Zanzibar") == 1);
}

TEST_CASE("a folder of many whole reports indexes and updates each report alone") {
    test::ScratchDir dir;
    // More files than any report has sections: each is a report of its own.
    std::string report =
        test::read_file(test::fixtures() / "pdf" / "cinderford-borough-council.txt");
    size_t count = kMaxSectionFiles + 6;
    // Each a council of its own: copies of one report would be one report.
    auto council = [&](size_t i) {
        std::string text = report;
        for (size_t at = text.find("Cinderford"); at != std::string::npos;
             at = text.find("Cinderford", at + 1))
            text.replace(at, 10, "Cinder" + std::to_string(i));
        return text;
    };
    for (size_t i = 0; i < count; ++i)
        test::write_file(dir / "reports" / ("council-" + std::to_string(i) + ".txt"), council(i));
    Run first = index(dir / "db", {dir / "reports"});
    CHECK(first.summary.reports == count);
    CHECK(first.errors.empty());

    std::string changed = council(3);
    changed.replace(changed.find("respite"), 7, "Zanzibar");
    test::write_file(dir / "reports" / "council-3.txt", changed);
    Run second = index(dir / "db", {dir / "reports"});
    CHECK(second.summary.reports == 1); // only the changed file is read again
    CHECK(second.summary.unchanged == count - 1);
    CHECK(total(dir / "db", "Zanzibar") >= 1);
}

TEST_CASE("reports whose files are gone are removed by prune") {
    test::ScratchDir dir;
    copy_corpus(dir / "corpus");
    index(dir / "db", {dir / "corpus"});
    REQUIRE(total(dir / "db", "carers") > 0);
    fs::remove_all(dir / "corpus" / "london-borough-of-harrow");
    Run pruned = index(dir / "db", {}, true);
    CHECK(pruned.summary.removed == 1);
    CHECK(pruned.summary.documents == 0);
}

TEST_CASE("an uncommitted run leaves the previous state") {
    test::ScratchDir dir;
    Run first = index(dir / "db", {test::corpus()});
    {
        IndexOptions o;
        o.db = dir / "db";
        o.force = true;
        IndexWriter w(o);
        // Something must be removed, or the count below is compared with itself.
        REQUIRE(w.remove("london-borough-of-harrow"));
        // destroyed without commit(): as if the process had been killed
    }
    Xapian::Database db((dir / "db").string());
    REQUIRE(first.summary.documents > 0);
    CHECK(db.get_doccount() == first.summary.documents);
    CHECK(total(dir / "db", "Caldicott") == 1);
}

TEST_CASE("a bad file is reported by name and the rest still indexed") {
    test::ScratchDir dir;
    copy_corpus(dir / "corpus");
    test::write_file(dir / "corpus" / "broken" / "empty.txt", "");
    test::write_file(dir / "corpus" / "binary" / "blob.txt", std::string("\x7f"
                                                                         "ELF\0\0\x01",
                                                                         7));
    Run run = index(dir / "db", {dir / "corpus", dir / "missing"});
    CHECK(run.summary.reports == 1);
    REQUIRE(run.errors.size() == 3);
    std::string all;
    for (const auto& e : run.errors)
        all += e.file + ": " + e.reason + "\n";
    CHECK(all.find("empty.txt: file is empty") != std::string::npos);
    CHECK(all.find("blob.txt: binary file") != std::string::npos);
    CHECK(all.find("missing: no such file") != std::string::npos);
}

TEST_CASE("a second writer is told the database is locked") {
    test::ScratchDir dir;
    IndexOptions o;
    o.db = dir / "db";
    IndexWriter first(o);
    CHECK_THROWS_AS(IndexWriter(o), DatabaseLocked);
    try {
        IndexWriter second(o);
    } catch (const DatabaseLocked& e) {
        CHECK(std::string(e.what()).find((dir / "db").string()) != std::string::npos);
    }
}

TEST_CASE("a new database appears only when its first run commits") {
    test::ScratchDir dir;
    {
        IndexOptions o;
        o.db = dir / "db";
        IndexWriter w(o);
        w.add({test::corpus()});
        // not committed: as if killed
    }
    CHECK_FALSE(fs::exists(dir / "db"));
    test::write_file(dir / "db.partial-999999" / "junk", "left by a killed run");
    Run run = index(dir / "db", {test::corpus()});
    CHECK(run.summary.reports == 1);
    CHECK(fs::exists(dir / "db"));
    CHECK_FALSE(fs::exists(dir / "db.partial-999999"));
    CHECK(total(dir / "db", "Caldicott") == 1);
}
