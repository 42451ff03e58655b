// Readers during writes, two writers, and hostile queries.
#include "helpers.hh"
#include "index_writer.hh"
#include "search.hh"

#include <catch2/catch.hpp>

#include <atomic>
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
