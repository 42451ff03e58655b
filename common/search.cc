#include "search.hh"

#include "framework.hh"
#include "schema.hh"

#include <algorithm>
#include <unordered_map>

namespace cqc {
namespace {

const std::string kHighlightStart = "\x02";
const std::string kHighlightEnd = "\x03";

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

std::string facet_value(FieldId id, const std::string& raw) {
    (void)id;
    return raw;
}

} // namespace

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

Searcher::Searcher(const std::vector<std::filesystem::path>& dbs) {
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

void Searcher::reopen() { db_.reopen(); }

SearchResults Searcher::search(const SearchRequest& request) {
    // An indexer committing while we read can invalidate what we hold;
    // reopening sees its new revision.
    for (int attempt = 0;; ++attempt) {
        try {
            return run(request);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) throw;
            reopen();
        }
    }
}

SearchResults Searcher::run(const SearchRequest& request) {
    SearchResults results;
    results.query = request.query;
    QueryBuilder builder(db_);
    Xapian::Query user = builder.parse(request.query, request.default_op);
    results.corrected = builder.corrected();

    Xapian::Enquire enquire(db_);
    enquire.set_query(filtered(user, type_filter(doctype::section)));

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
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                         static_cast<Xapian::doccount>(request.limit),
                                         db_.get_doccount());
    results.total = mset.get_matches_estimated();

    for (size_t i = 0; i < spies.size(); ++i) {
        std::vector<FacetValue> values;
        for (auto v = spies[i]->values_begin(); v != spies[i]->values_end(); ++v)
            values.push_back({facet_value(facet_fields[i]->id, *v), v.get_termfreq()});
        std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
            return a.count > b.count;
        });
        results.facets.emplace_back(std::string(facet_fields[i]->name), std::move(values));
    }

    std::vector<std::string> keys;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = it.get_rank() + 1;
        hit.relevance = it.get_percent();
        hit.weight = it.get_weight();
        hit.section = read_section_data(it.get_document().get_data());
        keys.push_back(hit.section.id);
        results.hits.push_back(std::move(hit));
    }
    if (keys.empty()) return results;

    // The best paragraph of each section found: its heading and snippet.
    std::vector<Xapian::Query> key_terms;
    for (const auto& k : keys) key_terms.emplace_back(term(FieldId::section_key, k));
    Xapian::Query sections_filter(Xapian::Query::OP_AND, type_filter(doctype::passage),
                                  Xapian::Query(Xapian::Query::OP_OR, key_terms.begin(),
                                                key_terms.end()));
    std::unordered_map<std::string, Hit*> by_key;
    for (auto& h : results.hits) by_key[h.section.id] = &h;

    auto fill = [&](const Xapian::Query& query) {
        Xapian::Enquire passages(db_);
        passages.set_query(query);
        passages.set_collapse_key(static_cast<Xapian::valueno>(field(FieldId::section_key).slot));
        Xapian::MSet best = passages.get_mset(0, static_cast<Xapian::doccount>(keys.size()));
        for (auto it = best.begin(); it != best.end(); ++it) {
            StoredSection p = read_section_data(it.get_document().get_data());
            auto found = by_key.find(p.id);
            if (found == by_key.end()) continue;
            Hit& hit = *found->second;
            hit.heading = p.heading;
            hit.line = p.line;
            hit.snippet = parse_marked_snippet(
                best.snippet(p.text, request.snippet_bytes, builder.stemmer(),
                             Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                 Xapian::MSet::SNIPPET_EXHAUSTIVE,
                             kHighlightStart, kHighlightEnd, "..."));
            by_key.erase(found);
        }
    };
    fill(filtered(user, sections_filter));
    if (!by_key.empty()) {
        // Sections matched as a whole (terms spread over paragraphs, or only
        // in the title): take the paragraph with most of the query's terms.
        std::vector<Xapian::Query> missing;
        for (const auto& [k, _] : by_key) missing.emplace_back(term(FieldId::section_key, k));
        Xapian::Query missing_filter(
            Xapian::Query::OP_AND, type_filter(doctype::passage),
            Xapian::Query(Xapian::Query::OP_OR, missing.begin(), missing.end()));
        fill(Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                           Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, missing_filter, 0.0),
                           any_term_of(user)));
    }
    return results;
}

} // namespace cqc
