#include "passages.hh"

#include "acronym_forms.hh"
#include "schema.hh"
#include "stemming.hh"
#include "text.hh"
#include "tokens.hh"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace cqc {
namespace {

constexpr double kK1 = 1.2;                  // BM25 term-frequency saturation
constexpr double kB = 0.75;                  // BM25 length normalisation
constexpr double kAverageWords = 60;         // a typical paragraph's length
constexpr size_t kStemCacheMax = 4096;       // words; the vocabulary repeats a lot
constexpr size_t kWindowSearchSteps = 20000; // bound on PHRASE/NEAR search per paragraph
// Positions between the subheading and the paragraph, as between texts in
// the index (documents.cc): no phrase or NEAR window spans them.
constexpr Xapian::termpos kTextGap = 100;

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

// The pattern of a wildcard subquery: Xapian 1.4 exposes it only through
// the description, "Query(WILDCARD SYNONYM Zcarer)".
std::string wildcard_pattern(const Xapian::Query& query) {
    std::string d = query.get_description();
    auto end = d.rfind(')');
    auto begin = d.rfind(' ', end);
    if (end == std::string::npos || begin == std::string::npos || begin + 1 >= end) return "";
    return d.substr(begin + 1, end - begin - 1);
}

// The window of a PHRASE or NEAR subquery, which Xapian 1.4 also shows only
// in its description: "Query((Zhospit@1 PHRASE 2 Zdischarg@2))".
Xapian::termcount window_of(const Xapian::Query& query, std::string_view op,
                            Xapian::termcount fallback) {
    std::string d = query.get_description();
    std::string key = " " + std::string(op) + " ";
    auto at = d.find(key);
    if (at == std::string::npos) return fallback;
    Xapian::termcount n = 0;
    for (size_t i = at + key.size(); i < d.size() && d[i] >= '0' && d[i] <= '9'; ++i)
        n = n * 10 + static_cast<Xapian::termcount>(d[i] - '0');
    return n ? n : fallback;
}

} // namespace

struct PassageMatcher::Node {
    enum class Kind {
        term,     // a word's stem term
        wildcard, // stem terms beginning with `stem`
        section,  // about the section: learnt from the index
        all,
        none,
        all_of,    // AND, FILTER
        any_of,    // OR, SYNONYM, MAX, ELITE_SET
        and_not,   // the first without any of the others
        and_maybe, // the first; the others only add highlights
        odd,       // XOR
        phrase,    // in order within `window` positions
        near,      // any order within `window` positions
    };
    Kind kind = Kind::none;
    std::vector<Node> children;
    std::string stem;     // term: the stem; wildcard: its beginning
    bool heading = false; // a heading: term, matching subheading words only
    double weight = 0;    // term: rarity in the index
    Xapian::termcount window = 0;
    size_t section = 0; // index into State::section_queries
};

namespace {

// One word of the paragraph as the index has it; or an acronym spelt out,
// which has no position and stands for the words it covers.
struct Word {
    size_t begin = 0, end = 0; // bytes of the paragraph's text (subheading words: unused)
    std::string stem;          // empty when no stem of the query could be it
    Xapian::termpos position = 0;
    bool heading = false;
    size_t covers_begin = 0, covers_end = 0; // an acronym: the words spelling it (indices)
    bool acronym = false;
    double weight = 0; // of the term that matched it
};

using WordSet = std::vector<uint32_t>; // indices into the paragraph's words, sorted

struct Outcome {
    bool match = false;
    WordSet words; // taking part in the match; when none, what did match of it
};

WordSet merged(const WordSet& a, const WordSet& b) {
    WordSet out;
    out.reserve(a.size() + b.size());
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

} // namespace

struct PassageMatcher::State {
    const Xapian::Database& db;
    Xapian::Stem stemmer;
    std::string heading_prefix;
    Node root;
    bool has_words = false; // words that rank: any outside an AND_NOT's exclusions
    int excluding = 0;      // how deep compile() is in an AND_NOT's exclusions
    std::vector<Xapian::Query> section_queries;
    std::vector<std::unordered_set<Xapian::docid>> section_matches;
    // Stemming is the costly part: only words that could stem to a query
    // stem are stemmed (English stems keep a word's first two letters).
    std::vector<std::string> stem_starts;
    std::vector<const AcronymForm*> acronyms; // forms whose acronym the query looks for
    mutable std::unordered_map<std::string, std::string> stems;
    mutable std::unordered_map<std::string, double> wildcard_weights;

