// Each rule of the parser on a small fictional text of its own.
#include "report_loader.hh"
#include "report_parser.hh"

#include <catch2/catch.hpp>

using namespace cqc;

namespace {

const Section* find(const Report& r, std::string_view statement) {
    for (const auto& s : r.sections)
        if (s.statement && s.statement->id == statement) return &s;
    return nullptr;
}

bool has_warning(const Report& r, std::string_view fragment) {
    for (const auto& w : r.warnings)
        if (w.message.find(fragment) != std::string::npos) return true;
    return false;
}

std::string all_text(const Report& r) {
    std::string out;
    for (const auto& s : r.sections)
        for (const auto& p : s.paragraphs)
            out += p.heading + "\n" + p.text + "\n";
    return out;
}

} // namespace

TEST_CASE("plain section file: title, score forms, expectations, headings") {
    for (const char* score_line : {"Score: 2", "Score 2", "## Score 2"}) {
        std::string text = std::string("\n\nSafeguarding\n\n") + score_line +
                           "\n\n2 - Evidence shows some shortfalls\n\nWhat people expect\n\n"
                           "I feel safe and am supported to understand risks.\n\n"
                           "The local authority commitment\n\n"
                           "We work with people to understand what being safe means.\n\n"
                           "Key findings for this quality statement\n\n"
                           "Safeguarding enquiries\n\n"
                           "There was a backlog of enquiries at the Fenwick front door.\n\n"
                           "## Making safeguarding personal\n\n"
                           "People were asked what outcomes they wanted.\n";
        Report r = parse_single_report(text, "safeguarding.txt");
        INFO(score_line);
        REQUIRE(r.sections.size() == 1);
        const Section& s = r.sections[0];
        CHECK(s.statement->id == "safeguarding");
        CHECK(s.score == 2);
        CHECK(s.what_people_expect == "I feel safe and am supported to understand risks.");
        CHECK(s.commitment == "We work with people to understand what being safe means.");
        REQUIRE(s.paragraphs.size() == 2);
        CHECK(s.paragraphs[0].heading == "Safeguarding enquiries");
        CHECK(s.paragraphs[1].heading == "Making safeguarding personal");
    }
}

TEST_CASE("web page text: page chrome, Score: above its label, typographic quotes") {
    std::string text =
        "Fenwick Borough Council assessment\n"
        "Downloads\n"
        "Published: 12 March 2025 Page last updated: 14 March 2025\n\n"
        "Assessing needs\n\n"
        "Indicative score:\n"
        "3 - Evidence shows a good standard\n\n"
        "What people expect:\n\n"
        "\xE2\x80\x9CI have care and support that meets my needs.\xE2\x80\x9D\n\n"
        "Key findings for this quality statement\n\n"
        "Assessment and care planning\n\n"
        "The council\xE2\x80\x99s occupational therapy team cleared its waiting list.\n";
    Report r = parse_single_report(text, "page.txt");
    CHECK(r.authority == "Fenwick Borough Council");
    CHECK(r.published == "2025-03-12"); // ISO, whatever the page wrote
    CHECK(r.indicative);
    const Section* s = find(r, "assessing-needs");
    REQUIRE(s);
    CHECK(s->score == 3);
    CHECK(s->what_people_expect == "I have care and support that meets my needs.");
    REQUIRE(s->paragraphs.size() == 1);
    CHECK(s->paragraphs[0].text ==
          "The council\xE2\x80\x99s occupational therapy team cleared its waiting list.");
    CHECK(all_text(r).find("Downloads") == std::string::npos);
}

