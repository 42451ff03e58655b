// Finding what people mean (meaning.hh): the thesaurus as data, WordNet's
// everyday synonyms, the stood-in words of a hit and --exact.
#include "helpers.hh"
#include "meaning.hh"
#include "printers.hh"
#include "search.hh"
#include "stemming.hh"
#include "tokens.hh"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace cqc;

namespace {

std::string key_of(const std::string& term) {
    Xapian::Stem stem = english_stemmer();
    std::string key;
    for (const auto& t : tokenise(term))
        key += (key.empty() ? "" : " ") + stem(t.word);
    return key;
}

// Whether WordNet's list `v` holds `w`.
bool has(const std::vector<std::string>& v, const std::string& w) {
    return std::find(v.begin(), v.end(), w) != v.end();
}

SearchResults search(const std::string& query, bool exact = false) {
    Searcher s({test::shared_index({test::corpus()})});
    SearchRequest r;
    r.query = query;
    r.words.exact = exact;
    return s.search(r);
}

} // namespace

TEST_CASE("the thesaurus is read with a source for every line") {
    const auto& entries = thesaurus();
    // Every line of data/thesaurus.tsv is built in (the framework's acronyms
    // may add lines of their own).
    std::ifstream file(test::source_dir() / "data" / "thesaurus.tsv");
    size_t lines = 0;
    // The sources are the codes the header lists, one a line after
    // "# Sources:" ("#   tlap    Think Local Act Personal..."); none is the
    // judged paraphrase set (the "plain" lines once fitted to it are gone).
    std::set<std::string> sources{"framework"};
    bool in_sources = false;
    for (std::string line; std::getline(file, line);) {
        lines += !line.empty() && line[0] != '#';
        if (line == "# Sources:")
            in_sources = true;
        else if (in_sources && line == "#")
            in_sources = false;
        else if (in_sources && line.starts_with("#   ") && line.size() > 4 &&
                 std::islower(static_cast<unsigned char>(line[4])))
            sources.insert(line.substr(4, line.find(' ', 4) - 4));
    }
    REQUIRE(lines >= 150);
    CHECK(sources.size() > 10);
    CHECK(sources.count("plain") == 0);
    CHECK(std::count_if(entries.begin(), entries.end(), [](const ThesaurusEntry& e) {
              return e.source != "framework";
          }) == static_cast<std::ptrdiff_t>(lines));
    for (const auto& e : entries) {
        INFO("line " << e.line << ": " << e.terms.front());
        CHECK(sources.count(e.source) == 1);
        CHECK(e.terms.size() >= 2);
        CHECK(e.terms.size() <= 16);
    }
}

TEST_CASE("the framework's acronyms join the thesaurus lines of their spellings-out") {
    auto line_of = [](const std::string& term) -> const ThesaurusEntry* {
        for (const auto& e : thesaurus())
            for (const auto& t : e.terms)
                if (!e.one_way && key_of(t) == key_of(term)) return &e;
        return nullptr;
    };
    for (const auto& a : acronyms()) {
        INFO(a.acronym);
        const ThesaurusEntry* home = line_of(std::string(a.expansions.front()));
        REQUIRE(home);
        // "ASCS" stems as "ASC" (one term in the index): it stays ASC's.
        if (key_of(std::string(a.acronym)) != "asc") CHECK(line_of(std::string(a.acronym)) == home);
        for (auto spelt : a.expansions)
            CHECK(line_of(std::string(spelt)) == home);
    }
    // The acronym and the sector's plain words meet on one line.
    CHECK(line_of("CHC") == line_of("NHS continuing healthcare"));
}

