// The user's query language: Xapian's QueryParser with the field prefixes of
// schema.hh, framework-aware statement/theme/rating values, and the same text
// normalisation as the indexer.
#pragma once

#include "meaning.hh"

#include <xapian.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cqc {

// A query the user must fix; the message says what is wrong.
struct QueryError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr size_t kMaxQueryBytes = 4096;
// The words all the wildcards of one query may expand to, together: each
// of n wildcards takes its commonest 500/n; a query of more than 500
// wildcards is refused.
constexpr Xapian::termcount kMaxWildcardExpansion = 500;

class QueryBuilder {
public:
    // `thesauri`: the user's own (--thesaurus), looked up before the built-in one.
    explicit QueryBuilder(const Xapian::Database& db, ThesaurusFiles thesauri = {});
    ~QueryBuilder();

    // How words not joined by an operator combine: every word (the
    // default), or any word (--any).
    enum class DefaultOp { any, all };

    // Parse a user query; an empty string gives the match-all query. Field
    // prefixes are filters (schema.hh FilterKind); a value that cannot mean
    // anything, an unknown field or a bad range throws QueryError. A query
    // of negated terms alone ("-carers") means every section except those.
    Xapian::Query parse(const std::string& text, DefaultOp op = DefaultOp::all);

    // Relaxing `text`'s all-words default: when its words (or phrases, or
    // bracketed groups) are n >= 2 clauses joined by the default operator,
    // the queries for sections holding exactly n-1 of them, then n-2, ...
    // down to one, each with the same filters and exclusions and weighted
    // by all the words. Empty when there is nothing to relax. For more than
    // a few clauses the last query takes every remaining count at once.
    std::vector<Xapian::Query> relaxations(const std::string& text);

    // With `exact`, words are matched as typed (stemmed): no thesaurus,
    // WordNet or acronym expansion (--exact).
    void set_exact(bool exact);
    // After parse(): the runs of the query's words that other words may
    // stand for (meaning.hh), and the framework names typed in full that
    // their acronyms stand for, for saying which did (matched_via).
    std::vector<Meaning> meanings() const;

    // After parse(): the spelling-corrected query string, or empty.
    std::string corrected() const;

    const Xapian::Stem& stemmer() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cqc
