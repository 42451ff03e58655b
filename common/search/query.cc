#include "query.hh"

#include "acronym_forms.hh"
#include "dates.hh"

#include "framework.hh"
#include "meaning.hh"
#include "schema.hh"
#include "stemming.hh"
#include "text.hh"
#include "tokens.hh"

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <vector>

namespace cqc {
namespace {

// Framework-valued fields: the user may type an id or words of a name.
template <typename Lookup> class FrameworkFieldProcessor : public Xapian::FieldProcessor {
public:
    FrameworkFieldProcessor(FieldId id, Lookup lookup, std::string valid, std::string* error)
        : id_(id), lookup_(lookup), valid_(std::move(valid)), error_(error) {}

    Xapian::Query operator()(const std::string& value) override {
        // "safeguard*" reads as "safeguard": names match by word beginnings anyway.
        std::string words = value;
        while (!words.empty() && words.back() == '*')
            words.pop_back();
        auto found = lookup_(words);
        if (found.empty()) {
            // Throwing through Xapian's parser leaks its state, so the error
            // is recorded here and raised once parse_query() has returned.
            if (error_->empty())
                *error_ = "no " + std::string(field(id_).name) + " matches '" + value +
                          "'; use one of: " + valid_;
            return Xapian::Query::MatchNothing;
        }
        std::vector<Xapian::Query> terms;
        for (const auto* item : found)
            terms.emplace_back(term(id_, item->id));
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }

private:
    FieldId id_;
    Lookup lookup_;
    std::string valid_;
    std::string* error_;
};

// Other boolean fields (report:, id:): the value's term as the indexer
// wrote it, through term(), which hashes one too long for Xapian.
class TermFieldProcessor : public Xapian::FieldProcessor {
public:
    explicit TermFieldProcessor(FieldId id) : id_(id) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(term(id_, value));
    }

private:
    FieldId id_;
};

template <typename Items> std::string ids_of(Items items) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + std::string(item.id);
    return out;
}

template <typename Lookup>
Xapian::FieldProcessor* framework_processor(FieldId id, Lookup lookup, std::string valid,
                                            std::string* error) {
    return new FrameworkFieldProcessor<Lookup>(id, lookup, std::move(valid), error);
}

// published: a year, month or day ("2025", "2025-03", "2025-03-12") as
// the span of days it covers, through a range on the field's value slot
// (ISO dates compare as text). A value that is not a date is an error, not
// a silent no-match.
std::string date_error(const Field& f, const std::string& value) {
    std::string shown = value.size() > 40 ? value.substr(0, 40) + "..." : value;
    return "'" + shown + "' is not a date (" + std::string(f.name) +
           ": takes YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B with either end open, e.g. " +
           std::string(f.example) + ")";
}

Xapian::Query date_span_query(const Field& f, const std::string& begin, const std::string& end,
                              std::string* error) {
    auto first = parse_date_span(begin), last = parse_date_span(end);
    std::string bad = begin.empty() && end.empty() ? ".."
                      : !begin.empty() && !first   ? begin
                      : !end.empty() && !last      ? end
                                                   : "";
    if (!bad.empty()) {
        if (error->empty()) *error = date_error(f, bad);
        return Xapian::Query::MatchNothing;
    }
    auto slot = value_slot(f);
    if (!first) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, last->last);
    if (!last) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, first->first);
    if (first->first > last->last) {
        if (error->empty())
            *error = "the range " + std::string(f.name) + ":" + begin + ".." + end +
                     " ends before it starts";
        return Xapian::Query::MatchNothing;
    }
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, first->first, last->last);
}

class DateFieldProcessor : public Xapian::FieldProcessor {
public:
    DateFieldProcessor(const Field& f, std::string* error) : field_(f), error_(error) {}
    Xapian::Query operator()(const std::string& value) override {
        if (!parse_date_span(value)) {
            if (error_->empty()) *error_ = date_error(field_, value);
            return Xapian::Query::MatchNothing;
        }
        return date_span_query(field_, value, value, error_);
    }

private:
    const Field& field_;
    std::string* error_;
};

// Whether the byte at `pos` is inside double quotes.
bool quoted_at(std::string_view query, size_t pos) {
    return std::count(query.begin(), query.begin() + static_cast<std::ptrdiff_t>(pos), '"') % 2;
}

