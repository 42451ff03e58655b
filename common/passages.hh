// Choosing paragraphs at query time. The index holds one document per
// section; its paragraphs are stored with it. Rather than index every
// paragraph a second time (which doubled the postings and made ten times as
// many documents), the searcher scores the paragraphs of the sections it
// shows against the query's words, with the words' rarity in the index.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cqc {

class PassageScorer {
public:
    // `query` as parsed by QueryBuilder (stemmed terms carry a "Z" prefix);
    // `db` gives each word's rarity.
    PassageScorer(const Xapian::Database& db, const Xapian::Query& query, const Xapian::Stem& stem);

    // How well a paragraph answers the query's words, BM25-like: 0 when it
    // holds none of them. Boolean structure (AND, NOT, phrases) is the
    // section query's business; this ranks paragraphs within what matched.
    double score(std::string_view heading, std::string_view text) const;

    // The query has words to look for (a pure filter such as
    // statement:equity has none).
    bool has_words() const { return !weights_.empty() || !wildcards_.empty(); }

private:
    const Xapian::Database& db_;
    Xapian::Stem stem_;
    std::string heading_prefix_;                      // heading:"..." terms match subheadings
    std::unordered_map<std::string, double> weights_; // indexed term -> idf
    std::vector<std::string> wildcards_;              // prefixes of word* terms
    // Stemming is the costly part: only words that could stem to a query
    // stem are stemmed (English stems keep a word's first two letters).
    std::vector<std::string> stem_starts_;
    mutable std::unordered_map<std::string, std::string> stems_;
    mutable std::unordered_map<std::string, double> wildcard_weights_;
    mutable std::string key_; // scratch: the term being looked up

    // query term -> its weight and how often a paragraph has it
    using Found = std::unordered_map<const std::string*, std::pair<double, int>>;
    double idf(const std::string& term) const;
    const std::string& stem(const std::string& word) const;
    const std::pair<const std::string, double>* match(const std::string& word,
                                                      const std::string& prefix) const;
    size_t scan(std::string_view text, const std::string& prefix, Found& found) const;
};

} // namespace cqc
