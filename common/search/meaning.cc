#include "meaning.hh"

#include "stemming.hh"
#include "tokens.hh"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fcntl.h>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cqc {

const std::vector<ThesaurusEntry>& thesaurus() {
    static const std::vector<ThesaurusEntry> entries = [] {
        std::vector<ThesaurusEntry> out;
        ThesaurusTable table = builtin_thesaurus();
        for (const auto& l : table.lines) {
            ThesaurusEntry e{l.one_way, {}, std::string(l.source), l.line};
            for (size_t t = l.first_term; t < size_t(l.first_term) + l.term_count; ++t)
                e.terms.emplace_back(table.terms[t]);
            out.push_back(std::move(e));
        }
        return out;
    }();
    return entries;
}

// ---- WordNet

std::filesystem::path wordnet_dir() {
    const char* env = std::getenv("CQC_WORDNET_DIR");
    return env && *env ? std::filesystem::path(env) : std::filesystem::path("/usr/share/wordnet");
}

std::string wordnet_missing_warning() {
    std::filesystem::path dir = wordnet_dir();
    if (WordNet(dir).available()) return "";
    return "warning: WordNet's files (index.noun, data.noun, cntlist.rev...) are not in " +
           dir.string() +
           ": everyday synonyms are off (the social-care thesaurus still applies); install "
           "wordnet-base or set CQC_WORDNET_DIR to the folder that holds them";
}

WordNet::WordNet(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    available_ = std::filesystem::is_regular_file(dir_ / "index.noun", ec) &&
                 std::filesystem::is_regular_file(dir_ / "data.noun", ec) &&
                 std::filesystem::is_regular_file(dir_ / "cntlist.rev", ec);
}

// One of WordNet's files, mapped into memory when first read: a lookup
// touches only the pages its binary search reaches, so a process pays for
// the query's words and nothing else.
class WordNet::File {
public:
    explicit File(const std::filesystem::path& path) {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        struct stat st {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            void* at =
                ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
            if (at != MAP_FAILED) text_ = {static_cast<const char*>(at), size_t(st.st_size)};
        }
        ::close(fd);
    }
    ~File() {
        if (!text_.empty()) ::munmap(const_cast<char*>(text_.data()), text_.size());
    }
    File(const File&) = delete;
    File& operator=(const File&) = delete;

    // The lines that begin with `prefix` (the file is sorted byte by byte),
    // found by binary search over line starts.
    std::vector<std::string_view> lines_starting(std::string_view prefix) const {
        size_t lo = 0, hi = text_.size(); // lo: a line start; lines before it sort below
        auto line_at = [&](size_t start) {
            size_t end = std::min(text_.find('\n', start), text_.size());
            return text_.substr(start, end - start);
        };
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            size_t start = mid == 0 ? 0 : std::min(text_.find('\n', mid - 1), text_.size() - 1) + 1;
            if (start >= hi) start = lo; // no line starts in [mid, hi): try lo's
            std::string_view line = line_at(start);
            if (line < prefix)
                lo = start + line.size() + 1;
            else if (start == lo)
                break;
            else
                hi = start;
        }
        std::vector<std::string_view> out;
        while (lo < text_.size()) {
            std::string_view line = line_at(lo);
            if (!line.starts_with(prefix)) break;
            out.push_back(line);
            lo += line.size() + 1;
        }
        return out;
    }
    std::string_view text() const { return text_; }

private:
    std::string_view text_;
};

WordNet::~WordNet() = default;

const WordNet::File& WordNet::file(const std::string& name) const {
    auto& f = files_[name];
    if (!f) f = std::make_unique<File>(dir_ / name);
    return *f;
}