// "local government and social care ombudsman" typed as words would be
// an OR of common words; as (LGSCO OR "the phrase") it finds exactly the
// sections that name it, spelt out (the indexer adds the acronym's term
// there) or abbreviated. Quoted text is left alone; quotes, field prefixes
// and brackets break a run of words. Words and acronyms are the one
// tokeniser's (tokens.hh). Each form expanded is added to `found`.
std::string expand_acronym_phrases(const std::string& query,
                                   std::vector<const AcronymForm*>& found) {
    std::vector<Token> tokens = tokenise(query);
    std::string out;
    size_t copied = 0;
    for (size_t begin = 0, end; begin < tokens.size(); begin = end) {
        // A run of unquoted words with nothing between them that breaks it.
        end = begin + 1;
        if (quoted_at(query, tokens[begin].begin)) continue;
        while (end < tokens.size() &&
               query.find_first_of("\":()", tokens[end - 1].end) >= tokens[end].begin)
            ++end;
        std::vector<std::string_view> words;
        for (size_t i = begin; i < end; ++i)
            words.push_back(tokens[i].word);
        size_t free_from = 0; // the longest form at each place, none overlapping
        for (const auto& spelt : spelt_out_acronyms(words)) {
            if (spelt.first < free_from) continue;
            const Token& first = tokens[begin + spelt.first];
            const Token& last = tokens[begin + spelt.first + spelt.form->words.size() - 1];
            out += query.substr(copied, first.begin - copied);
            out += "(" + std::string(spelt.form->acronym) + " OR \"" + spelt.form->phrase + "\")";
            found.push_back(spelt.form);
            copied = last.end;
            free_from = spelt.first + spelt.form->words.size();
        }
    }
    return out + query.substr(copied);
}

// The hidden query prefix through which a run of words reaches what may
// stand for it (meaning.hh): "cqcmeaning:N" is MeaningExpander's N-th,
// "cqcmeaning:NwJ" the J-th word of a run of several.
const std::string kMeaningPrefix = "cqcmeaning";

class MeaningFieldProcessor : public Xapian::FieldProcessor {
public:
    explicit MeaningFieldProcessor(const MeaningExpander* meanings) : meanings_(meanings) {}
    Xapian::Query operator()(const std::string& value) override { return meanings_->query(value); }

private:
    const MeaningExpander* meanings_;
};

// Hidden query prefixes through which wildcards reach the stemmed terms.
const std::string kWildcardPrefix = "cqcwildcard";

// What "word*" must begin with among stems: the word cut back to what it
// shares with its own stem ("community" -> "communit", as its stem is
// "communiti"), lower case.
std::string wildcard_stem(const std::string& word, const Xapian::Stem& stemmer) {
    std::string lower = word;
    for (auto& ch : lower)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string stem = stemmer(lower);
    size_t common = 0;
    while (common < stem.size() && common < lower.size() && stem[common] == lower[common])
        ++common;
    return lower.substr(0, std::max<size_t>(common, 1));
}

// The index holds stems only (stemming.hh), but Xapian 1.4 expands "word*"
// against unstemmed terms. So "carers*" becomes "cqcwildcard:carer*",
// whose prefix is the stem marker: the pattern is cut back to what it
// shares with its own stem ("community" -> "communit", as its stem is
// "communiti"), so that it matches the stems of the words it begins.
// Whether the word `t` of `query` is a wildcard's stem ("carers" of
// "carers*"; a star inside quotes is no wildcard).
bool is_wildcard(const std::string& query, const Token& t) {
    return t.end < query.size() && query[t.end] == '*' && !quoted_at(query, t.begin);
}

// How many wildcards the query holds, its fields' ("heading:disch*") included.
size_t count_wildcards(const std::string& query) {
    auto tokens = tokenise(query);
    return static_cast<size_t>(std::count_if(
        tokens.begin(), tokens.end(), [&](const Token& t) { return is_wildcard(query, t); }));
}

std::string route_wildcards(const std::string& query, const Xapian::Stem& stemmer) {
    std::string out;
    size_t copied = 0;
    for (const Token& t : tokenise(query)) {
        if (!is_wildcard(query, t)) continue;
        // A field's own wildcard ("heading:disch*") is its processor's.
        if (t.begin > 0 && query[t.begin - 1] == ':') continue;
        out += query.substr(copied, t.begin - copied);
        out += kWildcardPrefix + ":" + wildcard_stem(t.word, stemmer);
        copied = t.end;
    }
    return out + query.substr(copied);
}

// ---- Councils: authority:

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The councils of the index, read from its report documents the first time
// an authority: filter needs them (locally and through xapian-tcpsrv alike).
class Councils {
public:
    explicit Councils(const Xapian::Database& db) : db_(db) {}

    struct Council {
        std::string name;                 // as printed, e.g. "London Borough of Harrow"
        std::string key;                  // folded name: "london borough of harrow"
        std::vector<std::string> words;   // of the key
        std::vector<std::string> reports; // ids of its reports
    };

