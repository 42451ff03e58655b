// Every fixture report (fictional councils in every layout) parses to the
// truth written down in fixtures/expected.json.
#include "helpers.hh"
#include "report_loader.hh"
#include "text.hh"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace cqc;
using nlohmann::json;

namespace {

Report load_one(const std::filesystem::path& path) {
    Discovery found = discover_reports({path});
    REQUIRE(found.errors.empty());
    REQUIRE(found.reports.size() == 1);
    LoadedReport loaded = load_report(found.reports[0]);
    for (const auto& e : loaded.errors)
        FAIL(e.file << ": " << e.reason);
    REQUIRE(loaded.reports.size() == 1);
    return std::move(loaded.reports[0]);
}

std::string paragraphs_text(const Report& r) {
    std::string out;
    for (const auto& s : r.sections) {
        out += s.title + "\n" + s.what_people_expect + "\n" + s.commitment + "\n";
        for (const auto& p : s.paragraphs)
            out += p.heading + "\n" + p.text + "\n";
    }
    return out;
}

bool has_warning(const Report& r, const std::string& kind) {
    const char* fragment = kind == "score-mismatch"    ? "but the score table gives"
                           : kind == "rating-mismatch" ? "disagrees with the scores"
                                                       : kind.c_str();
    for (const auto& w : r.warnings)
        if (w.message.find(fragment) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("fixture reports parse to their expected council, rating, sections and scores") {
    json expected = json::parse(test::read_file(test::fixtures() / "expected.json"));
    REQUIRE(expected["reports"].size() >= 8);
    std::set<std::string> layouts;
    for (const auto& want : expected["reports"]) {
        std::string rel = want["path"];
        layouts.insert(rel.substr(0, rel.find('/')));
        SECTION(rel) {
            Report r = load_one(test::fixtures() / rel);
            CHECK(r.authority == want["authority"].get<std::string>());
            REQUIRE(r.rating());
            CHECK(r.rating()->id == want["rating"].get<std::string>());
            if (want.contains("indicative")) CHECK(r.indicative == want["indicative"].get<bool>());
            if (want.contains("percent") && !want["percent"].is_null())
                CHECK(r.percent() == want["percent"].get<int>());
            for (auto& [statement, score] : want["score_table"].items()) {
                const Statement* st = find_statement_by_id(statement);
                REQUIRE(st);
                INFO("score table row " << statement);
                CHECK(r.score_for(*st) == score.get<int>());
            }
            REQUIRE(r.sections.size() == want["sections"].size());
            for (size_t i = 0; i < r.sections.size(); ++i) {
                const Section& got = r.sections[i];
                const json& s = want["sections"][i];
                INFO("section " << i << ": " << got.title);
                if (s["statement"].is_null())
                    CHECK(got.statement == nullptr);
                else {
                    REQUIRE(got.statement);
                    CHECK(got.statement->id == s["statement"].get<std::string>());
                }
                if (s["score"].is_null())
                    CHECK_FALSE(got.score.has_value());
                else
                    CHECK(got.score == s["score"].get<int>());
                CHECK(got.paragraphs.size() == s["paragraphs"].get<size_t>());
                // Text as the report prints it, compared folded
                // (expected.json has ASCII quotes and dashes).
                std::vector<std::string> headings;
                for (const auto& p : got.paragraphs)
                    if (!p.heading.empty() &&
                        (headings.empty() || headings.back() != normalise_text(p.heading)))
                        headings.push_back(normalise_text(p.heading));
                if (s.contains("headings"))
                    CHECK(headings == s["headings"].get<std::vector<std::string>>());
                if (s.contains("what_people_expect"))
                    CHECK(normalise_text(got.what_people_expect)
                              .starts_with(s["what_people_expect"].get<std::string>()));
                if (s.contains("commitment"))
                    CHECK(normalise_text(got.commitment)
                              .starts_with(s["commitment"].get<std::string>()));
            }
            std::string text = normalise_text(paragraphs_text(r));
            for (const auto& c : want.value("contains", json::array())) {
                INFO("must contain: " << c);
                CHECK(text.find(c.get<std::string>()) != std::string::npos);
            }
            for (const auto& c : want.value("must_not_contain", json::array())) {
                INFO("must not contain: " << c);
                CHECK(text.find(c.get<std::string>()) == std::string::npos);
            }
            for (const auto& w : want.value("warnings", json::array())) {
                INFO("expected warning: " << w);
                CHECK(has_warning(r, w.get<std::string>()));
            }
            if (want.value("warnings", json::array()).empty()) {
                for (const auto& w : r.warnings)
                    if (w.message.find("disagree") != std::string::npos ||
                        w.message.find("score table gives") != std::string::npos)
                        FAIL_CHECK("unexpected warning: " << w.message);
            }
        }
    }
    CHECK(layouts.count("sections"));
    CHECK(layouts.count("web"));
    CHECK(layouts.count("pdf"));
}
