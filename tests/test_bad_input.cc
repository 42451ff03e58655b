// Bad input: each gets one clear message naming the file and the reason,
// the run goes on, and nothing already indexed is lost.
#include "extractor.hh"
#include "helpers.hh"
#include "html_extractor.hh"
#include "index_writer.hh"
#include "pdf_extractor.hh"
#include "search.hh"
#include "text.hh"
#include "text_extractor.hh"

#include <catch2/catch.hpp>

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

using namespace cqc;
namespace fs = std::filesystem;

namespace {

struct Run {
    IndexSummary summary;
    std::vector<std::string> errors;   // "file: reason"
    std::vector<std::string> warnings; // "file: message"
};

Run index(const fs::path& db, const std::vector<fs::path>& paths) {
    Run run;
    IndexOptions o;
    o.db = db;
    o.on_error = [&](const FileError& e) { run.errors.push_back(e.file + ": " + e.reason); };
    o.on_warning = [&](const Diagnostic& d) { run.warnings.push_back(d.file + ": " + d.message); };
    IndexWriter w(o);
    w.add(paths);
    run.summary = w.commit();
    return run;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& a,
                  const std::string& b) {
    for (const auto& l : lines)
        if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) return true;
    return false;
}

Xapian::doccount hits(const fs::path& db, const std::string& q) {
    Searcher s({db});
    SearchRequest r;
    r.query = q;
    return s.search(r).total;
}

const std::string kSection =
    "Safeguarding\n\nScore: 2\n\nKey findings for this quality statement\n\n"
    "Enquiries\n\n";

} // namespace

TEST_CASE("each kind of bad file is named with its reason and the rest is indexed") {
    test::ScratchDir dir;
    fs::path in = dir / "in";
    test::write_file(in / "empty" / "a.txt", "");
    test::write_file(in / "binary" / "a.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    test::write_file(in / "unknown" / "a.txt",
                     "Safeguarding adults in the round\n\nScore: 2\n\nText about nothing.\n");
    test::write_file(in / "huge" / "a.txt", std::string(17u << 20, 'x'));
    fs::create_directories(in / "no-reports" / "only-images");
    test::write_file(in / "no-reports" / "only-images" / "logo.png", "png");
    fs::create_symlink(in, in / "loop");
    fs::create_directories(in / "dangling");
    fs::create_symlink(in / "nowhere.txt", in / "dangling" / "a.txt");
    test::write_file(in / "good" / "a.txt", kSection + "The Quennell team cleared its backlog.\n");

    Run run = index(dir / "db", {in});
    CHECK(run.summary.reports == 1);
    CHECK(hits(dir / "db", "Quennell") == 1);
    CHECK(any_contains(run.errors, "empty/a.txt", "file is empty"));
    CHECK(any_contains(run.errors, "binary/a.txt", "binary file"));
    CHECK(any_contains(run.errors, "unknown/a.txt", "no report section found"));
    CHECK(any_contains(run.errors, "huge/a.txt", "over the 16 MB limit"));
    CHECK(any_contains(run.errors, "loop", "symbolic link loop"));
    CHECK(any_contains(run.errors, "dangling/a.txt", "No such file"));
    Run empty = index(dir / "db2", {in / "no-reports"});
    CHECK(any_contains(empty.errors, "no-reports", "no reports found"));
}

TEST_CASE("invalid UTF-8 is repaired and Windows-1252 converted, then indexed") {
    test::ScratchDir dir;
    test::write_file(dir / "in" / "bad-utf8" / "a.txt",
                     kSection +
                         "The Ormsby team\xE2\x80\x99s \xC3 staff met weekly with the hospital.\n");
    test::write_file(dir / "in" / "latin1" / "a.txt",
                     kSection + "Carers met at the Pellow caf\xE9 every month.\n");
    Run run = index(dir / "db", {dir / "in"});
    CHECK(run.errors.empty());
    CHECK(run.summary.reports == 2);
    CHECK(any_contains(run.warnings, "bad-utf8/a.txt", "invalid UTF-8 sequence(s) replaced"));
    CHECK(any_contains(run.warnings, "latin1/a.txt", "read as windows-1252"));
    CHECK(hits(dir / "db", "Ormsby hospital") == 1);
    CHECK(hits(dir / "db", "\"Pellow cafe\"") == 1);
    CHECK(hits(dir / "db", "\"Pellow caf\xC3\xA9\"") == 1);
}