TEST_CASE("the report's own characters are kept: the framework's wording is read folded") {
    std::string text =
        "Caf\xC3\xA9 Vale Council assessment\n"
        "Assessment activity: 14 October 2024 \xE2\x80\x93 8 November 2024\n\n"
        "Assessing needs\n\n"
        "Score: 3 \xE2\x80\x93 Evidence shows a good standard\n\n"
        "What people expect: \xE2\x80\x9CI have care that meets my needs.\xE2\x80\x9D\n\n"
        "Key findings for this quality statement\n\n"
        "People\xE2\x80\x99s experiences\n\n"
        "The \xE2\x80\x9C"
        "Caf\xC3\xA9\xE2\x80\x9D team \xE2\x80\x93 six staff \xE2\x80\x93 met the "
        "commis\xE2\x80\x90\n"
        "sioning board (\xC2\xA3"
        "5m).\n";
    Report r = parse_single_report(text, "cafe.txt");
    CHECK(r.authority == "Caf\xC3\xA9 Vale Council");
    CHECK(r.assessed == "14 October 2024 \xE2\x80\x93 8 November 2024");
    const Section* s = find(r, "assessing-needs");
    REQUIRE(s);
    CHECK(s->score == 3); // "3 – Evidence shows..." read folded
    CHECK(s->what_people_expect == "I have care that meets my needs.");
    REQUIRE(s->paragraphs.size() == 1);
    CHECK(s->paragraphs[0].heading == "People\xE2\x80\x99s experiences");
    CHECK(s->paragraphs[0].text == "The \xE2\x80\x9C"
                                   "Caf\xC3\xA9\xE2\x80\x9D team \xE2\x80\x93 six staff "
                                   "\xE2\x80\x93 met the commissioning board (\xC2\xA3"
                                   "5m).");
}

TEST_CASE("PDF text: wrapped lines, hyphenation, footers and form feeds mid-sentence") {
    std::string text =
        "Fenwick Borough Council\n\nLocal authority assessment\n\n"
        "Overall summary\n\nLocal authority rating and score\n\nFenwick Borough Council\n\n"
        "Good\n\nQuality statement scores\n\n"
        "Assessing needs                        3 - Evidence shows a good standard\n"
        "Safeguarding                           3 - Evidence shows a good standard\n\n"
        "Summary of people's experiences\n\n"
        "People told us that co-production was valued and that the commis-\n"
        "sioning team listened to them.\n\n"
        "Theme 1: How Fenwick Borough Council works with people\n\n"
        "\xE2\x80\xA2 Assessing needs\n\xE2\x80\xA2 Equity in experience and outcomes\n\n"
        "Assessing needs\n\nScore: 3 - Evidence shows a good standard\n\n"
        "Key findings for this quality statement\n\n"
        "Timely assessments\n\n"
        "Assessments were completed quickly and the co-\n"
        "production group reviewed the letters that the council sent\n"
        "to people who were waiting for an\n\n"
        "Fenwick Borough Council: local authority assessment      Page 2 of 3\n"
        "\f\nassessment of their needs.\n\n"
        "Ensuring safety within the system\n\n"
        "\xE2\x80\xA2 Safeguarding\n\n"
        "Safeguarding\n\nScore: 3 - Evidence shows a good standard\n\n"
        "Key findings for this quality statement\n\n"
        "Safeguarding enquiries\n\n"
        "Enquiries were triaged within a day by the multi-agency safe-\n\n"
        "Fenwick Borough Council: local authority assessment      Page 3 of 3\n"
        "\fguarding hub.\n\n"
        "\xC2\xA9 Care Quality Commission\n";
    Report r = parse_single_report(text, "fenwick.txt");
    CHECK(r.authority == "Fenwick Borough Council");
    REQUIRE(r.stated_rating);
    CHECK(r.stated_rating->id == "good");
    REQUIRE(r.score_table.size() == 2);
    CHECK(r.score_table[1].statement->id == "safeguarding");
    REQUIRE(r.sections.size() == 3); // summary + two statements, not the bullets
    const Section* needs = find(r, "assessing-needs");
    REQUIRE(needs);
    REQUIRE(needs->paragraphs.size() == 1);
    CHECK(needs->paragraphs[0].text ==
          "Assessments were completed quickly and the co-production group reviewed the "
          "letters that the council sent to people who were waiting for an assessment of "
          "their needs.");
    const Section* safe = find(r, "safeguarding");
    REQUIRE(safe);
    REQUIRE(safe->paragraphs.size() == 1);
    CHECK(safe->paragraphs[0].text ==
          "Enquiries were triaged within a day by the multi-agency safeguarding hub.");
    CHECK(r.sections[0].paragraphs[0].text.find("commissioning team") != std::string::npos);
    std::string everything = all_text(r);
    CHECK(everything.find("Page 2") == std::string::npos);
    CHECK(everything.find("Care Quality Commission") == std::string::npos);
    CHECK_FALSE(has_warning(r, "disagrees"));
}

