#include "query.hh"

#include "dates.hh"

#include "framework.hh"
#include "schema.hh"
#include "stemming.hh"
#include "text.hh"

#include <algorithm>
#include <cctype>
#include <vector>

namespace cqc {
namespace {

// Framework-valued fields: the user may type an id or words of a name.
template <typename Lookup> class FrameworkFieldProcessor : public Xapian::FieldProcessor {
public:
    FrameworkFieldProcessor(FieldId id, Lookup lookup, std::string valid, std::string* error)
        : id_(id), lookup_(lookup), valid_(std::move(valid)), error_(error) {}

    Xapian::Query operator()(const std::string& value) override {
        auto found = lookup_(value);
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
    auto slot = static_cast<Xapian::valueno>(f.slot);
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

class DateRangeProcessor : public Xapian::RangeProcessor {
public:
    DateRangeProcessor(const Field& f, std::string* error)
        : Xapian::RangeProcessor(static_cast<Xapian::valueno>(f.slot), std::string(f.name) + ":"),
          field_(f), error_(error) {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        return date_span_query(field_, begin, end, error_);
    }

private:
    const Field& field_;
    std::string* error_;
};

const char* const kStopwords[] = {
    "a",    "about", "an",    "and",   "are",   "as",    "at",        "be", "by",  "did",
    "do",   "for",   "from",  "how",   "in",    "is",    "it",        "of", "on",  "or",
    "say",  "said",  "that",  "the",   "their", "there", "this",      "to", "was", "were",
    "what", "when",  "where", "which", "who",   "with",  "inspectors"};

// "local government and social care ombudsman" typed as words would be
// an OR of common words; as (LGSCO OR "the phrase") it finds exactly the
// sections that name it, spelt out (the indexer adds the acronym's term
// there) or abbreviated. Quoted text is left alone.
std::string expand_acronym_phrases(const std::string& query) {
    struct Expansion {
        std::vector<std::string> words; // folded: "local", "government", ...
        std::string replacement;        // (LGSCO OR "local government ...")
    };
    static const std::vector<Expansion> expansions = [] {
        std::vector<Expansion> out;
        for (const auto& a : acronyms())
            for (auto e : a.expansions) {
                std::string folded = fold_key(e);
                Expansion x;
                for (size_t i = 0, j; i < folded.size(); i = j + 1) {
                    j = folded.find(' ', i);
                    if (j == std::string::npos) j = folded.size();
                    x.words.push_back(folded.substr(i, j - i));
                }
                x.replacement = "(" + std::string(a.acronym) + " OR \"" + folded + "\")";
                out.push_back(std::move(x));
            }
        // Longest first, so "voluntary community and social enterprise" wins over shorter ones.
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.words.size() > b.words.size();
        });
        return out;
    }();

    // Words outside double quotes, with where they are.
    struct Word {
        size_t begin, end;
        std::string folded;
    };
    std::vector<Word> words;
    bool quoted = false;
    for (size_t i = 0; i < query.size();) {
        unsigned char c = static_cast<unsigned char>(query[i]);
        if (c == '"') {
            quoted = !quoted;
            words.push_back({i, i, ""}); // a quote breaks any sequence
            ++i;
        } else if (is_word_byte(c)) {
            size_t j = word_end(query, i);
            if (!quoted)
                words.push_back({i, j, fold_key(query.substr(i, j - i))});
            else
                words.push_back({i, i, ""});
            i = j;
        } else if (c == ':' || c == '(' || c == ')') {
            words.push_back({i, i, ""}); // field prefixes and groups break sequences too
            ++i;
        } else {
            ++i;
        }
    }
    std::string out;
    size_t copied = 0;
    for (size_t i = 0; i < words.size(); ++i) {
        for (const auto& x : expansions) {
            size_t n = x.words.size();
            if (i + n > words.size()) continue;
            bool match = true;
            for (size_t k = 0; k < n && match; ++k)
                match = words[i + k].folded == x.words[k];
            if (!match) continue;
            out += query.substr(copied, words[i].begin - copied) + x.replacement;
            copied = words[i + n - 1].end;
            i += n - 1;
            break;
        }
    }
    return out + query.substr(copied);
}

// Hidden query prefixes through which wildcards reach the stemmed terms.
const std::string kWildcardPrefix = "cqcwildcard";

// The index holds stems only (stemming.hh), but Xapian 1.4 expands "word*"
// against unstemmed terms. So "carers*" becomes "cqcwildcard:carer*",
// whose prefix is the stem marker: the pattern is cut back to what it
// shares with its own stem ("community" -> "communit", as its stem is
// "communiti"), so that it matches the stems of the words it begins.
std::string route_wildcards(const std::string& query, const Xapian::Stem& stemmer) {
    std::string out;
    bool quoted = false;
    size_t i = 0;
    while (i < query.size()) {
        unsigned char c = static_cast<unsigned char>(query[i]);
        if (c == '"') quoted = !quoted;
        if (quoted || !is_word_byte(c)) {
            out.push_back(query[i++]);
            continue;
        }
        size_t j = word_end(query, i);
        std::string word = query.substr(i, j - i);
        bool field_name = j < query.size() && query[j] == ':';
        bool wildcard = j < query.size() && query[j] == '*';
        if (!wildcard || field_name) {
            out += word;
            i = j;
            continue;
        }
        // A field's own wildcard ("heading:disch*") keeps its field.
        std::string field_prefix;
        if (out.size() && out.back() == ':') {
            size_t k = out.size() - 1;
            while (k > 0 && std::isalpha(static_cast<unsigned char>(out[k - 1])))
                --k;
            field_prefix = out.substr(k, out.size() - 1 - k);
            bool free_text = std::any_of(fields().begin(), fields().end(), [&](const Field& f) {
                return f.name == field_prefix && f.kind == FieldKind::free_text;
            });
            if (!free_text) { // a boolean field's processor sees the "*"
                out += word;
                i = j;
                continue;
            }
            out.erase(k);
        }
        std::string lower = word;
        for (auto& ch : lower)
            ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        std::string stem = stemmer(lower);
        size_t common = 0;
        while (common < stem.size() && common < lower.size() && stem[common] == lower[common])
            ++common;
        out += kWildcardPrefix + field_prefix + ":" + lower.substr(0, std::max<size_t>(common, 1));
        i = j;
    }
    return out;
}

} // namespace

struct QueryBuilder::Impl {
    Xapian::QueryParser parser;
    Xapian::Stem stem = english_stemmer();
    Xapian::SimpleStopper stopper;
    std::string corrected;
    std::string field_error; // set by a field processor during parsing
    const Xapian::Database& db;