    // authority:VALUE as a filter: the council whose slug, name or report id
    // it is, else the councils whose names hold every word of it ("harrow",
    // "borough of harrow"; "harr*" for words beginning so).
    Xapian::Query filter(const std::string& value, std::string* error) {
        std::string key = fold_key(value);
        bool wildcard = !value.empty() && value.back() == '*';
        std::vector<const Council*> found;
        for (const auto& c : all())
            if (c.key == key ||
                std::any_of(c.reports.begin(), c.reports.end(),
                            [&](const std::string& r) { return fold_key(r) == key; }))
                found.push_back(&c);
        if (found.empty()) {
            auto words = split_words(key);
            for (const auto& c : all()) {
                bool every = !words.empty();
                for (size_t i = 0; i < words.size() && every; ++i) {
                    bool last_wild = wildcard && i + 1 == words.size();
                    every = std::any_of(c.words.begin(), c.words.end(), [&](const std::string& w) {
                        return last_wild ? w.starts_with(words[i]) : w == words[i];
                    });
                }
                if (every) found.push_back(&c);
            }
        }
        if (found.empty()) {
            if (error->empty()) *error = no_council(value, key);
            return Xapian::Query::MatchNothing;
        }
        std::vector<Xapian::Query> reports;
        for (const auto* c : found)
            for (const auto& r : c->reports)
                reports.emplace_back(term(FieldId::report, r));
        return Xapian::Query(Xapian::Query::OP_OR, reports.begin(), reports.end());
    }

private:
    const Xapian::Database& db_;
    std::vector<Council> councils_;
    bool loaded_ = false;

    const std::vector<Council>& all() {
        if (loaded_) return councils_;
        loaded_ = true;
        Xapian::Enquire enquire(db_);
        enquire.set_query(Xapian::Query(term(FieldId::type, doctype::report)));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::MSet reports = enquire.get_mset(0, db_.get_doccount());
        const auto name_slot = value_slot(FieldId::authority);
        const auto report_slot = value_slot(FieldId::report);
        for (auto it = reports.begin(); it != reports.end(); ++it) {
            Xapian::Document doc = it.get_document();
            std::string report = doc.get_value(report_slot);
            std::string name = doc.get_value(name_slot);
            if (name.empty()) name = report;
            std::string key = fold_key(normalise_text(name));
            auto same = std::find_if(councils_.begin(), councils_.end(),
                                     [&](const Council& c) { return c.key == key; });
            if (same == councils_.end()) {
                councils_.push_back({name, key, split_words(key), {}});
                same = councils_.end() - 1;
            }
            same->reports.push_back(report);
        }
        std::sort(councils_.begin(), councils_.end(),
                  [](const Council& a, const Council& b) { return a.key < b.key; });
        return councils_;
    }

    // "no council named 'westmore'; did you mean Westmoor Borough Council?",
    // the closest by edit distance of the whole name or (for one word) of
    // one word of it; far-off values get a few of the names instead.
    std::string no_council(const std::string& value, const std::string& key) {
        std::string shown = value.size() > 60 ? value.substr(0, 60) + "..." : value;
        std::string message = "no council named '" + shown + "'";
        if (all().empty()) return message + " (the index holds no reports)";
        if (key.size() > 200) return message; // no name is that long: nothing to suggest
        const Council* best = nullptr;
        size_t best_distance = std::string::npos;
        bool one_word = key.find(' ') == std::string::npos;
        for (const auto& c : all()) {
            size_t d = edit_distance(key, c.key);
            if (one_word)
                for (const auto& w : c.words)
                    if (w.size() >= 3) d = std::min(d, edit_distance(key, w));
            if (d < best_distance) best = &c, best_distance = d;
        }
        size_t allowed = std::max<size_t>(2, key.size() / 3);
        if (best && best_distance <= allowed)
            return message + "; did you mean " + terminal_safe(best->name) + "?";
        std::string some;
        for (size_t i = 0; i < all().size() && i < 3; ++i)
            some += (some.empty() ? "" : ", ") + terminal_safe(all()[i].name);
        return message + "; the index has " + std::to_string(all().size()) + " council" +
               (all().size() == 1 ? "" : "s") + ", e.g. " + some;
    }
};

class CouncilFieldProcessor : public Xapian::FieldProcessor {
public:
    CouncilFieldProcessor(Councils* councils, std::string* error)
        : councils_(councils), error_(error) {}
    Xapian::Query operator()(const std::string& value) override {
        return councils_->filter(value, error_);
    }

private:
    Councils* councils_;
    std::string* error_;
};

// ---- Free-text fields as filters: heading:, section:

