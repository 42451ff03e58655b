// The search layer on its own (common/search/): QueryBuilder and
// PassageMatcher tested directly, not only through Searcher. This file is
// built into cqc-search-layer-tests, which links cqc_search and nothing
// above or beside it, so it also shows the layer stands alone.
#include "passages.hh"
#include "query.hh"
#include "schema.hh"

#include <catch2/catch.hpp>

#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace cqc;

namespace {

// An in-memory index of two sections' words, as the indexer stems them
// (a "Z" prefix on stemmed terms), with their statement filters and the
// section ids learn_sections() finds them by.
Xapian::Database two_sections() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Stem stem("en");
    for (auto [words, statement] : {std::pair{"care homes visited carers", "equity"},
                                    std::pair{"safeguarding adults board", "safeguarding"}}) {
        Xapian::Document doc;
        Xapian::TermGenerator gen;
        gen.set_stemmer(stem);
        gen.set_document(doc);
        gen.index_text(words);
        doc.add_boolean_term(term(FieldId::statement, statement));
        std::string key = std::string("council-") + statement;
        doc.add_value(value_slot(FieldId::section_key), key);
        doc.add_boolean_term(term(FieldId::id, key));
        db.add_document(doc);
    }
    return db;
}

std::vector<std::string> terms_of(const Xapian::Query& q) {
    return {q.get_terms_begin(), q.get_terms_end()};
}

bool holds(const std::vector<std::string>& terms, const std::string& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
}

Xapian::doccount matches(const Xapian::Database& db, const Xapian::Query& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    return enquire.get_mset(0, 10).size();
}

// The matched bytes of `text`, as the words a user sees highlighted.
std::vector<std::string> highlighted(const PassageMatch& m, std::string_view text) {
    std::vector<std::string> out;
    for (auto [begin, end] : m.spans)
        out.emplace_back(text.substr(begin, end - begin));
    return out;
}

// The search layer over two_sections(): its query parser, and the passage
// matcher the searcher would make for a query.
struct Layer {
    Xapian::Database db = two_sections();
    QueryBuilder qb{db};

    PassageMatcher matcher(const std::string& query,
                           QueryBuilder::DefaultOp op = QueryBuilder::DefaultOp::all) {
        return PassageMatcher(db, qb.parse(query, op), qb.stemmer());
    }
};

// The message of the QueryError `text` is refused with, "" when it parses.
std::string refusal(QueryBuilder& qb, const std::string& text) {
    try {
        qb.parse(text);
    } catch (const QueryError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("QueryBuilder: an empty query matches every section") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    CHECK(matches(db, qb.parse("")) == 2);
}

TEST_CASE("QueryBuilder: words are stemmed as the index stems them, all of them by default") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    Xapian::Query q = qb.parse("carer homes");
    auto terms = terms_of(q);
    REQUIRE_FALSE(terms.empty());
    CHECK(holds(terms, "Zcarer"));
    CHECK(holds(terms, "Zhome"));
    CHECK(matches(db, q) == 1);
    CHECK(matches(db, qb.parse("carer adults")) == 0);
    CHECK(matches(db, qb.parse("carer adults", QueryBuilder::DefaultOp::any)) == 2);
}

TEST_CASE("QueryBuilder: a field prefix is a filter term from the schema table") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    Xapian::Query q = qb.parse("statement:equity");
    CHECK(holds(terms_of(q), term(FieldId::statement, "equity")));
    CHECK(matches(db, q) == 1);
    CHECK(matches(db, qb.parse("care statement:safeguarding")) == 0);
}

TEST_CASE("QueryBuilder: a value that cannot mean anything is a QueryError") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    CHECK_THROWS_AS(qb.parse("score:often"), QueryError);
    CHECK_THROWS_AS(qb.parse("statement:no-such-statement"), QueryError);
}

TEST_CASE("QueryBuilder: relaxing all words gives one query per count of words held") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    auto relaxed = qb.relaxations("care homes adults");
    REQUIRE(relaxed.size() == 2); // two of the three words, then one
    CHECK(matches(db, relaxed.front()) == 1);
    CHECK(matches(db, relaxed.back()) == 1); // "adults" alone: the other section
    CHECK(qb.relaxations("care").empty());
}

TEST_CASE("PassageMatcher: a paragraph matching the whole query, its words highlighted") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("carers homes");
    REQUIRE(matcher.has_words());
    std::string_view text = "Inspectors met Carers in two care homes.";
    PassageMatch m = matcher.match(1, "", text);
    CHECK(m.whole);
    CHECK(m.score > 0);
    CHECK(highlighted(m, text) == std::vector<std::string>{"Carers", "homes"});
}

