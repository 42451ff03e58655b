// Finding, separate from printing: a search returns the result model
// (results.hh), and the printers (printers.hh) turn it into terminal text,
// JSON or CSV.
#pragma once

#include "facets.hh"
#include "query.hh"
#include "results.hh"
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
struct ShownHits; // search.cc

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
// Parse --group-by "authority" (results.hh GroupBy); throws QueryError.
GroupBy parse_group_by(const std::string& spec);

// The most results a request may skip or ask for (--offset, --limit): far
// more sections than any index holds, and within Xapian's 32-bit counts.
constexpr size_t kMaxResults = 1'000'000;
// The most significant terms a request may ask for (--terms).
constexpr size_t kMaxTerms = 1000;

// How a query's words are matched, in every mode: every word (the default)
// or any (--any), and whether other words may stand in for them (not with
// --exact: no thesaurus, WordNet or acronym expansion).
struct WordMatching {
    QueryBuilder::DefaultOp op = QueryBuilder::DefaultOp::all;
    bool exact = false;
};

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
    WordMatching words;
    // With every word (words.op) and `relax`, when fewer sections than asked
    // for hold every word, those holding most of them follow, marked partial
    // (--all turns it off).
    bool relax = true;
    size_t snippet_bytes = 300;
};

// What the score grid shows: reports with a section (or a score) matching
// the query, sorted and paged.
struct GridRequest {
    std::string query;
    WordMatching words;
    bool latest = false;
    GridSort sort;
    size_t offset = 0;
    std::optional<size_t> limit; // none: every report
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
                         const std::string& query = "", WordMatching words = {});
    // For each council with more than one report, each pair of consecutive
    // editions (with a query: pairs where either edition has a matching
    // section; with `latest`: only the pair ending at the newest edition).
    Changes changes(const std::string& query, bool latest = false, WordMatching words = {});

    // Ids of the reports superseded by a newer report of the same council:
    // a dated report is superseded by a later-dated one, an undated report
    // by any dated one (several undated reports of one council all stay).
    // Computed from the report documents, across every database searched.
    std::set<std::string> superseded();

    // What the reader of any answer must be told about the databases
    // themselves, one line each (stderr): today, reports that a --remote
    // database holds together with another database. Copies among local
    // databases count once; across a remote one they cannot be told apart
    // (xapian-tcpsrv runs the query without our copy filter), so every
    // answer would count them once per database, and says so instead of
    // doing it quietly.
    std::vector<std::string> notices();

    // Move to the databases' latest revision (Xapian's reopen()), so that a
    // report indexed since they were opened is found; true when they had
    // changed. A long-running reader (cqc-search --serve) calls it per request.
    bool reopen();

    // The user's own thesauri (--thesaurus FILE), for every query from now
    // on: their lines stand in before the built-in thesaurus's.
    void use_thesauri(ThesaurusFiles thesauri) { thesauri_ = std::move(thesauri); }

private:
    Xapian::Database db_;
    ThesaurusFiles thesauri_;
    std::vector<std::string> remotes_;
    // One report is one report: when several local databases (several
    // --db, a sharded one's shards) hold the same report id, only the first
    // of them that holds it is searched. `parts_`: the databases of `db_`,
    // in its order; `copies_` is worked out on first use.
    std::vector<Xapian::Database> parts_;
    std::vector<std::string> part_names_; // the --db each of parts_ came from
    // Each --remote database by itself, in the order given (they come
    // first in `db_`), with its HOST:PORT.
    std::vector<Xapian::Database> remote_parts_;
    struct Copies;
    std::shared_ptr<const Copies> copies_;
    const Copies& copies();
    void find_remote_copies(Copies& out);
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
                        const SearchRequest& request, ShownHits& shown);
    void add_partial_matches(SearchResults& results, const SearchRequest& request,
                             QueryBuilder& builder, const Xapian::Query& user, const Scope& scope,
                             ShownHits& shown);
    std::vector<WeightedTerm> significant_terms(const Xapian::Query& query, size_t count);
    ScoreGrid run_grid(const GridRequest& request);
    Changes run_changes(const std::string& query, bool latest, WordMatching words);
    std::vector<Edition> editions();
    Xapian::Query superseded_query();
    std::set<std::string> matching_reports(const std::string& query, WordMatching words);
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