TEST_CASE("a section with no score and a repeated statement are warned about and indexed") {
    test::ScratchDir dir;
    test::write_file(dir / "in" / "r" / "a.txt",
                     "Governance, management and sustainability\n\nKey findings for this quality "
                     "statement\n\nPlanning\n\nThe Harbottle plan was late.\n");
    test::write_file(dir / "in" / "r" / "b.txt", kSection + "Enquiries at Tregarth were late.\n");
    test::write_file(dir / "in" / "r" / "c.txt", kSection + "Enquiries at Polwin were quick.\n");
    Run run = index(dir / "db", {dir / "in"});
    CHECK(run.errors.empty());
    CHECK(any_contains(run.warnings, "a.txt", "has no score"));
    CHECK(any_contains(run.warnings, "c.txt", "second section for 'Safeguarding'"));
    CHECK(hits(dir / "db", "Harbottle") == 1);
    CHECK(hits(dir / "db", "Tregarth OR Polwin") == 2);
}

TEST_CASE("a report that turns bad keeps what was indexed") {
    test::ScratchDir dir;
    test::write_file(dir / "in" / "r" / "a.txt", kSection + "The Lanyon hub was busy.\n");
    index(dir / "db", {dir / "in"});
    REQUIRE(hits(dir / "db", "Lanyon") == 1);
    test::write_file(dir / "in" / "r" / "a.txt", std::string("\0\0\0binary", 9));
    Run run = index(dir / "db", {dir / "in"});
    CHECK(any_contains(run.errors, "a.txt", "binary file"));
    CHECK(hits(dir / "db", "Lanyon") == 1);
}

// Root reads a file whatever its mode, by the capabilities CAP_DAC_OVERRIDE
// and CAP_DAC_READ_SEARCH. While this lives they are out of the calling
// thread's effective set (kept in its permitted set, so they come back), and
// root is refused like anyone else. Capabilities belong to a thread: the
// indexer's threads, started later, inherit the reduced set.
class WithoutFileOverride {
public:
    WithoutFileOverride() {
        header_.version = _LINUX_CAPABILITY_VERSION_3;
        header_.pid = 0;
        REQUIRE(syscall(SYS_capget, &header_, saved_) == 0);
        __user_cap_data_struct reduced[2] = {saved_[0], saved_[1]};
        for (unsigned cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH})
            reduced[cap / 32].effective &= ~(1u << (cap % 32));
        REQUIRE(syscall(SYS_capset, &header_, reduced) == 0);
    }
    ~WithoutFileOverride() { syscall(SYS_capset, &header_, saved_); }
    WithoutFileOverride(const WithoutFileOverride&) = delete;
    WithoutFileOverride& operator=(const WithoutFileOverride&) = delete;

private:
    __user_cap_header_struct header_{};
    __user_cap_data_struct saved_[2]{};
};

TEST_CASE("an unreadable file is named with the reason") {
    test::ScratchDir dir;
    test::write_file(dir / "in" / "r" / "a.txt", kSection + "Text.\n");
    fs::permissions(dir / "in" / "r" / "a.txt", fs::perms::none);
    WithoutFileOverride as_anyone; // else, as root, the file would be read
    Run run = index(dir / "db", {dir / "in"});
    CHECK(any_contains(run.errors, "a.txt", "ermission denied"));
}

namespace {

// A council name line of `bytes` bytes above a cover's "Local authority
// assessment": the parser takes it for the council's name, so the report
// id, its terms and its metadata keys are as long.
std::string report_with_long_name(size_t bytes) {
    return "Greyhaven " + std::string(bytes, 'x') +
           "\n\nLocal authority assessment\n\nPublished: 12 March 2025\n\n" + kSection +
           "The Quennell team cleared its backlog.\n";
}

} // namespace

