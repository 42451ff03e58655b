// Finding what people mean, not only the report's words: the query's words
// may also be found by the sector's words for the same thing (the
// social-care thesaurus, data/thesaurus.tsv, joined by the framework's
// acronym table) and by everyday English synonyms (WordNet 3.0). Stood-in
// words weigh less than the user's own, so an exact match still ranks first,
// and each hit can say which words stood in (Meaning, matched_via).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cqc {

// One line of the thesaurus, or an acronym of the framework table as one.
struct ThesaurusEntry {
    // "=": the terms are interchangeable; ">": the first is also looked
    // for through the others, not the other way round.
    bool one_way = false;
    std::vector<std::string> terms; // lower-case words or phrases
    std::string source;             // a source code of the file's header, or "framework"
    size_t line = 0;                // in the file; 0 for the framework's acronyms
};

// Reads thesaurus text (the format is described at the top of
// data/thesaurus.tsv). Throws std::runtime_error "NAME:LINE: reason" on a
// line that is not KIND<tab>TERMS<tab>SOURCE, an unknown kind, or fewer
// than two terms.
std::vector<ThesaurusEntry> parse_thesaurus(std::string_view text, std::string_view name);

// The thesaurus with the framework's acronyms joined to it: an acronym
// joins the "=" line holding one of its spellings-out, or makes a line of
// its own. Run at build time (cqc-thesaurus-gen).
std::vector<ThesaurusEntry> join_acronyms(std::vector<ThesaurusEntry> entries);

// The words of a term or a query as the index reads them; words joined by
// single spaces.
std::vector<std::string> term_words(std::string_view text);
std::string join_words(const std::vector<std::string>& words);

// A thesaurus as the search looks it up: data/thesaurus.tsv with the
// acronyms joined, as the build compiled it into the programs
// (thesaurus_gen.cc writes these tables from the file: nothing is parsed or
// stemmed when a program starts), or a user's own file (ThesaurusFile).
struct ThesaurusLine {
    bool one_way;
    uint16_t first_term; // in ThesaurusTable::terms
    uint16_t term_count;
    std::string_view source;
    uint32_t line;
};
// A term the user may type: its words' stems (english_stemmer()), sorted by
// the first stem for a binary search.
struct ThesaurusKey {
    std::string_view first_stem;
    std::string_view stems; // all of them, joined by spaces
    uint16_t line;          // in ThesaurusTable::lines
    uint16_t term;          // in that line
    bool spelt_name;        // a framework acronym's spelling-out ("mental capacity act")
};
struct ThesaurusTable {
    std::span<const ThesaurusLine> lines;
    std::span<const std::string_view> terms;
    std::span<const ThesaurusKey> keys;
};
ThesaurusTable builtin_thesaurus();

// A user's own thesaurus (cqc-search --thesaurus FILE), in data/thesaurus.tsv's
// format, for the words of a council or a team that no public glossary has
// ("front door" for a council's "first contact team"). Read once at start;
// its lines are looked up before the built-in ones, and a term of both
// brings the stand-ins of both, the file's first. The build makes the
// built-in table the same way and writes it out (thesaurus_gen.cc).
class ThesaurusFile {
public:
    // Throws std::runtime_error: "PATH: cannot be read: REASON" (not a
    // regular file, over kMaxThesaurusFileBytes, UTF-16) or
    // "PATH:LINE: REASON" (parse_thesaurus).
    static std::shared_ptr<const ThesaurusFile> read(const std::filesystem::path& path);
    ThesaurusFile(std::vector<ThesaurusEntry> entries, std::string name);
    // Its tables point into its own strings: never copied or moved.
    ThesaurusFile(const ThesaurusFile&) = delete;
    ThesaurusFile& operator=(const ThesaurusFile&) = delete;
    ThesaurusTable table() const;
    // What will not work as written, one "NAME:LINE: ..." each: a term that
    // spells out a framework acronym is matched as that name or its
    // acronym, never through the file's line; a file with no lines.
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    std::deque<std::string> strings_; // every term, source and stem run (never moved)
    std::vector<ThesaurusLine> lines_;
    std::vector<std::string_view> terms_;
    std::vector<ThesaurusKey> keys_;
    std::vector<std::string> warnings_;
};
using ThesaurusFiles = std::vector<std::shared_ptr<const ThesaurusFile>>;
// Far more than any glossary; a file larger than this is not a thesaurus.
constexpr std::uintmax_t kMaxThesaurusFileBytes = 64 * 1024 * 1024;

// The built-in thesaurus as entries (for tests and tools; the search reads
// builtin_thesaurus()'s keys). Made once, on first use.
const std::vector<ThesaurusEntry>& thesaurus();

// How much a stood-in word weighs against the user's own (1).
constexpr double kThesaurusWeight = 0.8;
constexpr double kWordNetWeight = 0.5;
// How many other words may come between the words of a stood-in phrase (in
// their order): 0 would ask for the exact phrase.
constexpr unsigned kStoodInPhraseGap = 2;
// Between a meaning's number and its word's in a placeholder ("3w1").
constexpr char kMeaningPartMark = 'w';