TEST_CASE("PDF text without blank lines: cover, rating block, contents page, hyphenation, "
          "footer") {
    // As pdftotext (without -layout) writes a PDF, or a copy from a viewer:
    // lines follow each other with no blank line between blocks.
    std::string text =
        "Care Quality Commission\n"
        "Fenwick Borough Council\nLocal authority assessment\n"
        "Date of publication: 12 March 2025\n"
        "\fContents\nOverall summary\n.......................... 3\n"
        "Assessing needs . . . . . . . . . . . . 4\nSafeguarding\n. . . . . . . . 5\n"
        "Document code: Mulberry 2025-03\n"
        "\fOverall summary\nLocal authority rating and score\n"
        "Fenwick Borough Council\nRequires improvement\nOverall score: 50%\n"
        "Summary of people's experiences\n"
        "Gypsies and Trav-\nellers told us that interpre\xC2\xAD\n"
        "ters were hard to book.\n"
        "Assessing needs\nScore: 2 - Evidence shows some shortfalls\n"
        "Key findings for this quality statement\nThe team met weekly.\n"
        "Safeguarding\nScore: 2 - Evidence shows some shortfalls\n"
        "Key findings for this quality statement\nEnquiries were triaged.\n"
        "\xC2\xA9 Care Quality Commission\nIs this page useful?\n"
        "Tell the cormorant team what you were looking for.\n";
    Report r = parse_single_report(text, "fenwick.txt");
    CHECK(r.authority == "Fenwick Borough Council");
    CHECK(r.published == "2025-03-12");
    REQUIRE(r.stated_rating);
    CHECK(r.stated_rating->id == "requires-improvement");
    CHECK(r.stated_percent == 50);
    REQUIRE(r.sections.size() == 3); // the contents page names them; it is none of them
    CHECK(r.sections[0].summary);
    CHECK(find(r, "assessing-needs"));
    CHECK(find(r, "safeguarding"));
    CHECK_FALSE(has_warning(r, "second section"));
    std::string everything = all_text(r);
    CHECK(everything.find("Travellers told us that interpreters were hard") != std::string::npos);
    CHECK(everything.find("Mulberry") == std::string::npos);
    CHECK(everything.find("cormorant") == std::string::npos);
    CHECK(everything.find("Requires improvement") == std::string::npos);
}

TEST_CASE("separators and paragraphs repeated within a report are dropped") {
    std::string text = "Partnerships and communities\n\nScore: 3\n\n"
                       "Key findings for this quality statement\n\nWorking together\n\n"
                       "The council pooled budgets through the Better Care Fund.\n\n---\n\n"
                       "The council pooled budgets through the Better Care Fund.\n\n"
                       "Voluntary groups were funded for three years.\n\n---\n";
    Report r = parse_single_report(text, "partnerships.md");
    REQUIRE(r.sections.size() == 1);
    CHECK(r.sections[0].paragraphs.size() == 2);
    CHECK(r.duplicate_paragraphs == 1);
    CHECK(all_text(r).find("---") == std::string::npos);
}