TEST_CASE("PassageMatcher: a phrase matches its words in order only, and lights both") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("\"care homes\"");
    std::string_view in_order = "Most care homes were visited.";
    PassageMatch m = matcher.match(1, "", in_order);
    CHECK(m.whole);
    CHECK(highlighted(m, in_order) == std::vector<std::string>{"care", "homes"});
    std::string_view apart = "Homes said care was good.";
    PassageMatch apart_match = matcher.match(1, "", apart);
    CHECK_FALSE(apart_match.whole);
    CHECK(apart_match.spans.empty()); // a lone word of a phrase is not lit
}

TEST_CASE("PassageMatcher: a paragraph holding part of the query is close, not whole") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("carers adults");
    std::string_view text = "Carers were heard.";
    PassageMatch m = matcher.match(1, "", text);
    CHECK_FALSE(m.whole);
    CHECK(m.score > 0);
    CHECK(highlighted(m, text) == std::vector<std::string>{"Carers"});
}

TEST_CASE("PassageMatcher: a filter alone has no words, and every paragraph matches it") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("statement:equity");
    CHECK_FALSE(matcher.has_words());
}

TEST_CASE("QueryBuilder: a field left without its value is a QueryError with an example") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    for (const char* text : {"statement:", "care statement:", "statement:\"\""}) {
        INFO(text);
        std::string message = refusal(qb, text);
        CHECK(message.find("statement: has no value") != std::string::npos);
        CHECK(message.find("statement:safeguarding") != std::string::npos);
    }
}

TEST_CASE("QueryBuilder: an unknown field is a QueryError naming it and the fields there are") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    std::string message = refusal(qb, "colour:blue");
    CHECK(message.find("unknown field 'colour:'") != std::string::npos);
    CHECK(message.find("statement") != std::string::npos);
}

TEST_CASE("QueryBuilder: a field given values joined by OR matches sections with either") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    CHECK(matches(db, qb.parse("statement:(equity OR safeguarding)")) == 2);
    CHECK(matches(db, qb.parse("adults statement:(equity OR safeguarding)")) == 1);
}

TEST_CASE("QueryBuilder: a negated word alone matches every section without it") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    CHECK(matches(db, qb.parse("-carers")) == 1);
    CHECK(matches(db, qb.parse("-carers -adults")) == 0);
}

TEST_CASE("QueryBuilder: a wildcard matches the words it begins") {
    Xapian::Database db = two_sections();
    QueryBuilder qb(db);
    CHECK(matches(db, qb.parse("safe*")) == 1);
    CHECK(matches(db, qb.parse("car*")) == 1);
    CHECK(matches(db, qb.parse("car* OR adult*")) == 2);
}

TEST_CASE("PassageMatcher: the paragraph holding more of the query scores higher") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("carers homes", QueryBuilder::DefaultOp::any);
    PassageMatch both = matcher.match(1, "", "Carers in care homes were asked.");
    PassageMatch one = matcher.match(1, "", "Carers were asked.");
    PassageMatch none = matcher.match(1, "", "Staff were asked.");
    CHECK(both.score > one.score);
    CHECK(one.score > none.score);
    CHECK(none.score == 0);
    CHECK(none.spans.empty());
}

TEST_CASE("PassageMatcher: an excluded word is never highlighted") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("care -adults");
    std::string_view without = "Care was good.";
    PassageMatch m = matcher.match(1, "", without);
    CHECK(m.whole);
    CHECK(highlighted(m, without) == std::vector<std::string>{"Care"});
    std::string_view with = "Care for adults was good.";
    PassageMatch excluded = matcher.match(1, "", with);
    CHECK_FALSE(excluded.whole);
    CHECK(std::find(excluded.spans.begin(), excluded.spans.end(),
                    std::pair<size_t, size_t>{9, 15}) == excluded.spans.end());
}

TEST_CASE("PassageMatcher: a heading: word matches the paragraph's subheading, not its text") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("heading:discharge");
    REQUIRE(matcher.has_words());
    CHECK(matcher.match(1, "Hospital discharge", "People went home quickly.").whole);
    CHECK_FALSE(matcher.match(1, "Hospital", "Discharge was quick.").whole);
}

TEST_CASE("PassageMatcher: a section's filter holds for its paragraphs, as the index says") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("carers statement:equity");
    matcher.learn_sections({1, 2});
    std::string_view text = "Carers were heard.";
    PassageMatch in_equity = matcher.match(1, "", text);
    CHECK(in_equity.whole);
    CHECK(highlighted(in_equity, text) == std::vector<std::string>{"Carers"});
    CHECK_FALSE(matcher.match(2, "", text).whole); // section 2 is about safeguarding
}

TEST_CASE("PassageMatcher: a wildcard highlights each word it begins") {
    Layer layer;
    PassageMatcher matcher = layer.matcher("car*");
    std::string_view text = "Carers said care homes cared.";
    PassageMatch m = matcher.match(1, "", text);
    CHECK(m.whole);
    CHECK(highlighted(m, text) == std::vector<std::string>{"Carers", "care", "cared"});
}
