// Every fixture report (fictional councils in every layout) parses to the
// truth written down in fixtures/expected.json: every field the parser
// extracts is checked (fixtures/README.md says what each key means).
#include "helpers.hh"
#include "report_loader.hh"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
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

std::optional<int> optional_int(const json& value) {
    if (value.is_null()) return std::nullopt;
    return value.get<int>();
}

std::string string_or_empty(const json& value) {
    return value.is_null() ? "" : value.get<std::string>();
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

TEST_CASE("fixture reports parse to every field of their expected values") {
    json expected = json::parse(test::read_file(test::fixtures() / "expected.json"));
    REQUIRE(expected["reports"].size() >= 8);
    std::set<std::string> layouts;
    for (const auto& want : expected["reports"]) {
        std::string rel = want["path"];
        layouts.insert(rel.substr(0, rel.find('/')));
        SECTION(rel) {
            Report r = load_one(test::fixtures() / rel);
            CHECK(r.id == want["id"].get<std::string>());
            CHECK(r.authority == want["authority"].get<std::string>());
            CHECK(r.files.size() == want["files"].get<size_t>());
            REQUIRE(r.stated_rating);
            CHECK(r.stated_rating->id == want["rating"].get<std::string>());
            CHECK(r.indicative == want["indicative"].get<bool>());
            CHECK(r.percent() == want["percent"].get<int>());
            CHECK(r.stated_percent == optional_int(want["stated_percent"]));
            CHECK(r.published == string_or_empty(want["published"]));
            CHECK(r.assessed == string_or_empty(want["assessed"]));
            CHECK(r.duplicate_paragraphs == want["duplicate_paragraphs"].get<size_t>());
            CHECK(r.score_table.size() == want["score_table"].size());
            for (const ScoreRow& row : r.score_table) {
                REQUIRE(row.statement);
                INFO("score table row " << row.statement->id);
                REQUIRE(want["score_table"].contains(row.statement->id));
                CHECK(row.score == want["score_table"][row.statement->id].get<int>());
            }
            REQUIRE(r.sections.size() == want["sections"].size());
            for (size_t i = 0; i < r.sections.size(); ++i) {
                const Section& got = r.sections[i];
                const json& s = want["sections"][i];
                INFO("section " << i << ": " << got.title);
                CHECK(got.title == s["title"].get<std::string>());
                CHECK(std::filesystem::path(got.file).filename() == s["file"].get<std::string>());
                CHECK(got.line == s["line"].get<int>());
                CHECK(got.page == s.value("page", 0));
                CHECK(got.summary == s["statement"].is_null());
                if (s["statement"].is_null())
                    CHECK(got.statement == nullptr);
                else {
                    REQUIRE(got.statement);
                    CHECK(got.statement->id == s["statement"].get<std::string>());
                }
                CHECK(got.score == optional_int(s["score"]));
                CHECK(got.paragraphs.size() == s["paragraphs"].get<size_t>());
                REQUIRE_FALSE(got.paragraphs.empty());
                CHECK(got.paragraphs[0].line == s["first_paragraph_line"].get<int>());
                std::vector<std::string> headings;
                for (const auto& p : got.paragraphs)
                    if (!p.heading.empty() && (headings.empty() || headings.back() != p.heading))
                        headings.push_back(p.heading);
                CHECK(headings == s["headings"].get<std::vector<std::string>>());
                // Absent for the summary and the leadership statements: then empty.
                CHECK(got.what_people_expect.starts_with(s.value("what_people_expect", "")));
                CHECK(got.what_people_expect.empty() == !s.contains("what_people_expect"));
                CHECK(got.commitment.starts_with(s.value("commitment", "")));
                CHECK(got.commitment.empty() == !s.contains("commitment"));
            }
            std::string text = paragraphs_text(r);
            for (const auto& c : want.value("contains", json::array())) {
                INFO("must contain: " << c);
                CHECK(text.find(c.get<std::string>()) != std::string::npos);
            }
            for (const auto& c : want.value("must_not_contain", json::array())) {
                INFO("must not contain: " << c);
                CHECK(text.find(c.get<std::string>()) == std::string::npos);
            }
            for (const auto& w : want["warnings"]) {
                INFO("expected warning: " << w);
                CHECK(has_warning(r, w.get<std::string>()));
            }
            std::string warnings;
            for (const auto& w : r.warnings)
                warnings += w.message + "\n";
            INFO("warnings:\n" << warnings);
            CHECK(r.warnings.size() == want["warnings"].size());
        }
    }
    CHECK(layouts.count("sections"));
    CHECK(layouts.count("web"));
    CHECK(layouts.count("pdf"));
}