TEST_CASE("a 60 KB council name line is indexed, updated and found by its report id") {
    test::ScratchDir dir;
    test::write_file(dir / "in" / "r" / "a.txt", report_with_long_name(60000));
    Run first = index(dir / "db", {dir / "in"}); // was: Term too long, the run aborted
    CHECK(first.errors.empty());
    CHECK(first.summary.reports == 1);
    // An update compares the stored ids with the report's (was a regex over
    // the whole id, overflowing the stack).
    test::write_file(dir / "in" / "r" / "a.txt",
                     report_with_long_name(60000) + "The Pellow hub opened.\n");
    Run second = index(dir / "db", {dir / "in"});
    CHECK(second.errors.empty());
    CHECK(second.summary.reports == 1);
    CHECK(hits(dir / "db", "Quennell") == 1);
    CHECK(hits(dir / "db", "Pellow") == 1);

    IndexOptions o;
    o.db = dir / "db";
    auto listed = IndexWriter(o).indexed_reports();
    REQUIRE(listed.size() == 1);
    const std::string& id = listed[0].first;
    CHECK(id.size() > 60000);
    CHECK(id.ends_with("-2025-03-12"));
    // The id's hashed term is the same when searching: its sections are found.
    Searcher s({dir / "db"});
    SearchRequest r;
    r.query = "Quennell";
    auto results = s.search(r);
    REQUIRE(results.total == 1);
    CHECK(results.hits[0].section.report == id);
}

TEST_CASE("a source path over 245 bytes is indexed, skipped when unchanged and pruned") {
    test::ScratchDir dir;
    fs::path deep = dir / "in";
    for (int i = 0; i < 4; ++i)
        deep /= std::string(100, static_cast<char>('a' + i));
    test::write_file(deep / "a.txt", kSection + "The Quennell team cleared its backlog.\n");
    REQUIRE(fs::absolute(deep).string().size() > 400);
    Run first = index(dir / "db", {dir / "in"}); // was: Key too long, the run aborted
    CHECK(first.errors.empty());
    CHECK(first.summary.reports == 1);
    Run again = index(dir / "db", {dir / "in"});
    CHECK(again.summary.unchanged == 1);
    IndexOptions o;
    o.db = dir / "db";
    {
        auto listed = IndexWriter(o).indexed_reports();
        REQUIRE(listed.size() == 1);
        CHECK(listed[0].second == fs::weakly_canonical(deep).string());
    }
    fs::remove_all(dir / "in");
    IndexWriter w(o);
    w.prune();
    CHECK(w.commit().removed == 1);
    CHECK(hits(dir / "db", "Quennell") == 0);
}

TEST_CASE("file and folder names that are not UTF-8 are indexed with a warning") {
    test::ScratchDir dir;
    fs::path folder = dir / "in" / "caf\xE9";
    test::write_file(folder / "r\xFF.txt", kSection + "The Quennell team cleared its backlog.\n");
    Run run = index(dir / "db", {dir / "in"}); // was: a JSON type error, the run aborted
    CHECK(run.errors.empty());
    CHECK(run.summary.reports == 1);
    CHECK(any_contains(run.warnings, "caf\xE9", "file name is not UTF-8"));
    Searcher s({dir / "db"});
    SearchRequest r;
    r.query = "Quennell";
    auto results = s.search(r);
    REQUIRE(results.total == 1);
    CHECK(is_valid_utf8(results.hits[0].section.path));
    CHECK(results.hits[0].section.path.find("caf\xC3\xA9") != std::string::npos);
    // The source is still known by its real name: unchanged, and not pruned.
    IndexOptions o;
    o.db = dir / "db";
    IndexWriter w(o);
    w.prune();
    w.add({dir / "in"});
    IndexSummary again = w.commit();
    CHECK(again.removed == 0);
    CHECK(again.unchanged == 1);
}