    State(const Xapian::Database& d, const Xapian::Stem& s)
        : db(d), stemmer(s), heading_prefix(field(FieldId::heading).term_prefix) {}

    double idf(const std::string& term) const {
        double n = std::max<double>(1, db.get_doccount());
        double tf = std::max<double>(1, db.get_termfreq(term));
        return std::log(1 + n / tf);
    }

    const std::string& stem_of(const std::string& word) const {
        auto cached = stems.find(word);
        if (cached == stems.end()) {
            if (stems.size() > kStemCacheMax) stems.clear();
            cached = stems.emplace(word, stemmer(word)).first;
        }
        return cached->second;
    }

    // A query term a paragraph can hold: a stem of free text ("Z" then a
    // lower-case stem), or of a subheading ("Z", the heading prefix, the
    // stem). Other prefixes (authority:, section:, the boolean fields) are
    // about the section.
    bool passage_term(const std::string& term, Node& node) const {
        if (term.size() < 2 || term[0] != kStemMarker) return false;
        std::string_view rest = std::string_view(term).substr(1);
        if (rest.starts_with(heading_prefix) && rest.size() > heading_prefix.size() &&
            !is_upper(rest[heading_prefix.size()])) {
            node.heading = true;
            node.stem = rest.substr(heading_prefix.size());
            return true;
        }
        if (is_upper(rest[0])) return false;
        node.stem = rest;
        return true;
    }

    Node section_node(const Xapian::Query& query) {
        Node n;
        n.kind = Node::Kind::section;
        n.section = section_queries.size();
        section_queries.push_back(query);
        return n;
    }

    static bool constant(const Node& n) {
        return n.kind == Node::Kind::section || n.kind == Node::Kind::all ||
               n.kind == Node::Kind::none;
    }

    Node compile(const Xapian::Query& query) {
        using Q = Xapian::Query;
        Node n;
        switch (query.get_type()) {
        case Q::LEAF_TERM: {
            std::string term = *query.get_terms_begin();
            if (!passage_term(term, n)) return section_node(query);
            n.kind = Node::Kind::term;
            n.weight = idf(term);
            if (!excluding) has_words = true;
            return n;
        }
        case Q::OP_WILDCARD:
            if (!passage_term(wildcard_pattern(query), n)) return section_node(query);
            n.kind = Node::Kind::wildcard;
            if (!excluding) has_words = true;
            return n;
        case Q::LEAF_MATCH_ALL:
            n.kind = Node::Kind::all;
            return n;
        case Q::LEAF_MATCH_NOTHING:
            n.kind = Node::Kind::none;
            return n;
        case Q::OP_SCALE_WEIGHT:
            return compile(query.get_subquery(0));
        case Q::LEAF_POSTING_SOURCE:
        case Q::OP_VALUE_RANGE:
        case Q::OP_VALUE_GE:
        case Q::OP_VALUE_LE:
            return section_node(query);
        case Q::OP_AND:
        case Q::OP_FILTER:
            n.kind = Node::Kind::all_of;
            break;
        case Q::OP_AND_NOT:
            n.kind = Node::Kind::and_not;
            break;
        case Q::OP_AND_MAYBE:
            n.kind = Node::Kind::and_maybe;
            break;
        case Q::OP_XOR:
            n.kind = Node::Kind::odd;
            break;
        case Q::OP_PHRASE:
            n.kind = Node::Kind::phrase;
            n.window = window_of(query, "PHRASE", query.get_num_subqueries());
            break;
        case Q::OP_NEAR:
            n.kind = Node::Kind::near;
            n.window = window_of(query, "NEAR", 10);
            break;
        default: // OR, SYNONYM, MAX, ELITE_SET
            n.kind = Node::Kind::any_of;
            break;
        }
        size_t queries_before = section_queries.size();
        for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
            // The words an AND_NOT leaves out select paragraphs but rank none
            // (as Xapian gives them no weight), so "-dementia" is unranked.
            bool excluded = n.kind == Node::Kind::and_not && i > 0;
            excluding += excluded;
            n.children.push_back(compile(query.get_subquery(i)));
            excluding -= excluded;
        }
        if (std::all_of(n.children.begin(), n.children.end(), constant)) {
            // Nothing here a paragraph holds: the section answers for it whole.
            section_queries.resize(queries_before);
            return section_node(query);
        }
        return n;
    }