TEST_CASE("the thesaurus has no loops: a term means one thing") {
    // term key -> the "=" entry (its index) holding it; a line may hold
    // forms of one term ("personal assistant", "personal assistants").
    std::map<std::string, size_t> symmetric;
    std::map<std::string, std::set<std::string>> one_way;
    const auto& entries = thesaurus();
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (e.one_way) {
            for (size_t t = 1; t < e.terms.size(); ++t)
                one_way[key_of(e.terms[0])].insert(key_of(e.terms[t]));
            continue;
        }
        for (const auto& t : e.terms) {
            auto [it, first] = symmetric.emplace(key_of(t), i);
            INFO("'" << t << "' on line " << e.line << " and on the line of '"
                     << entries[it->second].terms.front() << "'");
            CHECK((first || it->second == i));
        }
    }
    for (const auto& [from, to] : one_way) {
        INFO(from);
        // A word read one way is no sector term itself, and what it stands
        // for is never read one way back to it.
        CHECK(symmetric.count(from) == 0);
        for (const auto& t : to)
            if (one_way.count(t)) CHECK(one_way.at(t).count(from) == 0);
    }
}

TEST_CASE("no thesaurus term is a common word that would stand for everything") {
    // The stopwords, and the words most sections of any report hold.
    std::set<std::string> common;
    for (auto w : stopwords())
        common.insert(key_of(std::string(w)));
    for (auto w : {"care",  "people", "support", "council",  "local",  "authority", "social",
                   "adult", "adults", "service", "services", "staff",  "plan",      "team",
                   "work",  "need",   "needs",   "help",     "health", "data",      "time"})
        common.insert(key_of(w));
    // ...measured too: on the Harrow report, no single-word term but an
    // acronym (whose spelling-out a report may use everywhere) is in every
    // section.
    Xapian::Database db(test::shared_index({test::corpus()}).string());
    Xapian::Stem stem = english_stemmer();
    size_t checked = 0;
    for (const auto& e : thesaurus())
        for (const auto& t : e.terms) {
            auto words = tokenise(t);
            if (words.size() != 1) continue;
            ++checked;
            INFO("'" << t << "' on line " << e.line);
            CHECK(common.count(key_of(t)) == 0);
            bool acronym = std::all_of(t.begin(), t.end(), [](char c) { return !std::islower(c); });
            if (!acronym)
                CHECK(db.get_termfreq(stem_term(stem, "", words[0].word)) < db.get_doccount());
        }
    CHECK(checked > 50);
}

TEST_CASE("a bad thesaurus line is refused with its line number") {
    CHECK_THROWS_WITH(parse_thesaurus("# c\n=\trespite\tcarers\n", "t.tsv"),
                      Catch::Contains("t.tsv:2") && Catch::Contains("two terms"));
    CHECK_THROWS_WITH(parse_thesaurus("~\ta|b\tx\n", "t.tsv"),
                      Catch::Contains("t.tsv:1") && Catch::Contains("kind"));
    CHECK_THROWS_WITH(parse_thesaurus("=\ta|b\n", "t.tsv"), Catch::Contains("column"));
    CHECK(parse_thesaurus("=\tab|bc\tx\n>\tcd|de|ef\ty\n", "t.tsv").size() == 2);
    // A term of common words alone would stand in for almost any query.
    CHECK_THROWS_WITH(parse_thesaurus("=\tfront door|of the\tours\n", "t.tsv"),
                      Catch::Contains("t.tsv:1") && Catch::Contains("'of the'") &&
                          Catch::Contains("stopwords"));
}

TEST_CASE("WordNet gives everyday synonyms of inflected words") {
    WordNet wordnet(wordnet_dir());
    REQUIRE(wordnet.available()); // scripts/setup installs wordnet-base
    CHECK(has(wordnet.synonyms("kids"), "child"));
    CHECK(has(wordnet.synonyms("elderly"), "older"));
    CHECK(has(wordnet.synonyms("salary"), "wage"));
    CHECK(wordnet.synonyms("zzzzqx").empty());
    CHECK(WordNet("/nonexistent").synonyms("kids").empty());
}

