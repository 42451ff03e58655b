// Indexing behaviour a user relies on: re-runs are idempotent, changes are
// picked up, vanished reports can be pruned, a run is one transaction.
#include "helpers.hh"
#include "index_writer.hh"
#include "search.hh"
#include "sharding.hh"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <set>

using namespace cqc;
namespace fs = std::filesystem;

namespace {

using test::index;
using test::Run;
using test::total;

void copy_corpus(const fs::path& to) {
    fs::copy(test::corpus(), to, fs::copy_options::recursive);
}

std::set<std::string> entries(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.insert(e.path().filename().string());
    return out;
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

TEST_CASE("prune keeps, and warns of, a report whose path cannot be looked at") {
    // A folder that cannot be looked at (here a symbolic link to itself in
    // its path: ELOOP, as an unreadable parent or a failing disk's EIO would
    // be) is not gone: pruning it would lose what was indexed.
    test::ScratchDir dir;
    fs::create_directories(dir / "shelf");
    copy_corpus(dir / "shelf" / "corpus");
    Run first = index(dir / "db", {dir / "shelf" / "corpus"});
    REQUIRE(first.summary.reports == 1);
    fs::rename(dir / "shelf", dir / "away");
    fs::create_directory_symlink("shelf", dir / "shelf");
    Run pruned = index(dir / "db", {}, true);
    CHECK(pruned.summary.removed == 0);
    CHECK(pruned.summary.documents == first.summary.documents);
    CHECK(total(dir / "db", "carers") > 0);
    REQUIRE(pruned.warnings.size() == 1);
    CHECK(pruned.summary.warnings == 1); // counted in the summary line too
    CHECK_THAT(pruned.warnings[0].message,
               Catch::Contains("cannot be looked at") && Catch::Contains("kept"));
    // Once it is surely gone, prune removes it.
    fs::remove(dir / "shelf");
    CHECK(index(dir / "db", {}, true).summary.removed == 1);
}

TEST_CASE("a moved folder's reports are indexed from where they are now") {
    // The corpus indexed from one folder, the folder moved (a clone deleted
    // and cloned again elsewhere), the new folder indexed: the report is the
    // same, but its old files are gone, so it is indexed from the new path
    // rather than passed over as a copy of files that no longer exist.
    test::ScratchDir dir;
    copy_corpus(dir / "old");
    Run first = index(dir / "db", {dir / "old"});
    REQUIRE(first.summary.reports == 1);
    fs::rename(dir / "old", dir / "new");
    Run moved = index(dir / "db", {dir / "new"});
    CHECK(moved.summary.reports == 1);
    CHECK(moved.summary.removed == 1);
    CHECK(moved.summary.duplicates == 0);
    CHECK(moved.summary.documents == first.summary.documents);
    REQUIRE(moved.warnings.size() == 1);
    CHECK_THAT(moved.warnings[0].message, Catch::Contains("no longer there"));
    Searcher s({dir / "db"});
    SearchRequest r;
    r.query = "carers";
    auto results = s.search(r);
    REQUIRE_FALSE(results.hits.empty());
    for (const auto& h : results.hits)
        CHECK(h.section.path.starts_with((dir / "new").string()));

    // A copy whose first folder is still there stays a copy, and is
    // skipped while it is unchanged and that folder is there...
    copy_corpus(dir / "third");
    Run copy = index(dir / "db", {dir / "third"});
    CHECK(copy.summary.duplicates == 1);
    CHECK(copy.summary.reports == 0);
    Run again = index(dir / "db", {dir / "third"});
    CHECK(again.summary.unchanged == 1);
    CHECK(again.summary.reports == 0);
    // ...but read again once that folder has gone: the report moves here.
    fs::remove_all(dir / "new");
    Run after = index(dir / "db", {dir / "third"});
    CHECK(after.summary.unchanged == 0);
    CHECK(after.summary.reports == 1);
    CHECK(after.summary.removed == 1);
    CHECK(total(dir / "db", "carers") > 0);
}

TEST_CASE("a copy is told from another report by reading the first one again, "
          "and kept when that one can no longer be read") {
    // A report's content is compared only when a second source claims its
    // id: the first source is then read again.
    test::ScratchDir dir;
    copy_corpus(dir / "first");
    copy_corpus(dir / "second");
    auto run = [&](const fs::path& db, bool first_gone) {
        IndexOptions o;
        o.db = db;
        std::vector<Diagnostic> warnings;
        o.on_warning = [&](const Diagnostic& d) { warnings.push_back(d); };
        IndexWriter w(o);
        w.add({dir / "first"});
        if (first_gone) fs::rename(dir / "first", dir / "away");
        w.add({dir / "second"});
        IndexSummary summary = w.commit();
        if (first_gone) fs::rename(dir / "away", dir / "first");
        return std::pair{summary, warnings};
    };
    auto [copied, copy_warnings] = run(dir / "db1", false);
    CHECK(copied.duplicates == 1);
    CHECK(copied.reports == 1);
    REQUIRE(copy_warnings.size() == 1);
    CHECK_THAT(copy_warnings[0].message, Catch::Contains("the same report as"));
    // The first folder gone by then: the second report is kept under "-2",
    // not dropped as a copy of a content nobody can read.
    auto [kept, kept_warnings] = run(dir / "db2", true);
    CHECK(kept.duplicates == 0);
    CHECK(kept.reports == 2);
    REQUIRE(kept_warnings.size() == 1);
    CHECK_THAT(kept_warnings[0].message, Catch::Contains("claims the same id"));
    CHECK_THAT(kept_warnings[0].message, Catch::Contains("-2"));
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
    CHECK(entries(dir.path()) == std::set<std::string>{"db.lock"});
    // A run killed before its destructors ran leaves its marked folder;
    // the next build removes it, and nothing else of that name.
    fs::path killed = create_temporary_folder(dir / "db");
    test::write_file(killed / "postlist.glass", "left by a killed run");
    test::write_file(dir / "db.partial-999999" / "notes.txt", "a user's own folder");
    // Another database's (named "db.partial-7") temporary folder, in use.
    fs::path others = create_temporary_folder(dir / "db.partial-7");
    Run run = index(dir / "db", {test::corpus()});
    CHECK(run.summary.reports == 1);
    CHECK(fs::exists(dir / "db"));
    CHECK_FALSE(fs::exists(killed));
    CHECK(test::read_file(dir / "db.partial-999999" / "notes.txt") == "a user's own folder");
    CHECK(fs::exists(others));
    CHECK(entries(dir.path()) ==
          std::set<std::string>{"db", "db.lock", "db.partial-999999", others.filename().string()});
    CHECK_FALSE(fs::exists(dir / "db" / "cqc-index-temporary"));
    CHECK(total(dir / "db", "Caldicott") == 1);
}

TEST_CASE("a database cqc-index did not create is refused and left untouched") {
    test::ScratchDir dir;
    {
        // As omindex would leave one: a glass database without our mark.
        Xapian::WritableDatabase other((dir / "omindex").string(),
                                       Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        Xapian::Document doc;
        doc.add_term("Qother");
        other.add_document(doc);
        other.commit();
    }
    test::write_file(dir / "folder" / "notes.txt", "a user's folder");
    test::write_file(dir / "file", "a user's file");
    auto before = entries(dir / "omindex");
    for (const char* name : {"omindex", "folder", "file"}) {
        IndexOptions o;
        o.db = dir / name;
        CHECK_THROWS_AS(IndexWriter(o), DatabaseRefused);
    }
    CHECK(entries(dir / "omindex") == before);
    CHECK(Xapian::Database((dir / "omindex").string()).get_doccount() == 1);
    CHECK(entries(dir / "folder") == std::set<std::string>{"notes.txt"});
    CHECK(test::read_file(dir / "file") == "a user's file");
    // Nothing beside them either: not even a lock file.
    CHECK(entries(dir.path()) == std::set<std::string>{"omindex", "folder", "file"});
    // An empty folder is a place for a new database.
    fs::create_directory(dir / "empty");
    Run run = index(dir / "empty", {test::corpus()});
    CHECK(run.summary.reports == 1);
    CHECK(total(dir / "empty", "Caldicott") == 1);
}

TEST_CASE("a first build that cannot write removes its partial copies and says why") {
    test::ScratchDir dir;
    fs::path corpus = dir / "corpus";
    copy_corpus(corpus);
    fs::copy(test::fixtures(), corpus / "fixtures", fs::copy_options::recursive);
    // No file may grow past 64 KB: the same failed writes as a full disk,
    // without needing a file system to fill.
    struct rlimit old {};
    getrlimit(RLIMIT_FSIZE, &old);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = old;
    small.rlim_cur = 64 << 10;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    std::string message;
    try {
        IndexOptions o;
        o.db = dir / "db";
        o.lanes = 3; // a lane's failure comes back from its thread
        IndexWriter w(o);
        w.add({corpus});
        w.commit();
    } catch (const std::exception& e) {
        message = e.what();
    } catch (const Xapian::Error& e) {
        message = e.get_description();
    }
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, old_handler);
    INFO(message);
    CHECK(message.find((dir / "db").string()) != std::string::npos);
    CHECK(message.find("File too large") != std::string::npos); // the cause, from Xapian
    CHECK(message.find("cancel()") == std::string::npos);
    CHECK(message.find("partial database was removed") != std::string::npos);
    CHECK(entries(dir.path()) == std::set<std::string>{"corpus", "db.lock"});
    Run run = index(dir / "db", {corpus}); // and with room, the build succeeds
    CHECK(run.summary.reports > 1);
}

TEST_CASE(
    "a sharded run takes the database's lock, and a killed first one leaves nothing in the way") {
    test::ScratchDir dir;
    IndexOptions o;
    o.db = dir / "db";
    ShardedRun run;
    run.paths = {test::corpus(), test::fixtures()};
    {
        BuildLock other(o.db, 0); // an unsharded indexer at work
        CHECK_THROWS_AS(index_sharded(o, 2, run), DatabaseLocked);
    }
    // What a first sharded build killed midway leaves.
    fs::path killed = create_temporary_folder(o.db);
    test::write_file(killed / "shard-0.partial-1" / "postlist.glass", "half written");
    test::write_file(killed / "shard-1.lock", "");
    IndexSummary first = index_sharded(o, 2, run);
    CHECK(first.reports > 1);
    CHECK(entries(dir.path()) == std::set<std::string>{"db", "db.lock"});
    CHECK(entries(o.db) == std::set<std::string>{"cqc-shards", "shard-0", "shard-0.lock", "shard-1",
                                                 "shard-1.lock"});
    IndexSummary again = index_sharded(o, 2, run);
    CHECK(again.reports == 0);
    CHECK(again.unchanged > 0);
    CHECK(entries(o.db).size() == 5); // no .compact or .partial folders
    CHECK(total(o.db, "Caldicott") == 1);
    CHECK(list_reports(o.db).size() == first.reports);
}

TEST_CASE("std::terminate inside a write (Xapian on a full disk) still cleans up and says why") {
    // Xapian 1.4.22 sometimes calls std::terminate from commit() on a full
    // disk. The writer's guard must end such a run as a failed write does:
    // its partial copies removed, one line, exit 3. Here the child process
    // terminates with the error Xapian throws in flight.
    test::ScratchDir dir;
    fs::path err = dir / "stderr";
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, STDERR_FILENO);
        IndexOptions o;
        o.db = dir / "db";
        IndexWriter writer(o); // a first build: its partial copy exists now
        try {
            throw Xapian::DatabaseError("Error writing block 7", ENOSPC);
        } catch (...) {
            std::terminate();
        }
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 3);
    CHECK(entries(dir.path()) == std::set<std::string>{"db.lock", "stderr"});
    CHECK(test::read_file(err).find("disk full: no space left to write " + (dir / "db").string() +
                                    "; the partial database was removed") != std::string::npos);
}