TEST_CASE("a NUL byte after the first 8 KB is replaced and warned about") {
    test::ScratchDir dir;
    std::string text = kSection + std::string(9000, ' ') + "The Quennell team\n\n" +
                       std::string("held a\0review.\n", 15);
    test::write_file(dir / "in" / "r" / "a.txt", text);
    Run run = index(dir / "db", {dir / "in"});
    CHECK(run.summary.reports == 1);
    CHECK(any_contains(run.warnings, "a.txt", "1 NUL byte(s) replaced"));
    Searcher s({dir / "db"});
    std::string all;
    s.export_sections([&](const StoredSection& section) { all += section.text(); });
    CHECK(all.find("Quennell") != std::string::npos);
    CHECK(all.find('\0') == std::string::npos);
    CHECK(all.find("held a\xEF\xBF\xBDreview") != std::string::npos);
}

TEST_CASE("CR-only line endings end lines") {
    test::ScratchDir dir;
    std::string text = kSection + "The Quennell team cleared its backlog.\n";
    std::replace(text.begin(), text.end(), '\n', '\r');
    test::write_file(dir / "in" / "r" / "a.txt", text);
    Run run = index(dir / "db", {dir / "in"});
    CHECK(run.errors.empty());
    Searcher s({dir / "db"});
    SearchRequest r;
    r.query = "Quennell";
    auto results = s.search(r);
    REQUIRE(results.total == 1);
    CHECK(results.hits[0].section.score == 2); // "Score: 2" was read as its own line
    CHECK(results.hits[0].section.statement == "safeguarding");
}

TEST_CASE("a symbolic link pointing out of the folder given is not followed") {
    test::ScratchDir dir;
    test::write_file(dir / "outside" / "secret" / "a.txt",
                     kSection + "The Tregarth password is here.\n");
    test::write_file(dir / "in" / "good" / "a.txt", kSection + "The Quennell team.\n");
    fs::create_symlink(dir / "outside" / "secret" / "a.txt", dir / "in" / "good" / "b.txt");
    fs::create_symlink(dir / "outside" / "secret", dir / "in" / "secret");
    fs::create_symlink(dir / "in" / "good" / "a.txt", dir / "in" / "inside.txt");
    Run run = index(dir / "db", {dir / "in"});
    CHECK(hits(dir / "db", "Tregarth") == 0);
    CHECK(hits(dir / "db", "Quennell") >= 1);
    CHECK(any_contains(run.warnings, "good/b.txt", "points out of"));
    CHECK(any_contains(run.warnings, "in/secret", "not followed"));
    CHECK_FALSE(any_contains(run.warnings, "inside.txt", "not followed"));
    // Given by name, a link is read wherever it points.
    Run named = index(dir / "db2", {dir / "in" / "secret"});
    CHECK(hits(dir / "db2", "Tregarth") == 1);
}

TEST_CASE("each extractor refuses a file it cannot read with the reason, and throws nothing") {
    // The table (extractor.hh) has an extractor for every kind but `other`.
    CHECK(extractor_for(FileKind::pdf) == extract_pdf);
    CHECK(extractor_for(FileKind::html) == extract_html);
    CHECK(extractor_for(FileKind::text) == extract_text);
    CHECK(extractor_for(FileKind::other) == nullptr);
    const std::string binary("PK\x03\x04\0\0\x01\x02 not text", 16);
    struct Refusal {
        std::string bytes;
        std::string reason;
    };
    for (const auto& [bytes, reason] : {
             Refusal{"%PDF-1.7\n1 0 obj garbage", "damaged or truncated PDF"},
             Refusal{"<!DOCTYPE html><html>" + binary, "binary file"},
             Refusal{binary, "binary file"},
         }) {
        INFO(bytes);
        Extraction out;
        REQUIRE_NOTHROW(out = extract_file(bytes, {"download", kMaxFileBytes, {}}));
        CHECK_FALSE(out.document);
        CHECK(out.reason.find(reason) != std::string::npos);
    }
    Extraction latin = extract_file("Caf\xE9 visits\n", {"notes.txt", kMaxFileBytes, {}});
    REQUIRE(latin.document);
    CHECK(latin.document->blocks.at(0).text == "Caf\xC3\xA9 visits");
    CHECK(latin.warnings == std::vector<std::string>{"not UTF-8; read as windows-1252"});
}