    void collect_stem_starts(const Node& n) {
        if (n.kind == Node::Kind::term || n.kind == Node::Kind::wildcard)
            stem_starts.push_back(n.stem.substr(0, 2));
        for (const auto& c : n.children)
            collect_stem_starts(c);
    }

    // Whether a body term or wildcard of the query matches this stem.
    static bool wants(const Node& n, const std::string& stem) {
        if (!n.heading && ((n.kind == Node::Kind::term && n.stem == stem) ||
                           (n.kind == Node::Kind::wildcard && stem.starts_with(n.stem))))
            return true;
        return std::any_of(n.children.begin(), n.children.end(),
                           [&](const Node& c) { return wants(c, stem); });
    }

    // Whether some word of `text` may begin as a stem the query wants (or
    // an acronym's spelt-out form): a stem start at a word start, letters
    // compared in either case, any byte of a non-ASCII character taken to
    // be any letter (it may fold to one). Never false for text holding one.
    bool may_hold(std::string_view text) const {
        auto lower = [](unsigned char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c;
        };
        auto alnum = [](unsigned char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        };
        for (size_t i = 0; i < text.size(); ++i) {
            auto before = i ? static_cast<unsigned char>(text[i - 1]) : ' ';
            if (before < 0x80 && (alnum(before) || before == '_')) continue; // not a word start
            for (const auto& start : stem_starts) {
                size_t k = 0; // of `start`
                for (size_t j = i; k < start.size() && j < text.size(); ++j) {
                    auto c = static_cast<unsigned char>(text[j]);
                    if (c == '.' && k > 0) continue; // initials: "U.N." is "un"
                    if (c < 0x80 && lower(c) != static_cast<unsigned char>(start[k])) break;
                    ++k;
                }
                if (k == start.size()) return true;
            }
        }
        return false;
    }

    std::string stem_if_wanted(std::string_view word) const {
        if (std::none_of(stem_starts.begin(), stem_starts.end(),
                         [&](const std::string& s) { return word.starts_with(s); }))
            return "";
        return stem_of(std::string(word));
    }

    // The words of a subheading or a paragraph, from `position` on.
    void read(std::string_view text, bool heading, Xapian::termpos position,
              std::vector<Word>& words) const {
        size_t first = words.size();
        // tokenise(), without a string for each word: most are not wanted.
        MappedText folded = normalise_mapped(text);
        std::vector<std::string> all; // every word, when acronyms are looked for
        for_each_word(folded.text, [&](std::string_view word, size_t begin, size_t end) {
            Word w;
            w.begin = folded.begin_of(begin);
            w.end = folded.end_of(end - 1);
            w.stem = stem_if_wanted(word);
            w.position = position++;
            w.heading = heading;
            words.push_back(std::move(w));
            if (!acronyms.empty()) all.emplace_back(word);
        });
        if (acronyms.empty()) return;
        std::vector<std::string_view> views(all.begin(), all.end());
        for (const auto& spelt : spelt_out_acronyms(views)) {
            if (std::find(acronyms.begin(), acronyms.end(), spelt.form) == acronyms.end()) continue;
            Word w;
            w.stem = stem_of(spelt.form->acronym_word);
            w.heading = heading;
            w.acronym = true;
            w.covers_begin = first + spelt.first;
            w.covers_end = first + spelt.first + spelt.form->words.size();
            words.push_back(std::move(w));
        }
    }

    double wildcard_weight(const Word& w) const {
        std::string term(1, kStemMarker);
        if (w.heading) term += heading_prefix;
        term += w.stem;
        auto cached = wildcard_weights.find(term);
        if (cached == wildcard_weights.end())
            cached = wildcard_weights.emplace(term, idf(term)).first;
        return cached->second;
    }

