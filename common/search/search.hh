// Finding, separate from printing: a search returns this model, and the
// printers (printers.hh) turn it into terminal text, JSON or CSV.
#pragma once

#include "facets.hh"
#include "query.hh"
#include "schema.hh"
#include "stored.hh"

#include <xapian.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cqc {

class PassageMatcher;

// A text with the byte ranges that matched the query (JSON gives them in
// code points: printers.cc).
struct Highlighted {
    std::string text;                             // the report's own characters
    std::vector<std::pair<size_t, size_t>> spans; // [begin, end) byte offsets
};

struct Hit {
    size_t rank = 0;
    int relevance = 0;     // percent, as Xapian computes it
    StoredSection section; // metadata of the section
    std::string heading;   // key-finding subheading of the best passage
    Highlighted snippet;
    // The paragraph shown matches the whole query on its own; false when no
    // single paragraph does (an AND whose words are in different
    // paragraphs, words only in the title): the closest one is shown.
    bool passage_matches = true;
    int line = 0; // line of the best passage in `section.path`
    int page = 0; // or its page, in a PDF
    // Holds only some of the query's words: shown after the sections that
    // hold them all, when those are fewer than asked for (not in `total`).
    bool partial = false;
    // With --group-by: the matching sections of this hit's group (this one,
    // the best, included).
    Xapian::doccount group_sections = 0;
};

// --sort: relevance (default), or a key with "-" for descending. Sections
// without the key (the summary has no score) sort last either way.
enum class SortKey { relevance, score, authority, rating, published };
struct Sort {
    SortKey key = SortKey::relevance;
    bool descending = false;
};
// Parse "relevance", "score", "-score", "authority", "rating", "published"...;
// throws QueryError.
Sort parse_sort(const std::string& spec);

// --sort for the score grid: by council (default, then each council's
// editions oldest first), "percent", "rating", "published", or a statement
// id ("safeguarding": by that score); "-" for descending. Reports without
// the key sort last either way.
struct GridSort {
    enum class Key { authority, percent, rating, published, statement } key = Key::authority;
    std::string statement; // statement id, for Key::statement
    bool descending = false;
};
// Throws QueryError naming the keys it takes.
GridSort parse_grid_sort(const std::string& spec);
// --group-by authority: one result per council's report (its best section;
// a council's editions are separate results, never mixed) instead of one
// per section.
enum class GroupBy { none, authority };
// Parse "authority"; throws QueryError.
GroupBy parse_group_by(const std::string& spec);

// The most results a request may skip or ask for (--offset, --limit): far
// more sections than any index holds, and within Xapian's 32-bit counts.
constexpr size_t kMaxResults = 1'000'000;
// The most significant terms a request may ask for (--terms).
constexpr size_t kMaxTerms = 1000;

struct SearchRequest {
    std::string query;
    size_t limit = 10;
    size_t offset = 0;
    bool facets = false;
    bool passages = false;    // one result per paragraph instead of per section
    bool autocorrect = false; // run the spelling-corrected query
    bool latest = false;      // only each council's newest report (see Searcher::superseded)
    Sort sort;
    GroupBy group_by = GroupBy::none;
    std::string similar_to; // a section id: find sections like it instead
    size_t terms = 0;       // significant terms of the matches to list
    // Every word by default (--any: any word); with `relax`, when fewer
    // sections than asked for hold every word, those holding most of them
    // follow, marked partial (--all turns it off).
    QueryBuilder::DefaultOp default_op = QueryBuilder::DefaultOp::all;
    bool relax = true;
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
    // Whether relevance means something: false when nothing in the query
    // weighs (filters only), where every match would read "100%".
    bool ranked = true;
    GroupBy group_by = GroupBy::none;
    Xapian::doccount sections = 0; // with group_by: matching sections in all groups
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
    size_t total = 0;  // reports matching, before --offset and --limit
    size_t offset = 0; // rows skipped before the first shown
    std::vector<GridRow> rows;
};

// What the score grid shows: reports with a section (or a score) matching
// the query, sorted and paged.
struct GridRequest {
    std::string query;
    QueryBuilder::DefaultOp default_op = QueryBuilder::DefaultOp::all;
    bool latest = false;
    GridSort sort;
    size_t offset = 0;
    std::optional<size_t> limit; // none: every report
};

// --changes: what changed between two consecutive editions of a council's
// report (by publication date).
struct ScoreChange {
    std::string statement; // statement id
    std::optional<int> from, to;
};
struct ParagraphChange {
    std::string section; // statement id, or "summary"
    size_t added = 0;    // paragraphs of `to` not in `from`
    size_t removed = 0;  // paragraphs of `from` not in `to`
};
struct EditionChange {
    std::string authority;
    StoredReport from, to;
    std::vector<ScoreChange> scores;         // statements whose score changed, framework order
    std::vector<ParagraphChange> paragraphs; // sections whose paragraphs changed
};
struct Changes {
    std::string query; // empty: every council
    std::vector<EditionChange> changes;
};

