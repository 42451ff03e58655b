// The user's query language: Xapian's QueryParser with the field prefixes of
// schema.hh, framework-aware statement/theme/rating values, and the same text
// normalisation as the indexer.
#pragma once

#include <xapian.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace cqc {

// A query the user must fix; the message says what is wrong.
struct QueryError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr size_t kMaxQueryBytes = 4096;
constexpr Xapian::termcount kMaxWildcardExpansion = 500;

class QueryBuilder {
public:
    explicit QueryBuilder(const Xapian::Database& db);
    ~QueryBuilder();

    enum class DefaultOp { any, all };

    // Parse a user query; an empty string gives the match-all query.
    Xapian::Query parse(const std::string& text, DefaultOp op = DefaultOp::any);

    // After parse(): the spelling-corrected query string, or empty.
    std::string corrected() const;

    const Xapian::Stem& stemmer() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace cqc