TEST_CASE("WordNet stands in no word of another sense") {
    // Only the word's commonest sense (Semcor's tag counts), and of its
    // words only those whose own commonest sense it is: "minor" is mostly
    // said of small things and "senior" of rank, so neither stands in.
    WordNet wordnet(wordnet_dir());
    REQUIRE(wordnet.available());
    auto kids = wordnet.synonyms("kids");
    CHECK_FALSE(has(kids, "minor"));
    CHECK_FALSE(has(kids, "small fry")); // single words only
    CHECK_FALSE(has(wordnet.synonyms("elderly"), "senior"));
    // "pay" is mostly the verb (to pay for), whose sense has no "wages".
    CHECK_FALSE(has(wordnet.synonyms("pay"), "wage"));
    for (const auto& w : kids)
        CHECK(w.find(' ') == std::string::npos);
}

TEST_CASE("WordNet gives the word in another part of speech, never the one who does it") {
    // Porter's stemmer keeps "lonely" (lone) apart from "loneliness"
    // (loneli), "autistic" from "autism", "old" from "older": WordNet's
    // derivational and pertainym links join the first two, its morphy the
    // comparatives. An agent noun is not the act ("assessor"), nor an
    // adjective the thing ("decisive").
    WordNet wordnet(wordnet_dir());
    REQUIRE(wordnet.available());
    CHECK(has(wordnet.synonyms("lonely"), "loneliness"));
    CHECK(has(wordnet.synonyms("autistic"), "autism"));
    CHECK(has(wordnet.synonyms("assess"), "assessment"));
    CHECK_FALSE(has(wordnet.synonyms("assess"), "assessor"));
    CHECK_FALSE(has(wordnet.synonyms("help"), "helper"));
    CHECK(has(wordnet.comparatives("old"), "older"));
    CHECK(has(wordnet.comparatives("old"), "oldest"));
    CHECK(has(wordnet.comparatives("good"), "better"));
    CHECK(has(wordnet.comparatives("safe"), "safer"));
    CHECK(wordnet.comparatives("council").empty());         // not an adjective
    CHECK_FALSE(has(wordnet.comparatives("off"), "offer")); // a word of its own
    CHECK_FALSE(has(wordnet.synonyms("deciding"), "decisive"));
    CHECK(has(wordnet.synonyms("deciding"), "decision"));
}

TEST_CASE("WordNet's fallbacks: the sense's words and phrases, and a noun's kind") {
    WordNet wordnet(wordnet_dir());
    REQUIRE(wordnet.available());
    CHECK(has(wordnet.fallbacks("cellphone"), "mobile phone")); // a phrase of its sense
    CHECK(has(wordnet.fallbacks("spouses"), "partner"));        // inflected
    CHECK(has(wordnet.fallbacks("christianity"), "faith"));     // what it is a kind of
    CHECK_FALSE(has(wordnet.fallbacks("physician"), "md"));     // no abbreviations
    CHECK_FALSE(has(wordnet.fallbacks("physician"), "dr."));
    // A verb's kind is too wide: tripping over is no "move".
    CHECK_FALSE(has(wordnet.fallbacks("tripping"), "move"));
    CHECK(wordnet.fallbacks("zzzzqx").empty());
}

TEST_CASE("kids finds the report's children: a synonym's irregular plural stands in") {
    // WordNet's synonym of "kids" is "child", which the stemmer keeps apart
    // from "children", the only form Harrow's report uses: "kids" found
    // nothing.
    WordNet wordnet(wordnet_dir());
    REQUIRE(wordnet.available());
    CHECK(has(wordnet.irregular_plurals("child"), "children"));
    CHECK(has(wordnet.irregular_plurals("mouse"), "mice"));
    CHECK_FALSE(has(wordnet.irregular_plurals("go"), "went")); // not a verb's forms
    auto results = search("kids");
    REQUIRE_FALSE(results.hits.empty());
    for (const auto& hit : results.hits)
        CHECK(hit.matched_via ==
              std::vector<std::pair<std::string, std::string>>{{"children", "kids"}});
}