// A word, a phrase (the value of heading:"hospital discharge" comes without
// its quotes, so several words are a phrase) or word* over the field's
// stemmed terms.
class WordsFieldProcessor : public Xapian::FieldProcessor {
public:
    WordsFieldProcessor(const Field& f, const Xapian::Stem& stem,
                        const Xapian::termcount* wildcard_share, std::string* error)
        : field_(f), stem_(stem), wildcard_share_(wildcard_share), error_(error) {
        parser_.set_stemmer(stem);
        parser_.set_stemming_strategy(kQueryStemming);
    }
    Xapian::Query operator()(const std::string& value) override {
        std::string prefix(field_.term_prefix);
        std::string_view before_star(value);
        if (!before_star.empty() && before_star.back() == '*') before_star.remove_suffix(1);
        auto tokens = tokenise(before_star);
        bool one_word =
            tokens.size() == 1 && tokens[0].begin == 0 && tokens[0].end == before_star.size();
        if (one_word && value.size() > 1 && value.back() == '*')
            return Xapian::Query(Xapian::Query::OP_WILDCARD,
                                 kStemMarker + prefix +
                                     wildcard_stem(value.substr(0, value.size() - 1), stem_),
                                 *wildcard_share_, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        Xapian::Query q;
        try {
            q = parser_.parse_query("\"" + value + "\"", Xapian::QueryParser::FLAG_PHRASE, prefix);
        } catch (const Xapian::QueryParserError&) {
        }
        if (q.empty() && error_->empty())
            *error_ = std::string(field_.name) + ":" + value + " has no words to look for (e.g. " +
                      std::string(field_.example) + ")";
        return q.empty() ? Xapian::Query::MatchNothing : q;
    }

private:
    const Field& field_;
    Xapian::Stem stem_;
    const Xapian::termcount* wildcard_share_;
    Xapian::QueryParser parser_;
    std::string* error_;
};

// ---- score:

std::string score_error(const Field& f, const std::string& value) {
    std::string shown = value.size() > 40 ? value.substr(0, 40) + "..." : value;
    return "'" + shown + "' is not a score (" + std::string(f.name) + ": takes " +
           std::to_string(kMinScore) + " to " + std::to_string(kMaxScore) +
           ", or a range A..B or A-B with either end open, e.g. " + std::string(f.example) + ")";
}

std::optional<int> parse_score(const std::string& s) {
    if (s.size() != 1 || s[0] < '0' + kMinScore || s[0] > '0' + kMaxScore) return std::nullopt;
    return s[0] - '0';
}

// Scores begin..end (either may be empty: open) as OR of the score terms.
Xapian::Query score_range_query(const Field& f, const std::string& begin, const std::string& end,
                                std::string* error) {
    auto low = parse_score(begin), high = parse_score(end);
    std::string bad = begin.empty() && end.empty() ? ".."
                      : !begin.empty() && !low     ? begin
                      : !end.empty() && !high      ? end
                                                   : "";
    if (!bad.empty()) {
        if (error->empty()) *error = score_error(f, bad);
        return Xapian::Query::MatchNothing;
    }
    int from = low.value_or(kMinScore), to = high.value_or(kMaxScore);
    if (from > to) {
        if (error->empty())
            *error = "the range " + std::string(f.name) + ":" + begin + ".." + end +
                     " ends before it starts";
        return Xapian::Query::MatchNothing;
    }
    std::vector<Xapian::Query> scores;
    for (int s = from; s <= to; ++s)
        scores.emplace_back(term(f.id, std::to_string(s)));
    return Xapian::Query(Xapian::Query::OP_OR, scores.begin(), scores.end());
}

class ScoreFieldProcessor : public Xapian::FieldProcessor {
public:
    ScoreFieldProcessor(const Field& f, std::string* error) : field_(f), error_(error) {}
    Xapian::Query operator()(const std::string& value) override {
        // "1-2" is a range like "1..2" ("1..2" itself reaches ScoreRangeProcessor).
        auto dash = value.find('-');
        if (dash != std::string::npos)
            return score_range_query(field_, value.substr(0, dash), value.substr(dash + 1), error_);
        if (!parse_score(value)) {
            if (error_->empty()) *error_ = score_error(field_, value);
            return Xapian::Query::MatchNothing;
        }
        return Xapian::Query(term(field_.id, value));
    }

private:
    const Field& field_;
    std::string* error_;
};

// "name:A..B" for a range field, read by its kind's own function
// (score_range_query, date_span_query), answering only to its own prefix.
class FieldRangeProcessor : public Xapian::RangeProcessor {
public:
    using Reader = Xapian::Query (*)(const Field&, const std::string&, const std::string&,
                                     std::string*);
    FieldRangeProcessor(const Field& f, Reader read, std::string* error)
        : Xapian::RangeProcessor(value_slot(f), std::string(f.name) + ":"), field_(f), read_(read),
          error_(error) {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        return read_(field_, begin, end, error_);
    }

private:
    const Field& field_;
    Reader read_;
    std::string* error_;
};

// ---- Before Xapian reads the query

// Acronyms are never "corrected" (an index without "ICB" must not offer
// "to" for "OT"): a word of the framework's acronym table, in any case,
// and a short word written all in capitals ("MDT") mean what they say.
bool is_acronym(std::string_view written, std::string_view word) {
    for (const auto& form : acronym_forms())
        if (form.acronym_word == word) return true;
    constexpr size_t kLongestAcronym = 6;
    if (written.size() < 2 || written.size() > kLongestAcronym) return false;
    return std::all_of(written.begin(), written.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c));
    });
}

bool is_operator(std::string_view word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
           word == "ADJ";
}