namespace {

const char* const kParts[] = {"noun", "verb", "adj", "adv"};
constexpr int kAdjective = 2; // in kParts
// The lexicographer file of nouns for people (WordNet's lexnames).
const std::string kPersonNouns = "18";

// WordNet's morphy: the base forms `word` may have as this part of speech.
std::vector<std::string> base_forms(const std::string& word, const std::string& pos) {
    static const std::map<std::string, std::vector<std::pair<std::string, std::string>>> rules = {
        {"noun",
         {{"s", ""},
          {"ses", "s"},
          {"xes", "x"},
          {"zes", "z"},
          {"ches", "ch"},
          {"shes", "sh"},
          {"men", "man"},
          {"ies", "y"}}},
        {"verb",
         {{"s", ""},
          {"ies", "y"},
          {"es", "e"},
          {"es", ""},
          {"ed", "e"},
          {"ed", ""},
          {"ing", "e"},
          {"ing", ""}}},
        {"adj", {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}}},
        {"adv", {}}};
    std::vector<std::string> out{word};
    for (const auto& [suffix, ending] : rules.at(pos))
        if (word.size() > suffix.size() + 1 && word.ends_with(suffix))
            out.push_back(word.substr(0, word.size() - suffix.size()) + ending);
    return out;
}

// The part of speech (an index in kParts) of a sense key's synset type:
// 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite.
int part_of_type(char type) {
    return type == '1' ? 0 : type == '2' ? 1 : type == '4' ? 3 : 2;
}

std::string lower_lemma(std::string w) {
    if (auto marker = w.find('('); marker != std::string::npos) w.erase(marker);
    std::transform(w.begin(), w.end(), w.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return w;
}

// A synset's line of a data file: its lexicographer file, type, words with
// their lex ids, and for a satellite adjective its head synset's offset.
struct Synset {
    std::string lexfile;
    char type = 0;
    std::vector<std::pair<std::string, int>> words; // lower case, '_' between words
    std::string head_offset;
    // Lexical pointers from one of its words to a word of another synset
    // that WordNet says is the same word in another part of speech:
    // derivationally related forms ("+": lonely, loneliness) and
    // pertainyms (a backslash: autistic, autism).
    struct Derived {
        size_t word = 0; // in `words`
        std::string offset;
        char pos = 0;
        size_t target = 0; // in the other synset's words
    };
    std::vector<Derived> derived;
    // Its hypernyms ("@", "@i"): the synsets it is a kind of, with their
    // part of speech.
    std::vector<std::pair<std::string, char>> broader;
};

// A pointer's 1-based word number (two hex digits) as an index.
std::optional<size_t> hex_index(std::string_view digits) {
    size_t n = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n, 16);
    if (error != std::errc() || end != digits.data() + digits.size() || n == 0) return std::nullopt;
    return n - 1;
}

std::optional<Synset> read_synset(std::string_view text, const std::string& offset) {
    size_t at = std::stoul(offset);
    if (at >= text.size()) return std::nullopt;
    std::istringstream fields(std::string(text.substr(at, text.find('\n', at) - at)));
    Synset s;
    std::string off, type, count;
    if (!(fields >> off >> s.lexfile >> type >> count) || off != offset) return std::nullopt;
    s.type = type[0];
    size_t words = std::stoul(count, nullptr, 16);
    for (size_t i = 0; i < words; ++i) {
        std::string w, lex_id;
        fields >> w >> lex_id;
        s.words.emplace_back(lower_lemma(w), std::stoi(lex_id, nullptr, 16));
    }
    size_t pointers = 0;
    fields >> pointers;
    for (size_t i = 0; i < pointers; ++i) {
        std::string symbol, target, pos, source_target;
        fields >> symbol >> target >> pos >> source_target;
        if (symbol == "&" && s.head_offset.empty()) s.head_offset = target;
        if ((symbol == "@" || symbol == "@i") && !pos.empty())
            s.broader.emplace_back(target, pos[0]);
        // source_target: two hex digits each, 0000 for a semantic pointer.
        if ((symbol == "+" || symbol == "\\") && source_target.size() == 4 &&
            source_target != "0000")
            if (auto from = hex_index(source_target.substr(0, 2)),
                to = hex_index(source_target.substr(2, 2));
                from && to && !pos.empty())
                s.derived.push_back({*from, target, pos[0], *to});
    }
    if (!fields) return std::nullopt;
    return s;
}