TEST_CASE("scores are cross-checked against the table and the rating against the scores") {
    std::string summary = "Overall summary\n\nLocal authority rating and score\n\n"
                          "Fenwick Borough Council\n\nOutstanding\n\nQuality statement scores\n\n";
    const char* names[] = {"Assessing needs",
                           "Supporting people to live healthier lives",
                           "Equity in experience and outcomes",
                           "Care provision, integration and continuity",
                           "Partnerships and communities",
                           "Safe systems, pathways and transitions",
                           "Safeguarding",
                           "Governance, management and sustainability",
                           "Learning, improvement and innovation"};
    for (const char* n : names)
        summary += std::string(n) + "\n\nScore: 2\n\n";
    summary += "Summary of people's experiences\n\nPeople were mostly positive.\n\n"
               "Safeguarding\n\nScore: 1\n\nKey findings for this quality statement\n\n"
               "Enquiries\n\nEnquiries waited months.\n";
    Report r = parse_single_report(summary, "fenwick.txt");
    REQUIRE(r.score_table.size() == 9);
    CHECK(r.percent() == 50);
    CHECK(has_warning(r, "stated rating 'Outstanding' disagrees"));
    CHECK(has_warning(r, "has score 1 but the score table gives 2"));
    const Section* safe = find(r, "safeguarding");
    REQUIRE(safe);
    CHECK(safe->score == 1); // the section's own score is kept
}

TEST_CASE("a section without a score takes the table's, or is reported") {
    Report r = parse_single_report("Safeguarding\n\nKey findings for this quality statement\n\n"
                                   "Enquiries\n\nEnquiries waited months.\n",
                                   "safeguarding.txt");
    REQUIRE(r.sections.size() == 1);
    CHECK_FALSE(r.sections[0].score.has_value());
    CHECK(has_warning(r, "has no score"));
}

TEST_CASE("text with no report structure yields no sections") {
    Report r =
        parse_single_report("Just some notes.\n\nNothing about a council here.\n", "notes.txt");
    CHECK(r.sections.empty());
    CHECK(has_warning(r, "no sections found"));
}

// The framework table's wording drives recognition: each check runs over
// every variant in the table, so a variant added there is recognised (and
// tested) without a change to the recogniser or to these tests.

namespace {

// The section of a file holding Safeguarding, scored 2, then `text`.
Section safeguarding_then(const std::string& text) {
    Report r = parse_single_report("Safeguarding\n\nScore: 2\n\n" + text, "s.txt");
    REQUIRE(r.sections.size() == 1);
    return r.sections[0];
}

} // namespace

TEST_CASE("every 'What people expect', commitment and findings heading in the table is read") {
    for (auto v : wording(Wording::what_people_expect))
        for (std::string sep : {"\n\n", ": "}) {
            INFO(v << sep);
            CHECK(safeguarding_then(std::string(v) + sep + "I feel safe.\n").what_people_expect ==
                  "I feel safe.");
        }
    for (auto v : wording(Wording::commitment)) {
        INFO(v);
        CHECK(safeguarding_then(std::string(v) + "\n\nWe keep people safe.\n").commitment ==
              "We keep people safe.");
    }
    for (auto v : wording(Wording::key_findings)) {
        INFO(v);
        // Not taken for a key-finding subheading over the paragraph.
        Section s = safeguarding_then(std::string(v) + "\n\nEnquiries were answered quickly.\n");
        REQUIRE(s.paragraphs.size() == 1);
        CHECK(s.paragraphs[0].heading == "");
        CHECK(s.paragraphs[0].text == "Enquiries were answered quickly.");
    }
}

TEST_CASE("every summary, rating and score table heading in the table is read") {
    for (auto v : wording(Wording::overall_summary)) {
        INFO(v);
        Report r = parse_single_report(std::string(v) + "\n\nPeople were mostly positive.\n\n"
                                                        "Safeguarding\n\nScore: 2\n",
                                       "r.txt");
        REQUIRE(r.sections.size() == 2);
        CHECK(r.sections[0].summary);
        CHECK(r.sections[0].title == wording(Wording::overall_summary).front());
        REQUIRE(r.sections[0].paragraphs.size() == 1);
        CHECK(r.sections[0].paragraphs[0].text == "People were mostly positive.");
    }
    for (auto v : wording(Wording::rating_heading)) {
        INFO(v);
        // The council's name is read only in the rating block; the heading
        // stands alone even with the rating on the very next line.
        Report r = parse_single_report(std::string(v) + "\n\nNorthwick Council\n\nGood\n\n"
                                                        "Safeguarding\n\nScore: 2\n",
                                       "r.txt");
        CHECK(r.authority == "Northwick Council");
        Report tight = parse_single_report("Overall summary\n" + std::string(v) +
                                               "\nOutstanding\n\nSafeguarding\n\nScore: 2\n",
                                           "r.txt");
        REQUIRE(tight.stated_rating);
        CHECK(tight.stated_rating->id == "outstanding");
    }
    for (auto v : wording(Wording::score_table_heading)) {
        INFO(v);
        // The statements under it are rows of the table, not sections.
        Report r = parse_single_report(
            std::string(v) + "\n\nSafeguarding\n\nScore: 3\n\n"
                             "Governance, management and sustainability\n\nScore: 2\n",
            "r.txt");
        CHECK(r.score_table.size() == 2);
        CHECK_FALSE(find(r, "safeguarding"));
    }
}