// Where the bracket opened at `open` closes (quotes respected), or npos.
size_t closing_bracket(const std::string& text, size_t open) {
    int depth = 0;
    bool quoted = false;
    for (size_t i = open; i < text.size(); ++i) {
        if (text[i] == '"') quoted = !quoted;
        if (quoted) continue;
        if (text[i] == '(') ++depth;
        if (text[i] == ')' && --depth == 0) return i;
    }
    return std::string::npos;
}

// The values of "field:(a OR b)", each as written ("care provision" keeps
// its quotes); only OR (or nothing) may stand between them.
std::vector<std::string> group_values(const std::string& name, const std::string& inner) {
    std::vector<std::string> values;
    auto refuse = [&] {
        return QueryError(name + ":(...) takes values separated by OR, e.g. " + name +
                          ":(a OR b); got " + name + ":(" + inner + ")");
    };
    for (size_t i = 0; i < inner.size();) {
        if (std::isspace(static_cast<unsigned char>(inner[i]))) {
            ++i;
            continue;
        }
        size_t j = i;
        if (inner[i] == '"') {
            j = inner.find('"', i + 1);
            j = j == std::string::npos ? inner.size() : j + 1;
        } else {
            while (j < inner.size() && !std::isspace(static_cast<unsigned char>(inner[j])) &&
                   inner[j] != '"')
                ++j;
        }
        std::string value = inner.substr(i, j - i);
        i = j;
        if (value == "OR") continue;
        if (is_operator(value) || value.find_first_of("()") != std::string::npos ||
            value[0] == '-' || value[0] == '+')
            throw refuse();
        values.push_back(value);
    }
    if (values.empty()) throw refuse();
    return values;
}

// Field prefixes as Xapian will read them: "Statement:" and aliases
// ("council:") become the field's own name, "field:(a OR b)" becomes
// "field:a field:b" (values of one field are OR-ed), and an unknown prefix
// is refused with the list of fields. A prefix is a word at the start of a
// term, right before ':' and a value; "10:30" and "https://" are not.
std::string canonical_prefixes(const std::string& query) {
    std::string out;
    bool quoted = false;
    for (size_t i = 0; i < query.size();) {
        unsigned char c = static_cast<unsigned char>(query[i]);
        if (c == '"') quoted = !quoted;
        if (quoted || !std::isalpha(c)) {
            out.push_back(query[i++]);
            continue;
        }
        // A field name: ASCII letters, digits and hyphens (schema.hh).
        size_t j = i;
        while (j < query.size() &&
               (std::isalnum(static_cast<unsigned char>(query[j])) || query[j] == '-'))
            ++j;
        auto starts_term = [&](size_t at) {
            if (at == 0) return true;
            char before = query[at - 1];
            if (before == '+' || before == '-')
                return at == 1 || std::isspace(static_cast<unsigned char>(query[at - 2])) ||
                       query[at - 2] == '(';
            return std::isspace(static_cast<unsigned char>(before)) || before == '(';
        };
        bool prefix = j + 1 < query.size() && query[j] == ':' && starts_term(i) &&
                      !std::isspace(static_cast<unsigned char>(query[j + 1])) &&
                      query[j + 1] != ':' && query[j + 1] != '/';
        std::string word = query.substr(i, j - i);
        // "authority:" with nothing after it (a script's empty variable) is
        // no word "authority": it is a filter that lost its value.
        bool bare =
            j < query.size() && query[j] == ':' && starts_term(i) &&
            (j + 1 == query.size() || std::isspace(static_cast<unsigned char>(query[j + 1])) ||
             query[j + 1] == ')' || query.compare(j + 1, 2, "\"\"") == 0);
        if (bare) {
            if (const Field* f = find_field(word))
                throw QueryError(word + ": has no value (e.g. " + std::string(f->example) + ")");
        }
        if (!prefix) {
            out += word;
            i = j;
            continue;
        }
        const Field* f = find_field(word);
        if (!f) throw QueryError("unknown field '" + word + ":'; the fields are " + field_names());
        std::string name(f->name);
        if (query[j + 1] == '(') {
            size_t close = closing_bracket(query, j + 1);
            if (close == std::string::npos) throw QueryError(name + ":( has no closing bracket");
            std::string joined;
            for (const auto& v : group_values(name, query.substr(j + 2, close - j - 2)))
                joined += (joined.empty() ? "" : " ") + name + ":" + v;
            out += joined;
            i = close + 1;
        } else {
            out += name + ":";
            i = j + 1;
        }
    }
    return out;
}