std::string two_digits(int n) {
    return (n < 10 ? "0" : "") + std::to_string(n);
}

} // namespace

// The word's commonest sense over all parts of speech, by how often each
// sense was tagged in the Semcor corpus (cntlist.rev: "sense_key
// sense_number tag_count"); a word never tagged takes its first sense as
// the first part of speech that has it. tags < 0: not in WordNet.
WordNet::Sense WordNet::commonest_sense(const std::string& word) const {
    const File& counts = file("cntlist.rev");
    Sense best;
    for (int part = 0; part < 4; ++part) {
        const std::string pos = kParts[part];
        std::vector<std::string> bases;
        for (auto line : file(pos + ".exc").lines_starting(word + " ")) {
            std::istringstream fields{std::string(line)};
            std::string inflected, base;
            if (fields >> inflected >> base) bases.push_back(base);
        }
        for (auto& b : base_forms(word, pos))
            bases.push_back(std::move(b));
        for (const auto& base : bases) {
            auto found = file("index." + pos).lines_starting(base + " ");
            if (found.empty()) continue;
            // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offset...
            std::istringstream fields{std::string(found.front())};
            std::string lemma, p;
            size_t synsets = 0, pointers = 0, senses = 0, tagged = 0;
            fields >> lemma >> p >> synsets >> pointers;
            for (size_t i = 0; i < pointers; ++i)
                fields >> p;
            fields >> senses >> tagged;
            std::vector<std::string> offsets;
            for (std::string o; offsets.size() < senses && fields >> o;)
                offsets.push_back(o);
            if (offsets.empty()) break;
            if (best.tags < 0) best = {0, part, offsets.front(), base};
            for (auto line : counts.lines_starting(base + "%")) {
                // base%T:... sense_number tag_count
                std::istringstream c{std::string(line)};
                std::string key;
                size_t number = 0;
                long tags = 0;
                if (!(c >> key >> number >> tags) || part_of_type(key[base.size() + 1]) != part ||
                    number == 0 || number > offsets.size())
                    continue;
                if (tags > best.tags) best = {tags, part, offsets[number - 1], base};
            }
            break; // the first base form found is the word's
        }
    }
    return best;
}

bool WordNet::knows(const std::string& word) const {
    return available_ && !word.empty() && commonest_sense(word).tags >= 0;
}

std::vector<std::string> WordNet::synonyms(const std::string& word) const {
    return sense_words(word, Reach::synonyms);
}

std::vector<std::string> WordNet::fallbacks(const std::string& word) const {
    return sense_words(word, Reach::fallbacks);
}

