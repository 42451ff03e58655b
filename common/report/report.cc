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

std::optional<int> Report::percent() const {
    std::vector<int> scores;
    for (const auto& st : statements())
        if (auto s = score_for(st)) scores.push_back(*s);
    return overall_percent(scores);
}

const Rating* Report::rating() const {
    if (stated_rating) return stated_rating;
    auto p = percent();
    return p ? rating_for_percent(*p) : nullptr;
}

} // namespace cqc
