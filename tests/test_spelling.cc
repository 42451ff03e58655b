// Spelling data follows the index (issue 11, point 8): a removed or replaced
// report takes its words' frequencies with it, suggestions are whole words
// of the reports, and acronyms are never "corrected".
#include "documents.hh"
#include "helpers.hh"
#include "report_loader.hh"
#include "spelling.hh"

#include <catch2/catch.hpp>

using namespace cqc;
namespace fs = std::filesystem;

namespace {

using test::index;
using test::Run;

// How often `word` is in the spelling data (0: not at all).
Xapian::doccount spelling_frequency(const fs::path& db, const std::string& word) {
    Xapian::Database d(db.string());
    for (auto it = d.spellings_begin(); it != d.spellings_end(); ++it)
        if (*it == word) return it.get_termfreq();
    return 0;
}

std::string suggestion(const fs::path& db, const std::string& query) {
    Searcher s({db});
    SearchRequest r;
    r.query = query;
    return s.search(r).corrected;
}

fs::path harrow_file(const fs::path& corpus) {
    return corpus / "london-borough-of-harrow" / "001_81e8b9870373ca68.txt";
}

} // namespace

TEST_CASE("removing a report removes its words from the spelling data") {
    test::ScratchDir dir;
    index(dir / "db", {test::fixtures(), test::corpus()});
    REQUIRE(spelling_frequency(dir / "db", "caldicott") > 0);

    IndexOptions o;
    o.db = dir / "db";
    IndexWriter w(o);
    REQUIRE(w.remove((test::corpus() / "london-borough-of-harrow").string()));
    w.commit();
    CHECK(spelling_frequency(dir / "db", "caldicott") == 0);
    CHECK(suggestion(dir / "db", "caldicot").empty());
    // The other reports' words stay.
    CHECK(spelling_frequency(dir / "db", "safeguarding") > 0);
    CHECK(suggestion(dir / "db", "safegaurding") == "safeguarding");
}

TEST_CASE("re-indexing a changed or forced report keeps its words' frequencies") {
    test::ScratchDir dir;
    fs::copy(test::corpus(), dir / "corpus", fs::copy_options::recursive);
    index(dir / "db", {dir / "corpus"});
    Xapian::doccount caldicott = spelling_frequency(dir / "db", "caldicott");
    Xapian::doccount carers = spelling_frequency(dir / "db", "carers");
    REQUIRE(caldicott > 0);
    REQUIRE(carers > 0);

    // A changed file: the report is replaced, its words counted once.
    fs::path file = harrow_file(dir / "corpus");
    test::write_file(file, test::read_file(file) + "\nZanzibar.\n");
    Run changed = index(dir / "db", {dir / "corpus"});
    REQUIRE(changed.summary.reports == 1);
    CHECK(spelling_frequency(dir / "db", "caldicott") == caldicott);
    CHECK(spelling_frequency(dir / "db", "carers") == carers);

    // --force reads it again unchanged: the same.
    IndexOptions o;
    o.db = dir / "db";
    o.force = true;
    IndexWriter w(o);
    w.add({dir / "corpus"});
    REQUIRE(w.commit().reports == 1);
    CHECK(spelling_frequency(dir / "db", "caldicott") == caldicott);
    CHECK(spelling_frequency(dir / "db", "carers") == carers);
}

TEST_CASE("a section's spelling words are the same from the report and from the index") {
    // Added from the parsed section, removed from what the index stores:
    // both must give the same words, or removal would leave some behind.
    Discovery found = discover_reports({test::fixtures(), test::corpus()});
    REQUIRE_FALSE(found.reports.empty());
    DocumentBuilder builder;
    size_t sections = 0;
    for (const auto& source : found.reports) {
        LoadedReport loaded = load_report(source);
        for (const auto& report : loaded.reports) {
            std::vector<Xapian::Document> docs = builder.build(report);
            for (size_t i = 0; i < report.sections.size(); ++i) {
                const Section& section = report.sections[i];
                StoredSection stored = read_section_data(docs[i + 1].get_data());
                INFO(report.id << " " << section.title);
                CHECK(spelling_words(stored.section, stored.paragraphs) ==
                      spelling_words(section.title, section.paragraphs));
                ++sections;
            }
        }
    }
    CHECK(sections >= 40);
}