std::vector<std::string> WordNet::sense_words(const std::string& word, Reach reach) const {
    const bool fallback = reach == Reach::fallbacks;
    std::vector<std::string> out;
    if (!available_ || word.empty()) return out;
    const File& counts = file("cntlist.rev");
    const Sense best = commonest_sense(word);
    if (best.tags < 0) return out;
    const std::string pos = kParts[best.part];
    auto synset = read_synset(file("data." + pos).text(), best.offset);
    if (!synset) return out;
    // Whether the sense of `in`'s index-th word is the word's commonest, by
    // Semcor's tag counts.
    auto own_commonest_sense = [&](const Synset& in, size_t index) {
        // A satellite's sense keys name its head adjective: "old:02".
        std::string head;
        if (in.type == 's' && !in.head_offset.empty())
            if (auto h = read_synset(file("data.adj").text(), in.head_offset);
                h && !h->words.empty())
                head = h->words.front().first + ":" + two_digits(h->words.front().second);
        const char type = in.type == 'n'   ? '1'
                          : in.type == 'v' ? '2'
                          : in.type == 'a' ? '3'
                          : in.type == 's' ? '5'
                                           : '4';
        const auto& [w, lex_id] = in.words[index];
        const std::string key = w + "%" + type + ":" + in.lexfile + ":" + two_digits(lex_id) + ":" +
                                (type == '5' ? head : ":");
        long here = -1, most = 0;
        for (auto line : counts.lines_starting(w + "%")) {
            std::istringstream c{std::string(line)};
            std::string k;
            size_t number = 0;
            long tags = 0;
            if (!(c >> k >> number >> tags)) continue;
            if (k == key) here = tags;
            most = std::max(most, tags);
        }
        return here > 0 && here == most;
    };
    // A synonym is a single word for which this is its own commonest sense:
    // "minor" is one of the words for a child, but is mostly said of
    // something small ("a minor breach"), so it is not taken for "kids". A
    // fallback stands for a word that would otherwise match nothing, so any
    // word or phrase of the sense may ("enquiry" for "inquiry", "mobile
    // phone" for "cellphone"); never an abbreviation ("md", "dr." for
    // "physician"), which reports use for other things.
    auto take = [&](const Synset& in, size_t index, bool any_sense) {
        std::string w = in.words[index].first;
        const bool phrase = w.find('_') != std::string::npos;
        std::replace(w.begin(), w.end(), '_', ' ');
        const bool abbreviation = w.size() < 3 || w.find('.') != std::string::npos;
        if (w == best.lemma || w == word || (phrase && !fallback) || (fallback && abbreviation) ||
            std::find(out.begin(), out.end(), w) != out.end())
            return;
        if (any_sense || phrase || own_commonest_sense(in, index)) out.push_back(w);
    };
    for (size_t i = 0; i < synset->words.size(); ++i)
        take(*synset, i, fallback);
    // The same word in another part of speech ("lonely": "loneliness"), of
    // this sense's own word only: the user's word, not another, so in
    // whichever sense WordNet links it ("autism" was never tagged).
    for (const auto& d : synset->derived) {
        if (d.word >= synset->words.size() || synset->words[d.word].first != best.lemma) continue;
        // An adjective is not the thing or the act ("man": "manly",
        // "decide": "decisive"); a noun or a verb may be ("decision").
        if (d.pos == 'a' || d.pos == 's') continue;
        const char* part = d.pos == 'n'   ? "noun"
                           : d.pos == 'v' ? "verb"
                           : d.pos == 'r' ? "adv"
                                          : "adj";
        auto other = read_synset(file(std::string("data.") + part).text(), d.offset);
        // Not the one who does it ("assess": "assessor"; lexicographer
        // file 18, noun.person), unless the word is itself a person.
        if (other && d.target < other->words.size() &&
            (other->lexfile != kPersonNouns || synset->lexfile == kPersonNouns))
            take(*other, d.target, true);
    }
    // What a noun is a kind of, one level up ("christianity": "faith"); a
    // verb's is too wide to stand in ("trip": "move", "see": "perceive").
    if (fallback)
        for (const auto& [offset, part] : synset->broader)
            if (part == 'n')
                if (auto up = read_synset(file("data.noun").text(), offset))
                    for (size_t i = 0; i < up->words.size(); ++i)
                        take(*up, i, true);
    return out;
}

// Irregular and doubled forms are listed ("better good", "children child"),
// a line "inflected base..." sorted by the inflected form: the word is
// looked for as a base, " word" before a space or the line's end.
std::vector<std::string> WordNet::listed_forms(const std::string& exceptions,
                                               const std::string& word) const {
    std::vector<std::string> forms;
    std::string_view irregular = file(exceptions).text();
    const std::string as_base = " " + word;
    for (size_t at = irregular.find(as_base); at != std::string_view::npos;
         at = irregular.find(as_base, at + 1)) {
        size_t after = at + as_base.size();
        if (after < irregular.size() && irregular[after] != ' ' && irregular[after] != '\n')
            continue;
        size_t line = irregular.rfind('\n', at);
        line = line == std::string_view::npos ? 0 : line + 1;
        // The first word of the line (a base always follows a space).
        forms.emplace_back(irregular.substr(line, irregular.find(' ', line) - line));
    }
    return forms;
}