TEST_CASE("a word no report uses is found through its sense, and says so") {
    // Harrow's report never says "spouse" or "husband", but says "partner":
    // without a stand-in the word would find nothing at all.
    for (std::string query : {"spouses", "husband"}) {
        INFO(query);
        auto results = search(query);
        REQUIRE_FALSE(results.hits.empty());
        for (const auto& hit : results.hits)
            CHECK(hit.matched_via ==
                  std::vector<std::pair<std::string, std::string>>{{"partner", query}});
        CHECK(search(query, true).hits.empty()); // --exact: the user's word only
    }
}

TEST_CASE("a word no report uses gets WordNet's words beside its thesaurus line's") {
    // No report says "churches". Its thesaurus line's "faith communities"
    // is in two of Harrow's sections; WordNet's "faith" (what a church is a
    // kind of) stands in too, weighing less, and may find others.
    Xapian::Database db(test::shared_index({test::corpus()}).string());
    Xapian::Stem stem = english_stemmer();
    Xapian::SimpleStopper stopper(stopwords().begin(), stopwords().end());
    MeaningExpander expander(db, stem, stopper);
    expander.rewrite("churches", "m");
    REQUIRE(expander.meanings().size() == 1);
    std::map<std::string, bool> general; // stood-in words -> from WordNet
    for (const auto& a : expander.meanings()[0].alternatives)
        general[a.written] = a.general;
    REQUIRE(general.contains("faith communities"));
    CHECK_FALSE(general["faith communities"]);
    REQUIRE(general.contains("faith"));
    CHECK(general["faith"]);
    // A word the reports use keeps to its line: "respite" has no WordNet
    // words beside it.
    expander.rewrite("respite", "m");
    REQUIRE(expander.meanings().size() == 1);
    for (const auto& m : expander.meanings())
        for (const auto& a : m.alternatives)
            CHECK_FALSE(a.general);
}

TEST_CASE("lonely older men: a report's loneliness is found and said to stand in") {
    // Northmoor's fixture says "loneliness among older men".
    Searcher s({test::shared_index({test::fixtures()})});
    SearchRequest r;
    r.query = "lonely old men";
    auto results = s.search(r);
    auto hit = std::find_if(results.hits.begin(), results.hits.end(), [](const Hit& h) {
        return h.section.id == "northmoor-city-council/healthier-lives";
    });
    REQUIRE(hit != results.hits.end());
    CHECK_FALSE(hit->partial);
    CHECK(hit->matched_via == std::vector<std::pair<std::string, std::string>>{
                                  {"loneliness", "lonely"}, {"older", "old"}});
}

TEST_CASE("a framework name spelt out is left to the acronym expansion") {
    // "Safeguarding Adults Board" is its phrase or SAB at full weight, as
    // before the thesaurus: no word stands in for the name.
    size_t names = 0;
    for (const auto& key : builtin_thesaurus().keys) {
        names += key.spelt_name;
        if (key.stems == key_of("lead social worker")) CHECK_FALSE(key.spelt_name);
        if (key.stems == key_of("Mental Capacity Act")) CHECK(key.spelt_name);
    }
    CHECK(names >= static_cast<size_t>(acronyms().size()));
    auto r = search("safeguarding adults board");
    REQUIRE_FALSE(r.hits.empty());
    for (const auto& hit : r.hits)
        CHECK(hit.matched_via.empty());
}

TEST_CASE("kids waiting list no longer matches a minor data breach") {
    for (const auto& hit : search("kids waiting list").hits)
        for (const auto& [report, user] : hit.matched_via) {
            INFO(report << " for " << user);
            CHECK(report != "minor");
        }
    for (const auto& hit : search("elderly people").hits)
        for (const auto& [report, user] : hit.matched_via)
            CHECK(report != "senior");
}

TEST_CASE("missing WordNet files give a warning that says what to install") {
    const char* before = std::getenv("CQC_WORDNET_DIR");
    std::string saved = before ? before : "";
    CHECK(wordnet_missing_warning().empty()); // scripts/setup installs wordnet-base
    setenv("CQC_WORDNET_DIR", "/nonexistent/wordnet", 1);
    std::string warning = wordnet_missing_warning();
    if (before)
        setenv("CQC_WORDNET_DIR", saved.c_str(), 1);
    else
        unsetenv("CQC_WORDNET_DIR");
    CHECK_THAT(warning, Catch::Contains("/nonexistent/wordnet") &&
                            Catch::Contains("wordnet-base") && Catch::Contains("CQC_WORDNET_DIR"));
}