    Outcome evaluate(const Node& n, std::vector<Word>& words, Xapian::docid doc) const;
    void windows(const Node& n, const std::vector<WordSet>& lists, std::vector<Word>& words,
                 WordSet& found) const;
};

Outcome PassageMatcher::State::evaluate(const Node& n, std::vector<Word>& words,
                                        Xapian::docid doc) const {
    Outcome out;
    switch (n.kind) {
    case Node::Kind::term:
    case Node::Kind::wildcard:
        for (uint32_t i = 0; i < words.size(); ++i) {
            Word& w = words[i];
            if (w.stem.empty() || (n.heading && (!w.heading || w.acronym))) continue;
            bool hit = n.kind == Node::Kind::term ? w.stem == n.stem : w.stem.starts_with(n.stem);
            if (!hit) continue;
            w.weight =
                std::max(w.weight, n.kind == Node::Kind::term ? n.weight : wildcard_weight(w));
            out.words.push_back(i);
        }
        out.match = !out.words.empty();
        return out;
    case Node::Kind::section:
        out.match = section_matches.size() > n.section && section_matches[n.section].contains(doc);
        return out;
    case Node::Kind::all:
        out.match = true;
        return out;
    case Node::Kind::none:
        return out;
    case Node::Kind::phrase:
    case Node::Kind::near: {
        std::vector<WordSet> lists;
        for (const auto& c : n.children) {
            WordSet positioned;
            for (uint32_t i : evaluate(c, words, doc).words)
                if (words[i].position) positioned.push_back(i);
            if (positioned.empty()) return out;
            lists.push_back(std::move(positioned));
        }
        windows(n, lists, words, out.words);
        out.match = !out.words.empty();
        return out;
    }
    default:
        break;
    }
    std::vector<Outcome> parts;
    for (const auto& c : n.children)
        parts.push_back(evaluate(c, words, doc));
    auto gather = [&](auto&& take) {
        for (const auto& p : parts)
            if (take(p)) out.words = merged(out.words, p.words);
    };
    switch (n.kind) {
    case Node::Kind::all_of:
        out.match = std::all_of(parts.begin(), parts.end(), [](auto& p) { return p.match; });
        gather([](const Outcome&) { return true; });
        break;
    case Node::Kind::any_of:
        out.match = std::any_of(parts.begin(), parts.end(), [](auto& p) { return p.match; });
        gather([&](const Outcome& p) { return p.match || !out.match; });
        break;
    case Node::Kind::and_not:
        out.match = parts[0].match &&
                    std::none_of(parts.begin() + 1, parts.end(), [](auto& p) { return p.match; });
        out.words = parts[0].words;
        break;
    case Node::Kind::and_maybe:
        out.match = parts[0].match;
        out.words = parts[0].words;
        for (size_t i = 1; i < parts.size(); ++i)
            if (parts[i].match) out.words = merged(out.words, parts[i].words);
        break;
    case Node::Kind::odd:
        out.match = std::count_if(parts.begin(), parts.end(), [](auto& p) { return p.match; }) % 2;
        gather([](const Outcome& p) { return p.match; });
        break;
    default:
        break;
    }
    return out;
}

// Every way of taking one word of each list within the node's window
// (PHRASE: in the lists' order), the words of all of them into `found`.
void PassageMatcher::State::windows(const Node& n, const std::vector<WordSet>& lists,
                                    std::vector<Word>& words, WordSet& found) const {
    bool ordered = n.kind == Node::Kind::phrase;
    std::vector<uint32_t> chosen(lists.size());
    std::unordered_set<uint32_t> in_match;
    size_t steps = 0;
    auto search = [&](auto&& self, size_t k, Xapian::termpos low, Xapian::termpos high) -> void {
        if (k == lists.size()) {
            in_match.insert(chosen.begin(), chosen.end());
            return;
        }
        for (uint32_t i : lists[k]) {
            if (++steps > kWindowSearchSteps) return;
            Xapian::termpos p = words[i].position;
            if (k > 0) {
                if (ordered && p <= words[chosen[k - 1]].position) continue;
                if (!ordered && std::any_of(chosen.begin(), chosen.begin() + k,
                                            [&](uint32_t c) { return words[c].position == p; }))
                    continue;
            }
            Xapian::termpos lo = k ? std::min(low, p) : p, hi = k ? std::max(high, p) : p;
            if (hi - lo + 1 > n.window) continue;
            chosen[k] = i;
            self(self, k + 1, lo, hi);
        }
    };
    search(search, 0, 0, 0);
    found.assign(in_match.begin(), in_match.end());
    std::sort(found.begin(), found.end());
}