// A query of negated terms alone ("-carers", "-carers -respite") would be
// read by Xapian as the terms themselves; it means every section except
// those, so it becomes "NOT (carers OR respite)". Queries with brackets or
// operators are left as written (there NOT already works that way).
std::string lone_negation(const std::string& query, const Xapian::Stopper& stopper) {
    std::vector<std::string> negated;
    bool positive = false;
    for (size_t i = 0; i < query.size();) {
        if (std::isspace(static_cast<unsigned char>(query[i]))) {
            ++i;
            continue;
        }
        size_t j = i;
        bool quoted = false;
        while (j < query.size() &&
               (quoted || !std::isspace(static_cast<unsigned char>(query[j])))) {
            if (query[j] == '"') quoted = !quoted;
            ++j;
        }
        std::string token = query.substr(i, j - i);
        i = j;
        if (token.find_first_of("()") != std::string::npos || is_operator(token) ||
            token.starts_with("NEAR/") || token.starts_with("ADJ/"))
            return query;
        if (token.size() > 1 && token[0] == '-') {
            negated.push_back(token.substr(1));
            continue;
        }
        std::string lower = token;
        for (auto& ch : lower)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (!stopper(lower)) positive = true;
    }
    if (positive || negated.empty()) return query;
    std::string out = "NOT (";
    for (size_t k = 0; k < negated.size(); ++k)
        out += (k ? " OR " : "") + negated[k];
    return out + ")";
}

// ---- Relaxing the all-words default

// The query inside the filters and exclusions Xapian wraps round the words
// (FILTER and AND_NOT keep it as their first subquery), rebuilt with `f`
// applied to it.
template <typename F> Xapian::Query rewrap(const Xapian::Query& q, F f) {
    auto op = q.get_type();
    if ((op == Xapian::Query::OP_FILTER || op == Xapian::Query::OP_AND_NOT) &&
        q.get_num_subqueries() >= 2) {
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < q.get_num_subqueries(); ++i)
            subs.push_back(q.get_subquery(i));
        subs[0] = rewrap(subs[0], f);
        return Xapian::Query(op, subs.begin(), subs.end());
    }
    return f(q);
}

// The subqueries of `q` joined by `op`, nested ones of the same `op`
// included; `q` alone when it is no such join.
std::vector<Xapian::Query> flattened(const Xapian::Query& q, Xapian::Query::op op) {
    if (q.get_type() != op) return {q};
    std::vector<Xapian::Query> out;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i)
        for (auto& sub : flattened(q.get_subquery(i), op))
            out.push_back(std::move(sub));
    return out;
}

constexpr size_t kMaxRelaxedSubsets = 64; // AND queries in one "holds k clauses" query

// n choose k, or anything above kMaxRelaxedSubsets as kMaxRelaxedSubsets + 1
// (C(n-k+i, i) grows with i, so it never needs to overflow).
size_t choose(size_t n, size_t k) {
    size_t r = 1;
    for (size_t i = 1; i <= k; ++i) {
        r = r * (n - k + i) / i;
        if (r > kMaxRelaxedSubsets) return kMaxRelaxedSubsets + 1;
    }
    return r;
}

// Sections holding at least k of the clauses: OR of the ANDs of every k of them.
Xapian::Query at_least(const std::vector<Xapian::Query>& clauses, size_t k) {
    std::vector<Xapian::Query> any;
    std::vector<size_t> pick(k);
    for (size_t i = 0; i < k; ++i)
        pick[i] = i;
    const size_t n = clauses.size();
    while (true) {
        std::vector<Xapian::Query> all;
        for (size_t i : pick)
            all.push_back(clauses[i]);
        any.emplace_back(Xapian::Query::OP_AND, all.begin(), all.end());
        size_t i = k;
        while (i > 0 && pick[i - 1] == n - k + i - 1)
            --i;
        if (i == 0) break;
        ++pick[i - 1];
        for (size_t j = i; j < k; ++j)
            pick[j] = pick[j - 1] + 1;
    }
    return Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
}

} // namespace

struct QueryBuilder::Impl {
    Xapian::QueryParser parser;
    Xapian::Stem stem = english_stemmer();
    Xapian::SimpleStopper stopper;
    std::string corrected;
    std::string field_error; // set by a field processor during parsing
    // What each wildcard of the query being parsed may expand to: the
    // query's wildcards share kMaxWildcardExpansion words.
    Xapian::termcount wildcard_share = kMaxWildcardExpansion;
    const Xapian::Database& db;
    Councils councils{db};
    MeaningExpander meanings;
    // A framework name typed in full matches its acronym too: the last
    // parse's names, so that a hit can say when the acronym stood in.
    std::vector<Meaning> acronym_meanings;
    bool exact = false;

