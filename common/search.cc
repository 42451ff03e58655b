#include "search.hh"

#include "framework.hh"
#include "schema.hh"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <unordered_map>

namespace cqc {
namespace {

const std::string kHighlightStart = "\x02";
const std::string kHighlightEnd = "\x03";
constexpr Xapian::termcount kSimilarTerms = 40;
constexpr Xapian::doccount kTermsSample = 500;

Xapian::valueno slot_of(FieldId id) {
    return static_cast<Xapian::valueno>(field(id).slot);
}

Xapian::Query type_filter(std::string_view type) {
    return Xapian::Query(term(FieldId::type, type));
}

Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& filter) {
    if (query.empty() || query.get_type() == Xapian::Query::LEAF_MATCH_ALL)
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0);
    return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

// Every term of the query, ORed: a relaxed query that still ranks passages
// when no single paragraph satisfies the whole query.
Xapian::Query any_term_of(const Xapian::Query& query) {
    std::vector<Xapian::Query> terms;
    for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
        terms.emplace_back(*t);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Words worth showing or feeding back: unprefixed, not numbers or stopwords.
class WordsOnly : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        if (term.size() < 3 || !std::islower(static_cast<unsigned char>(term[0]))) return false;
        static const char* const common[] = {
            "the",   "and",  "for",    "was",   "were",      "had",    "have",  "they",
            "their", "this", "that",   "with",  "from",      "there",  "which", "been",
            "also",  "told", "people", "local", "authority", "council"};
        for (auto c : common)
            if (term == c) return false;
        return true;
    }
};

Highlighted snippet_of(const Xapian::MSet& mset, const std::string& text, size_t bytes,
                       const Xapian::Stem& stem, bool whole) {
    unsigned flags =
        whole ? 0 : (Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE);
    return parse_marked_snippet(mset.snippet(text, whole ? text.size() * 2 + 16 : bytes, stem,
                                             flags, kHighlightStart, kHighlightEnd, "..."));
}

} // namespace

Sort parse_sort(const std::string& spec) {
    Sort sort;
    std::string key = spec;
    if (key.starts_with("-")) {
        sort.descending = true;
        key = key.substr(1);
    }
    if (key == "relevance" && !sort.descending)
        sort.key = SortKey::relevance;
    else if (key == "score")
        sort.key = SortKey::score;
    else if (key == "authority")
        sort.key = SortKey::authority;
    else if (key == "rating")
        sort.key = SortKey::rating;
    else
        throw QueryError("cannot sort by '" + spec +
                         "': use relevance, score, -score, authority, -authority, rating or "
                         "-rating");
    return sort;
}

Highlighted parse_marked_snippet(const std::string& marked) {
    Highlighted out;
    size_t open = std::string::npos;
    for (size_t i = 0; i < marked.size();) {
        if (marked.compare(i, kHighlightStart.size(), kHighlightStart) == 0) {
            open = out.text.size();
            i += kHighlightStart.size();
        } else if (marked.compare(i, kHighlightEnd.size(), kHighlightEnd) == 0) {
            if (open != std::string::npos) out.spans.emplace_back(open, out.text.size());
            open = std::string::npos;
            i += kHighlightEnd.size();
        } else if (marked[i] == '&') {
            static const std::pair<const char*, char> entities[] = {
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
            bool done = false;
            for (auto [entity, c] : entities) {
                size_t n = std::char_traits<char>::length(entity);
                if (marked.compare(i, n, entity) == 0) {
                    out.text.push_back(c);
                    i += n;
                    done = true;
                    break;
                }
            }
            if (!done) out.text.push_back(marked[i++]);
        } else {
            out.text.push_back(marked[i++]);
        }
    }
    return out;
}

Searcher::Searcher(const std::vector<std::filesystem::path>& dbs,
                   const std::vector<std::string>& remotes)
    : remotes_(remotes) {
    for (const auto& remote : remotes) {
        auto colon = remote.rfind(':');
        unsigned port = 0;
        try {
            if (colon != std::string::npos)
                port = static_cast<unsigned>(std::stoul(remote.substr(colon + 1)));
        } catch (const std::exception&) {
        }
        if (colon == std::string::npos || colon == 0 || port == 0 || port > 65535)
            throw DatabaseError("remote '" + remote + "' is not HOST:PORT");
        try {
            db_.add_database(Xapian::Remote::open(remote.substr(0, colon), port, 10000, 5000));
        } catch (const Xapian::NetworkError& e) {
            throw DatabaseError("cannot reach shard " + remote +
                                " (is xapian-tcpsrv running?): " + e.get_msg());
        }
    }
    for (const auto& path : dbs) {
        try {
            db_.add_database(Xapian::Database(path.string()));
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw DatabaseError("no index at " + path.string() +
                                "; build one with: cqc-index --db " + path.string() + " PATH...");
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw DatabaseError("cannot open index " + path.string() + ": " + e.get_msg());
        }
    }
}

// An indexer committing while we read can invalidate what we hold;
// reopening sees its new revision.
template <typename F> auto Searcher::retrying(F f) -> decltype(f()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) throw;
            db_.reopen();
        } catch (const Xapian::NetworkError& e) {
            std::string names;
            for (const auto& r : remotes_)
                names += (names.empty() ? "" : ", ") + r;
            throw DatabaseError("a remote shard stopped answering (" + names + "): " + e.get_msg());
        }
    }
}