PassageMatcher::PassageMatcher(const Xapian::Database& db, const Xapian::Query& query,
                               const Xapian::Stem& stem)
    : state_(std::make_unique<State>(db, stem)) {
    State& s = *state_;
    s.root = s.compile(query);
    s.collect_stem_starts(s.root);
    for (const auto& form : acronym_forms())
        if (s.wants(s.root, s.stem_of(form.acronym_word))) s.acronyms.push_back(&form);
    for (const auto* form : s.acronyms)
        s.stem_starts.push_back(form->words.front().substr(0, 2));
}

PassageMatcher::~PassageMatcher() = default;

bool PassageMatcher::has_words() const {
    return state_->has_words;
}

void PassageMatcher::learn_sections(const std::vector<Xapian::docid>& sections) {
    State& s = *state_;
    s.section_matches.assign(s.section_queries.size(), {});
    if (s.section_queries.empty() || sections.empty()) return;
    // The sections by their id terms, which work through remote shards too.
    const auto key_slot = value_slot(FieldId::section_key);
    std::vector<Xapian::Query> ids;
    for (Xapian::docid docid : sections)
        ids.emplace_back(term(FieldId::id, s.db.get_document(docid).get_value(key_slot)));
    Xapian::Query shown(Xapian::Query::OP_OR, ids.begin(), ids.end());
    for (size_t k = 0; k < s.section_queries.size(); ++k) {
        Xapian::Enquire enquire(s.db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, s.section_queries[k], shown));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(sections.size()));
        for (auto it = mset.begin(); it != mset.end(); ++it)
            s.section_matches[k].insert(*it);
    }
}

PassageMatch PassageMatcher::match(Xapian::docid section, std::string_view heading,
                                   std::string_view text) const {
    const State& s = *state_;
    PassageMatch out;
    std::vector<Word> words;
    words.reserve((heading.size() + text.size()) / 5);
    // A paragraph holding no word the query could match answers as an
    // empty one, without reading its words.
    if (!s.may_hold(heading) && !s.may_hold(text)) {
        out.whole = s.evaluate(s.root, words, section).match;
        return out;
    }
    s.read(heading, true, 1, words);
    size_t heading_words = words.size();
    s.read(text, false, static_cast<Xapian::termpos>(heading_words) + 1 + kTextGap, words);
    Outcome outcome = s.evaluate(s.root, words, section);
    out.whole = outcome.match;

    // Score the words that took part: each term's weight, saturating with
    // its count, over the paragraph's length.
    std::unordered_map<std::string, std::pair<double, int>> terms;
    std::vector<size_t> shown; // indices of the paragraph's own words matched
    for (uint32_t i : outcome.words) {
        const Word& w = words[i];
        auto& entry = terms[(w.heading ? "h" : "t") + w.stem];
        entry.first = std::max(entry.first, w.weight);
        ++entry.second;
        if (w.heading) continue;
        if (w.acronym)
            for (size_t k = w.covers_begin; k < w.covers_end; ++k)
                shown.push_back(k);
        else
            shown.push_back(i);
    }
    size_t length = 0;
    for (const auto& w : words)
        length += !w.acronym;
    double norm = kK1 * (1 - kB + kB * static_cast<double>(length) / kAverageWords);
    for (const auto& [key, entry] : terms) {
        auto [weight, count] = entry;
        out.score += weight * count * (kK1 + 1) / (count + norm);
    }
    std::sort(shown.begin(), shown.end());
    shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
    for (size_t i : shown)
        out.spans.emplace_back(words[i].begin, words[i].end);
    return out;
}

} // namespace cqc