TEST_CASE("replacement care finds respite and says so, --exact does not") {
    // Harrow's report says "respite", never "replacement care".
    auto r = search("replacement care");
    REQUIRE_FALSE(r.hits.empty());
    const auto& first = r.hits.front();
    REQUIRE(first.matched_via.size() == 1);
    CHECK(first.matched_via[0] ==
          std::pair<std::string, std::string>{"respite", "replacement care"});
    // The stood-in word is what the snippet highlights.
    REQUIRE_FALSE(first.snippet.spans.empty());
    bool respite = false;
    for (auto [b, e] : first.snippet.spans)
        respite |= first.snippet.text.substr(b, e - b).starts_with("respite");
    CHECK(respite);

    std::ostringstream json, terminal;
    print_json(r, json);
    CHECK_THAT(json.str(),
               Catch::Contains("\"matched_via\": {\n        \"respite\": \"replacement care\""));
    print_terminal(r, terminal, TerminalStyle{});
    CHECK_THAT(terminal.str(), Catch::Contains("(matched \"respite\" for \"replacement care\")"));

    auto exact = search("replacement care", true);
    for (const auto& h : exact.hits)
        CHECK(h.matched_via.empty());
    CHECK(std::none_of(exact.hits.begin(), exact.hits.end(), [&](const Hit& h) {
        return !h.partial && h.section.id == first.section.id;
    }));
}

namespace {

std::shared_ptr<const ThesaurusFile> own_thesaurus(const std::string& text) {
    return std::make_shared<const ThesaurusFile>(parse_thesaurus(text, "ours.tsv"), "ours.tsv");
}

std::vector<std::string> stood_in(const std::string& query, const ThesaurusFiles& files) {
    Xapian::Database db(test::shared_index({test::corpus()}).string());
    Xapian::Stem stem = english_stemmer();
    Xapian::SimpleStopper stopper(stopwords().begin(), stopwords().end());
    MeaningExpander expander(db, stem, stopper, files);
    expander.rewrite(query, "m");
    std::vector<std::string> out;
    for (const auto& m : expander.meanings())
        for (const auto& a : m.alternatives)
            out.push_back(m.written + " -> " + a.written);
    return out;
}

} // namespace

TEST_CASE("a thesaurus of the user's own: a council's words find the report's, and say so") {
    // No report says "front door"; a council's team calls respite so (a
    // made-up usage). Without the file nothing stands in for it.
    CHECK(stood_in("front door", {}).empty());
    auto ours = own_thesaurus("# our words\n=\tfront door|respite\tours\n");
    CHECK(stood_in("front door", {ours}) == std::vector<std::string>{"front door -> respite"});

    Searcher s({test::shared_index({test::corpus()})});
    s.use_thesauri({ours});
    SearchRequest r;
    r.query = "front door";
    auto found = s.search(r);
    REQUIRE_FALSE(found.hits.empty());
    CHECK_FALSE(found.hits.front().partial);
    CHECK(found.hits.front().matched_via ==
          std::vector<std::pair<std::string, std::string>>{{"respite", "front door"}});
    // --exact turns it off with the rest.
    r.words.exact = true;
    auto exact = s.search(r);
    REQUIRE_FALSE(exact.hits.empty());
    for (const auto& h : exact.hits)
        CHECK(h.matched_via.empty());
}

