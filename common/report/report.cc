// What a report says of its own scores and rating (report.hh).
#include "report.hh"

namespace cqc {

std::optional<int> Report::score_for(const Statement& statement) const {
    for (const auto& r : score_table)
        if (r.statement == &statement) return r.score;
    for (const auto& s : sections)
        if (s.statement == &statement && s.score) return s.score;
    return std::nullopt;
}

size_t Report::scores_known() const {
    size_t known = 0;
    for (const auto& st : statements())
        if (score_for(st)) ++known;
    return known;
}

std::optional<int> Report::computed_percent() const {
    std::vector<int> scores;
    for (const auto& st : statements())
        if (auto s = score_for(st)) scores.push_back(*s);
    if (scores.size() != statements().size()) return std::nullopt;
    return overall_percent(scores);
}

std::optional<int> Report::percent() const {
    return stated_percent ? stated_percent : computed_percent();
}

const Rating* Report::rating() const {
    if (stated_rating) return stated_rating;
    auto p = percent();
    return p ? rating_for_percent(*p) : nullptr;
}

} // namespace cqc