std::vector<std::string> WordNet::irregular_plurals(const std::string& word) const {
    if (!available_ || word.size() < 2) return {};
    return listed_forms("noun.exc", word);
}

std::vector<std::string> WordNet::comparatives(const std::string& word) const {
    std::vector<std::string> out;
    if (!available_ || word.size() < 2 || file("index.adj").lines_starting(word + " ").empty())
        return out;
    std::vector<std::string> forms = listed_forms("adj.exc", word);
    // Else the regular forms morphy undoes: -er/-est, after a final e -r/-st.
    if (forms.empty())
        for (std::string ending : {"er", "est"})
            forms.push_back(word.ends_with('e') ? word + ending.substr(1) : word + ending);
    // Only a form that is mostly an adjective: "offer" is listed as "off"'s
    // but mostly said as the noun and the verb.
    for (auto& form : forms)
        if (std::find(out.begin(), out.end(), form) == out.end() &&
            commonest_sense(form).part == kAdjective)
            out.push_back(std::move(form));
    return out;
}

// ---- Rewriting the query

namespace {

constexpr size_t kMaxThesaurusAlternatives = 12;
constexpr size_t kMaxWordNetAlternatives = 5;

// The built-in thesaurus's keys whose first stem is `stem`.
std::span<const ThesaurusKey> keys_starting(std::span<const ThesaurusKey> keys,
                                            const std::string& stem) {
    auto [from, to] =
        std::equal_range(keys.begin(), keys.end(), ThesaurusKey{stem, {}, 0, 0, false},
                         [](const auto& a, const auto& b) { return a.first_stem < b.first_stem; });
    return {from, to};
}

// How many of `run`'s stems from `from` on the key's are (all of them), or 0.
size_t words_matched(const ThesaurusKey& key, const std::vector<std::string>& run, size_t from) {
    size_t k = from, at = 0;
    for (; at <= key.stems.size() && k < run.size(); ++k) {
        size_t space = std::min(key.stems.find(' ', at), key.stems.size());
        if (key.stems.substr(at, space - at) != run[k]) break;
        at = space + 1;
    }
    return at > key.stems.size() ? k - from : 0;
}

bool quoted_before(std::string_view query, size_t pos) {
    return std::count(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(pos), '"') % 2;
}

bool is_query_operator(std::string_view written) {
    return written == "AND" || written == "OR" || written == "NOT" || written == "XOR" ||
           written == "NEAR" || written == "ADJ";
}

} // namespace

MeaningExpander::MeaningExpander(const Xapian::Database& db, const Xapian::Stem& stem,
                                 const Xapian::Stopper& stopper, ThesaurusFiles files)
    : db_(db), stem_(stem), stopper_(stopper), wordnet_(wordnet_dir()), files_(std::move(files)) {}
MeaningExpander::~MeaningExpander() = default;

std::vector<std::string> MeaningExpander::stems(const std::vector<std::string>& words,
                                                bool drop_stopwords) const {
    std::vector<std::string> out;
    for (const auto& w : words)
        if (!drop_stopwords || !stopper_(w)) out.push_back(stem_term(stem_, "", w));
    if (out.empty() && drop_stopwords) return stems(words, false);
    return out;
}

bool MeaningExpander::holds_all(const std::vector<std::string>& words) const {
    auto terms = stems(words, false);
    return !terms.empty() && std::all_of(terms.begin(), terms.end(),
                                         [&](const std::string& t) { return db_.term_exists(t); });
}