    // Xapian 1.4's FLAG_SPELLING_CORRECTION also "corrects" words that are
    // in the index when a similar word is commoner (cafe -> cafes), so only
    // words the index lacks are corrected here; a word WordNet knows only
    // into a spelling of its own sense ("behavior": "behaviour"), for it is
    // the user's word, not a misspelling of the index's nearest ("memory
    // loss" is no "memory less"). Operators and field names are left alone.
    std::string correct_spelling(const std::string& query) const {
        std::string out;
        size_t copied = 0;
        size_t filter_end = 0; // a filter's value is its field's to check
        for (const Token& t : tokenise(query)) {
            if (t.begin < filter_end) continue;
            std::string_view written = std::string_view(query).substr(t.begin, t.end - t.begin);
            bool is_field = t.end < query.size() && query[t.end] == ':';
            if (is_field && t.end + 1 < query.size() &&
                !std::isspace(static_cast<unsigned char>(query[t.end + 1]))) {
                // The value runs to the next space outside quotes.
                bool quoted = false;
                size_t j = t.end + 1;
                for (; j < query.size() &&
                       (quoted || !std::isspace(static_cast<unsigned char>(query[j])));
                     ++j)
                    if (query[j] == '"') quoted = !quoted;
                filter_end = j;
            }
            bool wildcard = t.end < query.size() && query[t.end] == '*';
            if (!std::isalpha(static_cast<unsigned char>(written[0])) || is_field ||
                is_operator(written) || is_acronym(written, t.word) || wildcard ||
                db.term_exists(stem_term(stem, "", t.word)))
                continue;
            // A stopword is no correction: the search would drop it, so
            // "off" -> "of" would only ask the user to delete a word.
            std::string suggestion = db.get_spelling_suggestion(t.word);
            if (suggestion.empty() || stopper(suggestion)) continue;
            if (meanings.is_another_english_word(t.word, suggestion)) continue;
            out += query.substr(copied, t.begin - copied) + suggestion;
            copied = t.end;
        }
        return copied ? out + query.substr(copied) : std::string();
    }