// General English synonyms from the WordNet 3.0 database files (Debian's
// wordnet-base). Nothing is read up front: a file is mapped into memory when
// a word first needs it and each word found by a binary search in the sorted
// files, so a process pays only for the query's words.
class WordNet {
public:
    explicit WordNet(std::filesystem::path dir);
    ~WordNet();
    // Whether the files are there (without them there are no synonyms).
    bool available() const { return available_; }
    // Whether `word` (lower-case) is an English word WordNet has, in any
    // part of speech, its base form found as for synonyms().
    bool knows(const std::string& word) const;
    // Synonyms of `word` (lower-case) in one sense only: its commonest over
    // all parts of speech by the Semcor tag counts of cntlist.rev, its base
    // form found as WordNet's morphy does ("kids" -> "kid"). Of that sense's
    // other words only single words whose own commonest sense it is are
    // taken ("child" for "kids", not "minor", mostly said of small things).
    // Then the word itself in another part of speech, as that sense's
    // derivational and pertainym links give it ("lonely": "loneliness"),
    // never an adjective or the person who does it ("assessor").
    std::vector<std::string> synonyms(const std::string& word) const;
    // An adjective's comparative and superlative as WordNet's morphy reads
    // them back to it ("old": "older", "oldest"; "good": "better", "best"),
    // which the stemmer does not join to it; only forms mostly said as
    // adjectives ("offer", listed for "off", is not). Candidates only:
    // whether a report uses them is for the caller to see.
    std::vector<std::string> comparatives(const std::string& word) const;
    // A noun's plurals that WordNet lists as irregular ("child":
    // "children"), which the stemmer does not join to it.
    std::vector<std::string> irregular_plurals(const std::string& word) const;
    // For a word the reports never use, wider than synonyms(): every word
    // and phrase of the commonest sense, whatever their own commonest sense
    // ("inquiry": "enquiry"; "cellphone": "mobile phone"), then those of
    // what a noun is a kind of, one level up ("christianity": "faith").
    // Candidates only, as for synonyms().
    std::vector<std::string> fallbacks(const std::string& word) const;

private:
    class File;
    const File& file(const std::string& name) const;
    struct Sense {
        long tags = -1;
        int part = 0; // noun, verb, adj, adv
        std::string offset, lemma;
    };
    Sense commonest_sense(const std::string& word) const;
    std::vector<std::string> listed_forms(const std::string& exceptions,
                                          const std::string& word) const;
    enum class Reach { synonyms, fallbacks };
    std::vector<std::string> sense_words(const std::string& word, Reach reach) const;
    std::filesystem::path dir_;
    bool available_ = false;
    mutable std::map<std::string, std::unique_ptr<File>> files_; // opened on first use
};

// $CQC_WORDNET_DIR, else /usr/share/wordnet.
std::filesystem::path wordnet_dir();

// Empty when WordNet's files are in wordnet_dir(); else a warning saying
// that everyday synonyms are off and how to turn them on (the thesaurus
// still applies), for the programs to show rather than go quiet.
std::string wordnet_missing_warning();

// A run of the query's words and what else may stand for it.
struct Meaning {
    std::string written;            // the user's words, folded, joined by spaces
    std::vector<std::string> words; // the same, one each
    struct Alternative {
        std::string written;
        std::vector<std::string> words;
        double weight = 0;
        bool general = false; // from WordNet rather than the thesaurus
    };
    std::vector<Alternative> alternatives; // only those whose words the index holds
};

class MeaningExpander {
public:
    // `files`: the user's own thesauri, looked up before the built-in one.
    MeaningExpander(const Xapian::Database& db, const Xapian::Stem& stem,
                    const Xapian::Stopper& stopper, ThesaurusFiles files = {});
    ~MeaningExpander();

    // `query` (normalised) with each run of unquoted plain words that has
    // other words for it replaced by "PREFIX:N", N its index in meanings();
    // words in quotes, field values, wildcards, operators and words marked
    // + or - are left alone. Clears meanings() first.
    std::string rewrite(const std::string& query, const std::string& prefix);
    const std::vector<Meaning>& meanings() const { return meanings_; }

    // Whether `word` (lower-case) is an English word WordNet knows and
    // `other` is not, up to its stem, a word of its sense (one of its
    // fallbacks): "loss" and "less", not "behavior" and "behaviours". False
    // when WordNet's files are missing.
    bool is_another_english_word(const std::string& word, const std::string& other) const;

    // The query for a placeholder rewrite() wrote: "N" for meanings()[n],
    // the user's words (all of them), or, weighing less, any of the
    // alternatives (MAX of the two, so a section holding both counts the
    // better once); "N" kMeaningPartMark "J" for the J-th of its words
    // (stopwords aside) or any of the alternatives.
    Xapian::Query query(std::string_view placeholder) const;

private:
    const Xapian::Database& db_;
    const Xapian::Stem& stem_;
    const Xapian::Stopper& stopper_;
    std::vector<Meaning> meanings_;
    WordNet wordnet_;
    ThesaurusFiles files_;
    // A term of a thesaurus that the query's words at some point are.
    struct TermFound {
        const ThesaurusKey* key;
        const ThesaurusTable* table;
    };
    bool holds_all(const std::vector<std::string>& words) const;
    void add_alternatives(Meaning& m, const std::vector<TermFound>& found) const;
    std::vector<std::string> stems(const std::vector<std::string>& words,
                                   bool drop_stopwords) const;
};

// For one hit: which of `meanings` it matched through stood-in words rather
// than the user's own, as (report's words, user's words) pairs.
std::vector<std::pair<std::string, std::string>> matched_via(const Xapian::Document& doc,
                                                             const std::vector<Meaning>& meanings,
                                                             const Xapian::Stem& stem);

} // namespace cqc