TEST_CASE("a term of the user's thesaurus and the built-in one brings both, the user's first") {
    // The built-in line of "replacement care" brings "respite".
    auto builtin = stood_in("replacement care", {});
    REQUIRE(std::find(builtin.begin(), builtin.end(), "replacement care -> respite") !=
            builtin.end());
    auto both =
        stood_in("replacement care", {own_thesaurus("=\treplacement care|vacant beds\tours\n")});
    REQUIRE(both.size() == builtin.size() + 1);
    CHECK(both.front() == "replacement care -> vacant beds");
    CHECK(std::find(both.begin(), both.end(), "replacement care -> respite") != both.end());
    // The longest term wins, whichever thesaurus has it: a file's shorter
    // "replacement" does not cut the built-in "replacement care" short.
    auto longer =
        stood_in("replacement care", {own_thesaurus("=\treplacement|vacant beds\tours\n")});
    CHECK(longer == builtin);
    // ... nor the other way round.
    auto own_longer = stood_in("replacement care homes",
                               {own_thesaurus("=\treplacement care homes|vacant beds\tours\n")});
    CHECK(own_longer == std::vector<std::string>{"replacement care homes -> vacant beds"});
}

TEST_CASE("a term on two lines of a thesaurus brings both lines' words") {
    // A user's file may say one thing twice, a "=" line and a ">" line.
    auto twice =
        own_thesaurus("=\tfront door|respite\tours\n>\tfront door|carers assessment\tours\n");
    CHECK(stood_in("front door", {twice}) ==
          std::vector<std::string>{"front door -> respite", "front door -> carers assessment"});
    // Its tables point into its own strings.
    static_assert(!std::is_copy_constructible_v<ThesaurusFile>);
    static_assert(!std::is_move_constructible_v<ThesaurusFile>);
}

TEST_CASE("a user's thesaurus: a bad line names the file and line, a framework name is warned of") {
    CHECK_THROWS_WITH(own_thesaurus("=\tfront door|respite\tours\n=\tjust one\tours\n"),
                      Catch::Contains("ours.tsv:2") && Catch::Contains("two terms"));
    auto named = own_thesaurus("=\tmental capacity act|capacity law\tours\n");
    REQUIRE(named->warnings().size() == 1);
    CHECK_THAT(named->warnings()[0], Catch::Contains("ours.tsv:1") &&
                                         Catch::Contains("\"mental capacity act\"") &&
                                         Catch::Contains("framework name"));
    // Its other term still reaches the name.
    CHECK(stood_in("capacity law", {named}) ==
          std::vector<std::string>{"capacity law -> mental capacity act"});

    test::ScratchDir dir;
    CHECK_THROWS_WITH(ThesaurusFile::read(dir.path() / "nosuch.tsv"),
                      Catch::Contains("nosuch.tsv: cannot be read"));
    CHECK_THROWS_WITH(ThesaurusFile::read(dir.path()), Catch::Contains("a directory"));
    // As a spreadsheet saves it: a byte order mark, CRLF line ends.
    std::ofstream(dir.path() / "excel.tsv", std::ios::binary)
        << "\xEF\xBB\xBF=\tfront door|respite\tours\r\n";
    auto saved = ThesaurusFile::read(dir.path() / "excel.tsv");
    CHECK(stood_in("front door", {saved}) == std::vector<std::string>{"front door -> respite"});
}