TEST_CASE("the spelling words collected while indexing are those of spelling_words") {
    // DocumentBuilder counts them as it makes the terms, in one pass over
    // the text: the same words, with the same counts, as spelling_words()
    // gives for each section (which removal reads back from the index).
    Discovery found = discover_reports({test::fixtures(), test::corpus()});
    REQUIRE_FALSE(found.reports.empty());
    DocumentBuilder builder;
    size_t reports = 0;
    for (const auto& source : found.reports) {
        for (const auto& report : load_report(source).reports) {
            SpellingCounts want;
            for (const auto& section : report.sections)
                for (const auto& [word, count] : spelling_words(section.title, section.paragraphs))
                    want[word] += count;
            builder.build(report);
            INFO(report.id);
            CHECK(builder.take_spelling() == want);
            ++reports;
        }
    }
    CHECK(reports >= 10);
    CHECK(builder.take_spelling().empty()); // taken once
}

TEST_CASE("spelling words are whole words as written, hyphenated compounds kept whole") {
    std::vector<Paragraph> paragraphs = {
        {"Co-production", "Services were co-produced; long-term plans for 2024-25 care.", 1, 0}};
    auto words = spelling_words("Café – carers", paragraphs);
    CHECK(words.contains("co-production"));
    CHECK(words.contains("co-produced"));
    CHECK(words.contains("long-term"));
    CHECK(words.contains("production")); // each part too, as the index has it
    CHECK(words.contains("cafe"));       // folded as the index folds
    CHECK(words.contains("carers"));     // not stemmed
    CHECK_FALSE(words.contains("carer"));
    CHECK_FALSE(words.contains("2024-25"));     // numbers are not compounds
    CHECK_FALSE(words.contains("cafe-carers")); // a spaced dash is no hyphen
    CHECK(words.at("production") == 1);
}

TEST_CASE("a suggestion is a word reports wrote, not a part of one") {
    fs::path db = test::shared_index({test::corpus(), test::fixtures()});
    CHECK(suggestion(db, "coproduction") == "co-production");
    CHECK(suggestion(db, "respitte") == "respite");
}

TEST_CASE("acronyms are never corrected, even where the index lacks them") {
    test::ScratchDir dir;
    index(dir / "db", {test::fixtures() / "rules"});
    for (std::string q : {"OT", "ot", "ICB", "JSNA", "LGSCO", "MDT", "care OT"}) {
        INFO(q);
        CHECK(suggestion(dir / "db", q).empty());
    }
}

TEST_CASE("a word is never corrected to a word the search leaves out") {
    // Harrow's report never says "off"; its nearest word is "of", which a
    // search drops as too common. "Did you mean: time of for carers" would
    // ask the user to delete a word, so nothing is suggested; a real
    // misspelling in the same query still is.
    const fs::path db = test::shared_index({test::corpus()});
    CHECK(suggestion(db, "time off for carers").empty());
    CHECK(suggestion(db, "time off for carrers") == "time off for carers");
}

TEST_CASE("an English word is never corrected into another") {
    // No report says "loss"; the nearest word they have is "less", and
    // "Did you mean: memory less" changed what was asked. A word WordNet
    // knows is the user's own; a misspelling beside it is still corrected.
    const fs::path db = test::shared_index({test::corpus(), test::fixtures()});
    CHECK(suggestion(db, "memory loss").empty());
    CHECK(suggestion(db, "memory loss respitte") == "memory loss respite");
    // An English word still gets another spelling of itself: Harrow's
    // report writes "behaviour", and most often "behaviours".
    CHECK(suggestion(db, "behavior").starts_with("behaviour"));
}
