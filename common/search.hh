// Finding, separate from printing: a search returns this model, and the
// printers (printers.hh) turn it into terminal text, JSON or CSV.
#pragma once

#include "documents.hh"
#include "facets.hh"
#include "query.hh"

#include <xapian.h>

#include <xapian.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqc {

class PassageScorer;

// A text with the byte ranges that matched the query.
struct Highlighted {
    std::string text;
    std::vector<std::pair<size_t, size_t>> spans; // [begin, end) byte offsets
};

struct Hit {
    size_t rank = 0;
    int relevance = 0;     // percent, as Xapian computes it
    StoredSection section; // metadata of the section
    std::string heading;   // key-finding subheading of the best passage
    Highlighted snippet;
    int line = 0; // line of the best passage in `section.path`
};

// --sort: relevance (default), or a key with "-" for descending. Sections
// without the key (the summary has no score) sort last either way.
enum class SortKey { relevance, score, authority, rating };
struct Sort {
    SortKey key = SortKey::relevance;
    bool descending = false;
};
// Parse "relevance", "score", "-score", "authority", "rating"...; throws QueryError.
Sort parse_sort(const std::string& spec);

struct SearchRequest {
    std::string query;
    size_t limit = 10;
    size_t offset = 0;
    bool facets = false;
    bool passages = false;    // one result per paragraph instead of per section
    bool autocorrect = false; // run the spelling-corrected query
    Sort sort;
    std::string similar_to; // a section id: find sections like it instead
    size_t terms = 0;       // significant terms of the matches to list
    QueryBuilder::DefaultOp default_op = QueryBuilder::DefaultOp::any;
    size_t snippet_bytes = 300;
};

struct WeightedTerm {
    std::string term;
    double weight = 0;
};

struct SearchResults {
    std::string query;
    Xapian::doccount total = 0;
    bool total_exact = true; // false: --passages read only the best sections
    bool passages = false;
    std::vector<Hit> hits;
    FacetCounts facets;         // field name -> counts, in the order of the schema table
    std::string corrected;      // spelling suggestion, if any
    bool autocorrected = false; // the results are for `corrected`
    std::vector<WeightedTerm> terms;
    // Where the time went, in milliseconds (for --timings).
    struct Timings {
        double parse = 0, match = 0, passages = 0, terms = 0;
    } timings;
};

// One row of the score grid: a report's council, rating and nine scores.
struct GridRow {
    StoredReport report;
};

struct ScoreGrid {
    std::string query; // empty: every report
    std::vector<GridRow> rows;
};

class Searcher {
public:
    // Open local databases (a directory holding XAPIANDB, as written by
    // cqc-index --shards, opens all its shards) and remote ones served by
    // xapian-tcpsrv ("HOST:PORT"), and search them all as one.
    explicit Searcher(const std::vector<std::filesystem::path>& dbs,
                      const std::vector<std::string>& remotes = {});
    SearchResults search(const SearchRequest& request);
    // Reports (those with a matching section, when a query is given) with
    // their scores, ordered by council.
    ScoreGrid score_grid(const std::string& query);
    // Every section with its metadata and full text (headings and
    // paragraphs), in index order: for other tools and the relevance script.
    void export_sections(const std::function<void(const StoredSection&)>& each);

private:
    Xapian::Database db_;
    std::vector<std::string> remotes_;
    std::map<std::string, std::string> surface_words_; // stem term -> word
    std::string surface_word(const std::string& stem);
    template <typename F> auto retrying(F f) -> decltype(f());
    SearchResults run(const SearchRequest& request);
    ScoreGrid run_grid(const std::string& query);
    Xapian::Query similar_query(const std::string& id, Xapian::Query& exclude);
    void collect_passages(SearchResults& results, Xapian::Enquire& enquire,
                          const SearchRequest& request, const PassageScorer& scorer,
                          const Xapian::Stem& stem);
};

// Split a snippet marked with kHighlightStart/End into text and spans, and
// undo Xapian's HTML escaping.
Highlighted parse_marked_snippet(const std::string& marked);

// The database could not be opened: missing, unreadable or not a database.
struct DatabaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace cqc