class Searcher {
public:
    // Open local databases (glass database directories; a sharded one, as
    // written by cqc-index --shards, opens all its shards; never a Xapian
    // stub: see open_for_reading) and remote ones served by xapian-tcpsrv
    // ("HOST:PORT"), and search them all as one.
    explicit Searcher(const std::vector<std::filesystem::path>& dbs,
                      const std::vector<std::string>& remotes = {});
    SearchResults search(const SearchRequest& request);
    // Reports with their scores: with a query, those with a section or a
    // score matching it. A filter such as statement:safeguarding score:2
    // sees every score the report gives, from a section or only from its
    // score table. With `latest`, only each council's newest report.
    ScoreGrid score_grid(const GridRequest& request);
    ScoreGrid score_grid(const std::string& query, bool latest = false);
    // Every section (matching `query`, when given) with its metadata and full
    // text (headings and paragraphs), in index order: for other tools and
    // the relevance script.
    void export_sections(const std::function<void(const StoredSection&)>& each, bool latest = false,
                         const std::string& query = "",
                         QueryBuilder::DefaultOp op = QueryBuilder::DefaultOp::all);
    // For each council with more than one report, each pair of consecutive
    // editions (with a query: pairs where either edition has a matching
    // section; with `latest`: only the pair ending at the newest edition).
    Changes changes(const std::string& query, bool latest = false,
                    QueryBuilder::DefaultOp op = QueryBuilder::DefaultOp::all);

    // Ids of the reports superseded by a newer report of the same council:
    // a dated report is superseded by a later-dated one, an undated report
    // by any dated one (several undated reports of one council all stay).
    // Computed from the report documents, across every database searched.
    std::set<std::string> superseded();

    // Move to the databases' latest revision (Xapian's reopen()), so that a
    // report indexed since they were opened is found; true when they had
    // changed. A long-running reader (cqc-search --serve) calls it per request.
    bool reopen();

private:
    Xapian::Database db_;
    std::vector<std::string> remotes_;
    // One report is one report: when several local databases (several
    // --db, a sharded one's shards) hold the same report id, only the first
    // of them that holds it is searched. `parts_`: the databases of `db_`,
    // in its order; `copies_` is worked out on first use.
    std::vector<Xapian::Database> parts_;
    struct Copies;
    std::shared_ptr<const Copies> copies_;
    const Copies& copies();
    // `q` without the documents of other databases' copies.
    Xapian::Query without_copies(const Xapian::Query& q);
    // Whether document `did` of `db_` (of report `report`) is such a copy.
    bool is_copy(Xapian::docid did, const std::string& report);
    std::map<std::string, std::string> surface_words_; // stem term -> word
    std::string surface_word(const std::string& stem);
    template <typename F> auto retrying(F f) -> decltype(f());
    struct Scope;
    // A search, in steps.
    SearchResults run(const SearchRequest& request);
    Xapian::Query user_query(const SearchRequest& request, QueryBuilder& builder,
                             SearchResults& results, Xapian::Query& exclude);
    void match_sections(SearchResults& results, Xapian::Enquire& enquire,
                        const SearchRequest& request, std::vector<Xapian::docid>& shown);
    void add_partial_matches(SearchResults& results, const SearchRequest& request,
                             QueryBuilder& builder, const Xapian::Query& user, const Scope& scope,
                             std::vector<Xapian::docid>& shown);
    std::vector<WeightedTerm> significant_terms(const Xapian::Query& query, size_t count);
    ScoreGrid run_grid(const GridRequest& request);
    Changes run_changes(const std::string& query, bool latest, QueryBuilder::DefaultOp op);
    std::vector<Edition> editions();
    Xapian::Query superseded_query();
    std::set<std::string> matching_reports(const std::string& query, QueryBuilder::DefaultOp op);
    Xapian::Query similar_query(const std::string& id, Xapian::Query& exclude);
    void collect_passages(SearchResults& results, Xapian::Enquire& enquire,
                          const SearchRequest& request, PassageMatcher& matcher);
};

// At most `max_bytes` of a paragraph around its matched words (byte spans),
// cut at spaces and marked "..." where cut, with the spans moved to match;
// the whole paragraph when it fits.
Highlighted snippet_window(std::string_view text,
                           const std::vector<std::pair<size_t, size_t>>& spans, size_t max_bytes);

// The database could not be opened: missing, unreadable or not a database.
struct DatabaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace cqc