    // Xapian 1.4's FLAG_SPELLING_CORRECTION also "corrects" words that are
    // in the index when a similar word is commoner (cafe -> cafes), so only
    // words the index lacks are corrected here. Operators and field names
    // are left alone.
    std::string correct_spelling(const std::string& query) const {
        std::string out;
        bool changed = false;
        size_t i = 0;
        while (i < query.size()) {
            unsigned char c = query[i];
            if (!std::isalpha(c)) {
                out.push_back(query[i++]);
                continue;
            }
            size_t j = word_end(query, i);
            std::string word = query.substr(i, j - i);
            bool is_field = j < query.size() && query[j] == ':';
            bool is_operator = word == "AND" || word == "OR" || word == "NOT" || word == "XOR" ||
                               word == "NEAR" || word == "ADJ";
            bool wildcard = j < query.size() && query[j] == '*';
            std::string lower = word;
            for (auto& ch : lower)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (!is_field && !is_operator && !wildcard &&
                !db.term_exists(stem_term(stem, "", lower))) {
                std::string suggestion = db.get_spelling_suggestion(lower);
                if (!suggestion.empty()) {
                    word = suggestion;
                    changed = true;
                }
            }
            out += word;
            i = j;
        }
        return changed ? out : std::string();
    }

    explicit Impl(const Xapian::Database& db_)
        : stopper(std::begin(kStopwords), std::end(kStopwords)), db(db_) {
        parser.set_database(db_);
        parser.set_stemmer(stem);
        parser.set_stemming_strategy(kQueryStemming);
        parser.add_prefix(kWildcardPrefix, std::string(1, kStemMarker));
        parser.set_stopper(&stopper);
        parser.set_max_expansion(kMaxWildcardExpansion,
                                 Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        for (const auto& f : fields()) {
            std::string name(f.name);
            std::string prefix(f.term_prefix);
            switch (f.id) {
            case FieldId::statement:
                parser.add_boolean_prefix(name,
                                          framework_processor(f.id, statements_matching,
                                                              ids_of(statements()), &field_error)
                                              ->release());
                break;
            case FieldId::theme:
                parser.add_boolean_prefix(
                    name, framework_processor(f.id, themes_matching, ids_of(themes()), &field_error)
                              ->release());
                break;
            case FieldId::rating:
                parser.add_boolean_prefix(name, framework_processor(f.id, ratings_matching,
                                                                    ids_of(ratings()), &field_error)
                                                    ->release());
                break;
            default:
                if (f.range == RangeKind::date) {
                    parser.add_boolean_prefix(name,
                                              (new DateFieldProcessor(f, &field_error))->release());
                } else if (f.kind == FieldKind::free_text) {
                    parser.add_prefix(name, prefix);
                    parser.add_prefix(kWildcardPrefix + name, kStemMarker + prefix);
                } else if (f.kind == FieldKind::boolean)
                    parser.add_boolean_prefix(name, (new TermFieldProcessor(f.id))->release());
                break;
            }
            // Each range field reads "A..B" its own way; the processor
            // answers only to its own "name:" prefix.
            switch (f.range) {
            case RangeKind::none:
                break;
            case RangeKind::score:
                parser.add_rangeprocessor(
                    (new Xapian::RangeProcessor(static_cast<Xapian::valueno>(f.slot), name + ":"))
                        ->release());
                break;
            case RangeKind::date:
                parser.add_rangeprocessor((new DateRangeProcessor(f, &field_error))->release());
                break;
            }
        }
    }
};

QueryBuilder::QueryBuilder(const Xapian::Database& db) : impl_(std::make_unique<Impl>(db)) {}
QueryBuilder::~QueryBuilder() = default;

const Xapian::Stem& QueryBuilder::stemmer() const {
    return impl_->stem;
}
std::string QueryBuilder::corrected() const {
    return impl_->corrected;
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
                     Xapian::QueryParser::FLAG_PURE_NOT |
                     Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
    try {
        impl_->field_error.clear();
        Xapian::Query q = impl_->parser.parse_query(
            route_wildcards(expand_acronym_phrases(normalised), impl_->stem), flags);
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

} // namespace cqc