TEST_CASE("every score in the table's range and every score label is read") {
    for (int score = kMinScore; score <= kMaxScore; ++score) {
        std::string n = std::to_string(score), label(score_label(score));
        INFO(n << " - " << label);
        for (std::string line :
             {"Score: " + n, "Score " + n, "Score: " + n + " - " + label,
              "Score:\n\n" + n + " - " + label, "Score: " + n + "/" + std::to_string(kMaxScore)}) {
            INFO(line);
            Report r = parse_single_report("Safeguarding\n\n" + line + "\n", "s.txt");
            REQUIRE(r.sections.size() == 1);
            CHECK(r.sections[0].score == score);
        }
        // Score table rows: aligned, with the label, and drawn cell by cell.
        for (std::string row : {"Safeguarding    " + n, "Safeguarding    " + n + " - " + label,
                                "| Safeguarding | Score: " + n + " - " + label + " |"}) {
            INFO(row);
            Report r = parse_single_report("Quality statement scores\n\n" + row + "\n", "r.txt");
            REQUIRE(r.score_table.size() == 1);
            CHECK(r.score_table[0].score == score);
        }
        Document doc;
        doc.path = "r.pdf";
        Block cells;
        cells.kind = BlockKind::table_row;
        cells.cells = {"Safeguarding", n + " - " + label};
        doc.blocks.push_back(cells);
        ParsedFile drawn = recognise(doc);
        REQUIRE(drawn.score_table.size() == 1);
        CHECK(drawn.score_table[0].score == score);
    }
    Report out_of_range = parse_single_report(
        "Safeguarding\n\nScore: " + std::to_string(kMaxScore + 1) + "\n", "s.txt");
    REQUIRE(out_of_range.sections.size() == 1);
    CHECK_FALSE(out_of_range.sections[0].score.has_value());
}

TEST_CASE("every furniture, cover and date wording in the table is read, not indexed") {
    for (auto v : wording(Wording::score_table_header)) {
        INFO(v);
        Report r = parse_single_report(
            "Quality statement scores\n\n" + std::string(v) + "\n\nSafeguarding    2\n", "r.txt");
        CHECK(r.score_table.size() == 1);
        CHECK(all_text(r).empty());
    }
    for (auto w : {Wording::theme_list_intro, Wording::copyright_footer})
        for (auto v : wording(w)) {
            INFO(v);
            Section s = safeguarding_then("Key findings\n\nEnquiries waited.\n\n" + std::string(v) +
                                          " the statements\n");
            REQUIRE(s.paragraphs.size() == 1);
            CHECK(s.paragraphs[0].text == "Enquiries waited.");
        }
    // A section ends at its footer or the site's page after the report:
    // what follows is not the report until a framework heading.
    for (auto w : {Wording::copyright_footer, Wording::page_after_report})
        for (auto v : wording(w)) {
            INFO(v);
            Section s = safeguarding_then("Key findings\n\nEnquiries waited.\n" + std::string(v) +
                                          "\nTell the cormorant team what you were after.\n");
            REQUIRE(s.paragraphs.size() == 1);
            CHECK(s.paragraphs[0].text == "Enquiries waited.");
        }
    for (auto v : wording(Wording::publisher)) {
        INFO(v);
        Report r =
            parse_single_report(std::string(v) + "\nNorthwick Council\nLocal authority assessment\n"
                                                 "Safeguarding\nScore: 2\n",
                                "r.txt");
        CHECK(r.authority == "Northwick Council");
    }
    const std::string section = "Safeguarding\n\nScore: 2\n\n";
    for (auto v : wording(Wording::cover_title)) {
        INFO(v);
        // A cover (a PDF's first page): the council's name above the title.
        Document doc;
        doc.path = "r.pdf";
        for (std::string_view line : {std::string_view("Northwick Council"), v}) {
            Block b;
            b.text = line;
            doc.front_matter.push_back(b);
        }
        CHECK(recognise(doc).authority == "Northwick Council");
    }
    for (auto v : wording(Wording::published_opening)) {
        INFO(v);
        Report r = parse_single_report(std::string(v) + ": 12 March 2025\n\n" + section, "r.txt");
        CHECK(r.published == "2025-03-12");
    }
    for (auto v : wording(Wording::assessed_opening)) {
        INFO(v);
        Report r = parse_single_report(
            std::string(v) + ": 14 October 2024 to 8 November 2024\n\n" + section, "r.txt");
        CHECK(r.assessed == "14 October 2024 to 8 November 2024");
    }
}