// What may stand for `m`'s words, of those the index holds: the other terms
// of the thesaurus lines `found` of them (the user's files' first), and for
// a single word WordNet's when the lines gave none or no report uses the word.
void MeaningExpander::add_alternatives(Meaning& m, const std::vector<TermFound>& found) const {
    std::set<std::string> seen{join_words(stems(m.words, false))};
    auto add = [&](const std::string& written, double weight, bool general) {
        Meaning::Alternative a{written, term_words(written), weight, general};
        if (a.words.empty() || !seen.insert(join_words(stems(a.words, false))).second ||
            !holds_all(a.words))
            return;
        m.alternatives.push_back(std::move(a));
    };
    // A framework name spelt out is left to the acronym expansion: its
    // phrase or its acronym, both the user's own.
    if (std::any_of(found.begin(), found.end(),
                    [](const TermFound& f) { return f.key->spelt_name; }))
        return;
    for (const auto& [key, table] : found) {
        const ThesaurusLine& line = table->lines[key->line];
        for (size_t t = 0; t < line.term_count; ++t)
            if (t != key->term && m.alternatives.size() < kMaxThesaurusAlternatives)
                add(std::string(table->terms[line.first_term + t]), kThesaurusWeight, false);
    }
    // WordNet for a single word the thesaurus does not know, or that no
    // report uses: such a word matches only through stand-ins, and its
    // line's terms may be rarer than WordNet's words ("churches": the
    // line's "faith communities" are in two of Harrow's sections, WordNet's
    // "faith" in more), which weigh less than the line's.
    if (m.words.size() != 1 || stopper_(m.words[0]) || m.words[0].size() < 3 ||
        !std::isalpha(static_cast<unsigned char>(m.words[0][0])))
        return;
    const bool unused = !holds_all(m.words);
    if (!m.alternatives.empty() && !unused) return;
    // Synonyms first: of two words with one stem ("loneliness", "lonelier"),
    // the first is the one a hit says stood in. A synonym's irregular plural
    // is a word of its own to the stemmer ("child", "children"): a report may
    // use only that.
    const size_t from_thesaurus = m.alternatives.size();
    auto general = [&] { return m.alternatives.size() - from_thesaurus; };
    auto add_general = [&](const std::string& s) {
        if (general() >= kMaxWordNetAlternatives) return;
        add(s, kWordNetWeight, true);
        if (s.find(' ') == std::string::npos)
            for (const auto& plural : wordnet_.irregular_plurals(s))
                if (general() < kMaxWordNetAlternatives && !stopper_(plural))
                    add(plural, kWordNetWeight, true);
    };
    for (const auto& s : wordnet_.synonyms(m.words[0]))
        add_general(s);
    for (const auto& s : wordnet_.comparatives(m.words[0]))
        add(s, kWordNetWeight, true);
    // A word no report uses, for which no synonym, plural or comparative
    // stood in either: any word of its sense, and what it is a kind of, may.
    if (unused && general() == 0)
        for (const auto& s : wordnet_.fallbacks(m.words[0]))
            add_general(s);
}

bool MeaningExpander::is_another_english_word(const std::string& word,
                                              const std::string& other) const {
    if (!wordnet_.knows(word)) return false;
    const std::string stem = stem_(other);
    for (const auto& w : wordnet_.fallbacks(word))
        if (stem_(w) == stem) return false;
    return true;
}

