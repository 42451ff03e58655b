// Readers during writes, two writers, and hostile queries.
#include "helpers.hh"
#include "index_writer.hh"
#include "search.hh"
#include "sharding.hh"

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

using namespace cqc;
namespace fs = std::filesystem;

TEST_CASE("searches keep answering while the indexer commits again and again") {
    test::ScratchDir dir;
    auto index_all = [&] {
        IndexOptions o;
        o.db = dir / "db";
        o.force = true;
        o.wait_seconds = 30;
        IndexWriter w(o);
        w.add({test::corpus(), test::fixtures()});
        w.commit();
    };
    index_all();
    Searcher searcher({dir / "db"}); // opened once, held across the commits

    std::atomic<bool> done = false;
    std::thread writer([&] {
        for (int i = 0; i < 6; ++i)
            index_all();
        done = true;
    });
    size_t searches = 0, failures = 0;
    std::string last_error;
    const char* queries[] = {"carers", "statement:safeguarding", "\"unpaid carers\" respite",
                             "score:1..2 hospital"};
    while (!done) {
        SearchRequest r;
        r.query = queries[searches % 4];
        r.facets = true;
        try {
            auto res = searcher.search(r);
            if (res.total == 0) ++failures, last_error = "no results for " + r.query;
        } catch (const std::exception& e) {
            ++failures;
            last_error = e.what();
        }
        ++searches;
    }
    writer.join();
    INFO("last error: " << last_error);
    CHECK(searches > 0);
    CHECK(failures == 0);
}

TEST_CASE("a second writer waits for the lock with --wait") {
    test::ScratchDir dir;
    IndexOptions o;
    o.db = dir / "db";
    auto first = std::make_unique<IndexWriter>(o);
    std::atomic<bool> first_done = false;
    std::atomic<bool> second_saw_first_done = false;
    std::thread second([&] {
        IndexOptions waiting = o;
        waiting.wait_seconds = 60;
        IndexWriter w(waiting); // blocks until the first writer lets go
        second_saw_first_done = first_done.load();
        w.commit();
    });
    first->add({test::corpus()}); // the second thread waits meanwhile
    first->commit();
    first_done = true;
    first.reset();
    second.join();
    CHECK(second_saw_first_done);
}

TEST_CASE("hostile queries are answered or refused clearly") {
    Searcher s({test::shared_index({test::corpus()})});
    auto run = [&](const std::string& q) {
        SearchRequest r;
        r.query = q;
        r.facets = true;
        return s.search(r);
    };
    CHECK(run("a*").total > 0);            // expansion is capped, not refused
    CHECK_THROWS_AS(run("*"), QueryError); // nothing to search for
    std::string nested = std::string(1500, '(') + "carers" + std::string(1500, ')');
    CHECK(run(nested).total > 0);
    std::string long_or;
    while (long_or.size() < 3900)
        long_or += "carers OR respite OR ";
    long_or += "dementia";
    CHECK(run(long_or).total > 0);
    CHECK_THROWS_WITH(run(std::string(10000, 'x')), Catch::Contains("the limit is 4096"));
    CHECK_THROWS_AS(run("AND OR NOT"), QueryError);
    std::string binary("\xff\xfe\x00\x01"
                       "carers",
                       10);
    CHECK_NOTHROW(run(binary));
}

TEST_CASE("reading takes no lock and writes nothing: it works while an indexer holds the lock") {
    test::ScratchDir dir;
    test::index(dir / "db", {test::corpus()});
    auto listing = [&] {
        std::set<std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(dir.path()))
            out.insert(e.path().string() + " " +
                       std::to_string(e.is_regular_file() ? fs::file_size(e.path()) : 0));
        return out;
    };
    BuildLock writer(dir / "db", 0); // an indexer at work
    auto before = listing();
    CHECK(list_reports(dir / "db").size() == 1);
    CHECK(test::total(dir / "db", "Caldicott") == 1);
    CHECK(listing() == before);
}

TEST_CASE("a Xapian stub file is never opened: its 'remote' line would run a program") {
    test::ScratchDir dir;
    fs::path ran = dir / "program-ran";
    test::write_file(dir / "stub-file", "remote :/bin/touch " + ran.string() + "\n");
    test::write_file(dir / "stub-dir" / "XAPIANDB", "remote :/bin/touch " + ran.string() + "\n");
    for (const char* name : {"stub-file", "stub-dir"}) {
        CHECK_THROWS_AS(Searcher({dir / name}), DatabaseError);
        CHECK_THROWS_AS(list_reports(dir / name), Xapian::DatabaseOpeningError);
        IndexOptions o;
        o.db = dir / name;
        CHECK_THROWS_AS(IndexWriter(o), DatabaseRefused);
    }
    CHECK_FALSE(fs::exists(ran));
}
