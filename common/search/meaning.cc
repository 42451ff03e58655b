#include "meaning.hh"

#include "framework.hh"
#include "stemming.hh"
#include "text.hh"
#include "tokens.hh"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

namespace cqc {

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t at = s.find(sep, start);
        out.emplace_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
        if (at == std::string_view::npos) return out;
        start = at + 1;
    }
}

// The words of a term or a query as the index reads them.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    for (auto& t : tokenise(text))
        out.push_back(std::move(t.word));
    return out;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

} // namespace

std::vector<ThesaurusEntry> parse_thesaurus(std::string_view text, std::string_view name) {
    std::vector<ThesaurusEntry> out;
    size_t line_no = 0;
    for (const auto& raw : split(text, '\n')) {
        ++line_no;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto where = [&] { return std::string(name) + ":" + std::to_string(line_no) + ": "; };
        auto columns = split(line, '\t');
        if (columns.size() != 3)
            throw std::runtime_error(where() + "expected KIND<tab>TERMS<tab>SOURCE, got " +
                                     std::to_string(columns.size()) + " column(s)");
        ThesaurusEntry e;
        std::string kind = trim(columns[0]);
        if (kind != "=" && kind != ">")
            throw std::runtime_error(where() + "kind '" + kind + "' is neither '=' nor '>'");
        e.one_way = kind == ">";
        for (const auto& term : split(columns[1], '|')) {
            std::string t = trim(term);
            if (t.empty()) throw std::runtime_error(where() + "an empty term");
            if (words_of(t).empty()) throw std::runtime_error(where() + "'" + t + "' has no words");
            e.terms.push_back(t);
        }
        if (e.terms.size() < 2) throw std::runtime_error(where() + "fewer than two terms");
        e.source = trim(columns[2]);
        if (e.source.empty()) throw std::runtime_error(where() + "no source");
        e.line = line_no;
        out.push_back(std::move(e));
    }
    return out;
}

const std::vector<ThesaurusEntry>& thesaurus() {
    static const std::vector<ThesaurusEntry> joined_table = [] {
        auto entries = parse_thesaurus(builtin_thesaurus_text(), "data/thesaurus.tsv");
        // Terms are compared as the index sees them: stems.
        Xapian::Stem stem = english_stemmer();
        auto key = [&](const std::string& t) {
            std::vector<std::string> stems;
            for (const auto& w : words_of(t))
                stems.push_back(stem(w));
            return joined(stems);
        };
        // Which "=" line holds each term, by key (computed once: the
        // framework's forms are looked up against every line).
        std::map<std::string, size_t> holder;
        for (size_t i = 0; i < entries.size(); ++i)
            if (!entries[i].one_way)
                for (const auto& t : entries[i].terms)
                    holder.emplace(key(t), i);
        for (const auto& a : acronyms()) {
            std::vector<std::string> forms{std::string(a.acronym)};
            for (auto e : a.expansions)
                forms.emplace_back(e);
            std::optional<size_t> home;
            for (size_t f = 1; f < forms.size() && !home; ++f)
                if (auto it = holder.find(key(forms[f])); it != holder.end()) home = it->second;
            if (!home) {
                entries.push_back({false, {}, "framework", 0});
                home = entries.size() - 1;
            }
            for (const auto& f : forms)
                // An acronym whose stem is another's ("ASCS" stems as
                // "ASC") is one term in the index too: it is left to the
                // line that has it.
                if (holder.emplace(key(f), *home).second) entries[*home].terms.push_back(f);
            if (entries[*home].terms.size() < 2) entries.pop_back();
        }
        return entries;
    }();
    return joined_table;
}

// ---- WordNet

std::filesystem::path wordnet_dir() {
    const char* env = std::getenv("CQC_WORDNET_DIR");
    return env && *env ? std::filesystem::path(env) : std::filesystem::path("/usr/share/wordnet");
}

std::string wordnet_missing_warning() {
    std::filesystem::path dir = wordnet_dir();
    if (WordNet(dir).available()) return "";
    return "warning: WordNet's files (index.noun, data.noun...) are not in " + dir.string() +
           ": everyday synonyms are off (the social-care thesaurus still applies); install "
           "wordnet-base or set CQC_WORDNET_DIR to the folder that holds them";
}

WordNet::WordNet(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    available_ = std::filesystem::is_regular_file(dir_ / "index.noun", ec) &&
                 std::filesystem::is_regular_file(dir_ / "data.noun", ec);
}