std::string MeaningExpander::rewrite(const std::string& query, const std::string& prefix) {
    meanings_.clear();
    if (query.empty()) return query; // --exact: nothing to read, not even the thesaurus
    std::vector<ThesaurusTable> tables;
    for (const auto& f : files_)
        tables.push_back(f->table());
    tables.push_back(builtin_thesaurus());
    std::vector<Token> tokens = tokenise(query);
    // NEAR and ADJ take terms only (Xapian 1.4): such a query is left as typed.
    for (const Token& t : tokens) {
        std::string_view written(query.data() + t.begin, t.end - t.begin);
        if (written == "NEAR" || written == "ADJ") return query;
    }
    auto eligible = [&](const Token& t) {
        std::string_view written(query.data() + t.begin, t.end - t.begin);
        if (quoted_before(query, t.begin) || is_query_operator(written)) return false;
        if (t.end < query.size() && (query[t.end] == ':' || query[t.end] == '*')) return false;
        // A field's value: a ':' earlier in the same run of non-space characters.
        size_t chunk = t.begin;
        while (chunk > 0 && !std::isspace(static_cast<unsigned char>(query[chunk - 1])) &&
               query[chunk - 1] != '(')
            --chunk;
        if (query.substr(chunk, t.begin - chunk).find(':') != std::string::npos) return false;
        if (t.begin > 0 && (query[t.begin - 1] == '+' || query[t.begin - 1] == '-') &&
            (t.begin == 1 || std::isspace(static_cast<unsigned char>(query[t.begin - 2])) ||
             query[t.begin - 2] == '('))
            return false;
        return true;
    };
    std::string out;
    size_t copied = 0;
    // A run of several words becomes one placeholder per word (query()),
    // bracketed: the query holds the same clauses as the words typed, so a
    // section holding only some of them is still a partial match.
    auto replace = [&](size_t first, size_t last, Meaning m) {
        out += query.substr(copied, tokens[first].begin - copied);
        const std::string n = prefix + ":" + std::to_string(meanings_.size());
        const size_t parts = stems(m.words, true).size();
        if (parts == 1) out += n;
        for (size_t j = 0; parts > 1 && j < parts; ++j)
            out += (j ? " " : "(") + n + kMeaningPartMark + std::to_string(j);
        if (parts > 1) out += ")";
        copied = tokens[last].end;
        meanings_.push_back(std::move(m));
    };
    for (size_t begin = 0, end; begin < tokens.size(); begin = end) {
        end = begin + 1;
        if (!eligible(tokens[begin])) continue;
        while (end < tokens.size() && eligible(tokens[end]) &&
               query.find_first_of("\":()", tokens[end - 1].end) >= tokens[end].begin)
            ++end;
        std::vector<std::string> run_stems;
        for (size_t i = begin; i < end; ++i)
            run_stems.push_back(stem_(tokens[i].word));
        for (size_t i = begin; i < end;) {
            // The longest thesaurus term at i, with every line that has
            // it: the user's files' before the built-in one's (whose terms
            // are each on one line).
            std::vector<TermFound> found;
            size_t length = 1;
            for (const auto& table : tables)
                for (const auto& key : keys_starting(table.keys, run_stems[i - begin])) {
                    size_t n = words_matched(key, run_stems, i - begin);
                    if (n == 0 || n < length) continue;
                    if (n > length) found.clear();
                    found.push_back({&key, &table});
                    length = n;
                }
            Meaning m;
            for (size_t k = i; k < i + length; ++k)
                m.words.push_back(tokens[k].word);
            m.written = join_words(m.words);
            add_alternatives(m, found);
            if (!m.alternatives.empty()) replace(i, i + length - 1, std::move(m));
            i += length;
        }
    }
    return copied ? out + query.substr(copied) : query;
}

namespace {

// A stood-in term's words in their order, with at most kStoodInPhraseGap
// other words between them ("delayed transfers of care" in "delayed
// hospital transfers of care"), never reordered ("home care" is not
// "care home").
Xapian::Query words_query(const std::vector<std::string>& terms, bool phrase) {
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    if (!phrase) return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                         static_cast<Xapian::termcount>(terms.size() + kStoodInPhraseGap));
}

} // namespace