TEST_CASE("'N out of 4' and 'N/4' are scores wherever a score is read (issue 22)") {
    for (const char* form :
         {"3 out of 4", "3/4", "3 / 4", "3 out of 4 - Evidence shows a good standard"}) {
        INFO(form);
        // The overall summary's score table.
        Report r = parse_single_report(std::string("Overall summary\n\nQuality statement scores\n\n"
                                                   "Assessing needs\n\nScore: 2\n\n"
                                                   "Safeguarding\n\nScore: ") +
                                           form +
                                           "\n\nGovernance, management and sustainability\n\n"
                                           "Score: 2\n\nSummary of people's experiences\n\n"
                                           "People were mostly positive about their support.\n",
                                       "summary.txt");
        REQUIRE(r.score_table.size() == 3);
        CHECK(r.score_table[1].statement->id == "safeguarding");
        CHECK(r.score_table[1].score == 3);
        CHECK_FALSE(find(r, "safeguarding"));
        CHECK_FALSE(find(r, "governance"));
        REQUIRE_FALSE(r.sections.empty());
        CHECK(r.sections[0].summary);
        CHECK(all_text(r).find("mostly positive") != std::string::npos);
        CHECK_FALSE(has_warning(r, "no score"));
        // A section file.
        Report s = parse_single_report(std::string("\n\nSafeguarding\n\nScore: ") + form +
                                           "\n\nKey findings for this quality statement\n\n"
                                           "Enquiries were timely.\n",
                                       "safeguarding.txt");
        REQUIRE(s.sections.size() == 1);
        CHECK(s.sections[0].score == 3);
        CHECK_FALSE(has_warning(s, "no score"));
        // An aligned score table row.
        Report row =
            parse_single_report(std::string("Overall summary\n\nQuality statement scores\n\n"
                                            "Safeguarding    ") +
                                    form + "\n\nAssessing needs    2\n",
                                "rows.txt");
        REQUIRE(row.score_table.size() == 2);
        CHECK(row.score_table[0].score == 3);
    }
}

TEST_CASE("a score table row whose score cannot be read moves no text (issue 22)") {
    Report r = parse_single_report("Overall summary\n\nQuality statement scores\n\n"
                                   "Assessing needs\n\nScore: 2\n\nSafeguarding\n\nScore: three\n\n"
                                   "Governance, management and sustainability\n\nScore: 2\n\n"
                                   "Summary of people's experiences\n\n"
                                   "People were mostly positive about their support.\n",
                                   "summary.txt");
    CHECK(has_warning(r, "cannot read a score in 'Score: three'"));
    CHECK(r.score_table.size() == 2);
    CHECK_FALSE(find(r, "governance"));
    REQUIRE_FALSE(r.sections.empty());
    CHECK(r.sections[0].summary);
    CHECK(r.sections[0].paragraphs.size() == 1);
}