SearchResults Searcher::search(const SearchRequest& request) {
    return retrying([&] { return run(request); });
}

ScoreGrid Searcher::score_grid(const std::string& query) {
    return retrying([&] { return run_grid(query); });
}

Xapian::Query Searcher::similar_query(const std::string& id, Xapian::Query& exclude) {
    std::string idterm = term(FieldId::id, id);
    auto post = db_.postlist_begin(idterm);
    if (post == db_.postlist_end(idterm))
        throw QueryError("no section with id '" + id + "' (ids are printed by --json)");
    StoredSection source = read_section_data(db_.get_document(*post).get_data());
    Xapian::RSet rset;
    rset.add_document(*post);
    Xapian::Enquire enquire(db_);
    WordsOnly words;
    Xapian::ESet eset = enquire.get_eset(kSimilarTerms, rset, &words);
    std::vector<Xapian::Query> terms;
    for (auto t = eset.begin(); t != eset.end(); ++t)
        terms.emplace_back(*t);
    // Other reports only: the point is to compare councils.
    exclude = Xapian::Query(term(FieldId::report, source.report));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

void Searcher::fill_passages(SearchResults& results, const Xapian::Query& user,
                             const QueryBuilder& builder, size_t snippet_bytes) {
    std::vector<Xapian::Query> key_terms;
    std::unordered_map<std::string, Hit*> by_key;
    for (auto& h : results.hits) {
        key_terms.emplace_back(term(FieldId::section_key, h.section.id));
        by_key[h.section.id] = &h;
    }
    auto fill = [&](const Xapian::Query& query) {
        Xapian::Enquire passages(db_);
        passages.set_query(query);
        passages.set_collapse_key(slot_of(FieldId::section_key));
        Xapian::MSet best = passages.get_mset(0, static_cast<Xapian::doccount>(by_key.size()));
        for (auto it = best.begin(); it != best.end(); ++it) {
            StoredSection p = read_section_data(it.get_document().get_data());
            auto found = by_key.find(p.id);
            if (found == by_key.end()) continue;
            Hit& hit = *found->second;
            hit.heading = p.heading;
            hit.line = p.line;
            hit.snippet = snippet_of(best, p.text, snippet_bytes, builder.stemmer(), false);
            by_key.erase(found);
        }
    };
    auto passages_of = [&](std::vector<Xapian::Query>& keys) {
        return Xapian::Query(Xapian::Query::OP_AND, type_filter(doctype::passage),
                             Xapian::Query(Xapian::Query::OP_OR, keys.begin(), keys.end()));
    };
    fill(filtered(user, passages_of(key_terms)));
    if (by_key.empty()) return;
    // Sections matched as a whole (terms spread over paragraphs, or only in
    // the title): take the paragraph with most of the query's terms.
    std::vector<Xapian::Query> missing;
    for (const auto& [k, _] : by_key)
        missing.emplace_back(term(FieldId::section_key, k));
    fill(Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, passages_of(missing), 0.0),
                       any_term_of(user)));
}

namespace {
double ms_since(std::chrono::steady_clock::time_point& mark) {
    auto now = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - mark).count();
    mark = now;
    return ms;
}
} // namespace