Xapian::Query MeaningExpander::query(std::string_view placeholder) const {
    // "N" or "NwJ", and whatever the query had right after the words the
    // placeholder stands for ("respite#en" gives "0#en", which Xapian hands
    // over as "0en"): only the leading numbers are read.
    const char* end = placeholder.data() + placeholder.size();
    size_t n = 0, part = 0;
    auto [after, error] = std::from_chars(placeholder.data(), end, n);
    if (error != std::errc())
        throw std::logic_error("not a meaning placeholder: " + std::string(placeholder));
    bool one_word = after < end && *after == kMeaningPartMark &&
                    std::from_chars(after + 1, end, part).ec == std::errc();
    const Meaning& m = meanings_.at(n);
    // The user's words wherever they are (as without expansion): all of
    // them, or the one word of the run this placeholder holds; a stood-in
    // term as its phrase (words_query). Each of a run's n words carries
    // 1/n of the stood-in weight, so that a section holding the stood-in
    // term weighs what it would were the run one clause.
    std::vector<std::string> own_stems = stems(m.words, true);
    double share = 1;
    if (one_word && own_stems.size() > 1 && part < own_stems.size()) {
        share = 1.0 / static_cast<double>(own_stems.size());
        own_stems = {own_stems.at(part)};
    }
    Xapian::Query own = words_query(own_stems, false);
    std::vector<Xapian::Query> sector, general;
    for (const auto& a : m.alternatives)
        (a.general ? general : sector).push_back(words_query(stems(a.words, false), true));
    std::vector<Xapian::Query> stood_in;
    if (!sector.empty())
        stood_in.emplace_back(
            Xapian::Query::OP_SCALE_WEIGHT,
            Xapian::Query(Xapian::Query::OP_SYNONYM, sector.begin(), sector.end()),
            kThesaurusWeight * share);
    if (!general.empty())
        stood_in.emplace_back(
            Xapian::Query::OP_SCALE_WEIGHT,
            Xapian::Query(Xapian::Query::OP_SYNONYM, general.begin(), general.end()),
            kWordNetWeight * share);
    if (stood_in.empty()) return own;
    stood_in.insert(stood_in.begin(), own);
    return Xapian::Query(Xapian::Query::OP_MAX, stood_in.begin(), stood_in.end());
}

std::vector<std::pair<std::string, std::string>> matched_via(const Xapian::Document& doc,
                                                             const std::vector<Meaning>& meanings,
                                                             const Xapian::Stem& stem) {
    auto find = [&](const std::string& word) {
        std::string term = stem_term(stem, "", word);
        auto it = doc.termlist_begin();
        it.skip_to(term);
        return it != doc.termlist_end() && *it == term ? it : doc.termlist_end();
    };
    auto holds_all = [&](const std::vector<std::string>& words) {
        return !words.empty() && std::all_of(words.begin(), words.end(), [&](const auto& w) {
            return find(w) != doc.termlist_end();
        });
    };
    // Where the section holds a word: none when it does not, or holds it
    // without positions (an acronym added for its spelling-out), which no
    // phrase matches.
    auto positions = [&](const std::string& word) {
        std::vector<Xapian::termpos> out;
        if (auto it = find(word); it != doc.termlist_end())
            out.assign(it.positionlist_begin(), it.positionlist_end());
        return out;
    };
    // A stood-in term as the search asks for it (words_query): its words in
    // their order, within kStoodInPhraseGap other words. Only then may a hit
    // say it matched through it; a section holding "care home" and "care"
    // elsewhere does not hold "home care".
    auto holds_phrase = [&](const std::vector<std::string>& words) {
        if (words.size() < 2) return holds_all(words);
        std::vector<std::vector<Xapian::termpos>> at;
        for (const auto& w : words) {
            at.push_back(positions(w));
            if (at.back().empty()) return false;
        }
        const Xapian::termpos window =
            static_cast<Xapian::termpos>(words.size() + kStoodInPhraseGap);
        for (Xapian::termpos first : at[0]) {
            Xapian::termpos last = first;
            bool in_order = true;
            for (size_t k = 1; k < at.size() && in_order; ++k) {
                auto next = std::upper_bound(at[k].begin(), at[k].end(), last);
                in_order = next != at[k].end();
                if (in_order) last = *next;
            }
            if (!in_order) break; // a later first word finds nothing after it either
            if (last - first < window) return true;
        }
        return false;
    };
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& m : meanings) {
        if (holds_all(m.words)) continue;
        for (const auto& a : m.alternatives)
            if (holds_phrase(a.words)) {
                out.emplace_back(a.written, m.written);
                break;
            }
    }
    return out;
}

} // namespace cqc