TEST_CASE("a hit names a stood-in phrase only where the section holds it as one") {
    // "domiciliary care": a section saying "care home placements" and "care"
    // elsewhere matched on the user's own "care" and was said to have
    // matched "home care" for it.
    Xapian::Stem stem = english_stemmer();
    Meaning m;
    m.words = {"domiciliary", "care"};
    m.written = "domiciliary care";
    m.alternatives.push_back({"home care", {"home", "care"}, kThesaurusWeight, false});
    auto section = [&](std::vector<std::pair<std::string, Xapian::termpos>> words) {
        Xapian::Document doc;
        for (const auto& [w, at] : words)
            doc.add_posting(stem_term(stem, "", w), at);
        return matched_via(doc, {m}, stem);
    };
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    const Pairs said{{"home care", "domiciliary care"}};
    CHECK(section({{"care", 1}, {"home", 2}, {"placements", 3}, {"care", 10}}).empty());
    CHECK(section({{"home", 20}, {"care", 21}}) == said);
    // Up to two words between, as the search finds it (kStoodInPhraseGap).
    CHECK(section({{"home", 5}, {"care", 8}}) == said);
    CHECK(section({{"home", 5}, {"care", 9}}).empty());
    // The user's own words held: nothing stood in.
    CHECK(section({{"home", 20}, {"care", 21}, {"domiciliary", 40}}).empty());
    // A word held without positions (an acronym added for its spelling-out)
    // is in no phrase.
    {
        Xapian::Document doc;
        doc.add_term(stem_term(stem, "", "home"));
        doc.add_posting(stem_term(stem, "", "care"), 2);
        CHECK(matched_via(doc, {m}, stem).empty());
    }
    // It says what the search's own phrase query matches, and only that:
    // each layout in a database, asked as the search asks (OP_PHRASE, its
    // window the words and kStoodInPhraseGap).
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::vector<std::vector<std::pair<std::string, Xapian::termpos>>> layouts = {
        {{"home", 1}, {"care", 2}},
        {{"home", 1}, {"care", 4}},
        {{"home", 1}, {"care", 5}},
        {{"care", 1}, {"home", 2}},
        {{"home", 3}, {"care", 1}},
        {{"home", 9}, {"care", 1}, {"care", 10}},
        {{"home", 1}, {"home", 8}, {"care", 11}}};
    for (const auto& layout : layouts) {
        Xapian::Document doc;
        for (const auto& [w, at] : layout)
            doc.add_posting(stem_term(stem, "", w), at);
        db.add_document(doc);
    }
    std::vector<std::string> terms{stem_term(stem, "", "home"), stem_term(stem, "", "care")};
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                    static_cast<Xapian::termcount>(2 + kStoodInPhraseGap)));
    std::set<Xapian::docid> found;
    Xapian::MSet matches = enquire.get_mset(0, 100);
    for (auto it = matches.begin(); it != matches.end(); ++it)
        found.insert(*it);
    CHECK(found == std::set<Xapian::docid>{1, 2, 6, 7});
    for (Xapian::docid id = 1; id <= layouts.size(); ++id) {
        INFO("layout " << id);
        CHECK(matched_via(db.get_document(id), {m}, stem).empty() == !found.count(id));
    }

    // And so on the corpus: Harrow's learning section holds "care home
    // placements", never "home care".
    auto r = search("domiciliary care");
    auto learning = std::find_if(r.hits.begin(), r.hits.end(), [](const Hit& h) {
        return h.section.id == "london-borough-of-harrow/learning";
    });
    REQUIRE(learning != r.hits.end());
    CHECK(learning->matched_via.empty());
}

TEST_CASE("the user's own words rank above words stood in for them") {
    // Harrow's sections say "respite" and, elsewhere, "breaks"/"sitting"
    // words WordNet or the thesaurus might stand in: a section holding the
    // word typed comes first, and says nothing stood in.
    for (const std::string q : {"respite", "domiciliary care", "reablement"}) {
        INFO(q);
        auto r = search(q);
        REQUIRE_FALSE(r.hits.empty());
        CHECK(r.hits.front().matched_via.empty());
    }
}

TEST_CASE("NEAR and ADJ queries keep their words as typed") {
    // Xapian's NEAR takes terms only: a stood-in group there was an error.
    for (const std::string q : {"respite NEAR/5 carers", "home help ADJ elderly"}) {
        INFO(q);
        CHECK_NOTHROW(search(q));
    }
}

TEST_CASE("a framework name typed in full says when its acronym stood in") {
    // Harrow's governance section writes "DoLS" only; the user types the
    // words. It is found (the acronym stands in at full weight) and says so.
    auto holds_dols = [](const Hit& h) {
        return h.section.id == "london-borough-of-harrow/governance";
    };
    SearchResults spelt = search("deprivation of liberty safeguards");
    auto hit = std::find_if(spelt.hits.begin(), spelt.hits.end(), holds_dols);
    REQUIRE(hit != spelt.hits.end());
    CHECK(hit->matched_via == std::vector<std::pair<std::string, std::string>>{
                                  {"DoLS", "deprivation of liberty safeguards"}});
    // Typed as the report has it, nothing stood in.
    SearchResults typed = search("DoLS");
    hit = std::find_if(typed.hits.begin(), typed.hits.end(), holds_dols);
    REQUIRE(hit != typed.hits.end());
    CHECK(hit->matched_via.empty());
}

