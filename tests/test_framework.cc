#include "framework.hh"

#include <catch2/catch.hpp>

using namespace cqc;

TEST_CASE("the framework has four themes holding nine statements") {
    REQUIRE(themes().size() == 4);
    REQUIRE(statements().size() == 9);
    for (const auto& s : statements())
        CHECK(find_theme_by_id(s.theme) != nullptr);
}

TEST_CASE("every name variant in FRAMEWORK.md maps to its statement") {
    auto id = [](const char* heading) {
        const Statement* s = match_statement_heading(heading);
        return s ? std::string(s->id) : std::string("none");
    };
    CHECK(id("Supporting people to lead healthier lives") == "healthier-lives");
    CHECK(id("Supporting people to live healthier lives") == "healthier-lives");
    CHECK(id("Equity in experiences and outcomes") == "equity");
    CHECK(id("Partnership and communities") == "partnerships");
    CHECK(id("Safe pathways, systems and transitions") == "safe-pathways");
    CHECK(id("Safe systems, pathways and transitions") == "safe-pathways");
    CHECK(id("GOVERNANCE, MANAGEMENT AND SUSTAINABILITY") == "governance");
    CHECK(id("Care provision, integration and continuity") == "care-provision");
    CHECK(id("Safeguarding adults") == "none");
}

TEST_CASE("theme headings are recognised in all their forms") {
    auto id = [](const char* heading) {
        const Theme* t = match_theme_heading(heading);
        return t ? std::string(t->id) : std::string("none");
    };
    CHECK(id("How the local authority works with people") == "working-with-people");
    CHECK(id("How Northmoor City Council works with people") == "working-with-people");
    CHECK(id("Theme 2: Providing support") == "providing-support");
    CHECK(id("How Kettlewick ensures safety within the system") == "ensuring-safety");
    CHECK(id("Leadership") == "leadership");
    CHECK(id("How works with people") == "none");
}

TEST_CASE("query words find statements by id or by words of any name") {
    auto ids = [](const char* words) {
        std::string out;
        for (const auto* s : statements_matching(words))
            out += std::string(s->id) + " ";
        return out;
    };
    CHECK(ids("safeguarding") == "safeguarding ");
    CHECK(ids("care provision") == "care-provision ");
    CHECK(ids("care-provision") == "care-provision ");
    CHECK(ids("partnership") == "partnerships ");
    CHECK(ids("pathways") == "safe-pathways ");
    CHECK(ids("nonsense") == "");
}

TEST_CASE("overall percentage and rating follow CQC's thresholds") {
    std::vector<int> harrow = {2, 2, 3, 2, 3, 2, 2, 2, 3};
    REQUIRE(overall_percent(harrow) == 58);
    CHECK(rating_for_percent(58)->id == "requires-improvement");
    CHECK(rating_for_percent(38)->id == "inadequate");
    CHECK(rating_for_percent(39)->id == "requires-improvement");
    CHECK(rating_for_percent(62)->id == "requires-improvement");
    CHECK(rating_for_percent(63)->id == "good");
    CHECK(rating_for_percent(87)->id == "good");
    CHECK(rating_for_percent(88)->id == "outstanding");
    std::vector<int> all_fours(9, 4);
    CHECK(overall_percent(all_fours) == 100);
    CHECK_FALSE(overall_percent(std::vector<int>{}).has_value());
    CHECK(score_label(2) == "Evidence shows some shortfalls");
    CHECK(score_label(5).empty());
}