namespace {

// The line of a sorted WordNet file whose first field is `key`, by binary
// search over the file's line starts.
std::optional<std::string> find_line(std::ifstream& in, const std::string& key) {
    in.clear();
    in.seekg(0, std::ios::end);
    std::streamoff lo = 0, hi = in.tellg();
    std::string line;
    while (lo < hi) {
        std::streamoff mid = lo + (hi - lo) / 2;
        std::streamoff start = mid;
        in.clear();
        if (mid > 0) {
            in.seekg(mid - 1);
            std::getline(in, line); // the rest of the line holding byte mid - 1
            start = in.tellg();
            if (!in) start = hi;
        } else {
            in.seekg(0);
        }
        if (start >= hi) {
            hi = mid;
            continue;
        }
        in.seekg(start);
        if (!std::getline(in, line)) {
            hi = mid;
            continue;
        }
        std::string first = line.substr(0, line.find(' '));
        if (first == key) return line;
        if (first < key)
            lo = start + static_cast<std::streamoff>(line.size()) + 1;
        else
            hi = mid;
    }
    return std::nullopt;
}

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

} // namespace

std::vector<std::string> WordNet::synonyms(const std::string& word) const {
    std::vector<std::string> out;
    if (!available_ || word.empty()) return out;
    for (const std::string pos : {"noun", "verb", "adj", "adv"}) {
        std::ifstream index(dir_ / ("index." + pos)), data(dir_ / ("data." + pos)),
            exceptions(dir_ / (pos + ".exc"));
        if (!index || !data) continue;
        std::vector<std::string> bases;
        if (exceptions)
            if (auto line = find_line(exceptions, word)) {
                std::istringstream fields(*line);
                std::string inflected, base;
                if (fields >> inflected >> base) bases.push_back(base);
            }
        for (auto& b : base_forms(word, pos))
            bases.push_back(std::move(b));
        for (const auto& base : bases) {
            auto line = find_line(index, base);
            if (!line) continue;
            // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offset...
            std::istringstream fields(*line);
            std::string lemma, p, offset;
            size_t synsets = 0, pointers = 0;
            fields >> lemma >> p >> synsets >> pointers;
            for (size_t i = 0; i < pointers; ++i)
                fields >> p;
            size_t senses = 0, tagged = 0;
            fields >> senses >> tagged >> offset;
            if (!fields || offset.empty()) break;
            data.clear();
            data.seekg(std::stoll(offset));
            std::string entry;
            if (!std::getline(data, entry)) break;
            // offset lex_filenum ss_type w_cnt(hex) word lex_id ...
            std::istringstream synset(entry);
            std::string off, lexfile, type, count;
            synset >> off >> lexfile >> type >> count;
            size_t words = std::stoul(count, nullptr, 16);
            for (size_t i = 0; i < words; ++i) {
                std::string w, lex_id;
                synset >> w >> lex_id;
                if (auto marker = w.find('('); marker != std::string::npos) w.erase(marker);
                std::replace(w.begin(), w.end(), '_', ' ');
                std::transform(w.begin(), w.end(), w.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                if (w != base && w != word && std::find(out.begin(), out.end(), w) == out.end())
                    out.push_back(w);
            }
            break; // the first base form found is the word's
        }
    }
    return out;
}

// ---- Rewriting the query

// The thesaurus by the first stem of each term the user may type.
struct ThesaurusKeys {
    // A thesaurus key: the stems of a term's words, and what it stands for.
    struct Key {
        std::vector<std::string> stems;
        const ThesaurusEntry* entry;
        size_t term;
    };
    std::multimap<std::string, Key> by_first_stem;
};

namespace {

constexpr size_t kMaxThesaurusAlternatives = 12;
constexpr size_t kMaxWordNetAlternatives = 5;

std::string plain_stem(const Xapian::Stem& stem, const std::string& word) {
    return stem(word);
}

const ThesaurusKeys& keys_for(const Xapian::Stem& stem) {
    static const ThesaurusKeys impl = [&] {
        ThesaurusKeys out;
        for (const auto& e : thesaurus())
            for (size_t t = 0; t < (e.one_way ? 1 : e.terms.size()); ++t) {
                std::vector<std::string> stems;
                for (const auto& w : words_of(e.terms[t]))
                    stems.push_back(plain_stem(stem, w));
                if (stems.empty()) continue;
                std::string first = stems.front();
                out.by_first_stem.emplace(first, ThesaurusKeys::Key{stems, &e, t});
            }
        return out;
    }();
    return impl;
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
                                 const Xapian::Stopper& stopper)
    : db_(db), stem_(stem), stopper_(stopper), wordnet_(wordnet_dir()) {}
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

std::string MeaningExpander::rewrite(const std::string& query, const std::string& prefix) {
    meanings_.clear();
    if (query.empty()) return query; // --exact: nothing to read, not even the thesaurus
    const auto& keys = keys_for(stem_);
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
    auto replace = [&](size_t first, size_t last, Meaning m) {
        out += query.substr(copied, tokens[first].begin - copied);
        out += prefix + ":" + std::to_string(meanings_.size());
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
            run_stems.push_back(plain_stem(stem_, tokens[i].word));
        for (size_t i = begin; i < end;) {
            // The longest thesaurus term at i.
            const ThesaurusKeys::Key* best = nullptr;
            auto [from, to] = keys.by_first_stem.equal_range(run_stems[i - begin]);
            for (auto it = from; it != to; ++it) {
                const auto& s = it->second.stems;
                if (i + s.size() <= end &&
                    std::equal(s.begin(), s.end(), run_stems.begin() + (i - begin)) &&
                    (!best || s.size() > best->stems.size()))
                    best = &it->second;
            }
            size_t length = best ? best->stems.size() : 1;
            Meaning m;
            for (size_t k = i; k < i + length; ++k)
                m.words.push_back(tokens[k].word);
            m.written = joined(m.words);
            std::set<std::string> seen{joined(stems(m.words, false))};
            auto add = [&](const std::string& written, double weight, bool general) {
                Meaning::Alternative a{written, words_of(written), weight, general};
                if (a.words.empty() || !seen.insert(joined(stems(a.words, false))).second ||
                    !holds_all(a.words))
                    return;
                m.alternatives.push_back(std::move(a));
            };
            if (best) {
                const auto& terms = best->entry->terms;
                for (size_t t = 0; t < terms.size(); ++t)
                    if (t != best->term && m.alternatives.size() < kMaxThesaurusAlternatives)
                        add(terms[t], kThesaurusWeight, false);
            } else if (!stopper_(m.words[0]) && m.words[0].size() >= 3 &&
                       std::isalpha(static_cast<unsigned char>(m.words[0][0]))) {
                for (const auto& s : wordnet_.synonyms(m.words[0]))
                    if (m.alternatives.size() < kMaxWordNetAlternatives)
                        add(s, kWordNetWeight, true);
            }
            if (!m.alternatives.empty()) replace(i, i + length - 1, std::move(m));
            i += length;
        }
    }
    return copied ? out + query.substr(copied) : query;
}

namespace {

Xapian::Query words_query(const std::vector<std::string>& terms, bool phrase) {
    if (terms.size() == 1) return Xapian::Query(terms[0]);
    return Xapian::Query(phrase ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_AND, terms.begin(),
                         terms.end(), phrase ? static_cast<Xapian::termcount>(terms.size()) : 0);
}

} // namespace

Xapian::Query MeaningExpander::query(size_t n) const {
    const Meaning& m = meanings_.at(n);
    // The user's words, all of them, wherever they are (as without
    // expansion); a stood-in term as the phrase it is.
    Xapian::Query own = words_query(stems(m.words, true), false);
    std::vector<Xapian::Query> sector, general;
    for (const auto& a : m.alternatives)
        (a.general ? general : sector).push_back(words_query(stems(a.words, false), true));
    std::vector<Xapian::Query> stood_in;
    if (!sector.empty())
        stood_in.emplace_back(
            Xapian::Query::OP_SCALE_WEIGHT,
            Xapian::Query(Xapian::Query::OP_SYNONYM, sector.begin(), sector.end()),
            kThesaurusWeight);
    if (!general.empty())
        stood_in.emplace_back(
            Xapian::Query::OP_SCALE_WEIGHT,
            Xapian::Query(Xapian::Query::OP_SYNONYM, general.begin(), general.end()),
            kWordNetWeight);
    if (stood_in.empty()) return own;
    stood_in.insert(stood_in.begin(), own);
    return Xapian::Query(Xapian::Query::OP_MAX, stood_in.begin(), stood_in.end());
}

std::vector<std::pair<std::string, std::string>> matched_via(const Xapian::Document& doc,
                                                             const std::vector<Meaning>& meanings,
                                                             const Xapian::Stem& stem) {
    auto holds = [&](const std::vector<std::string>& words) {
        if (words.empty()) return false;
        for (const auto& w : words) {
            std::string term = stem_term(stem, "", w);
            auto it = doc.termlist_begin();
            it.skip_to(term);
            if (it == doc.termlist_end() || *it != term) return false;
        }
        return true;
    };
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& m : meanings) {
        if (holds(m.words)) continue;
        for (const auto& a : m.alternatives)
            if (holds(a.words)) {
                out.emplace_back(a.written, m.written);
                break;
            }
    }
    return out;
}

} // namespace cqc