TEST_CASE("a stood-in phrase is found with a word between its words, never reversed") {
    // "warden call" and "home call" are one line of the thesaurus; Harrow's
    // report says neither. One section gains "home alarm call" (a word
    // between), another "call home" (the words reversed).
    test::ScratchDir dir;
    namespace fs = std::filesystem;
    fs::copy(test::corpus(), dir / "corpus", fs::copy_options::recursive);
    const fs::path harrow = dir / "corpus" / "london-borough-of-harrow";
    const fs::path between = harrow / "003_df0c0bec0289fa1f.txt";
    const fs::path reversed = harrow / "004_98199e490aec08fa.txt";
    test::write_file(between, test::read_file(between) +
                                  "\nPeople can ask for a home alarm call service.\n");
    test::write_file(reversed, test::read_file(reversed) + "\nStaff call home each evening.\n");
    test::index(dir / "db", {dir / "corpus"});
    Searcher s({dir / "db"});
    SearchRequest r;
    r.query = "warden call";
    auto results = s.search(r);
    std::vector<const Hit*> whole;
    for (const auto& h : results.hits)
        if (!h.partial) whole.push_back(&h);
    REQUIRE(whole.size() == 1);
    CHECK(whole[0]->section.path == between.string());
    REQUIRE(whole[0]->matched_via.size() == 1);
    CHECK(whole[0]->matched_via[0] ==
          std::pair<std::string, std::string>{"home call", "warden call"});
}

TEST_CASE("a run of words the thesaurus knows still finds sections holding some of them") {
    // "mental illness" is the thesaurus's "mentally ill" (the same stems);
    // Harrow's report holds "mental" but neither "ill" nor any stood-in
    // term. Read as one clause, the run found nothing at all, not even the
    // sections that say "mental"; read word by word, they are partial
    // matches, as they are for words the thesaurus does not know.
    auto r = search("mental illness");
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.total == 0);
    std::set<std::string> found;
    for (const auto& h : r.hits) {
        CHECK(h.partial);
        found.insert(h.section.id);
    }
    CHECK(found.count("london-borough-of-harrow/care-provision"));
    CHECK(found.count("london-borough-of-harrow/partnerships"));

    // With --any, sections holding either word match outright.
    Searcher s({test::shared_index({test::corpus()})});
    SearchRequest any;
    any.query = "mental illness";
    any.words.op = QueryBuilder::DefaultOp::any;
    CHECK(s.search(any).total >= 2);
}

TEST_CASE("a plain word finds the report's officialese, a one-way line not back") {
    // Harrow's report has an "interim" director, never a "temporary" one
    // (26TEN's "Words and phrases to use": interim, temporary).
    auto r = search("temporary director");
    REQUIRE_FALSE(r.hits.empty());
    bool interim = false;
    for (const auto& hit : r.hits)
        for (const auto& via : hit.matched_via)
            interim |= via == std::pair<std::string, std::string>{"interim", "temporary"};
    CHECK(interim);
    // "before > prior to": the officialese is not widened to the everyday
    // word, which any section may hold.
    for (const auto& hit : search("prior to our assessment").hits)
        for (const auto& [report, user] : hit.matched_via) {
            INFO(report << " for " << user);
            CHECK(report != "before");
        }
}

TEST_CASE("what follows a stood-in word in the query never breaks the search") {
    // Found by fuzz_query: "#en" right after "respite" reached the
    // placeholder's number ("0en"), which was refused and ended the program.
    for (const std::string q : {"respite#en", "respite#w1", "mental illness#w7", "kids#x"}) {
        INFO(q);
        CHECK_NOTHROW(search(q));
    }
}