    Impl(const Xapian::Database& db_, ThesaurusFiles thesauri)
        : stopper(stopwords().begin(), stopwords().end()), db(db_),
          meanings(db_, stem, stopper, std::move(thesauri)) {
        parser.set_database(db_);
        parser.set_stemmer(stem);
        parser.set_stemming_strategy(kQueryStemming);
        parser.add_prefix(kWildcardPrefix, std::string(1, kStemMarker));
        parser.add_prefix(kMeaningPrefix, (new MeaningFieldProcessor(&meanings))->release());
        parser.set_stopper(&stopper);
        parser.set_max_expansion(kMaxWildcardExpansion,
                                 Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        for (const auto& f : fields()) {
            std::string name(f.name);
            Xapian::FieldProcessor* processor = nullptr;
            switch (f.filter) {
            case FilterKind::none:
                continue;
            case FilterKind::exact: // terms made by term(): long values hashed
                parser.add_boolean_prefix(name, (new TermFieldProcessor(f.id))->release());
                continue;
            case FilterKind::framework:
                if (f.id == FieldId::statement)
                    processor = framework_processor(f.id, statements_matching, ids_of(statements()),
                                                    &field_error);
                else if (f.id == FieldId::theme)
                    processor =
                        framework_processor(f.id, themes_matching, ids_of(themes()), &field_error);
                else if (f.id == FieldId::rating)
                    processor = framework_processor(f.id, ratings_matching, ids_of(ratings()),
                                                    &field_error);
                break;
            case FilterKind::council:
                processor = new CouncilFieldProcessor(&councils, &field_error);
                break;
            case FilterKind::words:
                processor = new WordsFieldProcessor(f, stem, &wildcard_share, &field_error);
                break;
            case FilterKind::score:
                processor = new ScoreFieldProcessor(f, &field_error);
                // "score:1..2" reaches the range processor first.
                parser.add_rangeprocessor(
                    (new FieldRangeProcessor(f, score_range_query, &field_error))->release());
                break;
            case FilterKind::date:
                processor = new DateFieldProcessor(f, &field_error);
                parser.add_rangeprocessor(
                    (new FieldRangeProcessor(f, date_span_query, &field_error))->release());
                break;
            }
            if (!processor) throw std::logic_error("no query processor for field " + name);
            parser.add_boolean_prefix(name, processor->release());
        }
    }

    // The wildcards of one query share kMaxWildcardExpansion words, each
    // taking its commonest (so 1,365 "s*" cost what one does, not 1,365
    // times as much); more wildcards than that cannot each have a word.
    void share_wildcards(const std::string& normalised) {
        size_t n = count_wildcards(normalised);
        if (n > kMaxWildcardExpansion)
            throw QueryError("the query holds " + std::to_string(n) + " wildcards; the limit is " +
                             std::to_string(kMaxWildcardExpansion));
        wildcard_share =
            n ? static_cast<Xapian::termcount>(kMaxWildcardExpansion / n) : kMaxWildcardExpansion;
        parser.set_max_expansion(wildcard_share, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }

    // The text Xapian parses: prefixes made canonical, a lone negation made
    // explicit, words other words may stand for and spelt-out acronyms
    // expanded (not with --exact), wildcards routed to stems.
    std::string prepared(const std::string& normalised) {
        std::string text = lone_negation(canonical_prefixes(normalised), stopper);
        acronym_meanings.clear();
        if (exact) {
            meanings.rewrite("", kMeaningPrefix); // none
            return route_wildcards(text, stem);
        }
        std::vector<const AcronymForm*> names;
        std::string expanded =
            expand_acronym_phrases(meanings.rewrite(text, kMeaningPrefix), names);
        for (const AcronymForm* form : names) {
            Meaning m{.written = form->phrase, .words = form->words, .alternatives = {}};
            m.alternatives.push_back({.written = std::string(form->acronym),
                                      .words = {form->acronym_word},
                                      .weight = 1,
                                      .general = false});
            acronym_meanings.push_back(std::move(m));
        }
        return route_wildcards(expanded, stem);
    }
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, ThesaurusFiles thesauri)
    : impl_(std::make_unique<Impl>(db, std::move(thesauri))) {}
QueryBuilder::~QueryBuilder() = default;

const Xapian::Stem& QueryBuilder::stemmer() const {
    return impl_->stem;
}
std::string QueryBuilder::corrected() const {
    return impl_->corrected;
}
void QueryBuilder::set_exact(bool exact) {
    impl_->exact = exact;
}
std::vector<Meaning> QueryBuilder::meanings() const {
    std::vector<Meaning> all = impl_->meanings.meanings();
    all.insert(all.end(), impl_->acronym_meanings.begin(), impl_->acronym_meanings.end());
    return all;
}

Xapian::Query QueryBuilder::parse(const std::string& text, DefaultOp op) {
    impl_->corrected.clear();
    if (text.size() > kMaxQueryBytes)
        throw QueryError("query is " + std::to_string(text.size()) + " bytes; the limit is " +
                         std::to_string(kMaxQueryBytes));
    std::string normalised = normalise_text(decode_bytes(text).text);
    if (collapse_spaces(normalised).empty()) return Xapian::Query::MatchAll;
    impl_->parser.set_default_op(op == DefaultOp::all ? Xapian::Query::OP_AND
                                                      : Xapian::Query::OP_OR);
    unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                     Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;
    if (!impl_->exact) flags |= Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
    try {
        impl_->field_error.clear();
        impl_->share_wildcards(normalised);
        Xapian::Query q = impl_->parser.parse_query(impl_->prepared(normalised), flags);
        if (!impl_->field_error.empty()) throw QueryError(impl_->field_error);
        if (q.empty()) throw QueryError("query '" + text + "' has no words to search for");
        impl_->corrected = impl_->correct_spelling(normalised);
        return q;
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError("cannot parse query '" + text + "': " + e.get_msg());
    } catch (const Xapian::WildcardError& e) {
        throw QueryError("wildcard in '" + text + "' matches too many words (limit " +
                         std::to_string(kMaxWildcardExpansion) + "); make it longer");
    }
}

std::vector<Xapian::Query> QueryBuilder::relaxations(const std::string& text) {
    std::string corrected = impl_->corrected;
    Xapian::Query any = parse(text, DefaultOp::any);
    Xapian::Query all = parse(text, DefaultOp::all);
    impl_->corrected = corrected;
    // The clauses the default operator joins: the query read with "all" is
    // an AND of them, and read with "any" an OR (an explicit OR is no
    // default's). Xapian nests runs of them ("ot OR (wait OR list)"), so
    // both are flattened; read with "any", an explicit AND among them stays
    // an AND ("(a AND b) c"), and such a query is left as written.
    auto core_of = [](const Xapian::Query& q) {
        Xapian::Query core;
        rewrap(q, [&](const Xapian::Query& c) { return core = c; });
        return core;
    };
    std::vector<Xapian::Query> out;
    auto any_clauses = flattened(core_of(any), Xapian::Query::OP_OR);
    auto clauses = flattened(core_of(all), Xapian::Query::OP_AND);
    if (any_clauses.size() < 2 || clauses.size() < 2 ||
        std::any_of(any_clauses.begin(), any_clauses.end(),
                    [](const Xapian::Query& q) { return q.get_type() == Xapian::Query::OP_AND; }))
        return out;
    const size_t n = clauses.size();
    if (n < 2) return out;
    Xapian::Query every(Xapian::Query::OP_OR, clauses.begin(), clauses.end());
    Xapian::Query more(Xapian::Query::OP_AND, clauses.begin(), clauses.end()); // > k held
    for (size_t k = n - 1; k >= 1; --k) {
        bool last = k == 1 || choose(n, k) > kMaxRelaxedSubsets;
        Xapian::Query held = last ? every : at_least(clauses, k);
        // Weighted by every word; selected by holding exactly k (or, last, 1..k).
        Xapian::Query tier(Xapian::Query::OP_FILTER, every,
                           Xapian::Query(Xapian::Query::OP_AND_NOT, held, more));
        out.push_back(rewrap(any, [&](const Xapian::Query&) { return tier; }));
        if (last) break;
        more = held;
    }
    return out;
}

} // namespace cqc
