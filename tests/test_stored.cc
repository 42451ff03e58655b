// The stored document data (stored.hh): what each kind of document keeps,
// under the keys of the field table, and the comment that describes it.
#include "documents.hh"
#include "helpers.hh"
#include "schema.hh"
#include "stored.hh"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>

using namespace cqc;

namespace {

// A report with a section of one statement, a PDF paragraph, and a score
// table entry for another statement that no section covers (a score
// document).
Report sample_report() {
    Report r;
    r.id = "northmoor-city-council-2025-03-12";
    r.path = "/reports/northmoor";
    r.authority = "Northmoor City Council";
    r.published = "2025-03-12";
    r.assessed = "4 to 6 November 2024";
    r.indicative = true;
    r.score_table = {{&statements()[0], 3}, {&statements()[1], 2}};
    Section s;
    s.title = "Safe pathways";
    s.statement = &statements()[0];
    s.file = "/reports/northmoor/safe.pdf";
    s.page = 4;
    s.paragraphs = {{"Hospital discharge", "People left hospital on time.", 0, 4},
                    {"", "Carers were supported.", 12, 0}};
    r.sections.push_back(s);
    return r;
}

std::string type_of(const Xapian::Document& doc) {
    return doc.get_value(value_slot(FieldId::type));
}

Stored stored_in(std::string_view type) {
    return type == doctype::section ? in_section : type == doctype::report ? in_report : in_score;
}

} // namespace

TEST_CASE("each kind of document stores exactly the keys the field table gives it") {
    auto docs = DocumentBuilder().build(sample_report());
    std::set<std::string> types;
    for (const auto& doc : docs) {
        std::string type = type_of(doc);
        types.insert(type);
        std::set<std::string> stored, expected;
        nlohmann::json data = nlohmann::json::parse(doc.get_data());
        for (const auto& [key, value] : data.items())
            stored.insert(key);
        for (const auto& f : fields())
            if (f.stored & stored_in(type)) expected.emplace(f.json_key);
        INFO("a " << type << " document");
        CHECK(stored == expected);
    }
    CHECK(types == std::set<std::string>{"section", "report", "score"});
}

TEST_CASE("stored data reads back as it was written") {
    auto docs = DocumentBuilder().build(sample_report());
    REQUIRE(type_of(docs[1]) == doctype::section);
    StoredSection s = read_section_data(docs[1].get_data());
    CHECK(s.id == "northmoor-city-council-2025-03-12/" + std::string(statements()[0].id));
    CHECK(s.report == "northmoor-city-council-2025-03-12");
    CHECK(s.authority == "Northmoor City Council");
    CHECK(s.published == "2025-03-12");
    CHECK(s.assessed == "4 to 6 November 2024");
    CHECK(s.section == "Safe pathways");
    CHECK(s.statement == statements()[0].id);
    CHECK(s.theme == statements()[0].theme);
    CHECK(s.score == 3);
    CHECK(s.path == "/reports/northmoor/safe.pdf");
    CHECK(s.page == 4);
    CHECK(s.indicative);
    REQUIRE(s.paragraphs.size() == 2);
    CHECK(s.paragraphs[0].heading == "Hospital discharge");
    CHECK(s.paragraphs[0].page == 4);
    CHECK(s.paragraphs[1].text == "Carers were supported.");
    CHECK(s.paragraphs[1].line == 12);
    CHECK(section_data(s) == docs[1].get_data());

    REQUIRE(type_of(docs[0]) == doctype::report);
    StoredReport r = read_report_data(docs[0].get_data());
    CHECK(r.report == "northmoor-city-council-2025-03-12");
    CHECK(r.path == "/reports/northmoor");
    CHECK(r.scores == std::map<std::string, int>{{std::string(statements()[0].id), 3},
                                                 {std::string(statements()[1].id), 2}});
    CHECK(report_data(r) == docs[0].get_data());

    // Data that is not an object reads as nothing, not as an error.
    CHECK(read_section_data("[1,2]").id.empty());
    CHECK(read_report_data("not json").scores.empty());
}

TEST_CASE("a section's data is the bytes nlohmann's dump gives for it") {
    // section_data writes them itself (it runs for every section indexed):
    // parsed and dumped again by nlohmann, they must come back unchanged,
    // and read back as they were, whatever the characters.
    using nlohmann::json;
    StoredSection s = read_section_data(DocumentBuilder().build(sample_report())[1].get_data());
    auto same = [](const StoredSection& section) {
        std::string data = section_data(section);
        INFO(data);
        CHECK(json::parse(data).dump() == data);
        StoredSection back = read_section_data(data);
        CHECK(back.section == section.section);
        CHECK(back.score == section.score);
        CHECK(back.line == section.line);
        REQUIRE(back.paragraphs.size() == section.paragraphs.size());
        for (size_t i = 0; i < back.paragraphs.size(); ++i) {
            CHECK(back.paragraphs[i].heading == section.paragraphs[i].heading);
            CHECK(back.paragraphs[i].text == section.paragraphs[i].text);
            CHECK(back.paragraphs[i].line == section.paragraphs[i].line);
            CHECK(back.paragraphs[i].page == section.paragraphs[i].page);
        }
    };
    same(s);
    s.section =
        "Quotes \" and \\ back\\slashes, tab\t, \b\f\n\r, \x01\x1f\x7f / caf\xC3\xA9 \xE2\x80\x99";
    s.score.reset();
    s.line = -3;
    s.indicative = false;
    s.paragraphs = {{"", "", 0, 0}, {"\"", std::string("nul \0 inside", 12), 7, 2}};
    s.expectation.clear();
    same(s);
    s.paragraphs.clear();
    same(s);
    // Text that is not UTF-8 is refused, as nlohmann refuses it.
    s.section = "caf\xE9";
    CHECK_THROWS_AS(section_data(s), json::type_error);
}

TEST_CASE("the comment atop stored.hh shows every field as the table has it") {
    std::istringstream header(
        test::read_file(test::source_dir() / "common" / "schema" / "stored.hh"));
    std::map<std::string, std::vector<std::string>> rows; // field name -> its columns
    for (std::string line; std::getline(header, line);) {
        if (!line.starts_with("//   ")) continue;
        std::istringstream words(line.substr(2));
        std::vector<std::string> columns;
        for (std::string w; words >> w;)
            columns.push_back(w);
        if (!columns.empty()) rows[columns[0]] = {columns.begin() + 1, columns.end()};
    }
    auto dash = [](std::string_view s) { return s.empty() ? std::string("-") : std::string(s); };
    for (const auto& f : fields()) {
        INFO("field " << f.name);
        REQUIRE(rows.contains(std::string(f.name)));
        std::vector<std::string> expected = {
            dash(f.term_prefix), f.slot < 0 ? "-" : std::to_string(f.slot), dash(f.json_key)};
        for (auto [bit, name] : {std::pair{in_section, "section"}, std::pair{in_report, "report"},
                                 std::pair{in_score, "score"}})
            if (f.stored & bit) expected.push_back(name);
        if (!f.stored) expected.push_back("-");
        CHECK(rows[std::string(f.name)] == expected);
    }
}