SearchResults Searcher::run(const SearchRequest& request) {
    auto mark = std::chrono::steady_clock::now();
    SearchResults results;
    results.query = request.query;
    results.passages = request.passages;
    QueryBuilder builder(db_);
    Xapian::Query user;
    Xapian::Query exclude;
    if (!request.similar_to.empty()) {
        user = similar_query(request.similar_to, exclude);
        if (!request.query.empty())
            user = Xapian::Query(Xapian::Query::OP_FILTER, user, builder.parse(request.query));
    } else {
        user = builder.parse(request.query, request.default_op);
        results.corrected = builder.corrected();
        if (request.autocorrect && !results.corrected.empty()) {
            user = builder.parse(results.corrected, request.default_op);
            results.autocorrected = true;
        }
    }

    results.timings.parse = ms_since(mark);
    Xapian::Enquire enquire(db_);
    Xapian::Query query =
        filtered(user, type_filter(request.passages ? doctype::passage : doctype::section));
    if (!exclude.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, exclude);
    enquire.set_query(query);

    if (request.sort.key != SortKey::relevance) {
        bool desc = request.sort.descending;
        // Missing values are "" in the plain slots (lowest: last when
        // descending) and "9" in the ascending ones (last when ascending).
        FieldId slot = FieldId::authority;
        if (request.sort.key == SortKey::score)
            slot = desc ? FieldId::score : FieldId::score_ascending;
        if (request.sort.key == SortKey::rating)
            slot = desc ? FieldId::rating_rank : FieldId::rating_ascending;
        enquire.set_sort_by_value_then_relevance(slot_of(slot), desc);
    }

    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    std::vector<const Field*> facet_fields;
    if (request.facets) {
        for (const auto& f : fields()) {
            if (!f.facet) continue;
            spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(f.slot));
            enquire.add_matchspy(spies.back().get());
            facet_fields.push_back(&f);
        }
    }
    // Ask for every match to be counted so totals and facets are exact.
    Xapian::MSet mset =
        enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                         static_cast<Xapian::doccount>(request.limit), db_.get_doccount());
    results.total = mset.get_matches_estimated();

    for (size_t i = 0; i < spies.size(); ++i) {
        std::vector<FacetValue> values;
        for (auto v = spies[i]->values_begin(); v != spies[i]->values_end(); ++v)
            values.push_back({*v, v.get_termfreq()});
        std::stable_sort(values.begin(), values.end(),
                         [](const auto& a, const auto& b) { return a.count > b.count; });
        results.facets.emplace_back(std::string(facet_fields[i]->name), std::move(values));
    }

    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = it.get_rank() + 1;
        hit.relevance = it.get_percent();
        hit.section = read_section_data(it.get_document().get_data());
        if (request.passages) {
            hit.heading = hit.section.heading;
            hit.line = hit.section.line;
            hit.snippet = snippet_of(mset, hit.section.text, 0, builder.stemmer(), true);
        }
        results.hits.push_back(std::move(hit));
    }

    results.timings.match = ms_since(mark);
    if (request.terms > 0 && results.total > 0) {
        // What sets the matches apart from the whole index.
        Xapian::Enquire sample(db_);
        sample.set_query(query);
        Xapian::MSet top = sample.get_mset(0, kTermsSample);
        Xapian::RSet rset;
        for (auto it = top.begin(); it != top.end(); ++it)
            rset.add_document(*it);
        WordsOnly words;
        Xapian::ESet eset =
            sample.get_eset(static_cast<Xapian::termcount>(request.terms), rset, &words);
        for (auto t = eset.begin(); t != eset.end(); ++t)
            results.terms.push_back({*t, t.get_weight()});
    }

    results.timings.terms = ms_since(mark);
    if (!request.passages && !results.hits.empty())
        fill_passages(results, user, builder, request.snippet_bytes);
    results.timings.passages = ms_since(mark);
    return results;
}

void Searcher::export_sections(const std::function<void(const StoredSection&)>& each) {
    retrying([&] {
        std::unordered_map<std::string, std::string> text;
        std::string passage = term(FieldId::type, doctype::passage);
        for (auto it = db_.postlist_begin(passage); it != db_.postlist_end(passage); ++it) {
            StoredSection p = read_section_data(db_.get_document(*it).get_data());
            std::string& t = text[p.id];
            if (!p.heading.empty() && t.find(p.heading + "\n") == std::string::npos)
                t += p.heading + "\n";
            t += p.text + "\n";
        }
        std::string section = term(FieldId::type, doctype::section);
        for (auto it = db_.postlist_begin(section); it != db_.postlist_end(section); ++it) {
            StoredSection s = read_section_data(db_.get_document(*it).get_data());
            s.text = text[s.id];
            each(s);
        }
        return 0;
    });
}

ScoreGrid Searcher::run_grid(const std::string& query) {
    ScoreGrid grid;
    grid.query = query;
    Xapian::Query reports = type_filter(doctype::report);
    if (!query.empty()) {
        QueryBuilder builder(db_);
        Xapian::Enquire enquire(db_);
        enquire.set_query(filtered(builder.parse(query), type_filter(doctype::section)));
        Xapian::ValueCountMatchSpy by_report(slot_of(FieldId::report));
        enquire.add_matchspy(&by_report);
        enquire.get_mset(0, 0, db_.get_doccount());
        std::vector<Xapian::Query> ids;
        for (auto v = by_report.values_begin(); v != by_report.values_end(); ++v)
            ids.emplace_back(term(FieldId::report, *v));
        if (ids.empty()) return grid;
        reports = Xapian::Query(Xapian::Query::OP_AND, reports,
                                Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(reports);
    enquire.set_sort_by_value(slot_of(FieldId::authority), false);
    Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        grid.rows.push_back({read_report_data(it.get_document().get_data())});
    return grid;
}

} // namespace cqc
