#include "passages.hh"

#include "schema.hh"
#include "stemming.hh"
#include "text.hh"

#include <algorithm>
#include <cmath>

namespace cqc {
namespace {

constexpr double kK1 = 1.2;            // BM25 term-frequency saturation
constexpr double kB = 0.75;            // BM25 length normalisation
constexpr double kAverageWords = 60;   // a typical paragraph's length
constexpr size_t kStemCacheMax = 4096; // words; the vocabulary repeats a lot

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

// The field prefix of a term ("" for ordinary words), after the marker of a
// stem.
std::string_view prefix_of(std::string_view term) {
    if (!term.empty() && term[0] == kStemMarker) term.remove_prefix(1);
    size_t n = 0;
    while (n < term.size() && is_upper(term[n]))
        ++n;
    return term.substr(0, n);
}

// The pattern of a wildcard subquery: Xapian 1.4 exposes it only through
// the description, "Query(WILDCARD SYNONYM carer)".
void collect_wildcards(const Xapian::Query& query, std::vector<std::string>& out) {
    if (query.get_type() == Xapian::Query::OP_WILDCARD) {
        std::string d = query.get_description();
        auto end = d.rfind(')');
        auto begin = d.rfind(' ', end);
        if (end != std::string::npos && begin != std::string::npos && begin + 1 < end)
            out.push_back(d.substr(begin + 1, end - begin - 1));
        return;
    }
    for (size_t i = 0; i < query.get_num_subqueries(); ++i)
        collect_wildcards(query.get_subquery(i), out);
}

} // namespace

PassageScorer::PassageScorer(const Xapian::Database& db, const Xapian::Query& query,
                             const Xapian::Stem& stem)
    : db_(db), stem_(stem), heading_prefix_(field(FieldId::heading).term_prefix) {
    auto wanted = [&](std::string_view prefix) {
        return prefix.empty() || prefix == heading_prefix_;
    };
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        const std::string& term = *t;
        std::string_view prefix = prefix_of(term);
        if (term.empty() || !wanted(prefix)) continue;
        weights_[term] = idf(term);
        if (term[0] == kStemMarker) stem_starts_.push_back(term.substr(1 + prefix.size(), 2));
    }
    std::vector<std::string> patterns;
    collect_wildcards(query, patterns);
    for (const auto& p : patterns)
        if (wanted(prefix_of(p)) && p[0] == kStemMarker) {
            wildcards_.push_back(p);
            stem_starts_.push_back(p.substr(1 + prefix_of(p).size(), 2));
        }
}

double PassageScorer::idf(const std::string& term) const {
    double n = std::max<double>(1, db_.get_doccount());
    double tf = std::max<double>(1, db_.get_termfreq(term));
    return std::log(1 + n / tf);
}

const std::string& PassageScorer::stem(const std::string& word) const {
    auto cached = stems_.find(word);
    if (cached == stems_.end()) {
        if (stems_.size() > kStemCacheMax) stems_.clear();
        cached = stems_.emplace(word, stem_(word)).first;
    }
    return cached->second;
}

// The query term one word matches (with `prefix`: "" for paragraph text, the
// heading field's for a subheading), as itself, as its stem or as a
// completion of a wildcard, with its weight; null when none.
const std::pair<const std::string, double>* PassageScorer::match(const std::string& word,
                                                                 const std::string& prefix) const {
    key_.assign(prefix).append(word);
    if (auto it = weights_.find(key_); it != weights_.end()) return &*it;
    if (std::none_of(stem_starts_.begin(), stem_starts_.end(),
                     [&](const std::string& s) { return word.starts_with(s); }))
        return nullptr;
    key_.assign(1, kStemMarker).append(prefix).append(stem(word));
    if (auto it = weights_.find(key_); it != weights_.end()) return &*it;
    // Wildcards expand over stems: "Zcarer" covers "Zcarer", "Zcarers"...
    for (const auto& pattern : wildcards_) {
        if (!key_.starts_with(pattern) || prefix_of(pattern).size() != prefix.size()) continue;
        auto cached = wildcard_weights_.find(key_);
        if (cached == wildcard_weights_.end())
            cached = wildcard_weights_.emplace(key_, idf(key_)).first;
        return &*cached;
    }
    return nullptr;
}

size_t PassageScorer::scan(std::string_view text, const std::string& prefix, Found& found) const {
    std::string normalised = normalise_text(text);
    size_t words = 0;
    std::string word;
    for (size_t i = 0; i < normalised.size();) {
        if (!is_word_byte(static_cast<unsigned char>(normalised[i]))) {
            ++i;
            continue;
        }
        size_t end = word_end(normalised, i);
        word.assign(normalised, i, end - i);
        for (char& c : word)
            if (is_upper(c)) c = static_cast<char>(c - 'A' + 'a');
        i = end;
        ++words;
        if (const auto* term = match(word, prefix)) {
            auto& entry = found[&term->first];
            entry.first = term->second;
            ++entry.second;
        }
    }
    return words;
}

double PassageScorer::score(std::string_view heading, std::string_view text) const {
    if (!has_words()) return 0;
    Found found;
    size_t words = scan(text, "", found);
    if (!heading.empty()) {
        // A subheading counts as the paragraph's words too, as it is indexed.
        scan(heading, "", found);
        scan(heading, heading_prefix_, found);
    }
    double length = kK1 * (1 - kB + kB * static_cast<double>(words) / kAverageWords);
    double total = 0;
    for (const auto& [term, entry] : found) {
        auto [weight, count] = entry;
        total += weight * count * (kK1 + 1) / (count + length);
    }
    return total;
}

} // namespace cqc
