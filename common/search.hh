// Finding, separate from printing: a search returns this model, and the
// printers (printers.hh) turn it into terminal text, JSON or CSV.
#pragma once

#include "documents.hh"
#include "query.hh"

#include <xapian.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cqc {

// A text with the byte ranges that matched the query.
struct Highlighted {
    std::string text;
    std::vector<std::pair<size_t, size_t>> spans; // [begin, end) byte offsets
};

struct Hit {
    size_t rank = 0;
    int relevance = 0; // percent, as Xapian computes it
    double weight = 0;
    StoredSection section; // metadata of the section
    std::string heading;   // key-finding subheading of the best passage
    Highlighted snippet;
    int line = 0;          // line of the best passage in `section.path`
};

struct FacetValue {
    std::string value;
    Xapian::doccount count = 0;
};

struct SearchRequest {
    std::string query;
    size_t limit = 10;
    size_t offset = 0;
    bool facets = false;
    QueryBuilder::DefaultOp default_op = QueryBuilder::DefaultOp::any;
    size_t snippet_bytes = 300;
};

struct SearchResults {
    std::string query;
    Xapian::doccount total = 0;
    std::vector<Hit> hits;
    // field name -> counts, in the order of the schema table
    std::vector<std::pair<std::string, std::vector<FacetValue>>> facets;
    std::string corrected;
};

class Searcher {
public:
    // Open one or more databases and search them as one.
    explicit Searcher(const std::vector<std::filesystem::path>& dbs);
    SearchResults search(const SearchRequest& request);
    const Xapian::Database& database() const { return db_; }

private:
    Xapian::Database db_;
    void reopen();
    SearchResults run(const SearchRequest& request);
};

// Split a snippet marked with kHighlightStart/End into text and spans, and
// undo Xapian's HTML escaping.
Highlighted parse_marked_snippet(const std::string& marked);

// The database could not be opened: missing, unreadable or not a database.
struct DatabaseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace cqc
